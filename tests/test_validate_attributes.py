"""Attribute validation (analysis.validate.attributes): known attributes, their
arguments and value types, and the rules of single attributes."""

from __future__ import annotations

import pytest

from analysis.validate.codes import ATTRIBUTE
from tests.helpers import ds, messages
from tests.helpers import errors as all_errors

PG = ds("postgresql")
MONGO = ds("mongodb")


def found(text: str, code: str = ATTRIBUTE) -> list[tuple[str, str]]:
    """(message, covered text) of the findings with ``code``, in source order."""
    return messages(text, code)


# ---------------------------------------------------------------------------
# Valid schemas
# ---------------------------------------------------------------------------

# Shaped like the real PostgreSQL schemas of the corpus: uuid ids, mapped
# names, timestamps, enums with mapped values, compound uniques and indexes.
REAL_LIKE = PG + """
generator client {
  provider = "prisma-client-js"
}

enum Role {
  ADMIN  @map("admin")
  MEMBER @map("member")

  @@map("role")
}

model Account {
  id          String    @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  email       String    @unique(map: "account_email_key") @db.VarChar(255)
  displayName String?   @map("display_name") @db.VarChar(120)
  role        Role      @default(MEMBER)
  balance     Decimal   @default(0) @db.Decimal(12, 2)
  tags        String[]  @default([])
  createdAt   DateTime  @default(now()) @map("created_at") @db.Timestamptz(6)
  updatedAt   DateTime  @updatedAt @map("updated_at") @db.Timestamptz(6)
  deletedAt   DateTime? @db.Timestamp(3)
  sessions    Session[]

  @@unique([email, role], name: "emailRole")
  @@index([createdAt(sort: Desc)], map: "account_created_idx")
  @@index([displayName], type: Hash)
  @@map("accounts")
}

model Session {
  id        String   @id @default(uuid()) @db.Uuid
  accountId String   @map("account_id") @db.Uuid
  token     String   @db.Text
  account   Account  @relation(fields: [accountId], references: [id], onDelete: Cascade)
  expires   DateTime @default(now())

  @@index([accountId])
  @@map("sessions")
}
"""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(REAL_LIKE, id="a_realistic_postgres_schema_is_valid"),
        pytest.param(
            PG
            + """
model A {
  id   Int @id
  b    Int @ignore
  bId  Int
  rel  B   @relation(fields: [bId], references: [id]) @ignore
}
model B {
  id Int @id
  as A[] @ignore
}
""",
            id="ignore_on_relation_fields_and_scalar_fields_is_valid",
        ),
        pytest.param(
            PG
            + """
model A {
  id Int @id
  a  Int
  b  Int
  @@index([a])
  @@index([b])
  @@unique([a, b])
  @@unique([b, a])
}
""",
            id="repeatable_block_attributes_may_repeat",
        ),
    ],
)
def test_valid_attribute_uses(text: str) -> None:
    assert all_errors(text) == []


# ---------------------------------------------------------------------------
# Unknown and duplicated attributes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            PG
            + """
model A {
  id Int @id @foo
  @@bar([id])
}
""",
            [
                ("Unknown attribute `@foo` here.", "@foo"),
                ("Unknown attribute `@@bar` here.", "@@bar([id])"),
            ],
            id="unknown_field_and_block_attributes",
        ),
        pytest.param(
            PG
            + """
model A {
  id   Int    @id
  name String @map("n") @map("m")
}
""",
            [
                ("The attribute `@map` can only be given once here.", '@map("n")'),
                ("The attribute `@map` can only be given once here.", '@map("m")'),
            ],
            id="a_non_repeatable_attribute_given_twice_is_reported_on_each_copy",
        ),
        pytest.param(
            PG
            + """
enum Role {
  ADMIN @map("admin") @default
  USER
  @@index([ADMIN])
}
""",
            [
                ("Unknown attribute `@default` here.", "@default"),
                ("Unknown attribute `@@index` here.", "@@index([ADMIN])"),
            ],
            id="enums_take_map_and_schema_only",
        ),
        pytest.param(
            PG
            + """
enum Role {
  A
}
model M {
  id   Int  @id
  role Role @db.VarChar(3)
}
""",
            [("Unknown attribute `@db.VarChar` here.", "@db.VarChar(3)")],
            id="native_type_on_an_enum_field_is_unknown",
        ),
        pytest.param(
            PG
            + """
model M {
  id   Int    @id
  name String @db.Text @db.VarChar(3)
}
""",
            [("A field can have only one native type attribute (`@db.…`).", "@db.VarChar(3)")],
            id="two_native_types_on_one_field",
        ),
    ],
)
def test_unknown_and_repeated_attributes(text: str, expected: list[tuple[str, ...]]) -> None:
    assert found(text) == expected


# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            PG + 'model U {\n  id Int @id\n  a String @map(name: "x", name: "y")\n}\n',
            [("The argument `name` is given twice.", 'name: "y"')],
            id="argument_given_twice_by_name",
        ),
        pytest.param(
            PG + 'model U {\n  id Int @id\n  a String @map("x", name: "y")\n}\n',
            [("The argument `name` is given both unnamed and by name.", 'name: "y"')],
            id="argument_given_unnamed_and_by_name",
        ),
        pytest.param(
            PG + 'model U {\n  id Int @id\n  a String @map("x", unused: "y")\n}\n',
            [("`@map` has no argument `unused`.", 'unused: "y"')],
            id="unknown_argument",
        ),
        pytest.param(
            PG + 'model U {\n  id Int @id("pk")\n}\n',
            [("`@id` takes no unnamed argument.", '"pk"')],
            id="unnamed_argument_where_none_is_taken",
        ),
        pytest.param(
            PG + "model U {\n  id Int @id\n  @@map\n}\n",
            [("`@@map` needs the argument `name`.", "@@map")],
            id="missing_required_argument",
        ),
        pytest.param(
            PG + 'model U {\n  id Int @id\n  a String @map(name: )\n  b String @map("b",)\n}\n',
            [
                ("The argument `name` of `@map` has no value.", "name"),
                ("Trailing comma in the arguments of `@map`: remove it.", ","),
            ],
            id="empty_argument_and_trailing_comma",
        ),
        pytest.param(
            PG + 'model U {\n  id String @id @default(dbgenerated("gen()",))\n}\n',
            [("Trailing comma in the arguments of `@default`: remove it.", ",")],
            id="trailing_comma_inside_a_function_argument_list",
        ),
        pytest.param(
            PG + "model U {\n  id Int @id\n  a Int\n  b Int\n  @@unique(a, b)\n}\n",
            [
                (
                    "`@@unique` takes only one unnamed argument. Did you forget the brackets: "
                    "`[a, b]`?",
                    "@@unique(a, b)",
                ),
            ],
            id="several_unnamed_arguments",
        ),
    ],
)
def test_argument_errors(text: str, expected: list[tuple[str, ...]]) -> None:
    assert found(text) == expected


def test_argument_value_types() -> None:
    text = PG + """
model U {
  id  Int    @id(clustered: meow)
  a   String @unique(sort: "Desc", length: x)
  b   String @map(1)
  @@index(["a", "b"])
}
"""
    assert found(text) == [
        ("Expected a boolean (`true` or `false`), but found the literal value `meow`.", "meow"),
        ('Expected `Asc` or `Desc`, but found the string value `"Desc"`.', '"Desc"'),
        ("Expected an integer, but found the literal value `x`.", "x"),
        ("Expected a string, but found the numeric value `1`.", "1"),
        ('Expected a field name, but found the string value `"a"`.', '"a"'),
        ('Expected a field name, but found the string value `"b"`.', '"b"'),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            PG + 'model U {\n  id Int @id\n  t String\n  @@unique([t(sort: "Desc")])\n}\n',
            [
                ('Expected `Asc` or `Desc`, but found the string value `"Desc"`.', '"Desc"'),
            ],
            id="sort_given_as_string_inside_index_fields",
        ),
        pytest.param(
            ds("mysql")
            + """
generator c {
  provider        = "prisma-client-js"
  previewFeatures = ["shardKeys"]
}
model U {
  a String @id
  b String
  @@shardKey([a(length: 10), "b"])
}
""",
            [
                (
                    "Expected a field name, but found the functional value `a(length: 10)`.",
                    "a(length: 10)",
                ),
                ('Expected a field name, but found the string value `"b"`.', '"b"'),
            ],
            id="shard_key_fields_are_bare_names",
        ),
    ],
)
def test_field_lists_take_bare_names(text: str, expected: list[tuple[str, ...]]) -> None:
    assert found(text) == expected


# ---------------------------------------------------------------------------
# Rules of single attributes
# ---------------------------------------------------------------------------


def test_updated_at_needs_a_datetime_that_is_not_a_list() -> None:
    text = PG + """
model U {
  id   Int        @id
  a    String     @updatedAt
  b    DateTime[] @updatedAt
  ok   DateTime   @updatedAt
  opt  DateTime?  @updatedAt
}
"""
    assert found(text) == [
        ("`@updatedAt` needs a field of type DateTime, but `a` is of type `String`.", "@updatedAt"),
        ("`@updatedAt` cannot be used on the list field `b`.", "@updatedAt"),
    ]


def test_ignore_on_unsupported_field_and_inside_ignored_model() -> None:
    text = PG + """
model U {
  id  Int @id
  raw Unsupported("circle") @ignore
}
model V {
  id Int    @id
  b  String @ignore
  @@ignore
}
"""
    assert found(text) == [
        ("The field `raw` has an `Unsupported` type, which the client ignores already: remove "
         "`@ignore`.", "@ignore"),
        ("The field `b` does not need `@ignore`: its model `V` is already ignored with "
         "`@@ignore`.", "b  String @ignore"),
    ]


def test_attributes_not_allowed_on_relation_fields() -> None:
    text = PG + """
model A {
  id  Int @id
  bId Int
  b   B   @relation(fields: [bId], references: [id]) @map("x") @default(1) @unique
}
model B {
  id Int @id
  as A[]
}
"""
    assert found(text) == [
        ("The relation field `b` cannot take `@map`: it has no column of its own (map its scalar "
         "fields instead).", '@map("x")'),
        ("The relation field `b` cannot have a default value.", "@default(1)"),
        ("The relation field `b` cannot be marked with `@unique`: only scalar fields can be made "
         "unique. Did you mean to put it on `bId`?", "@unique"),
    ]


def test_composite_type_fields_and_blocks() -> None:
    text = MONGO + """
type Address {
  street String @id
  city   String @unique @ignore
  @@index([street])
}
model U {
  id String  @id @map("_id") @db.ObjectId
  a  Address
}
"""
    assert found(text) == [
        ("A field of a composite type cannot take `@id`.", "street String @id"),
        ("Unknown attribute `@id` here.", "@id"),
        ("A field of a composite type cannot take `@unique`.", "city   String @unique @ignore"),
        ("Unknown attribute `@unique` here.", "@unique"),
        ("Unknown attribute `@ignore` here.", "@ignore"),
        ("An index on a composite type belongs in the model that embeds it.",
         "@@index([street])"),
    ]


def test_no_attribute_check_when_a_type_does_not_resolve() -> None:
    text = PG + "model U {\n  id Int @id @foo\n  x Nope\n}\n"
    assert found(text) == []


# ---------------------------------------------------------------------------
# Schema-wide: MongoDB field names
# ---------------------------------------------------------------------------


def test_mongodb_field_names_cannot_start_with_a_dollar() -> None:
    text = MONGO + """
model U {
  id    String @id @map("_id") @db.ObjectId
  field String @map("$field")
  other String @map("ok$")
}
"""
    assert found(text) == [("MongoDB field names cannot start with `$`.", '@map("$field")')]
