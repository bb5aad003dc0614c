"""PAI009 soft-delete-unique."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, run

SCHEMA = (
    POSTGRES
    + """model User {
  id        Int       @id
  email     String    @unique
  deletedAt DateTime? @map("deleted_at")
}
"""
)


def test_flags_a_unique_that_ignores_the_soft_delete_marker() -> None:
    (finding,) = run("PAI009", SCHEMA)
    assert finding.code == "PAI009"
    assert covered(SCHEMA, finding) == "@unique"
    assert finding.message == (
        "`@unique` on `User` ignores `deletedAt`: a soft-deleted row keeps `email` and blocks "
        "creating it again; use a partial unique index (`WHERE deleted_at IS NULL`) in SQL."
    )
    assert finding.fixes == ()
    assert finding.related[0][1] == "rows are soft-deleted here"


def test_composite_unique_and_boolean_marker() -> None:
    text = POSTGRES + (
        "model Tag {\n  id Int @id\n  orgId Int\n  name String\n  isDeleted Boolean\n\n"
        "  @@unique([orgId, name])\n}\n"
    )
    (finding,) = run("PAI009", text)
    assert covered(text, finding) == "@@unique([orgId, name])"
    assert finding.message.endswith('(`WHERE NOT "isDeleted"`) in SQL.')


@pytest.mark.parametrize(
    "field",
    [
        "email     String\n  tag String\n\n  @@unique([email, deletedAt])",
        "publicId  String    @unique @default(uuid())",
        "stripeId  String    @unique",
        "email     String",
    ],
    ids=["includes-marker", "generated", "identifier", "no-unique"],
)
def test_silent(field: str) -> None:
    text = SCHEMA.replace("email     String    @unique", field)
    assert run("PAI009", text) == []


def test_silent_on_the_foreign_key_of_a_one_to_one_relation() -> None:
    text = POSTGRES + (
        "model User {\n  id Int @id\n  profile Profile?\n}\n\n"
        "model Profile {\n  id Int @id\n  userId Int @unique\n"
        "  user User @relation(fields: [userId], references: [id], onDelete: Cascade)\n"
        "  deletedAt DateTime?\n}\n"
    )
    assert run("PAI009", text) == []


def test_silent_without_a_soft_delete_marker() -> None:
    assert run("PAI009", SCHEMA.replace("deletedAt", "lastSeenAt")) == []
