"""PAN003 id-list-column."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, run

SCHEMA = (
    POSTGRES
    + """model User {
  id String @id
}

model ModelVersion {
  id Int @id
}

model Board {
  id        Int      @id
  memberIds String[]
}
"""
)


def test_flags_a_list_of_ids_of_a_model() -> None:
    text = SCHEMA.replace("memberIds String[]", "userIds String[]")
    (finding,) = run("PAN003", text)
    assert finding.code == "PAN003"
    assert covered(text, finding) == "userIds"
    assert finding.message == (
        "`userIds` on `Board` keeps ids of `User` in a list: no foreign key checks them, "
        "nothing cascades, and every lookup by id scans (use a relation or a join model)."
    )
    ((span, note),) = finding.related
    assert text[span.start : span.end] == "User"
    assert note == "the model whose ids `userIds` holds"
    assert finding.fixes == ()


@pytest.mark.parametrize(
    ("field", "how"),
    [
        ("modelVersionIds Int[]", "a list"),
        ("pinnedModelVersionIds BigInt[]", "a list"),
        ("user_ids String", "a string"),
        ("userList String?", "a string"),
    ],
)
def test_flags_other_spellings(field: str, how: str) -> None:
    text = SCHEMA.replace("memberIds String[]", field)
    (finding,) = run("PAN003", text)
    assert covered(text, finding) == field.split()[0]
    assert f" in {how}: " in finding.message


@pytest.mark.parametrize(
    "field",
    [
        "memberIds String[]",  # no model `Member`: ids of another system
        "stripePriceIds String[]",
        "ids String[]",
        "userIds Json",
        "allowList String[]",  # a list of values, not ids
        "boardList String",  # the model itself: a list of its own
    ],
)
def test_silent_for_other_fields(field: str) -> None:
    assert run("PAN003", SCHEMA.replace("memberIds String[]", field)) == []


def test_silent_for_a_foreign_key_named_like_a_list() -> None:
    text = SCHEMA.replace(
        "memberIds String[]",
        "usersIDs String?\n  user     User?   @relation(fields: [usersIDs], references: [id])",
    ).replace("id String @id", "id     String  @id\n  boards Board[]")
    assert run("PAN003", text) == []


def test_silent_on_mongodb() -> None:
    text = """datasource db {
  provider = "mongodb"
}

model User {
  id String @id @map("_id") @db.ObjectId
}

model Board {
  id      String   @id @map("_id") @db.ObjectId
  userIds String[] @db.ObjectId
}
"""
    assert run("PAN003", text) == []


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAN003")
    assert len(run("PAN003", bad)) == 1
    assert run("PAN003", good) == []
