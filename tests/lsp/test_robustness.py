"""The server keeps going: garbage documents, unknown methods, cancelled requests,
positions out of range, and documents it was never told about."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound, JsonRpcRequestCancelled
from pytest_lsp import LanguageClient

from tests.lsp.conftest import change, open_schema, published, write

SCHEMA = """datasource db {
  provider = "postgresql"
}

model User {
  id Int @id @default(autoincrement())
}
"""


async def alive(client: LanguageClient, uri: str) -> None:
    """The server still answers requests about ``uri``."""
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            types.Range(types.Position(4, 7), types.Position(4, 7)),
            types.CodeActionContext(diagnostics=[]),
        )
    )
    assert result is not None and any("PAI004" in a.title for a in result)


async def test_binary_junk_is_reported_not_fatal(client: LanguageClient, tmp_path: Path) -> None:
    junk = "\x00\x01\x02\ufffd\x7f garbage {{{ }} ]] \x00 model\n" * 50
    _, uri = write(tmp_path / "junk", "junk.prisma", "")
    open_schema(client, uri, junk)
    diagnostics = await published(client, uri, 1)
    assert diagnostics and all(d.code == "PAE001" or d.code.startswith("PA") for d in diagnostics)
    assert diagnostics[0].range.start == types.Position(0, 0)
    _, good = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, good, SCHEMA)
    await published(client, good, 1)
    await alive(client, good)


async def test_half_typed_schema_keeps_findings_of_the_rest(
    client: LanguageClient, tmp_path: Path
) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    await published(client, uri, 1)
    change(client, uri, 2, (6, 1), (6, 1), "\n\nmodel Post {\n  id Int @id @def")
    diagnostics = await published(client, uri, 2)
    codes = {d.code for d in diagnostics}
    assert "PAE001" in codes  # the syntax error
    assert "PAI004" in codes  # `User` is still reviewed
    await alive(client, uri)


async def test_unknown_method(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("prismaArchitect/noSuchThing", {})
    await alive(client, uri)


async def test_cancelled_request(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    request = asyncio.ensure_future(
        client.protocol.send_request_async(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri),
                types.Range(types.Position(4, 7), types.Position(4, 7)),
                types.CodeActionContext(diagnostics=[]),
            ),
            msg_id="to-cancel",
        )
    )
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="to-cancel"))
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="never-sent"))
    with contextlib.suppress(JsonRpcRequestCancelled):
        await request  # answered, or refused as cancelled: either way, not fatal
    await alive(client, uri)


async def test_positions_out_of_range(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    await published(client, uri, 1)
    far = types.Range(types.Position(9999, 9999), types.Position(10000, 0))
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), far, types.CodeActionContext(diagnostics=[])
        )
    )
    assert list(result or []) == []
    change(client, uri, 2, (500, 3), (900, 0), "\n// appended")
    diagnostics = await published(client, uri, 2)
    assert {d.code for d in diagnostics} >= {"PAI004"}
    await alive(client, uri)


async def test_requests_about_unknown_documents(client: LanguageClient) -> None:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier("file:///nowhere/never-opened.prisma"),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[]),
        )
    )
    assert result is None
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri="file:///nowhere/x.prisma", version=2),
            [types.TextDocumentContentChangeWholeDocument("model A {}")],
        )
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier("file:///nowhere/y.prisma"))
    )
    answer = await client.text_document_code_action_async(  # still answering after them
        types.CodeActionParams(
            types.TextDocumentIdentifier("file:///nowhere/x.prisma"),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[]),
        )
    )
    assert answer is None


async def test_untitled_documents_are_checked_alone(client: LanguageClient) -> None:
    uri = "untitled:Untitled-1"
    open_schema(client, uri, SCHEMA)
    assert "PAI004" in {d.code for d in await published(client, uri, 1)}
    await alive(client, uri)
