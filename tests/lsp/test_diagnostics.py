"""Diagnostics over the wire: after open, after edits, across files, pushed and pulled."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import USERS_AND_POSTS, brief, change, open_schema, published, write

SCHEMA = USERS_AND_POSTS


async def test_open_publishes_validation_and_rule_findings(client: LanguageClient, tmp_path: Path):
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    diagnostics = await published(client, uri, 1)
    print(brief(diagnostics))
    fk = next(d for d in diagnostics if d.code == "PAX001")
    assert fk.range == types.Range(types.Position(11, 26), types.Position(11, 44))
    assert fk.source == "prisma-architect"
    assert fk.severity == types.DiagnosticSeverity.Warning
    assert fk.code_description is not None
    assert fk.code_description.href.endswith("docs/rules.md#pax001")
    assert fk.data == {"fixes": 1}
    assert fk.related_information is not None
    assert "PAE" not in "".join(str(d.code) for d in diagnostics)


async def test_a_pulling_client_gets_no_pushes_and_pulls_utf8_ranges(
    nvim: LanguageClient, tmp_path: Path
) -> None:
    text = SCHEMA.replace("model Post {", "// 📝 emoji\nmodel Post { // 📝").replace(
        "  authorId Int", "  /* ✨ */ authorId Int"
    )
    _, uri = write(tmp_path, "schema.prisma", text)
    open_schema(nvim, uri, text)
    report = await nvim.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    column = next(d for d in report.items if d.code == "PAC002")
    # `  /* ✨ */ authorId`: ✨ is 3 bytes in UTF-8, so `authorId` starts at byte 12 (code point 10)
    assert column.range == types.Range(types.Position(13, 12), types.Position(13, 20))
    again = await nvim.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            types.TextDocumentIdentifier(uri), previous_result_id=report.result_id
        )
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == report.result_id
    assert nvim.diagnostics == {}


async def test_an_edit_updates_the_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    before = brief(await published(client, uri, 1))
    change(client, uri, 2, (12, 14), (12, 14), "\n  price Float")
    after = brief(await published(client, uri, 2))
    added = [d for d in after if d not in before]
    assert added == [
        (
            "PAT001",
            13,
            8,
            13,
            13,
            "`Post.price` holds money in a `Float`: binary floating point cannot hold most "
            "cents exactly, so sums drift; use `Decimal`.",
        ),
        (  # with a price, `Post` is no longer a small lookup table
            "PAT005",
            10,
            11,
            10,
            14,
            "`Post.id` is a 32-bit auto-increment key: its sequence stops at 2,147,483,647 "
            "and every insert fails after that; use `BigInt`.",
        ),
    ]


async def test_a_burst_of_keystrokes_is_coalesced(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    await published(client, uri, 1)
    word = "deletedAt DateTime?"
    client_text = SCHEMA.replace("  authorId Int\n", "  authorId Int\n  \n")
    change(client, uri, 2, (12, 14), (12, 14), "\n  ")
    for i, char in enumerate(word):
        change(client, uri, 3 + i, (13, 2 + i), (13, 2 + i), char)
    last = 2 + len(word)
    final = brief(await published(client, uri, last))
    fresh_text = client_text.replace("  \n}", f"  {word}\n}}")
    _, other = write(tmp_path / "copy", "schema.prisma", fresh_text)
    open_schema(client, other, fresh_text)
    assert final == brief(await published(client, other, 1))
    assert "PAX004" in {d[0] for d in final}


MAIN = """datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}
"""

POSTS = """model Post {
  id       Int  @id @default(autoincrement())
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int

  @@index([authorId])
}
"""


async def test_an_edit_in_one_file_updates_the_others(
    client: LanguageClient, tmp_path: Path
) -> None:
    _, main = write(tmp_path / "prisma", "schema.prisma", MAIN)
    _, posts = write(tmp_path / "prisma", "posts.prisma", POSTS)
    open_schema(client, main, MAIN)
    assert sorted(d.code for d in await published(client, posts)) == ["PAC001", "PAC002", "PAI004"]
    change(client, main, 2, (4, 6), (4, 10), "Person")  # rename the model Post points to
    errors = [d for d in await published(client, posts) if d.code.startswith("PAE")]
    assert [(d.code, d.range.start.line, d.message) for d in errors] == [
        (
            "PAE002",
            2,
            'Unknown type "User": it is neither a built-in type nor a model, view, enum or '
            "composite type declared in this schema.",
        )
    ]
