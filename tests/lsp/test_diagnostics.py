"""Diagnostics over the wire: after open, after edits, across files, pushed and pulled."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import brief, open_schema, published, write

SCHEMA = """datasource db {
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
