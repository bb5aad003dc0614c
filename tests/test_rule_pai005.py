"""PAI005 timestamp-attributes."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Post {
  id        Int      @id
  createdAt DateTime
  updatedAt DateTime @default(now())
}
"""
)


def test_flags_missing_default_and_updated_at_with_their_fixes() -> None:
    created, updated = run("PAI005", SCHEMA)
    assert (created.code, covered(SCHEMA, created)) == ("PAI005", "createdAt")
    assert created.message == (
        "`createdAt` of `Post` has no `@default(now())`: every insert has to set it, and the "
        "one that forgets leaves a wrong creation time."
    )
    assert created.fixes[0].title == "Add `@default(now())`"
    assert created.fixes[0].safe
    assert fixed(SCHEMA, created) == SCHEMA.replace(
        "createdAt DateTime\n", "createdAt DateTime @default(now())\n"
    )
    assert covered(SCHEMA, updated) == "updatedAt"
    assert updated.message == (
        "`updatedAt` of `Post` has no `@updatedAt`: it changes only when an update remembers "
        "to set it."
    )
    assert fixed(SCHEMA, updated) == SCHEMA.replace(
        "@default(now())\n", "@default(now()) @updatedAt\n"
    )


def test_flags_an_optional_timestamp_and_makes_it_required() -> None:
    text = SCHEMA.replace("createdAt DateTime\n", "createdAt DateTime? @default(now())\n")
    text = text.replace("DateTime @default(now())\n}", "DateTime @updatedAt\n}")
    (finding,) = run("PAI005", text)
    assert covered(text, finding) == "DateTime?"
    assert finding.message == (
        "`createdAt` of `Post` is optional: a row can exist without its creation time."
    )
    assert finding.fixes[0].title == "Make it required"
    assert not finding.fixes[0].safe
    assert fixed(text, finding) == text.replace("DateTime? @default", "DateTime @default")


def test_fix_goes_before_a_trailing_comment() -> None:
    text = SCHEMA.replace("createdAt DateTime\n", "createdAt DateTime // set by the app\n")
    created = run("PAI005", text)[0]
    assert "createdAt DateTime @default(now()) // set by the app\n" in fixed(text, created)


@pytest.mark.parametrize(
    "fields",
    [
        "  createdAt DateTime @default(now())\n  updatedAt DateTime @updatedAt\n",
        '  created_at DateTime @default(dbgenerated("now()"))\n  updated_at DateTime @updatedAt\n',
        # other names are not this rule's business (PAI004 counts them as timestamps)
        "  create_date DateTime?\n  write_date DateTime?\n",
        # not a DateTime (PAT002 territory)
        "  createdAt String\n",
    ],
)
def test_silent(fields: str) -> None:
    text = POSTGRES + f"model Post {{\n  id Int @id\n{fields}}}\n"
    assert run("PAI005", text) == []
