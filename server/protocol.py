"""The LSP protocol, with two departures from pygls's defaults.

* Text synchronization goes to the server's own document store
  (:mod:`server.documents`), which records each change as an edit for the
  incremental parser; pygls's workspace copy is not kept.
* A message part given as :class:`RawJSON` (a large answer rendered ahead) is
  written as is instead of being converted object by object; published
  diagnostics arrive as bytes already (:meth:`ArchitectProtocol.message_bytes`,
  see :mod:`server.diagnostics`).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.io_ import StdoutWriter
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

    def message_bytes(self, method: str, params: list[bytes]) -> bytes:
        """A whole notification, header included, whose params are the concatenation
        of ``params`` (JSON already)."""
        return b"".join(self.message_pieces(method, params))

    def message_pieces(self, method: str, params: list[bytes]) -> tuple[bytes, bytes]:
        """A notification as its header and its body: the pieces are copied once,
        into the body, and the two are written one after the other
        (:meth:`write_message`) instead of being joined again."""
        head = b'{"jsonrpc":"2.0","method":' + json.dumps(method).encode("ascii") + b',"params":'
        body = b"".join([head, *params, b"}"])
        return self._header(len(body)), body

    def write_from_worker(self, message: tuple[bytes, bytes]) -> bool:
        """Write a message made by :meth:`message_pieces` from the analyzer's thread,
        when the transport allows it: False when it does not (then the caller hands
        it to the event loop).

        Over stdio the message goes straight out: no wait for the loop thread to
        be scheduled and take the interpreter lock, which on a busy machine took
        up to 20 ms, and the loop keeps reading requests while the pipe drains
        (the write releases the lock). The stdout writer writes each message
        whole under its lock (:class:`LockedWriter`), so it never interleaves
        with the loop's."""
        if not isinstance(self.writer, StdoutWriter):
            return False  # TCP and websockets write on the loop
        self.write_message(message, time.perf_counter())
        return True

    def write_message(self, message: tuple[bytes, bytes], queued: float | None = None) -> None:
        """Write a message made by :meth:`message_pieces` (``queued``: when the
        analyzer handed it over, for the debug log)."""
        started = time.perf_counter()
        writer = self.writer
        if isinstance(writer, LockedWriter):
            writer.write_all(message)
        else:
            self._write_bytes(b"".join(message))
        if queued is not None and log.isEnabledFor(logging.DEBUG):
            log.debug(
                "published %d bytes: %.1f ms waiting to be written, %.1f ms writing",
                sum(map(len, message)),
                (started - queued) * 1e3,
                (time.perf_counter() - started) * 1e3,
            )

    def _send_data(self, data: Any) -> None:
        result = getattr(data, "result", None)
        if isinstance(result, RawJSON) and getattr(data, "error", None) is None:
            self._write(
                '{"jsonrpc":"2.0","id":' + json.dumps(data.id) + ',"result":' + result + "}"
            )
            return
        super()._send_data(data)

    def _write(self, body: str) -> None:
        payload = body.encode("utf-8")
        self._write_bytes(self._header(len(payload)) + payload)

    def _header(self, length: int) -> bytes:
        return (
            f"Content-Length: {length}\r\n"
            f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        ).encode("ascii")

    def _write_bytes(self, data: bytes) -> None:
        if self.writer is None:
            log.error("no transport to send a message on")
            return
        written = self.writer.write(data)
        if inspect.isawaitable(written):
            self._pending_writes.add(task := asyncio.ensure_future(written))
            task.add_done_callback(self._pending_writes.discard)


class LockedWriter(StdoutWriter):
    """pygls's stdout writer, one message at a time from any thread: a message
    written in pieces (:meth:`write_all`) is not interleaved with another."""

    def __init__(self, stdout: BinaryIO) -> None:
        super().__init__(stdout)
        self._out = stdout
        self._lock = threading.Lock()

    def write(self, data: bytes) -> None:
        with self._lock:
            super().write(data)

    def write_all(self, pieces: Sequence[bytes]) -> None:
        with self._lock:
            for piece in pieces:
                self._out.write(piece)
            self._out.flush()
