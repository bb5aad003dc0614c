"""PAC006 foreign-key-name."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model User {
  id    Int    @id
  posts Post[]
}

model Post {
  id        Int  @id
  createdBy Int
  creator   User @relation(fields: [createdBy], references: [id])

  @@index([createdBy])
}
"""
)


def test_flags_a_foreign_key_not_ending_in_id_and_renames_it_everywhere() -> None:
    (finding,) = run("PAC006", SCHEMA)
    assert covered(SCHEMA, finding) == "createdBy"
    assert finding.message == (
        "The foreign key `createdBy` of relation `creator` does not end in `Id`: a reader "
        "cannot tell it holds the key of a `User` (`creatorId` would say so)."
    )
    assert finding.fixes[0].title == "Rename the field to `creatorId`"
    assert not finding.fixes[0].safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "  createdBy Int\n", '  creatorId Int @map("createdBy")\n'
    ).replace("fields: [createdBy]", "fields: [creatorId]").replace(
        "@@index([createdBy])", "@@index([creatorId])"
    )


def test_flags_a_mapped_column_not_ending_in_id() -> None:
    text = SCHEMA.replace("createdBy", "creatorId").replace(
        "  creatorId Int\n", '  creatorId Int @map("creator")\n'
    )
    (finding,) = run("PAC006", text)
    assert covered(text, finding) == '@map("creator")'
    assert finding.message == (
        "The column `creator` of foreign key `creatorId` does not end in `_id`: in SQL it "
        "reads as a value, not a reference (`creator_id` would say so)."
    )
    assert fixed(text, finding) == text.replace('"creator"', '"creator_id"')


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("createdBy", "creatorId"),
        ("createdBy", "authorId"),
        ("createdBy", "created_by_uid"),
    ],
)
def test_silent_on_foreign_keys_ending_in_id(old: str, new: str) -> None:
    assert run("PAC006", SCHEMA.replace(old, new)) == []


def test_silent_on_natural_and_composite_keys() -> None:
    natural = SCHEMA.replace(
        "id    Int    @id\n  posts", "id Int @id\n  slug String @unique\n  posts"
    )
    natural = natural.replace("references: [id]", "references: [slug]").replace(
        "createdBy Int", "createdBy String"
    )
    assert run("PAC006", natural) == []
    composite = (
        POSTGRES
        + "model A {\n  x Int\n  y Int\n  bs B[]\n\n  @@id([x, y])\n}\n\n"
        + "model B {\n  id Int @id\n  ax Int\n  ay Int\n"
        + "  a A @relation(fields: [ax, ay], references: [x, y])\n}\n"
    )
    assert run("PAC006", composite) == []
