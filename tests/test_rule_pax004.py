"""PAX004 soft-delete-unindexed."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, fixed, run

SCHEMA = (
    POSTGRES
    + """model Task {
  id          Int       @id
  workspaceId Int
  title       String
  deletedAt   DateTime? @map("deleted_at")

  @@map("tasks")
}
"""
)


def test_flags_an_unindexed_soft_delete_field_with_its_fix() -> None:
    (finding,) = run("PAX004", SCHEMA)
    assert finding.code == "PAX004"
    assert covered(SCHEMA, finding) == "deletedAt"
    assert finding.message == (
        "The soft-delete field `deletedAt` of `Task` is in no index: queries that skip or find "
        'deleted rows scan `tasks` (or a partial index `WHERE "deleted_at" IS NULL` in raw SQL).'
    )
    fix = finding.fixes[0]
    assert fix.title == "Add `@@index([deletedAt])` for the soft-delete filter"
    assert fix.safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        '  @@map("tasks")\n', '  @@map("tasks")\n  @@index([deletedAt])\n'
    )


@pytest.mark.parametrize("name", ["deleted_at", "removedAt", "deletedTime"])
def test_flags_other_spellings(name: str) -> None:
    text = SCHEMA.replace("deletedAt  ", name.ljust(11))
    (finding,) = run("PAX004", text)
    assert covered(text, finding) == name


def test_no_partial_index_hint_on_mysql() -> None:
    text = SCHEMA.replace(POSTGRES, 'datasource db {\n  provider = "mysql"\n}\n\n')
    (finding,) = run("PAX004", text)
    assert finding.message.endswith("deleted rows scan `tasks`.")


@pytest.mark.parametrize(
    "index",
    [
        "@@index([deletedAt])",
        "@@index([workspaceId, deletedAt])",
        "@@unique([title, deletedAt])",
        "@@index([deletedAt], type: Brin)",
    ],
)
def test_silent_when_an_index_includes_the_field(index: str) -> None:
    assert run("PAX004", SCHEMA.replace('  @@map("tasks")', f"  {index}")) == []


@pytest.mark.parametrize(
    "field",
    [
        "deletedAt   DateTime  @default(now())",  # required: a time, not a marker
        "deletedAt   Boolean?",
        "archivedAt  DateTime?",
        "mediaDeletedAt DateTime?",  # something else was deleted
    ],
)
def test_silent_for_other_fields(field: str) -> None:
    assert run("PAX004", SCHEMA.replace('deletedAt   DateTime? @map("deleted_at")', field)) == []


def test_the_names_are_an_option() -> None:
    text = SCHEMA.replace("deletedAt  ", "archivedAt ")
    assert len(run("PAX004", text, fields=["archivedAt"])) == 1


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAX004")
    assert len(run("PAX004", bad)) == 1
    assert run("PAX004", good) == []
