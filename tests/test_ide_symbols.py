"""Outline, workspace symbols, folding and selection ranges (analysis.ide.symbols)."""

from __future__ import annotations

from analysis.api import Analysis, analyze
from analysis.ide.symbols import (
    DocumentSymbol,
    FoldingRegion,
    WorkspaceSymbol,
    document_symbols,
    folding_ranges,
    selection_ranges,
    workspace_symbols,
)
from analysis.text import SourceFile

SCHEMA = """\
// Schema of the shop 🛒
// second line

datasource db {
  provider = "postgresql"
}

/// A person 👤.
model User {
  id    Int     @id
  email String? @unique
  posts Post[]
  // 🎉 trailing notes
  // over two lines

  @@index([email(sort: Desc)])
}

enum Role {
  ADMIN @map("admin")
}
/* a block
   comment */
"""

POSTS = """\
model Post {
  id     Int  @id
  userId Int
  user   User @relation(fields: [userId], references: [id])
}
"""


def analysis() -> Analysis:
    return analyze([SourceFile("schema.prisma", SCHEMA), SourceFile("posts.prisma", POSTS)])


def span(text: str, needle: str, length: int | None = None) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + (len(needle) if length is None else length)


def test_document_symbols_are_blocks_with_members() -> None:
    symbols = document_symbols(analysis(), "schema.prisma")
    db_start, _ = span(SCHEMA, "datasource db")
    user_start, _ = span(SCHEMA, "model User")
    user_end = SCHEMA.index("}\n\nenum") + 1
    role_start, _ = span(SCHEMA, "enum Role")
    assert symbols == [
        DocumentSymbol(
            "db",
            "datasource",
            "datasource",
            db_start,
            SCHEMA.index("}\n\n///") + 1,
            *span(SCHEMA, "db {", 2),
            (
                DocumentSymbol(
                    "provider",
                    "property",
                    '"postgresql"',
                    *span(SCHEMA, 'provider = "postgresql"'),
                    *span(SCHEMA, "provider"),
                ),
            ),
        ),
        DocumentSymbol(
            "User",
            "model",
            "model",
            user_start,
            user_end,
            *span(SCHEMA, "User {", 4),
            (
                DocumentSymbol(
                    "id",
                    "field",
                    "Int",
                    *span(SCHEMA, "id    Int     @id"),
                    *span(SCHEMA, "id    Int", 2),
                ),
                DocumentSymbol(
                    "email",
                    "field",
                    "String?",
                    *span(SCHEMA, "email String? @unique"),
                    *span(SCHEMA, "email String?", 5),
                ),
                DocumentSymbol(
                    "posts",
                    "field",
                    "Post[]",
                    *span(SCHEMA, "posts Post[]"),
                    *span(SCHEMA, "posts", 5),
                ),
            ),
        ),
        DocumentSymbol(
            "Role",
            "enum",
            "enum",
            role_start,
            SCHEMA.index("}\n/*") + 1,
            *span(SCHEMA, "Role {", 4),
            (
                DocumentSymbol(
                    "ADMIN",
                    "enum_value",
                    None,
                    *span(SCHEMA, 'ADMIN @map("admin")'),
                    *span(SCHEMA, "ADMIN"),
                ),
            ),
        ),
    ]
    assert document_symbols(analysis(), "missing.prisma") == []


def test_document_symbols_of_a_half_typed_file() -> None:
    text = "model A {\n  id Int @id\n  broken (\n  name\n"
    result = analyze([SourceFile("s.prisma", text)])
    [block] = document_symbols(result, "s.prisma")
    assert (block.name, block.kind) == ("A", "model")
    assert [(c.name, c.detail) for c in block.children] == [("id", "Int"), ("name", None)]


def test_workspace_symbols_match_by_ordered_letters_across_files() -> None:
    result = workspace_symbols(analysis(), "us")
    assert result == [
        WorkspaceSymbol("User", "model", None, "schema.prisma", *span(SCHEMA, "User {", 4)),
        WorkspaceSymbol("user", "field", "Post", "posts.prisma", *span(POSTS, "user ", 4)),
        WorkspaceSymbol("userId", "field", "Post", "posts.prisma", *span(POSTS, "userId", 6)),
    ]
    assert [s.name for s in workspace_symbols(analysis(), "ADM")] == ["ADMIN"]
    # Scattered letters match after prefixes and substrings.
    assert [s.name for s in workspace_symbols(analysis(), "ml")] == ["email"]
    assert [s.name for s in workspace_symbols(analysis(), "pst")] == ["Post", "posts"]
    assert workspace_symbols(analysis(), "zzz") == []


def test_empty_workspace_query_lists_blocks_only_and_limit_cuts() -> None:
    assert [(s.name, s.kind) for s in workspace_symbols(analysis(), "")] == [
        ("db", "datasource"),
        ("Post", "model"),
        ("Role", "enum"),
        ("User", "model"),
    ]
    assert [s.name for s in workspace_symbols(analysis(), "", limit=2)] == ["db", "Post"]


def test_folding_ranges_blocks_and_comment_runs() -> None:
    assert folding_ranges(analysis(), "schema.prisma") == [
        FoldingRegion(0, 1, "comment"),  # the two header comments
        FoldingRegion(3, 4, "region"),  # datasource: its `}` (line 5) stays visible
        FoldingRegion(8, 15, "region"),  # model User, from its header to the line before `}`
        FoldingRegion(12, 13, "comment"),  # the two comment lines in the model
        FoldingRegion(18, 19, "region"),  # enum Role
        FoldingRegion(21, 22, "comment"),  # the block comment
    ]
    # `/// A person` is a lone comment line: no run.
    assert folding_ranges(analysis(), "posts.prisma") == [FoldingRegion(0, 3, "region")]


def test_folding_ignores_trailing_comments_and_unclosed_blocks() -> None:
    text = "model A { // x\n  id Int @id // y\n  // z\n}\n// w\nmodel B {\n  id Int @id\n"
    result = analyze([SourceFile("s.prisma", text)])
    assert folding_ranges(result, "s.prisma") == [FoldingRegion(0, 2, "region")]


def texts(offset: int, path: str = "schema.prisma", text: str = SCHEMA) -> list[str]:
    return [text[s:e] for s, e in selection_ranges(analysis(), path, offset)]


def test_selection_grows_from_a_sort_argument_to_the_file() -> None:
    offset = SCHEMA.index("Desc") + 2
    user = SCHEMA[SCHEMA.index("model User") : SCHEMA.index("}\n\nenum") + 1]
    assert texts(offset) == [
        "Desc",
        "sort: Desc",
        "email(sort: Desc)",
        "[email(sort: Desc)]",
        "@@index([email(sort: Desc)])",
        user,
        SCHEMA,
    ]


def test_selection_on_a_relation_argument_and_a_field_type() -> None:
    offset = POSTS.index("userId]") + 3
    line = "user   User @relation(fields: [userId], references: [id])"
    block = POSTS.rstrip("\n")
    assert texts(offset, "posts.prisma", POSTS) == [
        "userId",
        "[userId]",
        "fields: [userId]",
        "@relation(fields: [userId], references: [id])",
        line,
        block,
        POSTS,
    ]
    assert texts(POSTS.index("User @") + 1, "posts.prisma", POSTS) == ["User", line, block, POSTS]


def test_selection_of_a_native_type_segment_and_a_string() -> None:
    text = (
        'datasource db {\n  provider = "postgresql"\n}\n'
        "model A {\n  id String @id @db.VarChar(9)\n}\n"
    )
    result = analyze([SourceFile("s.prisma", text)])

    def grow(offset: int) -> list[str]:
        return [text[s:e] for s, e in selection_ranges(result, "s.prisma", offset)]

    field = "id String @id @db.VarChar(9)"
    model = text[text.index("model A") : -1]
    assert grow(text.index("VarChar") + 1) == [
        "VarChar",
        "db.VarChar",
        "@db.VarChar(9)",
        field,
        model,
        text,
    ]
    datasource = text[: text.index("}") + 1]
    assert grow(text.index("postgresql")) == [
        "postgresql",
        '"postgresql"',
        'provider = "postgresql"',
        datasource,
        text,
    ]


def test_selection_in_a_comment_after_emoji() -> None:
    offset = SCHEMA.index("trailing") + 1
    user = SCHEMA[SCHEMA.index("model User") : SCHEMA.index("}\n\nenum") + 1]
    assert texts(offset) == ["trailing", "// 🎉 trailing notes", user, SCHEMA]
    assert texts(SCHEMA.index("shop")) == ["shop", "// Schema of the shop 🛒", SCHEMA]
    assert texts(len(SCHEMA)) == [SCHEMA]
    assert selection_ranges(analysis(), "missing.prisma", 0) == []
