"""Outline, workspace symbols, folding and selection ranges over the wire.

`/* 🏷️ */` before `email` makes its columns differ between UTF-16 (`client`)
and UTF-8 (`nvim`): 🏷️ is U+1F3F7 U+FE0F, 3 UTF-16 units, 7 UTF-8 bytes.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import open_schema, published, write

SCHEMA = """\
// Shop 🛒
// schema

datasource db {
  provider = "postgresql"
}

model User {
  id    Int     @id
  /* 🏷️ */ email String? @unique
  posts Post[]
}
"""

POSTS = """\
enum Status {
  DRAFT
}

model Post {
  id     Int    @id
  status Status @default(DRAFT)
}
"""


def rng(line: int, start: int, line_end: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line_end, end))


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


async def open_both(
    client: LanguageClient, tmp_path: Path, *, pushed: bool = True
) -> tuple[str, str]:
    _, schema = write(tmp_path, "schema.prisma", SCHEMA)
    _, posts = write(tmp_path, "posts.prisma", POSTS)
    open_schema(client, schema, SCHEMA)
    if pushed:
        await published(client, schema, 1)
    return schema, posts


async def test_document_symbols_utf16(client: LanguageClient, tmp_path: Path):
    schema, _ = await open_both(client, tmp_path)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(doc(schema))
    )
    kind = types.SymbolKind
    # `email` starts after `  /* 🏷️ */ `: 2 + 3 + 3 units of emoji + 4 = column 12.
    assert list(result) == [
        types.DocumentSymbol(
            name="db",
            kind=kind.Module,
            range=rng(3, 0, 5, 1),
            selection_range=rng(3, 11, 3, 13),
            detail="datasource",
            children=(
                types.DocumentSymbol(
                    name="provider",
                    kind=kind.Property,
                    range=rng(4, 2, 4, 25),
                    selection_range=rng(4, 2, 4, 10),
                    detail='"postgresql"',
                    children=(),
                ),
            ),
        ),
        types.DocumentSymbol(
            name="User",
            kind=kind.Class,
            range=rng(7, 0, 11, 1),
            selection_range=rng(7, 6, 7, 10),
            detail="model",
            children=(
                types.DocumentSymbol(
                    name="id",
                    kind=kind.Field,
                    range=rng(8, 2, 8, 19),
                    selection_range=rng(8, 2, 8, 4),
                    detail="Int",
                    children=(),
                ),
                types.DocumentSymbol(
                    name="email",
                    kind=kind.Field,
                    range=rng(9, 12, 9, 33),
                    selection_range=rng(9, 12, 9, 17),
                    detail="String?",
                    children=(),
                ),
                types.DocumentSymbol(
                    name="posts",
                    kind=kind.Field,
                    range=rng(10, 2, 10, 14),
                    selection_range=rng(10, 2, 10, 7),
                    detail="Post[]",
                    children=(),
                ),
            ),
        ),
    ]


async def test_workspace_symbols_span_the_schema_files(client: LanguageClient, tmp_path: Path):
    schema, posts = await open_both(client, tmp_path)
    result = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="st"))
    assert result is not None
    assert [(s.name, s.kind, s.container_name, s.location) for s in result] == [
        ("Status", types.SymbolKind.Enum, None, types.Location(posts, rng(0, 5, 0, 11))),
        ("status", types.SymbolKind.Field, "Post", types.Location(posts, rng(6, 2, 6, 8))),
        ("Post", types.SymbolKind.Class, None, types.Location(posts, rng(4, 6, 4, 10))),
        ("posts", types.SymbolKind.Field, "User", types.Location(schema, rng(10, 2, 10, 7))),
    ]
    blocks = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert blocks is not None
    assert [s.name for s in blocks] == ["db", "Post", "Status", "User"]


async def test_folding_ranges(client: LanguageClient, tmp_path: Path):
    schema, _ = await open_both(client, tmp_path)
    result = await client.text_document_folding_range_async(types.FoldingRangeParams(doc(schema)))
    assert list(result) == [
        types.FoldingRange(start_line=0, end_line=1, kind=types.FoldingRangeKind.Comment),
        types.FoldingRange(start_line=3, end_line=4),
        types.FoldingRange(start_line=7, end_line=10),
    ]


async def test_selection_ranges_utf8(nvim: LanguageClient, tmp_path: Path):
    schema, _ = await open_both(nvim, tmp_path, pushed=False)
    # `email` in UTF-8 starts at byte 2 + 3 + 7 + 4 = 16; ask inside it.
    result = await nvim.text_document_selection_range_async(
        types.SelectionRangeParams(doc(schema), [types.Position(9, 18)])
    )
    assert result is not None
    [innermost] = result
    chain = []
    node: types.SelectionRange | None = innermost
    while node is not None:
        chain.append(node.range)
        node = node.parent
    assert chain == [
        rng(9, 16, 9, 21),  # email
        rng(9, 16, 9, 37),  # the field, after its comment
        rng(7, 0, 11, 1),  # model User
        rng(0, 0, 12, 0),  # the file
    ]
