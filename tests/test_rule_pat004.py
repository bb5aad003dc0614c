"""PAT004 varchar-without-length."""

from __future__ import annotations

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Country {
  code String  @id @db.Char(2)
  name String  @db.VarChar // display name
  flag String? @db.Char
}
"""
)


def test_flags_varchar_without_length_and_char_with_fixes() -> None:
    code, name, flag = run("PAT004", SCHEMA)
    assert covered(SCHEMA, name) == "@db.VarChar"
    assert name.message == (
        "`Country.name` is `varchar` without a length: that is `text` under another name; use "
        "`String` without a native type, or give a length."
    )
    assert name.fixes[0].title == "Remove `@db.VarChar` (store `name` as `text`)"
    assert name.fixes[0].safe
    assert fixed(SCHEMA, name) == SCHEMA.replace("String  @db.VarChar //", "String //")

    assert covered(SCHEMA, code) == "@db.Char(2)"
    assert code.message == (
        "`Country.code` is fixed-width `char`: values are padded with spaces, which some "
        "comparisons see and others ignore; use `String` (`text`)."
    )
    assert code.fixes[0].title == "Remove `@db.Char(2)` (store `code` as `text`)"
    assert not code.fixes[0].safe
    assert fixed(SCHEMA, code) == SCHEMA.replace("@id @db.Char(2)", "@id")
    assert fixed(SCHEMA, flag) == SCHEMA.replace("String? @db.Char\n", "String?\n")


def test_silent_with_a_length_text_and_other_providers() -> None:
    text = SCHEMA.replace("@db.Char(2)", "@db.VarChar(2)").replace("@db.VarChar ", "@db.Text ")
    text = text.replace(" @db.Char\n", "\n")
    assert run("PAT004", text) == []
    mysql = SCHEMA.replace('"postgresql"', '"mysql"').replace("@db.VarChar ", "@db.VarChar(9) ")
    assert run("PAT004", mysql) == []
