"""Completion over the wire: items, replaced ranges in both position encodings, snippets.

`posts.prisma` comments a line with `/* 📝 */` before the cursor's text: its
columns differ in UTF-16 (VS Code, ``client``) and UTF-8 (Neovim, ``nvim``).
Emacs 29 (``emacs``) takes no snippets and no markdown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from server.features.completion import TRIGGER_CHARACTERS
from tests.lsp.conftest import SERVER, change, open_schema, published, write

USERS = """\
datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id
  email String @unique
  posts Post[]
}
"""

POSTS = """\
model Post {
  id       Int      @id
  authorId Int
  /* 📝 */ author Us
  at       DateTime
}
"""
LINE = 3
TYPED = POSTS.splitlines()[LINE].index("Us")
"""Code-point column of `Us`; one more in UTF-16 (the emoji is two units), three more in UTF-8."""


@pytest_lsp.fixture(config=SERVER)
async def emacs(lsp_client: LanguageClient) -> AsyncIterator[None]:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        pass

    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("emacs"))
    )
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def pos(line: int, character: int) -> types.Position:
    return types.Position(line, character)


async def open_posts(client: LanguageClient, tmp_path: Path, *, pushed: bool = True) -> str:
    """Write both files and open `posts.prisma` (Neovim pulls diagnostics: nothing to wait for)."""
    write(tmp_path, "users.prisma", USERS)
    _, posts = write(tmp_path, "posts.prisma", POSTS)
    open_schema(client, posts, POSTS)
    if pushed:
        await published(client, posts, 1)
    return posts


async def ask(client: LanguageClient, uri: str, position: types.Position) -> types.CompletionList:
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), position)
    )
    assert isinstance(result, types.CompletionList)
    return result


def edits(result: types.CompletionList) -> list[tuple[str, str, int, int, int]]:
    """Label, new text and replaced range (line, start, end) of each item."""
    out = []
    for item in result.items:
        edit = item.text_edit
        assert isinstance(edit, types.TextEdit)
        r = edit.range
        assert r.start.line == r.end.line
        out.append((item.label, edit.new_text, r.start.line, r.start.character, r.end.character))
    return out


async def test_trigger_characters_are_advertised(emacs: LanguageClient) -> None:
    capabilities: types.ServerCapabilities = emacs.server_capabilities  # type: ignore[attr-defined]
    provider = capabilities.completion_provider
    assert provider is not None
    assert list(provider.trigger_characters or ()) == TRIGGER_CHARACTERS
    assert TRIGGER_CHARACTERS == ["@", ".", '"', "(", "[", ",", " "]
    assert not provider.resolve_provider


async def test_field_type_from_another_file_utf16(client: LanguageClient, tmp_path: Path) -> None:
    posts = await open_posts(client, tmp_path)
    result = await ask(client, posts, pos(LINE, TYPED + 1 + 2))
    assert not result.is_incomplete
    start, end = TYPED + 1, TYPED + 1 + 2
    assert edits(result) == [
        ("Unsupported", 'Unsupported("$0")', LINE, start, end),
        ("User", "User", LINE, start, end),
    ]
    user = result.items[1]
    assert user.kind == types.CompletionItemKind.Class and user.detail == "model · users.prisma"
    assert result.items[0].insert_text_format == types.InsertTextFormat.Snippet
    assert result.items[0].documentation == types.MarkupContent(
        types.MarkupKind.Markdown,
        '**Unsupported("type")**: a column of a database type Prisma cannot read. Kept for '
        "migrations; absent from the client. Optional or with `@default(dbgenerated(...))`.",
    )


async def test_field_type_utf8(nvim: LanguageClient, tmp_path: Path) -> None:
    posts = await open_posts(nvim, tmp_path, pushed=False)
    result = await ask(nvim, posts, pos(LINE, TYPED + 3 + 2))
    assert [(label, s, e) for label, _, _, s, e in edits(result)] == [
        ("Unsupported", TYPED + 3, TYPED + 5),
        ("User", TYPED + 3, TYPED + 5),
    ]


async def test_attributes_after_an_edit(client: LanguageClient, tmp_path: Path) -> None:
    posts = await open_posts(client, tmp_path)
    column = len("  at       DateTime")
    change(client, posts, 2, (4, column), (4, column), " @")
    result = await ask(client, posts, pos(4, column + 2))
    assert [label for label, *_ in edits(result)] == [
        "@id",
        "@unique",
        "@default",
        "@map",
        "@updatedAt",
        "@ignore",
        "@db.Timestamp",
        "@db.Timestamptz",
        "@db.Date",
        "@db.Time",
        "@db.Timetz",
    ]
    assert edits(result)[4] == ("@updatedAt", "@updatedAt", 4, column + 1, column + 2)
    assert edits(result)[2] == ("@default", "@default($0)", 4, column + 1, column + 2)


async def test_relation_arguments_and_actions(client: LanguageClient, tmp_path: Path) -> None:
    posts = await open_posts(client, tmp_path)
    line = "  /* 📝 */ author User @relation(fields: [authorId], references: [id], onDelete: "
    units = len(line.encode("utf-16-le")) // 2
    change(client, posts, 2, (LINE, 0), (LINE, 10_000), line + ")")
    result = await ask(client, posts, pos(LINE, units))
    assert edits(result) == [
        (name, name, LINE, units, units)
        for name in ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")
    ]
    assert result.items[0].kind == types.CompletionItemKind.Enum
    assert result.items[0].detail == (
        "Deleting the referenced record deletes the records that point to it."
    )
    # The list of references: the fields of User, its id preselected.
    inside = units - len("id], onDelete: ")
    result = await ask(client, posts, pos(LINE, inside))
    assert [(i.label, i.preselect) for i in result.items] == [("email", None)]


async def test_datasource_keys_prisma_7(client: LanguageClient, tmp_path: Path) -> None:
    text = 'datasource db {\n  provider = "postgresql"\n  \n}\n'
    _, uri = write(tmp_path, "schema.prisma", text)
    open_schema(client, uri, text)
    await published(client, uri, 1)
    result = await ask(client, uri, pos(2, 2))
    assert edits(result) == [
        ("relationMode", 'relationMode = "$0"', 2, 2, 2),
        ("schemas", "schemas = [$0]", 2, 2, 2),
        ("extensions", "extensions = [$0]", 2, 2, 2),
    ]
    assert result.items[0].kind == types.CompletionItemKind.Field


async def test_no_snippets_or_markdown_for_emacs(emacs: LanguageClient, tmp_path: Path) -> None:
    text = "model A {\n  id Int @id\n  at DateTime @default(\n}\n"
    _, uri = write(tmp_path, "schema.prisma", text)
    open_schema(emacs, uri, text)
    result = await ask(emacs, uri, pos(2, len("  at DateTime @default(")))
    assert [(label, new) for label, new, *_ in edits(result)] == [
        ("now()", "now()"),
        ("dbgenerated()", 'dbgenerated("")'),
    ]
    assert all(i.insert_text_format == types.InsertTextFormat.PlainText for i in result.items)
    assert result.items[0].documentation == "**now()**: the time the record is created."


async def test_unknown_document_and_garbage(client: LanguageClient, tmp_path: Path) -> None:
    missing = (tmp_path / "nothing.prisma").as_uri()
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(missing), pos(0, 0))
    )
    assert result is None
    text = 'model { @@ ((( [[ "\n}}} @db.'
    _, uri = write(tmp_path, "garbage.prisma", text)
    open_schema(client, uri, text)
    for line, character in ((0, 8), (0, 11), (1, 0), (1, 8), (99, 99)):
        assert isinstance(await ask(client, uri, pos(line, character)), types.CompletionList)
