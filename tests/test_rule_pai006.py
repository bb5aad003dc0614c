"""PAI006 emulated-relation-needs-index."""

from __future__ import annotations

import pytest

from tests.rule_cases import covered, fixed, run

EMULATED = 'datasource db {\n  provider     = "mysql"\n  relationMode = "prisma"\n}\n\n'
SCHEMA = (
    EMULATED
    + """model User {
  id    Int    @id
  posts Post[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)
}
"""
)


def test_flags_an_unindexed_relation_scalar_under_emulated_relations() -> None:
    (finding,) = run("PAI006", SCHEMA)
    assert finding.code == "PAI006"
    assert covered(SCHEMA, finding) == "fields: [authorId]"
    assert finding.message == (
        "`authorId` of `Post` has no index: with emulated relations every read of `author` "
        "and every referential check from `User` scans `Post`."
    )
    assert finding.related[0][1] == "relations are emulated by Prisma"
    assert finding.fixes[0].title == "Add `@@index([authorId])`"
    assert finding.fixes[0].safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "onDelete: Cascade)\n}", "onDelete: Cascade)\n\n  @@index([authorId])\n}"
    )


@pytest.mark.parametrize(
    "index", ["@@index([authorId])", "@@unique([authorId, id])", "@@id([authorId, id])"]
)
def test_silent_when_covered(index: str) -> None:
    text = SCHEMA.replace("onDelete: Cascade)\n}", f"onDelete: Cascade)\n\n  {index}\n}}")
    text = text.replace("  id       Int  @id\n", "  id       Int\n") if "@@id" in index else text
    assert run("PAI006", text) == []


def test_silent_with_foreign_keys_and_on_mongodb() -> None:
    assert run("PAI006", SCHEMA.replace('  relationMode = "prisma"\n', "")) == []
    mongo = SCHEMA.replace('"mysql"', '"mongodb"')
    assert run("PAI006", mongo) == []
