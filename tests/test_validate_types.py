"""Type validation (analysis.validate.types): unknown and missing field types,
type aliases, provider capabilities, views and composite types."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.api import analyze
from analysis.validate.codes import (
    CAPABILITY,
    DUPLICATE,
    INDEX,
    NAME_CONFLICT,
    SYNTAX,
    UNKNOWN_TYPE,
)
from tests.helpers import ds, errors, real_manifest, schema_files

VIEWS = ('generator client {\n  provider        = "prisma-client-js"\n'
         '  previewFeatures = ["views"]\n}\n')


# ---------------------------------------------------------------------------
# Valid schemas
# ---------------------------------------------------------------------------

# Shaped like the real MongoDB schemas of the corpus (nextcrm, airbnb clone):
# ObjectId ids, scalar lists, nested and self-referencing optional composite types.
MONGO_REAL_LIKE = ds("mongodb") + """
enum Status {
  ACTIVE
  INACTIVE
}

type Address {
  street String
  city   String?
  geo    Geo
  parent Address?
  others Address[]
}

type Geo {
  lat Float
  lng Float
}

model Listing {
  id        String   @id @default(auto()) @map("_id") @db.ObjectId
  tags      String[]
  statuses  Status[]
  address   Address
  extra     Json?
  createdAt DateTime @default(now())
}
"""


def test_real_like_mongodb_schema_is_valid() -> None:
    assert errors(MONGO_REAL_LIKE) == []


@pytest.mark.parametrize("provider", ["postgresql", "cockroachdb", "mongodb"])
def test_scalar_lists_where_supported(provider: str) -> None:
    ident = '@map("_id")' if provider == "mongodb" else ""
    text = ds(provider) + f"model A {{\n  id   Int      @id {ident}\n  tags String[]\n}}\n"
    assert errors(text) == []


@pytest.mark.parametrize("provider", ["sqlite", "mysql", "postgresql", "cockroachdb"])
def test_json_and_enums_where_supported(provider: str) -> None:
    text = ds(provider) + ("enum Kind {\n  A\n  B\n}\n"
                           "model A {\n  id   Int  @id\n  data Json\n  kind Kind\n}\n")
    assert errors(text) == []


def test_views_with_the_preview_feature() -> None:
    text = ds("postgresql") + VIEWS + "view Mountain {\n  id  Int\n  val String\n}\n"
    assert errors(text) == []


def test_unsupported_list_on_mysql_is_not_flagged() -> None:
    text = ds("mysql") + 'model A {\n  id Int @id\n  x  Unsupported("point")[]\n}\n'
    assert [f for f in errors(text) if f[0] == CAPABILITY] == []


# ---------------------------------------------------------------------------
# Type resolution
# ---------------------------------------------------------------------------


def test_unknown_types_with_case_suggestions() -> None:
    text = ("model User {\n  id Int @id\n}\nmodel B {\n  id Int @id\n  a  datetime\n"
            "  b  footime\n  c  user\n  d  DB\n}\n" + ds("postgresql"))
    base = ('Unknown type "{}": it is neither a built-in type nor a model, view, enum or '
            "composite type declared in this schema.")
    assert errors(text) == [
        (UNKNOWN_TYPE, base.format("datetime") + ' Did you mean "DateTime"?', "datetime"),
        (UNKNOWN_TYPE, base.format("footime"), "footime"),
        (UNKNOWN_TYPE, base.format("user") + ' Did you mean "User"?', "user"),
        (UNKNOWN_TYPE, base.format("DB"), "DB"),
    ]


def test_unknown_list_and_optional_types_cover_the_type() -> None:
    text = "model A {\n  id Int @id\n  b  Thing[]\n  c  Other?\n}\n"
    assert [covered for _, _, covered in errors(text)] == ["Thing[]", "Other?"]


def test_unknown_types_are_not_reported_after_duplicate_names() -> None:
    text = "model A {\n  id Int @id\n}\nmodel A {\n  id Int @id\n  x Nope\n}\n"
    assert [code for code, _, _ in errors(text)] == [DUPLICATE]


def test_type_alias() -> None:
    text = ('type MyString = String @default("B")\n\n'
            "model A {\n  id  Int      @id\n  val MyString\n}\n")
    assert errors(text) == [
        (SYNTAX, "`type MyString = …` is not valid: Prisma has no type aliases. A `type` block "
         "declares a composite type: `type Name { field Type }` "
         "(https://pris.ly/d/composite-types).", 'type MyString = String @default("B")'),
        (UNKNOWN_TYPE, 'Unknown type "MyString": it is neither a built-in type nor a model, view, '
         'enum or composite type declared in this schema. Did you mean "String"?', "MyString"),
    ]


def test_field_without_type() -> None:
    text = ds("postgresql") + VIEWS + "view Mountain {\n  id Int @unique\n  val\n}\n"
    assert errors(text) == [
        (SYNTAX, "The field `val` has no type: write its type after the name, e.g. "
         "`val String`.", "val"),
    ]


# ---------------------------------------------------------------------------
# Capabilities
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("provider", "name"),
                         [("mysql", "MySQL"), ("sqlite", "SQLite"), ("sqlserver", "SQL Server")])
def test_scalar_and_enum_lists_where_unsupported(provider: str, name: str) -> None:
    text = ds(provider) + ("model Post {\n  id       Int      @id\n  comments String[]\n"
                           "  kinds    Kind[]\n}\n")
    if provider != "sqlserver":
        text += "enum Kind {\n  A\n}\n"
    else:
        text = text.replace("Kind[]", "Int[]")
    listed = "Kind" if provider != "sqlserver" else "Int"
    field = "kinds    Kind[]" if provider != "sqlserver" else "kinds    Int[]"
    assert errors(text) == [
        (CAPABILITY, f'The field "comments" of model "Post" is a list of String, but {name} does '
         "not support lists of scalars or enums.", "comments String[]"),
        (CAPABILITY, f'The field "kinds" of model "Post" is a list of {listed}, but {name} does '
         "not support lists of scalars or enums.", field),
    ]


def test_json_and_enums_on_sql_server() -> None:
    text = ds("sqlserver") + ("model User {\n  id     Int    @id\n  data   Json\n"
                              "  status Status\n}\n\nenum Status {\n  DONE\n}\n")
    assert errors(text) == [
        (CAPABILITY, 'The field "data" of model "User" has the type Json, which SQL Server does '
         "not support.", "data   Json"),
        (CAPABILITY, 'The enum "Status" cannot be used: SQL Server does not support enums.',
         "Status"),
    ]
    assert text[text.index("enum Status") + 5:].startswith("Status")


@pytest.mark.parametrize(("provider", "name"),
                         [("postgresql", "PostgreSQL"), ("mysql", "MySQL"),
                          ("cockroachdb", "CockroachDB"), ("sqlite", "SQLite")])
def test_composite_types_only_on_mongodb(provider: str, name: str) -> None:
    text = ds(provider) + "type Address {\n  street String\n}\n"
    assert errors(text) == [
        (CAPABILITY, f'The composite type "Address" cannot be used: composite types are only '
         f"supported on MongoDB, not on {name}.", "Address"),
    ]


def test_capabilities_wait_for_other_errors() -> None:
    text = ds("mysql") + "model A {\n  id   Int @id\n  tags String[]\n  b    Nope\n}\n"
    assert [code for code, _, _ in errors(text)] == [UNKNOWN_TYPE]


def test_views_need_the_preview_feature() -> None:
    text = ds("postgresql") + "view Mountain {\n  id  Int\n  val String\n}\n"
    assert errors(text) == [
        (CAPABILITY, 'The view "Mountain" needs the `views` preview feature: add '
         '`previewFeatures = ["views"]` to the generator.', "Mountain"),
    ]


# ---------------------------------------------------------------------------
# Composite types on MongoDB
# ---------------------------------------------------------------------------


def test_composite_type_without_fields() -> None:
    text = ds("mongodb") + "type Address {\n  // name String?\n}\n"
    assert errors(text) == [
        (CAPABILITY, 'The composite type "Address" has no fields: a type needs at least one '
         "field.", "Address"),
    ]


def test_required_composite_cycles() -> None:
    text = ds("mongodb") + ("type PostCode {\n  code Int\n}\n"
                            "type Address {\n  name String?\n  city City\n  code PostCode\n}\n"
                            "type City {\n  name         String?\n  worldAddress Address\n}\n"
                            "type Self {\n  next Self\n}\n")
    assert errors(text) == [
        (CAPABILITY, 'The field "city" of composite type "Address" closes a cycle of required '
         "composite fields (City → Address → City), which never ends. Make one of these fields "
         "optional or a list.", "city City"),
        (CAPABILITY, 'The field "worldAddress" of composite type "City" closes a cycle of '
         "required composite fields (Address → City → Address), which never ends. Make one of "
         "these fields optional or a list.", "worldAddress Address"),
        (CAPABILITY, 'The field "next" of composite type "Self" requires a value of its own '
         "type, which never ends. Make the field optional or a list.", "next Self"),
    ]


def test_real_corpus_gives_no_type_errors(corpus: Path) -> None:
    for row in real_manifest(corpus):
        files = schema_files(corpus / "real" / row["dir"])
        analysis = analyze(files, prisma_version=6)
        assert [d for d in analysis.diagnostics if d.is_error and d.code in (
            SYNTAX, UNKNOWN_TYPE, CAPABILITY)] == [], row["dir"]


def test_enum_without_values() -> None:
    text = "enum MyEnum {\n  // A\n  // B\n}\n\nenum Ok {\n  A\n}\n"
    assert errors(text) == [
        (UNKNOWN_TYPE, 'The enum "MyEnum" has no values: an enum needs at least one value.',
         "MyEnum"),
    ]


def test_decimal_on_mongodb() -> None:
    text = ds("mongodb") + ('model A {\n  id    String  @id @map("_id")\n  price Decimal\n'
                            "  rate  Float\n}\n")
    assert errors(text) == [
        (CAPABILITY, 'The field "price" of model "A" has the type Decimal, which MongoDB does not '
         "support.", "price Decimal"),
    ]


def test_views_cannot_have_primary_keys() -> None:
    text = ds("postgresql") + VIEWS + ("view A {\n  id Int @id\n}\n"
                                       "view B {\n  a Int\n  b Int\n\n  @@id([a, b])\n}\n"
                                       "view C {\n  id Int @unique\n}\n")
    assert errors(text) == [
        (INDEX, 'The view "A" cannot have a primary key: a view is not a table. Use `@unique` / '
         "`@@unique` to identify its rows.", "@id"),
        (INDEX, 'The view "B" cannot have a primary key: a view is not a table. Use `@unique` / '
         "`@@unique` to identify its rows.", "@@id([a, b])"),
    ]


def test_schema_wide_name_and_type_findings_do_not_hide_each_other() -> None:
    text = ds("mysql") + ('model Dog {\n  id   Int      @id\n  tags String[]\n\n'
                          '  @@map("pets")\n}\n'
                          'model Cat {\n  id Int @id\n\n  @@map("pets")\n}\n')
    assert [(code, covered) for code, _, covered in errors(text)] == [
        (CAPABILITY, "tags String[]"),
        (NAME_CONFLICT, '@@map("pets")'),
    ]
    assert text.rindex('@@map("pets")') > text.index("model Cat")


def test_close_misspellings_get_a_suggestion() -> None:
    text = ("model Account {\n  id Int @id\n}\n"
            "model B {\n  id Int @id\n  a  Strng\n  b  Acount\n}\n")
    assert [message.split("schema. ")[-1] for _, message, _ in errors(text)] == [
        'Did you mean "String"?',
        'Did you mean "Account"?',
    ]
