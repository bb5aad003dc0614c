"""PAX003 duplicate-unique."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, fixed, run

SCHEMA = (
    POSTGRES
    + """model User {
  id    Int    @id
  email String @unique
  team  Int
  name  String

  @@unique([email])
}
"""
)


def test_flags_a_block_unique_repeating_a_field_unique_with_its_fix() -> None:
    (finding,) = run("PAX003", SCHEMA)
    assert finding.code == "PAX003"
    assert covered(SCHEMA, finding) == "@@unique([email])"
    assert finding.message == (
        "`@@unique([email])` on `User` repeats the unique constraint `email @unique`: the "
        "database keeps and checks two identical unique indexes on every write."
    )
    assert finding.unnecessary
    ((span, note),) = finding.related
    assert SCHEMA[span.start : span.end] == "@unique"
    assert note == "`email @unique` already makes the columns unique"
    fix = finding.fixes[0]
    assert fix.title == "Remove the duplicate `@@unique([email])`"
    assert fix.safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace("String\n\n  @@unique([email])\n", "String\n")


def test_flags_a_unique_on_the_primary_key() -> None:
    text = SCHEMA.replace("Int    @id", "Int    @id @unique @default(autoincrement())")
    text = text.replace("\n\n  @@unique([email])", "")
    (finding,) = run("PAX003", text)
    assert covered(text, finding) == "@unique"
    assert finding.message == (
        "`id @unique` on `User` repeats the primary key `id @id`: the database keeps and "
        "checks two identical unique indexes on every write."
    )
    assert fixed(text, finding) == text.replace("@id @unique @default", "@id @default")


def test_flags_the_second_of_two_equal_block_uniques_and_keeps_the_first() -> None:
    text = SCHEMA.replace(
        "  @@unique([email])\n",
        '  @@unique([team, name])\n  @@unique([team, name], map: "user_team_name")\n',
    )
    (finding,) = run("PAX003", text)
    assert covered(text, finding) == '@@unique([team, name], map: "user_team_name")'
    assert fixed(text, finding) == text.replace(
        '  @@unique([team, name], map: "user_team_name")\n', ""
    )


def test_flags_a_unique_repeating_a_compound_primary_key() -> None:
    text = SCHEMA.replace("Int    @id", "Int   ").replace(
        "  @@unique([email])\n", "  @@id([team, name])\n  @@unique([team, name])\n"
    )
    (finding,) = run("PAX003", text)
    assert covered(text, finding) == "@@unique([team, name])"
    assert "repeats the primary key `@@id([team, name])`" in finding.message


def test_the_fix_is_unsafe_when_the_removed_constraint_has_a_client_name() -> None:
    text = SCHEMA.replace("@@unique([email])", '@@unique([email], name: "byEmail")')
    (finding,) = run("PAX003", text)
    assert not finding.fixes[0].safe


@pytest.mark.parametrize(
    "uniques",
    [
        "@@unique([team, name])\n  @@unique([name, team])",
        "@@unique([team, name])\n  @@unique([team])",
        "@@unique([team, name])\n  @@index([team, name])",
    ],
)
def test_silent_for_other_columns_or_order(uniques: str) -> None:
    text = SCHEMA.replace("email String @unique", "email String").replace(
        "@@unique([email])", uniques
    )
    assert run("PAX003", text) == []


def test_silent_for_different_prefix_lengths_on_mysql() -> None:
    text = SCHEMA.replace(POSTGRES, 'datasource db {\n  provider = "mysql"\n}\n\n').replace(
        "@@unique([email])", "@@unique([email(length: 10)])"
    )
    assert run("PAX003", text) == []


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAX003")
    assert len(run("PAX003", bad)) == 1
    assert run("PAX003", good) == []


def test_fix_removes_a_field_unique_with_its_arguments_and_keeps_the_comment() -> None:
    text = SCHEMA.replace("Int    @id", 'Int    @id @unique(map: "user_id_key") // the key')
    text = text.replace("\n\n  @@unique([email])", "")
    (finding,) = run("PAX003", text)
    assert covered(text, finding) == '@unique(map: "user_id_key")'
    assert fixed(text, finding) == text.replace(' @unique(map: "user_id_key")', "")
