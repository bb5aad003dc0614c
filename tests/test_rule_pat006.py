"""PAT006 boolean-as-other."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Todo {
  id        Int    @id
  isPublic  String @default("N") @db.Char(1) // Y or N
  has_paid  Int?
}
"""
)


def test_flags_string_and_int_flags_with_fixes() -> None:
    public, paid = run("PAT006", SCHEMA)
    assert covered(SCHEMA, public) == "String"
    assert public.message == (
        "`Todo.isPublic` is a yes/no flag stored as `String`: it accepts any other value too; "
        "use `Boolean`."
    )
    fix = public.fixes[0]
    assert fix.title == "Change `isPublic` to `Boolean`"
    assert not fix.safe
    assert fixed(SCHEMA, public) == SCHEMA.replace(
        'String @default("N") @db.Char(1) //', "Boolean @default(false) //"
    )
    assert fixed(SCHEMA, paid) == SCHEMA.replace("has_paid  Int?", "has_paid  Boolean?")


@pytest.mark.parametrize(("default", "value"), [("1", "true"), ('"true"', "true"), ("0", "false")])
def test_defaults_are_translated(default: str, value: str) -> None:
    text = SCHEMA.replace("has_paid  Int?", f"has_paid  Int @default({default})")
    paid = run("PAT006", text)[1]
    assert fixed(text, paid).endswith(f"has_paid  Boolean @default({value})\n}}\n")


def test_no_fix_for_a_default_without_a_boolean_reading() -> None:
    text = SCHEMA.replace('@default("N")', '@default("maybe")')
    assert run("PAT006", text)[0].fixes == ()


@pytest.mark.parametrize(
    "name", ["isbn", "issuer", "canonicalUrl", "hash", "is", "shouldersCount", "activeKey"]
)
def test_silent_for_names_that_only_start_like_a_question(name: str) -> None:
    text = POSTGRES + f"model Book {{\n  id    Int    @id\n  {name} String\n}}\n"
    assert run("PAT006", text) == []


def test_silent_for_booleans() -> None:
    text = SCHEMA.replace('String @default("N") @db.Char(1)', "Boolean @default(false)")
    assert run("PAT006", text.replace("Int?", "Boolean?")) == []
