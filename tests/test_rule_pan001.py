"""PAN001 duplicated-relation-data."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, fixed, run

SCHEMA = (
    POSTGRES
    + """model User {
  id    Int    @id
  email String @unique
  name  String
  tasks Task[]
}

model Task {
  id         Int    @id
  title      String
  ownerId    Int
  ownerEmail String
  owner      User   @relation(fields: [ownerId], references: [id], onDelete: Cascade)

  @@index([ownerId])
}
"""
)


def test_flags_a_field_copied_across_a_relation_with_its_fix() -> None:
    (finding,) = run("PAN001", SCHEMA)
    assert finding.code == "PAN001"
    assert covered(SCHEMA, finding) == "ownerEmail"
    assert finding.message == (
        "`Task.ownerEmail` copies `User.email` across the relation `owner`: the copy goes "
        "stale whenever the original changes (read it through the relation, or say why it is "
        "a snapshot in a `///` comment)."
    )
    ((span, note),) = finding.related
    assert SCHEMA[span.start : span.end] == "email"
    assert note == "the original `User.email`"
    fix = finding.fixes[0]
    assert fix.title == "Remove `ownerEmail` and read `owner.email` instead"
    assert not fix.safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace("  ownerEmail String\n", "")


def test_flags_snake_case_and_multi_word_names() -> None:
    text = SCHEMA.replace("name  String", "display_name String").replace(
        "ownerEmail String", "owner_display_name String"
    )
    (finding,) = run("PAN001", text)
    assert covered(text, finding) == "owner_display_name"


def test_no_fix_when_an_index_uses_the_copy() -> None:
    text = SCHEMA.replace("@@index([ownerId])", "@@index([ownerId, ownerEmail])")
    (finding,) = run("PAN001", text)
    assert finding.fixes == ()


@pytest.mark.parametrize(
    "comment",
    [
        "  /// Denormalized for the task list (no join).\n  ownerEmail String\n",
        "  ownerEmail String // snapshot at creation\n",
    ],
)
def test_silent_when_a_comment_gives_the_reason(comment: str) -> None:
    assert run("PAN001", SCHEMA.replace("  ownerEmail String\n", comment)) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # not a field of the target
        ("ownerEmail String", "ownerPhone String"),
        # another type: not a copy
        ("ownerEmail String", "ownerEmail Int"),
        # a Json field of its own (`providerConfig` next to `provider.config`)
        ("email String @unique", "email Json"),
        # the relation is cut when the user goes: the copy is a record of it
        ("ownerId    Int\n", "ownerId    Int?\n"),
    ],
)
def test_silent_for_other_fields(old: str, new: str) -> None:
    text = SCHEMA.replace(old, new)
    if "ownerId    Int?" in text:
        text = text.replace("User   @relation", "User?  @relation").replace("Cascade", "SetNull")
    if "email Json" in text:
        text = text.replace("ownerEmail String", "ownerEmail Json")
    assert run("PAN001", text) == [], text


def test_silent_for_the_key_of_the_relation() -> None:
    text = (
        SCHEMA.replace("ownerEmail String\n", "")
        .replace("ownerId    Int", "ownerEmail String")
        .replace("fields: [ownerId], references: [id]", "fields: [ownerEmail], references: [email]")
    )
    text = text.replace("@@index([ownerId])", "@@index([ownerEmail])")
    assert run("PAN001", text) == []


def test_silent_in_a_model_documented_as_a_view() -> None:
    text = SCHEMA.replace("model Task {", "/// @view\n\nmodel Task {")
    assert run("PAN001", text) == []


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAN001")
    assert len(run("PAN001", bad)) == 1
    assert run("PAN001", good) == []


def test_fix_removes_the_doc_comment_with_the_field() -> None:
    text = SCHEMA.replace("  ownerEmail String", "  /// The owner's email.\n  ownerEmail String")
    (finding,) = run("PAN001", text)
    assert fixed(text, finding) == SCHEMA.replace("  ownerEmail String\n", "")
