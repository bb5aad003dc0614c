"""PAI004 missing-timestamps."""

from __future__ import annotations

import pytest

from analysis.fixes import apply
from analysis.rules.base import Finding
from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Project {
  id   String @id @default(cuid())
  name String

  @@map("projects")
}
"""
)


def test_flags_a_model_without_timestamps_and_adds_both() -> None:
    (finding,) = run("PAI004", SCHEMA)
    assert finding.code == "PAI004"
    assert covered(SCHEMA, finding) == "Project"
    assert finding.message == (
        "`Project` has no `createdAt` and `updatedAt` timestamps: nothing records when its "
        "rows were created or last changed."
    )
    assert finding.fixes[0].title == "Add `createdAt` and `updatedAt`"
    assert finding.fixes[0].safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "  name String\n",
        "  name String\n"
        "  createdAt DateTime @default(now())\n"
        "  updatedAt DateTime @default(now()) @updatedAt\n",
    )


def test_follows_the_models_column_mapping_and_native_type() -> None:
    text = SCHEMA.replace(
        "  name String\n",
        '  name      String\n  startedAt DateTime @map("started_at") @db.Timestamptz(3)\n',
    )
    (finding,) = run("PAI004", text)
    assert fixed(text, finding) == text.replace(
        "@db.Timestamptz(3)\n",
        "@db.Timestamptz(3)\n"
        '  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(3)\n'
        '  updatedAt DateTime @default(now()) @updatedAt @map("updated_at") @db.Timestamptz(3)\n',
    )


def test_snake_case_model_gets_snake_case_fields() -> None:
    text = SCHEMA.replace("  name String\n", "  full_name String\n  short_name String\n")
    (finding,) = run("PAI004", text)
    assert finding.fixes[0].title == "Add `created_at` and `updated_at`"
    assert "  created_at DateTime @default(now())\n" in fixed(text, finding)


def test_a_log_model_only_needs_the_creation_time() -> None:
    text = SCHEMA.replace("Project", "AuditLog")
    (finding,) = run("PAI004", text)
    assert finding.message == (
        "`AuditLog` has no `createdAt` timestamp: nothing records when its rows were created."
    )


@pytest.mark.parametrize(
    "fields",
    [
        "  createdAt DateTime @default(now())\n  updatedAt DateTime @updatedAt\n",
        "  created_at DateTime @default(now())\n  updated_at DateTime @updatedAt\n",
        # any creation default and any @updatedAt count
        "  joinedAt DateTime @default(now())\n  touchedAt DateTime @updatedAt\n",
        # insert-only: a creation time and no update time
        "  createdAt DateTime @default(now())\n",
    ],
)
def test_silent_with_timestamps(fields: str) -> None:
    assert run("PAI004", SCHEMA.replace("  name String\n", f"  name String\n{fields}")) == []


def test_silent_on_join_tables_views_and_ignored_models() -> None:
    join = (
        POSTGRES
        + """model A {
  id Int @id
  bs AB[]
  createdAt DateTime @default(now())
}

model B {
  id Int @id
  as AB[]
  createdAt DateTime @default(now())
}

model AB {
  aId Int
  bId Int
  a   A   @relation(fields: [aId], references: [id], onDelete: Cascade)
  b   B   @relation(fields: [bId], references: [id], onDelete: Cascade)

  @@id([aId, bId])
}
"""
    )
    assert run("PAI004", join) == []
    view = SCHEMA.replace("model Project", "view Project").replace(" @default(cuid())", "")
    assert run("PAI004", view) == []
    assert run("PAI004", SCHEMA, ignore_models=("Project",)) == []


def test_flags_a_missing_update_time_when_insert_only_is_not_assumed() -> None:
    text = SCHEMA.replace(
        "  name String\n", "  name String\n  createdAt DateTime @default(now())\n"
    )
    (finding,) = run("PAI004", text, insert_only_ok=False)
    assert finding.message.startswith("`Project` has no `updatedAt` timestamp")


def test_a_model_without_multi_word_fields_follows_the_schemas_mapping() -> None:
    text = SCHEMA + (
        "\nmodel Task {\n  id        Int      @id\n"
        '  createdAt DateTime @default(now()) @map("created_at")\n'
        '  updatedAt DateTime @updatedAt @map("updated_at")\n}\n'
    )
    (finding,) = run("PAI004", text)
    assert '  createdAt DateTime @default(now()) @map("created_at")\n' in fixed(text, finding)


def test_an_unclosed_model_gets_the_fields_after_its_last_field() -> None:
    text = POSTGRES + "model Project {\n  id   String @id @default(cuid())\n  name String\n"
    (finding,) = run("PAI004", text)
    assert (finding.code, finding.span.start, covered(text, finding)) == (
        "PAI004",
        text.index("Project"),
        "Project",
    )
    assert finding.message == (
        "`Project` has no `createdAt` and `updatedAt` timestamps: nothing records when its "
        "rows were created or last changed."
    )
    assert [f.title for f in finding.fixes] == ["Add `createdAt` and `updatedAt`"]
    assert applied(text, finding) == text + (
        "  createdAt DateTime @default(now())\n  updatedAt DateTime @default(now()) @updatedAt\n"
    )


def test_an_unclosed_model_without_fields_gets_them_after_its_brace() -> None:
    text = POSTGRES + (
        "model Project {\n\nmodel Task {\n  id String @id\n"
        "  createdAt DateTime @default(now())\n}\n"
    )
    (finding,) = run("PAI004", text)
    assert (finding.span.start, covered(text, finding)) == (text.index("Project"), "Project")
    assert applied(text, finding) == text.replace(
        "model Project {\n",
        "model Project {\n"
        "  createdAt DateTime @default(now())\n"
        "  updatedAt DateTime @default(now()) @updatedAt\n",
    )


def test_an_unclosed_model_on_the_last_line_gets_a_line_break_first() -> None:
    text = POSTGRES + "model Project {"
    (finding,) = run("PAI004", text)
    assert covered(text, finding) == "Project"
    assert applied(text, finding) == text + (
        "\n  createdAt DateTime @default(now())\n  updatedAt DateTime @default(now()) @updatedAt\n"
    )


def applied(text: str, finding: Finding) -> str:
    """``text`` after the finding's first fix: on a schema still being typed, whose
    errors the fix does not touch (:func:`fixed` wants a valid result)."""
    return apply(text, list(finding.fixes[0].edits))
