"""Formatting over the wire: the exact edits, and the document after them.

The edits replace whole lines, so their positions are line starts, the same in
every encoding, except at the end of a document without a final line break:
there the last line holds `🎉` (1 code point, 2 UTF-16 units, 4 UTF-8 bytes),
so the end column differs between VS Code (``client``, UTF-16) and Neovim
(``nvim``, UTF-8).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from analysis.format import format_source
from tests.lsp.conftest import change, open_schema, published, write

UGLY = """\
// 🛒 shop
model User {
    id Int @id // 🔑
  emailAddress String @unique
}
model Post {
  id Int @id
}   // 🎉"""

PRETTY = """\
// 🛒 shop
model User {
  id           Int    @id // 🔑
  emailAddress String @unique
}

model Post {
  id Int @id
} // 🎉
"""


def rng(line: int, start: int, line_end: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line_end, end))


def apply(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    """``text`` after ``edits`` whose columns count ``encoding`` code units."""
    lines = text.splitlines(keepends=True)

    def units(char: str) -> int:
        if encoding == "utf-16":
            return len(char.encode("utf-16-le")) // 2
        return len(char.encode("utf-8"))

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        seen = 0
        for column, char in enumerate(line):
            if seen >= position.character:
                return before + column
            seen += units(char)
        return before + len(line)

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def format_document(client: LanguageClient, uri: str) -> Sequence[types.TextEdit] | None:
    return await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            types.TextDocumentIdentifier(uri), types.FormattingOptions(4, True)
        )
    )


async def edit_list(client: LanguageClient, uri: str) -> list[types.TextEdit]:
    edits = await format_document(client, uri)
    assert edits is not None
    return list(edits)


EXPECTED_EDITS = [
    (rng(2, 0, 3, 0), "  id           Int    @id // 🔑\n"),
    (rng(5, 0, 5, 0), "\n"),
]


async def test_formatting_utf16(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", UGLY)
    open_schema(client, uri, UGLY)
    edits = await format_document(client, uri)
    assert edits is not None
    assert [(e.range, e.new_text) for e in edits] == [
        *EXPECTED_EDITS,
        (rng(7, 0, 7, 9), "} // 🎉\n"),  # `}   // 🎉`: 7 + 2 UTF-16 units
    ]
    assert apply(UGLY, edits, "utf-16") == PRETTY == format_source(UGLY)


async def test_formatting_utf8(nvim: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", UGLY)
    open_schema(nvim, uri, UGLY)
    edits = await format_document(nvim, uri)
    assert edits is not None
    assert [(e.range, e.new_text) for e in edits] == [
        *EXPECTED_EDITS,
        (rng(7, 0, 7, 11), "} // 🎉\n"),  # 7 + 4 UTF-8 bytes
    ]
    assert apply(UGLY, edits, "utf-8") == PRETTY


async def test_formatting_sees_the_latest_edit(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", PRETTY)
    open_schema(client, uri, PRETTY)
    await published(client, uri, 1)
    assert await edit_list(client, uri) == []  # already formatted
    change(client, uri, 2, (7, 4), (7, 4), "  ")  # `  id   Int @id`
    edits = await format_document(client, uri)
    assert edits is not None
    assert [(e.range, e.new_text) for e in edits] == [(rng(7, 0, 8, 0), "  id Int @id\n")]


async def test_a_document_with_syntax_errors_is_not_formatted(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = "model User {\n    id Int @id\n\nmodel Post {\n  id Int @id\n}\n"
    _, uri = write(tmp_path, "schema.prisma", text)
    open_schema(client, uri, text)
    assert await edit_list(client, uri) == []
    assert any(
        "schema.prisma:1:1: not formatted: The model `User` is missing its closing `}`" in m.message
        for m in client.log_messages
    )


async def test_relations_are_completed_with_the_other_files_of_the_schema(
    client: LanguageClient, tmp_path: Path
) -> None:
    user = "model User {\n  id Int @id\n  post Post\n}\n"
    write(tmp_path, "post.prisma", "model Post {\n  id Int @id\n}\n")
    _, uri = write(tmp_path, "user.prisma", user)
    open_schema(client, uri, user)
    edits = await format_document(client, uri)
    assert edits is not None
    assert [(e.range, e.new_text) for e in edits] == [
        (
            rng(1, 0, 3, 0),
            "  id     Int  @id\n"
            "  post   Post @relation(fields: [postId], references: [id])\n"
            "  postId Int\n",
        )
    ]


async def test_unknown_documents_get_no_edits(client: LanguageClient, tmp_path: Path) -> None:
    assert await format_document(client, (tmp_path / "nowhere.prisma").as_uri()) is None
