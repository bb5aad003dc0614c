"""PAI001 relation-missing-on-delete."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Post {
  id       Int       @id
  comments Comment[]
}

model Comment {
  id     Int  @id
  postId Int
  post   Post @relation(fields: [postId], references: [id])

  @@index([postId])
}
"""
)
OPTIONAL = SCHEMA.replace("postId Int\n", "postId Int?\n").replace("Post @rel", "Post? @rel")


def test_flags_a_required_relation_with_cascade_and_restrict_fixes() -> None:
    (finding,) = run("PAI001", SCHEMA)
    assert finding.code == "PAI001"
    assert covered(SCHEMA, finding) == "@relation(fields: [postId], references: [id])"
    assert finding.message == (
        "Relation `post` of `Comment` does not state `onDelete`: deleting its `Post` does "
        "`Restrict`, Prisma's implicit default for a required relation."
    )
    assert [(f.title, f.safe) for f in finding.fixes] == [
        ("Add `onDelete: Cascade`", False),
        ("Add `onDelete: Restrict`", True),
    ]
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "references: [id])", "references: [id], onDelete: Cascade)"
    )
    assert fixed(SCHEMA, finding, 1) == SCHEMA.replace(
        "references: [id])", "references: [id], onDelete: Restrict)"
    )


def test_optional_relation_also_offers_set_null() -> None:
    (finding,) = run("PAI001", OPTIONAL)
    assert finding.message.endswith(
        "does `SetNull`, Prisma's implicit default for an optional relation."
    )
    assert [(f.title, f.safe) for f in finding.fixes] == [
        ("Add `onDelete: Cascade`", False),
        ("Add `onDelete: Restrict`", False),
        ("Add `onDelete: SetNull`", True),
    ]
    assert fixed(OPTIONAL, finding, 2) == OPTIONAL.replace(
        "references: [id])", "references: [id], onDelete: SetNull)"
    )


def test_goes_before_on_update_and_map() -> None:
    text = SCHEMA.replace("references: [id])", 'references: [id], onUpdate: Cascade, map: "fk")')
    (finding,) = run("PAI001", text)
    assert fixed(text, finding) == SCHEMA.replace(
        "references: [id])", 'references: [id], onDelete: Cascade, onUpdate: Cascade, map: "fk")'
    )


def test_sql_server_offers_no_action_instead_of_restrict() -> None:
    text = SCHEMA.replace('"postgresql"', '"sqlserver"')
    (finding,) = run("PAI001", text)
    assert [f.title for f in finding.fixes] == [
        "Add `onDelete: Cascade`",
        "Add `onDelete: NoAction`",
    ]


@pytest.mark.parametrize("action", ["Cascade", "Restrict", "NoAction", "SetNull"])
def test_silent_when_on_delete_is_stated(action: str) -> None:
    text = OPTIONAL.replace("references: [id])", f"references: [id], onDelete: {action})")
    assert run("PAI001", text) == []
