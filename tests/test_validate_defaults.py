"""Default value validation (analysis.validate.defaults)."""

from __future__ import annotations

from analysis.validate.codes import CAPABILITY, DEFAULT
from tests.helpers import ds, errors

PG = ds("postgresql")


def test_valid_defaults_of_every_kind() -> None:
    text = PG + """
enum Color {
  RED
  GREEN
}
model T {
  id        Int        @id @default(autoincrement())
  big       BigInt     @default(-9223372036854775808)
  ratio     Float      @default(0.5)
  price     Decimal    @default("121.10299000124800000001")
  price2    Decimal    @default(3.14)
  flag      Boolean    @default(false)
  blob      Bytes      @default("aGVsbG8gd29ybGQ=")
  data      Json       @default("{ \\"a\\": [\\"b\\"] }")
  at        DateTime   @default("2019-06-17T14:20:57+02:00")
  now       DateTime   @default(now())
  u4        String     @default(uuid())
  u7        String     @default(uuid(7))
  c2        String     @default(cuid(2))
  c         String     @default(cuid())
  n         String     @default(nanoid(16))
  l         String     @default(ulid())
  g         String     @default(dbgenerated("gen_random_uuid()"))
  gen       Int        @default(dbgenerated())
  color     Color      @default(GREEN)
  colors    Color[]    @default([RED, GREEN])
  none      Color[]    @default([])
  ints      Int[]      @default([0, 1, 1, 2])
  dates     DateTime[] @default(["2019-06-17T14:20:57Z"])
  decs      Decimal[]  @default(["0.4", "-68.0"])
  raw       Unsupported("circle") @default(dbgenerated("circle '((0,0),1)'"))
}
"""
    assert errors(text) == []


def test_value_shape_against_the_field_type() -> None:
    text = PG + """
enum Color {
  RED
}
model T {
  id Int      @id
  b  BigInt   @default("1")
  c  Boolean  @default(yes)
  m  Color    @default(BLUE)
  n  Color[]  @default([RED, BLUE])
  o  String[] @default("x")
  p  String   @default(["x"])
  v  String[] @default(["a", 1])
  u  Unsupported("circle") @default(1)
}
"""
    assert errors(text) == [
        (DEFAULT, 'The default of a BigInt field must be a BigInt value, not `"1"`.',
         '@default("1")'),
        (DEFAULT, "A Boolean default must be `true` or `false`.", "yes"),
        (DEFAULT, "`BLUE` is not a value of the enum `Color`.", "@default(BLUE)"),
        (DEFAULT, "`BLUE` is not a value of the enum `Color`.", "@default([RED, BLUE])"),
        (DEFAULT, "The default of a list field must be a list (`[…]`).", '@default("x")'),
        (DEFAULT, "The default of a field that is not a list cannot be a list.",
         '@default(["x"])'),
        (DEFAULT, "The default of a String field must be a String value, not `1`.",
         '@default(["a", 1])'),
        (DEFAULT, 'A field of an `Unsupported` type can only have `@default(dbgenerated("…"))`.',
         "@default(1)"),
    ]


def test_functions_and_their_arguments() -> None:
    text = PG + """
model T {
  id Int      @id @default(autoincrement(1))
  h  String   @default(now())
  i  String   @default(uuid(5))
  j  String   @default(cuid(3))
  k  String   @default(nanoid(1))
  l  String   @default(ulid(1))
  q  String   @default(dbgenerated(""))
  w  Int      @default(dbgenerated(5))
}
"""
    assert errors(text) == [
        (DEFAULT, "`autoincrement()` takes no argument: write `autoincrement()`.",
         "@default(autoincrement(1))"),
        (DEFAULT, "`now()` cannot be the default of a field of type `String`.",
         "@default(now())"),
        (DEFAULT, "`uuid()` takes no argument or a version number: 4 or 7.",
         "@default(uuid(5))"),
        (DEFAULT, "`cuid()` takes no argument or a version number: 1 or 2.",
         "@default(cuid(3))"),
        (DEFAULT, "`nanoid()` takes no argument or a length between 2 and 255.",
         "@default(nanoid(1))"),
        (DEFAULT, "`ulid()` takes no argument: write `ulid()`.", "@default(ulid(1))"),
        (DEFAULT, "`dbgenerated()` takes no argument or a non-empty string: remove the empty "
         "string.", '@default(dbgenerated(""))'),
        (DEFAULT, "`dbgenerated()` takes a single string argument.",
         "@default(dbgenerated(5))"),
    ]


def test_value_contents_when_the_schema_is_otherwise_valid() -> None:
    text = PG + """
model T {
  id Int        @id
  a  Int        @default(3.14)
  d  Bytes      @default("not base64")
  e  Json       @default("not json")
  f  DateTime   @default("Hugo")
  g  Decimal    @default("1.x")
  s  DateTime   @default(unknown())
  t  String     @default(auto())
  u  String     @default("x", map: "named")
  v  DateTime[] @default(["2019-06-17T14:20:57Z", "2020-09-*1T20:00:00+02:00"])
}
"""
    assert errors(text) == [
        (DEFAULT, "`3.14` is not a valid integer.", "3.14"),
        (DEFAULT, '"not base64" is not a valid base64 string.', '"not base64"'),
        (DEFAULT, '"not json" is not valid JSON.', '"not json"'),
        (DEFAULT, '"Hugo" is not an RFC 3339 date-time (like "2024-01-31T12:00:00Z").',
         '"Hugo"'),
        (DEFAULT, '"1.x" is not a valid decimal number.', '"1.x"'),
        (DEFAULT, "Unknown function `unknown` in `@default()`. The available functions are "
         "listed at https://pris.ly/d/attribute-functions", "unknown()"),
        (CAPABILITY, "`auto()` is only available with MongoDB.", "auto()"),
        (CAPABILITY, "Only SQL Server names default constraints: remove `map:` from "
         "`@default`.", '@default("x", map: "named")'),
        (DEFAULT, '"2020-09-*1T20:00:00+02:00" is not an RFC 3339 date-time (like '
         '"2024-01-31T12:00:00Z").', '"2020-09-*1T20:00:00+02:00"'),
    ]


def test_contents_are_not_checked_when_the_shape_is_wrong() -> None:
    # Prisma stops before its schema-wide checks: only the shape error shows.
    text = PG + """
model T {
  id Int      @id
  a  Int      @default(3.14)
  b  String[] @default(["a", 1])
}
"""
    assert errors(text) == [
        (DEFAULT, "The default of a String field must be a String value, not `1`.",
         '@default(["a", 1])'),
    ]


def test_relation_and_composite_fields_take_no_default() -> None:
    text = ds("mongodb") + """
type Address {
  street String
  id     String @default(auto()) @db.ObjectId
}
model U {
  id      String  @id @map("_id") @default(auto()) @db.ObjectId
  address Address @default("{}")
}
"""
    assert errors(text) == [
        (DEFAULT, "`auto()` cannot be used on fields of composite types.", "@default(auto())"),
        (DEFAULT, "The field `address` has a composite type, and composite fields cannot have a "
         "default: remove `@default`.", '@default("{}")'),
    ]


def test_mongodb_rules() -> None:
    text = ds("mongodb") + """
model U {
  id    String @id @map("_id") @default(auto()) @db.ObjectId
  n     Int    @default(autoincrement())
  nick  String @default(auto()) @db.ObjectId
  g     String @default(dbgenerated("x"))
}
"""
    assert errors(text) == [
        (CAPABILITY, "MongoDB does not support `autoincrement()`.", "@default(autoincrement())"),
        (CAPABILITY, "With MongoDB, a field with `@default(auto())` must be the `@id`.",
         "nick  String @default(auto()) @db.ObjectId"),
        (CAPABILITY, "MongoDB has no `dbgenerated()`: use `auto()` instead.",
         'g     String @default(dbgenerated("x"))'),
    ]


def test_mysql_allows_one_indexed_autoincrement() -> None:
    text = ds("mysql") + """
model M {
  id Int @id
  a  Int @default(autoincrement()) @unique
  b  Int @default(autoincrement())
}
"""
    model = text[text.index("model M") :].rstrip("\n")
    assert errors(text) == [
        (CAPABILITY, "MySQL allows only one `autoincrement()` column per table, but this model "
         "has 2.", model),
        (CAPABILITY, "MySQL needs an `autoincrement()` column to be indexed: add `@id`, "
         "`@unique` or an index starting with it.", "b  Int @default(autoincrement())"),
    ]


def test_sqlite_autoincrement_only_on_the_id() -> None:
    text = ds("sqlite") + """
model M {
  id Int @id @default(autoincrement())
  n  Int @default(autoincrement()) @unique
}
"""
    assert errors(text) == [
        (CAPABILITY, "SQLite supports `autoincrement()` only on the `@id` field.",
         "n  Int @default(autoincrement()) @unique"),
    ]


def test_sequence_is_a_cockroachdb_function() -> None:
    crdb = ds("cockroachdb") + """
model C {
  id Int @id @default(sequence(virtual: true, cache: 10, increment: 3, minValue: 10, start: 12))
  a  Int @default(sequence(cache: true))
  b  Int @default(sequence(toppings: "cheese"))
}
"""
    assert errors(crdb) == [
        (DEFAULT, "Expected a number, but found the literal value `true`.", "true"),
        (DEFAULT, "`sequence()` has no such argument.", 'toppings: "cheese"'),
    ]
    pg = PG + "model C {\n  id Int @id @default(sequence())\n}\n"
    assert errors(pg) == [
        (DEFAULT, "Unknown function `sequence` in `@default()`. The available functions are "
         "listed at https://pris.ly/d/attribute-functions", "sequence()"),
    ]


def test_cockroachdb_autoincrement_needs_a_bigint() -> None:
    text = ds("cockroachdb") + """
model C {
  id Int    @id @default(autoincrement())
  b  BigInt @default(autoincrement()) @unique
}
"""
    assert errors(text) == [
        (CAPABILITY, "On CockroachDB, `autoincrement()` is only for BigInt fields: make the field "
         "a BigInt, or use `sequence()` for an Int.", "@default(autoincrement())"),
    ]
