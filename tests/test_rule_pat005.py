"""PAT005 serial-int-id."""

from __future__ import annotations

import pytest

from analysis.api import analyze
from analysis.fixes import apply
from analysis.rules.base import Finding
from analysis.text import SourceFile
from tests.rule_cases import POSTGRES, covered, fixed, fixed_files, run, run_analysis

SCHEMA = (
    POSTGRES
    + """model User {
  id    Int    @id @default(autoincrement()) @db.Integer
  name  String
  email String
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  title    String
  authorId Int? @db.Integer
  author   User? @relation(fields: [authorId], references: [id])
}
"""
)


def test_flags_an_int_serial_with_a_fix_that_changes_the_foreign_keys() -> None:
    user, post = run("PAT005", SCHEMA)
    assert covered(SCHEMA, user) == "Int"
    assert user.message == (
        "`User.id` is a 32-bit auto-increment key: its sequence stops at 2,147,483,647 and "
        "every insert fails after that; use `BigInt`."
    )
    fix = user.fixes[0]
    assert fix.title == "Change `id` and the 1 foreign key to it to `BigInt`"
    assert not fix.safe
    assert fixed(SCHEMA, user) == SCHEMA.replace(
        "id    Int    @id @default(autoincrement()) @db.Integer",
        "id    BigInt    @id @default(autoincrement())",
    ).replace("authorId Int? @db.Integer", "authorId BigInt?")
    assert post.fixes[0].title == "Change `id` to `BigInt`"
    assert fixed(SCHEMA, post) == SCHEMA.replace("id       Int  @id", "id       BigInt  @id")


def test_fix_changes_foreign_keys_in_other_files() -> None:
    head, tail = SCHEMA.split("model Post")
    texts = {"a.prisma": head, "b.prisma": "model Post" + tail}
    analysis = analyze([SourceFile(p, t) for p, t in texts.items()])
    user = run_analysis("PAT005", analysis)[0]
    after = fixed_files(texts, user)
    assert "authorId BigInt?" in after["b.prisma"]
    assert "id    BigInt    @id" in after["a.prisma"]


def test_no_fix_when_a_foreign_key_also_references_another_model() -> None:
    text = SCHEMA.replace(
        "model Post {",
        'model Post {\n  other User? @relation("o", fields: [authorId], references: [code])',
    ).replace(
        "  posts Post[]", '  posts Post[]\n  code  Int    @unique\n  others Post[] @relation("o")'
    )
    user = run("PAT005", text)[0]
    assert user.fixes == ()


@pytest.mark.parametrize(
    "model",
    [
        "model Tag {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n",
        "model TicketType {\n  id Int @id @default(autoincrement())\n  a String\n  b String\n}\n",
        "model Event {\n  id BigInt @id @default(autoincrement())\n  a String\n  b String\n}\n",
        "model Event {\n  id Int @id\n  a String\n  b String\n}\n",
    ],
)
def test_silent_for_lookup_tables_bigint_and_plain_int(model: str) -> None:
    assert run("PAT005", POSTGRES + model) == []


def test_lookup_size_is_configurable_and_sqlite_is_silent() -> None:
    assert run("PAT005", SCHEMA, lookup_max_fields=2) == []
    assert (
        run("PAT005", SCHEMA.replace('"postgresql"', '"sqlite"').replace(" @db.Integer", "")) == []
    )


def test_no_fix_while_a_foreign_key_has_no_type_yet() -> None:
    # `authorId` is being typed: the finding stays, the fix waits for the key's type.
    text = SCHEMA.replace("authorId Int? @db.Integer", "authorId @unique")
    user, post = run("PAT005", text)
    assert (user.code, user.span.start, covered(text, user)) == (
        "PAT005",
        text.index("Int    @id"),
        "Int",
    )
    assert user.message == (
        "`User.id` is a 32-bit auto-increment key: its sequence stops at 2,147,483,647 and "
        "every insert fails after that; use `BigInt`."
    )
    assert user.fixes == ()
    assert post.fixes[0].title == "Change `id` to `BigInt`"
    assert applied(text, post) == text.replace("id       Int  @id", "id       BigInt  @id")


def applied(text: str, finding: Finding) -> str:
    """``text`` after the finding's first fix: on a schema still being typed, whose
    errors the fix does not touch (:func:`fixed` wants a valid result)."""
    return apply(text, list(finding.fixes[0].edits))
