"""Native type validation (analysis.validate.native_types)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.validate.codes import NATIVE_TYPE
from analysis.validate.native_type_table import NATIVE_TYPES
from tests.helpers import ds, errors, real_manifest


def found(text: str) -> list[tuple[str, str]]:
    return [(m, covered) for code, m, covered in errors(text) if code == NATIVE_TYPE]


# Every native type the real schemas of the corpus use, per provider, on a
# field of the scalar type they use it with.
REAL_USES = {
    "postgresql": [("String", "VarChar(255)"), ("DateTime", "Timestamptz(6)"), ("String", "Uuid"),
                   ("DateTime", "Timestamp(3)"), ("String", "Text"), ("Decimal", "Decimal(10, 2)"),
                   ("DateTime", "Date"), ("Json", "Json"), ("Int", "Integer"),
                   ("String", "Char(2)"),
                   ("BigInt", "BigInt"), ("String", "Citext"), ("Boolean", "Boolean"),
                   ("Json", "JsonB"), ("Int", "Oid"), ("Bytes", "ByteA"), ("Int", "SmallInt"),
                   ("DateTime", "Time(6)")],
    "mysql": [("String", "VarChar(191)"), ("String", "Text"), ("String", "LongText"),
              ("Int", "UnsignedInt"), ("DateTime", "Timestamp(0)"), ("Decimal", "Decimal(9, 2)"),
              ("DateTime", "Date"), ("String", "Char(36)"), ("Json", "Json"), ("Int", "SmallInt")],
    "mongodb": [("String", "ObjectId"), ("String", "String")],
    "sqlserver": [("String", "VarChar(Max)"), ("String", "NVarChar(1000)"), ("Float", "Money"),
                  ("DateTime", "DateTime2"), ("Boolean", "Bit"), ("String", "UniqueIdentifier"),
                  ("String", "NVarChar(max)")],
    "cockroachdb": [("String", "String(20)"), ("BigInt", "Int8"), ("DateTime", "Timestamptz(3)")],
}


@pytest.mark.parametrize("provider", sorted(REAL_USES))
def test_native_types_used_by_real_schemas_are_accepted(provider: str) -> None:
    id_line = ('  id String @id @map("_id") @db.ObjectId\n' if provider == "mongodb"
               else "  id Int @id\n")
    fields = "".join(f"  f{i} {scalar} @db.{native}\n"
                     for i, (scalar, native) in enumerate(REAL_USES[provider]))
    assert errors(ds(provider) + "model M {\n" + id_line + fields + "}\n") == []


def test_every_real_corpus_native_type_is_in_the_table(corpus: Path) -> None:
    root = corpus / "real"
    providers = {}
    for row in real_manifest(corpus):
        providers[row["dir"]] = "postgresql" if row["provider"] == "postgres" else row["provider"]
    for folder, provider in providers.items():
        for path in (root / folder).rglob("*.prisma"):
            for line in path.read_text().splitlines():
                code = line.split("//", 1)[0]
                for name in re.findall(r"@db\.([A-Za-z0-9]+)", code):
                    assert name in NATIVE_TYPES[provider], (path, name)


def test_mysql_native_types() -> None:
    text = ds("mysql") + """
model N {
  id Int      @id
  a  String   @pg.VarChar(3)
  b  String   @db.Varchar(3)
  c  String   @db.VarChar
  d  String   @db.Text(3)
  e  DateTime @db.TinyInt
  f  Int      @db.TinyInt
  g  Boolean  @db.TinyInt
  h  Bytes    @db.Bit(0)
  i  String   @db.Char(655350)
  j  Decimal  @db.Decimal(2, 4)
  k  String   @db.VarChar(a)
  l  DateTime @db.Timestamp(7)
  m  Decimal  @db.Decimal(10, 2)
  n  Boolean  @db.Bit(2)
  o  Decimal  @db.Decimal(40, 31)
}
"""
    assert found(text) == [
        ("The prefix `pg` is not the name of the datasource: write `@db.VarChar`.",
         "@pg.VarChar(3)"),
        ("The MySQL connector has no native type `Varchar`.", "@db.Varchar(3)"),
        ("The native type `VarChar` takes 1 argument, but 0 are given.", "@db.VarChar"),
        ("The native type `Text` takes 0 arguments, but 1 is given.", "@db.Text(3)"),
        ("The native type `TinyInt` does not fit a field of type `DateTime`: it needs a field of "
         "type Boolean or Int.", "@db.TinyInt"),
        ("`Bit(0)` is out of range for MySQL: the length can range from 1 to 64.", "@db.Bit(0)"),
        ("`Char(655350)` is out of range for MySQL: the length can range from 0 to 255.",
         "@db.Char(655350)"),
        ("`Decimal(2,4)` is out of range for MySQL: the scale must not be larger than the "
         "precision.", "@db.Decimal(2, 4)"),
        ("`VarChar` takes a non-negative integer as arguments, not `(a)`.", "@db.VarChar(a)"),
        ("`Bit(2)` is out of range for MySQL: only `Bit(1)` can be used for a Boolean.",
         "@db.Bit(2)"),
        ("`Decimal(40,31)` is out of range for MySQL: the scale can range from 0 to 30.",
         "@db.Decimal(40, 31)"),
    ]


def test_sql_server_lengths_and_max() -> None:
    text = ds("sqlserver") + """
model N {
  id Int    @id
  a  String @db.NVarChar(4001)
  b  String @db.VarChar(Max)
  c  String @db.NVarChar(2, 3)
  d  Bytes  @db.VarBinary(Max)
  e  Float  @db.Money
  f  Decimal @db.Money
  g  Bytes  @db.VarBinary(8001)
  h  Decimal @db.Decimal(10)
}
"""
    assert found(text) == [
        ("`NVarChar(4001)` is out of range for SQL Server: the length can range from 1 to 4000. "
         "For larger sizes, use `Max`.", "@db.NVarChar(4001)"),
        ("The native type `NVarChar` takes at most 1 argument, but 2 are given.",
         "@db.NVarChar(2, 3)"),
        ("The native type `Money` does not fit a field of type `Decimal`: it needs a field of "
         "type Float.", "@db.Money"),
        ("`VarBinary(8001)` is out of range for SQL Server: the length can range from 1 to 8000. "
         "For larger sizes, use `Max`.", "@db.VarBinary(8001)"),
        ("`Decimal` takes two non-negative integers as arguments, not `(10)`.",
         "@db.Decimal(10)"),
    ]


def test_postgres_precision_argument_count_and_compatibility() -> None:
    text = ds("postgresql") + """
model N {
  id Int      @id
  a  Decimal  @db.Decimal(1001, 3)
  b  String   @db.VarChar(2, 3, 4)
  c  DateTime @db.Timestamptz(6)
  e  Int      @db.Uuid
}
"""
    assert found(text) == [
        ("`Decimal(1001,3)` is out of range for Postgres: the precision must be positive, at "
         "most 1000.", "@db.Decimal(1001, 3)"),
        ("The native type `VarChar` takes at most 1 argument, but 3 are given.",
         "@db.VarChar(2, 3, 4)"),
        ("The native type `Uuid` does not fit a field of type `Int`: it needs a field of type "
         "String.", "@db.Uuid"),
    ]


def test_cockroachdb_negative_precision() -> None:
    text = ds("cockroachdb") + "model N {\n  id Int @id\n  a DateTime @db.Timestamp(-1)\n}\n"
    assert found(text) == [
        ("`Timestamp` takes a non-negative integer as arguments, not `(-1)`.",
         "@db.Timestamp(-1)"),
    ]


def test_mongodb_types_and_case() -> None:
    text = ds("mongodb") + """
model M {
  id String @id @map("_id") @db.ObjectId
  a  BigInt @db.ObjectID
  b  Int    @db.Long
  c  Float  @db.Long
}
"""
    assert found(text) == [
        ("The MongoDB connector has no native type `ObjectID`.", "@db.ObjectID"),
        ("The native type `Long` does not fit a field of type `Float`: it needs a field of type "
         "Int or BigInt.", "@db.Long"),
    ]


def test_sqlite_has_no_native_types() -> None:
    text = ds("sqlite") + "model M {\n  id Int @id\n  a String @db.Text\n}\n"
    assert found(text) == [("The SQLite connector has no native type `Text`.", "@db.Text")]


def test_unsupported_types_that_prisma_supports_natively() -> None:
    text = ds("postgresql") + """
model M {
  id  Int @id
  a   Unsupported("Decimal(10,2)")
  b   Unsupported("Text")
  c   Unsupported("TEXT")
  d   Unsupported("geometry(Point, 4326)")
}
"""
    assert found(text) == [
        ('Prisma supports `Unsupported("Decimal(10,2)")` as a native type: write the field as '
         "`Decimal @db.Decimal(10,2)` instead.", 'a   Unsupported("Decimal(10,2)")'),
        ('Prisma supports `Unsupported("Text")` as a native type: write the field as '
         "`String @db.Text` instead.", 'b   Unsupported("Text")'),
    ]


def test_native_types_are_not_checked_while_something_else_is_wrong() -> None:
    text = ds("postgresql") + "model M {\n  id Int @id @foo\n  a Int @db.Uuid\n}\n"
    assert found(text) == []
