"""The LSP protocol, with two departures from pygls's defaults.

* Text synchronization goes to the server's own document store
  (:mod:`server.documents`), which records each change as an edit for the
  incremental parser; pygls's workspace copy is not kept.
* A message part given as :class:`RawJSON` (diagnostics rendered ahead, see
  :mod:`server.diagnostics`) is written as is instead of being converted
  object by object.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from typing import Any

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger(__name__)


class RawJSON(str):
    """JSON text to embed verbatim in an outgoing message."""


class ArchitectProtocol(LanguageServerProtocol):
    _pending_writes: set[asyncio.Future[Any]] = set()  # noqa: RUF012 (kept until written)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None

    def notify_raw(self, method: str, params: str) -> None:
        """Send a notification whose params are JSON text already."""
        self._write('{"jsonrpc":"2.0","method":' + json.dumps(method) + ',"params":' + params + "}")

    def _send_data(self, data: Any) -> None:
        result = getattr(data, "result", None)
        if isinstance(result, RawJSON) and getattr(data, "error", None) is None:
            self._write(
                '{"jsonrpc":"2.0","id":' + json.dumps(data.id) + ',"result":' + result + "}"
            )
            return
        super()._send_data(data)

    def _write(self, body: str) -> None:
        if self.writer is None:
            log.error("no transport to send a message on")
            return
        payload = body.encode("utf-8")
        header = (
            f"Content-Length: {len(payload)}\r\n"
            f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        ).encode("ascii")
        written = self.writer.write(header + payload)
        if inspect.isawaitable(written):
            self._pending_writes.add(task := asyncio.ensure_future(written))
            task.add_done_callback(self._pending_writes.discard)
