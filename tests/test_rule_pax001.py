"""PAX001 fk-missing-index."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model User {
  id       Int       @id
  comments Comment[]
}

model Comment {
  id       Int    @id
  body     String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
"""
)


def test_flags_an_unindexed_foreign_key_with_its_fix() -> None:
    (finding,) = run("PAX001", SCHEMA)
    assert finding.code == "PAX001"
    assert covered(SCHEMA, finding) == "fields: [authorId]"
    assert finding.message == (
        "The foreign key `authorId` of relation `author` has no index: every join from "
        "`User` and every referential action scans `Comment`."
    )
    assert finding.fixes[0].title == "Add `@@index([authorId])` for the foreign key"
    assert finding.fixes[0].safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "references: [id])\n}", "references: [id])\n\n  @@index([authorId])\n}"
    )


def test_fix_goes_after_existing_block_attributes_with_their_indentation() -> None:
    text = SCHEMA.replace(
        "references: [id])\n}", "references: [id])\n\n    @@map(\"comments\")\n}"
    )
    (finding,) = run("PAX001", text)
    assert fixed(text, finding).endswith(
        '    @@map("comments")\n    @@index([authorId])\n}\n'
    )


def test_fix_keeps_crlf_line_endings() -> None:
    text = SCHEMA.replace("\n", "\r\n")
    (finding,) = run("PAX001", text)
    assert fixed(text, finding).endswith("[id])\r\n\r\n  @@index([authorId])\r\n}\r\n")


@pytest.mark.parametrize(
    "index",
    [
        "@@index([authorId])",
        "@@index([authorId, body])",
        "@@unique([authorId, body])",
        "@@index([authorId], type: Hash)",
    ],
)
def test_silent_when_an_index_leads_with_the_foreign_key(index: str) -> None:
    text = SCHEMA.replace("references: [id])\n}", f"references: [id])\n\n  {index}\n}}")
    assert run("PAX001", text) == []


def test_silent_when_the_foreign_key_is_the_id_or_unique() -> None:
    text = SCHEMA.replace("authorId Int\n", "authorId Int    @unique\n")
    assert run("PAX001", text) == []


@pytest.mark.parametrize(
    "index", ["@@index([body, authorId])", "@@index([authorId, body], type: Hash)"]
)
def test_flags_an_index_that_does_not_lead_with_the_key(index: str) -> None:
    text = SCHEMA.replace("references: [id])\n}", f"references: [id])\n\n  {index}\n}}")
    assert len(run("PAX001", text)) == 1


@pytest.mark.parametrize(
    "datasource",
    [
        'datasource db {\n  provider = "mysql"\n}\n\n',
        'datasource db {\n  provider     = "postgresql"\n  relationMode = "prisma"\n}\n\n',
    ],
)
def test_silent_on_mysql_and_with_emulated_relations(datasource: str) -> None:
    assert run("PAX001", SCHEMA.replace(POSTGRES, datasource)) == []
