"""PAT007 uuid-as-text."""

from __future__ import annotations

from analysis.api import analyze
from analysis.text import SourceFile
from tests.rule_cases import POSTGRES, covered, fixed, fixed_files, run, run_analysis

SCHEMA = (
    POSTGRES
    + """model User {
  id    String @id @default(uuid()) // key
  posts Post[]
}

model Post {
  id       String  @id @default(uuid(7)) @db.Uuid
  authorId String? @db.Text
  author   User?   @relation(fields: [authorId], references: [id])
}
"""
)


def test_flags_a_text_uuid_id_with_a_fix_that_changes_the_foreign_keys() -> None:
    (finding,) = run("PAT007", SCHEMA)
    assert covered(SCHEMA, finding) == "String"
    assert finding.message == (
        "`User.id` holds UUIDs as `text` (37 bytes instead of 16, in every foreign key and "
        "index too); add `@db.Uuid`."
    )
    fix = finding.fixes[0]
    assert fix.title == "Store `id` and the 1 foreign key to it as `uuid` (`@db.Uuid`)"
    assert not fix.safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "@default(uuid()) //", "@default(uuid()) @db.Uuid //"
    ).replace("String? @db.Text", "String? @db.Uuid")


def test_fix_changes_foreign_keys_in_other_files_with_the_datasource_name() -> None:
    text = SCHEMA.replace("datasource db", "datasource pg").replace("@db.", "@pg.")
    head, tail = text.split("model Post")
    texts = {"a.prisma": head, "b.prisma": "model Post" + tail}
    (finding,) = run_analysis("PAT007", analyze([SourceFile(p, t) for p, t in texts.items()]))
    after = fixed_files(texts, finding)
    assert "authorId String? @pg.Uuid" in after["b.prisma"]
    assert "@default(uuid()) @pg.Uuid //" in after["a.prisma"]


def test_silent_for_uuid_cuid_non_id_and_other_providers() -> None:
    assert run("PAT007", SCHEMA.replace("@default(uuid()) //", "@default(cuid()) //")) == []
    assert (
        run("PAT007", SCHEMA.replace("@default(uuid()) //", "@default(uuid()) @db.Uuid //")) == []
    )
    text = SCHEMA.replace(
        "String @id @default(uuid())", "Int    @id\n  ref   String @unique @default(uuid())"
    )
    assert run("PAT007", text.replace("String? @db.Text", "Int?")) == []
    mysql = (
        SCHEMA.replace('"postgresql"', '"mysql"').replace(" @db.Uuid", "").replace(" @db.Text", "")
    )
    assert run("PAT007", mysql) == []
