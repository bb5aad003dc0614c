"""End-to-end fixtures: the real server (``python -m server``) over stdio.

``client`` speaks as VS Code 1.65 does (UTF-16 positions, pushed
diagnostics); ``nvim`` as Neovim 0.11 (UTF-8 positions, pulled diagnostics),
with the capability sets pytest-lsp records from those editors. Tests write
their schemas under ``tmp_path`` and open them with :func:`open_schema`.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

USERS_AND_POSTS = """datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int
}
"""
"""A small PostgreSQL schema with a foreign key lacking an index (PAX001), camelCase
columns (PAC002), tables named like models (PAC001) and no timestamps (PAI004)."""

TIMEOUT = 30.0
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "server"])


async def _start(lsp_client: LanguageClient, spec: str) -> None:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    lsp_client.registrations = []  # type: ignore[attr-defined]
    record_publishes(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities(spec))
    )


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await _start(lsp_client, "visual-studio-code")
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def nvim(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await _start(lsp_client, "neovim@v0.11.0")
    yield
    await lsp_client.shutdown_session()


class Publishes:
    """Every ``publishDiagnostics`` the client received, in order, with a read
    position per URI: the client library keeps only one waiter per method, so
    a notification arriving between two waits would otherwise be lost."""

    def __init__(self) -> None:
        self.log: list[types.PublishDiagnosticsParams] = []
        self.read: dict[str, int] = {}
        self.arrived = asyncio.Event()

    def add(self, params: types.PublishDiagnosticsParams) -> None:
        self.log.append(params)
        self.arrived.set()

    async def next(self, uri: str, version: int | None) -> types.PublishDiagnosticsParams:
        while True:
            for index in range(self.read.get(uri, 0), len(self.log)):
                params = self.log[index]
                if params.uri == uri and (version is None or params.version == version):
                    self.read[uri] = index + 1
                    return params
            self.arrived.clear()
            await self.arrived.wait()


def record_publishes(lsp_client: LanguageClient, publishes: Publishes | None = None) -> None:
    """Keep every diagnostics notification (call before opening documents)."""
    publishes = publishes or Publishes()
    features = lsp_client.protocol.fm.features
    keep = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(params: types.PublishDiagnosticsParams) -> None:
        publishes.add(params)
        keep(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    lsp_client.publishes = publishes  # type: ignore[attr-defined]


def write(folder: Path, name: str, text: str) -> tuple[Path, str]:
    """Write a schema file; returns its path and URI."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, path.as_uri()


def open_schema(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "prisma", version, text))
    )


async def published(
    client: LanguageClient, uri: str, version: int | None = None
) -> list[types.Diagnostic]:
    """The next diagnostics of ``uri`` (at ``version``, when given) not read yet;
    fails after :data:`TIMEOUT` seconds instead of hanging. A client that pulls
    diagnostics (``nvim``) asks for them instead: the server pushes none then."""
    capabilities = client.capabilities
    text = capabilities.text_document if capabilities is not None else None
    if text is not None and text.diagnostic is not None:
        report = await asyncio.wait_for(
            client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
            ),
            TIMEOUT,
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return list(report.items)

    publishes: Publishes | None = getattr(client, "publishes", None)
    if publishes is None:  # a fixture that did not record: wait for the next one
        publishes = Publishes()
        record_publishes(client, publishes)
    params = await asyncio.wait_for(publishes.next(uri, version), TIMEOUT)
    return list(params.diagnostics)


def change(
    client: LanguageClient,
    uri: str,
    version: int,
    start: tuple[int, int],
    end: tuple[int, int],
    text: str,
) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [
                types.TextDocumentContentChangePartial(
                    types.Range(types.Position(*start), types.Position(*end)), text
                )
            ],
        )
    )


def brief(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int, str]]:
    """Code, range and message of each diagnostic, sorted, for exact comparisons."""
    out = []
    for d in diagnostics:
        r = d.range
        code = str(d.code)
        out.append((code, r.start.line, r.start.character, r.end.line, r.end.character, d.message))
    return sorted(out)


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` after LSP edits (UTF-16 positions, all against the original text)."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for column, char in enumerate(line):
            if units >= position.character:
                return before + column
            units += 2 if ord(char) > 0xFFFF else 1
        return before + len(line)

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def apply_workspace_edit(texts: dict[str, str], edit: types.WorkspaceEdit) -> dict[str, str]:
    """``texts`` (URI → text) after a ``WorkspaceEdit`` (``changes`` or ``documentChanges``)."""
    out = dict(texts)
    for uri, edits in (edit.changes or {}).items():
        out[uri] = apply_text_edits(out[uri], list(edits))
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        uri = change.text_document.uri
        plain = [e for e in change.edits if isinstance(e, types.TextEdit)]
        out[uri] = apply_text_edits(out[uri], plain)
    return out
