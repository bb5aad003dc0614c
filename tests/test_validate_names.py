"""Name validation (analysis.validate.names): duplicate, reserved and malformed
names, columns/tables/enums/constraints sharing a database name, `@@schema`."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.api import analyze
from analysis.text import SourceFile
from analysis.validate.codes import CAPABILITY, DUPLICATE, NAME_CONFLICT
from tests.helpers import Finding, analyze_text, ds, errors, real_manifest, schema_files

PG = ds("postgresql")


# ---------------------------------------------------------------------------
# Valid schemas
# ---------------------------------------------------------------------------

# Shaped like the real multi-schema PostgreSQL schemas of the corpus (bilan-carbone):
# mapped tables and columns, enums per schema, named constraints.
REAL_LIKE = ds("postgresql", '  schemas  = ["common", "app"]\n') + """
enum Role {
  ADMIN  @map("admin")
  MEMBER @map("member")

  @@map("role")
  @@schema("common")
}

enum AppRole {
  OWNER

  @@map("role")
  @@schema("app")
}

model User {
  id        String   @id @default(uuid())
  email     String   @unique(map: "user_email_key")
  name      String   @map("name")
  firstName String   @map("first_name")
  role      Role
  createdAt DateTime @default(now()) @map("created_at")
  posts     Post[]

  @@index([createdAt])
  @@map("users")
  @@schema("common")
}

model Post {
  id       String @id @default(uuid())
  title    String
  authorId String @map("author_id")
  author   User   @relation(fields: [authorId], references: [id])

  @@unique([authorId, title])
  @@index([authorId])
  @@map("users")
  @@schema("app")
}
"""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(REAL_LIKE, id="real_like_schema_is_valid"),
        pytest.param(
            PG + 'model User {\n  id   Int    @id\n  name String @map("name")\n}\n',
            id="field_mapped_to_its_own_name_is_valid",
        ),
        pytest.param(
            PG + 'model User {\n  id Int @id\n  a  Int @map("b")\n  b  Int @map("a")\n}\n',
            id="swapped_column_names_are_valid",
        ),
        pytest.param(
            ds("mysql")
            + (
                'model A {\n  id Int @id\n  x  Int\n\n  @@index([x], map: "by_x")\n}\n'
                'model B {\n  id Int @id\n  x  Int\n\n  @@index([x], map: "by_x")\n}\n'
            ),
            id="same_index_names_in_different_tables_on_mysql_are_valid",
        ),
        pytest.param(
            PG + "model Ünïcode {\n  id Int @id\n  x_1 Int\n  größe Int\n}\n",
            id="non_ascii_and_underscore_names_are_valid",
        ),
    ],
)
def test_valid_names(text: str) -> None:
    assert errors(text) == []


# ---------------------------------------------------------------------------
# Duplicates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("model", "model", 'The model "User" cannot be defined because a model with that name '
         "already exists."),
        ("enum", "model", 'The model "User" cannot be defined because an enum with that name '
         "already exists."),
        ("model", "view", 'The view "User" cannot be defined because a model with that name '
         "already exists."),
        ("type", "enum", 'The enum "User" cannot be defined because a composite type with that '
         "name already exists."),
    ],
)
def test_duplicate_blocks(first: str, second: str, message: str) -> None:
    body = {"model": "{\n  id Int @id\n}\n", "view": "{\n  id Int @unique\n}\n",
            "enum": "{\n  A\n}\n", "type": "{\n  a Int\n}\n"}
    text = f"{first} User {body[first]}\n{second} User {body[second]}"
    analysis = analyze_text(text)
    first_error = next(d for d in analysis.diagnostics if d.is_error)
    assert (first_error.code, first_error.message) == (DUPLICATE, message)
    assert (first_error.start, first_error.end) == (text.rindex("User"), text.rindex("User") + 4)


def test_duplicate_fields_and_enum_values() -> None:
    text = PG + ('model User {\n  id   Int @id\n  name String\n  name Int\n}\n'
                 'type Address {\n  street String\n  street String\n}\n'
                 'enum Role {\n  Admin\n  Moderator\n  Moderator\n}\n')
    found = [f for f in errors(text) if f[0] == DUPLICATE]
    assert found == [
        (DUPLICATE, 'Field "name" is already defined on model "User".', "name"),
        (DUPLICATE, 'Field "street" is already defined on composite type "Address".', "street"),
        (DUPLICATE, 'Value "Moderator" is already defined on enum "Role".', "Moderator"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            PG + "view Cat {\n  id Int @unique\n  id Int\n}\n",
            [
                (DUPLICATE, 'Field "id" is already defined on view "Cat".', "id"),
            ],
            id="duplicate_field_in_view",
        ),
        pytest.param(
            "enum String {\n  A\n}\n\nenum PrismaClient {\n  one\n}\n\n"
            "model class {\n  id Int @id\n}\n",
            [
                (
                    DUPLICATE,
                    '"String" is the name of a scalar type and cannot be used as the name of an '
                    "enum.",
                    "String",
                ),
                (
                    DUPLICATE,
                    "The enum name `PrismaClient` is reserved by Prisma Client: choose another "
                    "name.",
                    "PrismaClient",
                ),
                (
                    DUPLICATE,
                    "The model name `class` is reserved by Prisma Client: choose another name "
                    "(https://pris.ly/d/naming-models).",
                    "class",
                ),
            ],
            id="reserved_names",
        ),
        pytest.param(
            "enum Role {\n  A-dmin\n  User\n}\n\nmodel A {\n  id  Int @id\n  1st Int\n}\n",
            [
                (
                    DUPLICATE,
                    "The enum value name `A-dmin` contains `-`, which is not allowed in names: "
                    "use `_` or camelCase instead.",
                    "A-dmin",
                ),
                (
                    DUPLICATE,
                    "The field name `1st` starts with a digit: names must start with a letter.",
                    "1st",
                ),
            ],
            id="malformed_names",
        ),
    ],
)
def test_malformed_or_duplicate_names(text: str, expected: list[tuple[str, ...]]) -> None:
    assert errors(text) == expected


# ---------------------------------------------------------------------------
# Columns, tables, enums
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            PG
            + (
                "model User {\n  id Int @id\n  firstName String\n"
                '  otherName String @map("firstName")\n}\n'
            ),
            [
                (
                    NAME_CONFLICT,
                    'Field "otherName" is mapped to the column "firstName", which is the '
                    'column of the field "firstName" of model "User": each field needs its own '
                    "column.",
                    'otherName String @map("firstName")',
                ),
            ],
            id="field_mapped_to_the_column_of_another_field",
        ),
        pytest.param(
            PG
            + (
                'model User {\n  id Int @id\n  firstName String @map("thename")\n'
                '  lastName String @map("thename")\n}\n'
            ),
            [
                (
                    NAME_CONFLICT,
                    'Field "lastName" is mapped to the column "thename", like the field '
                    '"firstName" of model "User": each field needs its own column.',
                    'lastName String @map("thename")',
                ),
            ],
            id="two_fields_mapped_to_the_same_column",
        ),
    ],
)
def test_two_fields_on_one_column(text: str, expected: list[tuple[str, ...]]) -> None:
    assert errors(text) == expected


def test_models_mapped_to_the_same_table() -> None:
    text = ds("sqlite") + ('model Dog {\n  id Int @id\n\n  @@map("pets")\n}\n'
                           'model Cat {\n  id Int @id\n\n  @@map("pets")\n}\n')
    assert errors(text) == [
        (NAME_CONFLICT, 'The model "Cat" is mapped to the table "pets", which is already the '
         'table of the model "Dog": each model needs its own table.', '@@map("pets")'),
    ]
    assert text.rindex('@@map("pets")') > text.index("model Cat")


def test_model_mapped_to_the_name_of_an_earlier_model() -> None:
    text = ds("sqlite") + ('model pets {\n  id Int @id\n}\n'
                           'model Cat {\n  id Int @id\n\n  @@map("pets")\n}\n')
    assert [c for c, _, _ in errors(text)] == [NAME_CONFLICT]


def test_enums_with_the_same_database_name() -> None:
    text = PG + 'enum A {\n  X\n\n  @@map("kind")\n}\nenum B {\n  Y\n\n  @@map("kind")\n}\n'
    assert errors(text) == [
        (NAME_CONFLICT, 'The enum "B" has the database name "kind", like the enum "A": each enum '
         "needs its own database name.", "B"),
    ]


# ---------------------------------------------------------------------------
# Constraint names
# ---------------------------------------------------------------------------


def test_generated_unique_names_clash() -> None:
    text = PG + ('model User {\n  id    Int    @id\n  email String\n  name  String\n\n'
                 '  @@unique([email, name])\n  @@unique([email, name])\n}\n')
    message = ("The constraint name `User_email_name_key` is used more than once: it must be "
               "unique among the primary keys, indexes and unique constraints of the database "
               "schema. Give the constraints different names with the `map` argument.")
    assert errors(text) == [
        (NAME_CONFLICT, message, "@@unique([email, name])"),
        (NAME_CONFLICT, message, "@@unique([email, name])"),
    ]


@pytest.mark.parametrize(
    ("provider", "scope"),
    [("postgres", "primary keys, indexes and unique constraints of the database schema"),
     ("sqlite", "indexes and unique constraints of the database")],
)
def test_index_names_are_global(provider: str, scope: str) -> None:
    text = ds(provider) + (
        'model User {\n  id Int @id\n\n  @@index([id], name: "metaId")\n}\n'
        'model Post {\n  id Int @id\n\n  @@index([id], map: "metaId")\n}\n')
    message = (f"The constraint name `metaId` is used more than once: it must be unique among "
               f"the {scope}. Give the constraints different names with the `map` argument.")
    assert errors(text) == [
        (NAME_CONFLICT, message, '@@index([id], name: "metaId")'),
        (NAME_CONFLICT, message, 'map: "metaId"'),
    ]


def test_no_constraint_clash_reported_for_models_sharing_a_table() -> None:
    text = PG + ('model User {\n  id String @id\n\n  @@map("t")\n}\n'
                 'model Post {\n  id String @id\n\n  @@map("t")\n}\n')
    assert [c for c, _, _ in errors(text)] == [NAME_CONFLICT]


# ---------------------------------------------------------------------------
# @@schema
# ---------------------------------------------------------------------------


def test_missing_schema_attributes() -> None:
    text = ds("postgresql", '  schemas = ["public", "auth"]\n') + (
        "model Test {\n  id Int @id\n}\n"
        'model Test2 {\n  id Int @id\n  @@schema("public")\n}\n'
        "enum UserType {\n  A\n}\n")
    assert errors(text) == [
        (NAME_CONFLICT, 'The model "Test" has no `@@schema` attribute: with `schemas` in the '
         "datasource, every model, view and enum must say which database schema it belongs to.",
         "Test"),
        (NAME_CONFLICT, 'The enum "UserType" has no `@@schema` attribute: with `schemas` in the '
         "datasource, every model, view and enum must say which database schema it belongs to.",
         "UserType"),
    ]


def test_undeclared_schema() -> None:
    text = PG + 'model Test {\n  id Int @id\n\n  @@schema("public")\n}\n'
    assert errors(text) == [
        (NAME_CONFLICT, 'The database schema "public" is not declared: the datasource has no '
         "`schemas` property (https://pris.ly/d/multi-schema).", '"public"'),
    ]
    listed = ds("postgresql", '  schemas = ["a"]\n') + (
        'model Test {\n  id Int @id\n\n  @@schema("b")\n}\n')
    assert errors(listed) == [
        (NAME_CONFLICT, 'The database schema "b" is not declared: the datasource does not list '
         "it in `schemas` (https://pris.ly/d/multi-schema).", '"b"'),
    ]


def test_schema_attribute_on_a_provider_without_schemas() -> None:
    text = ds("sqlite") + 'model Test {\n  id Int @id\n\n  @@schema("main")\n}\n'
    assert errors(text) == [
        (CAPABILITY, "`@@schema` is not supported by SQLite: remove it.", '@@schema("main")'),
    ]


def test_real_corpus_gives_no_name_errors(corpus: Path) -> None:
    for row in real_manifest(corpus):
        if not row["psl_6.19.0"].startswith("ok"):
            continue
        files = schema_files(corpus / "real" / row["dir"])
        analysis = analyze(files, prisma_version=6)
        assert [d for d in analysis.diagnostics
                if d.is_error and d.code in (DUPLICATE, NAME_CONFLICT)] == [], row["dir"]


def conflicts(text: str) -> list[Finding]:
    return [f for f in errors(text) if f[0] == NAME_CONFLICT]


def test_sql_server_default_and_foreign_key_names_share_the_primary_key_namespace() -> None:
    text = ds("sqlserver") + (
        "model A {\n  id  Int    @id\n  a   String @default(\"x\", map: \"reserved\")\n"
        "  b   B      @relation(fields: [bId], references: [id], map: \"reserved\")\n"
        "  bId Int\n}\n"
        "model B {\n  id Int @id(map: \"B_key\")\n  as A[]\n}\n"
        "model C {\n  id Int    @id\n  c  String @default(\"y\", map: \"B_key\")\n}\n")
    message = ("The constraint name `{}` is used more than once: it must be unique among the "
               "primary keys, foreign keys and default constraints of the database schema. Give "
               "the constraints different names with the `map` argument.")
    assert conflicts(text) == [
        (NAME_CONFLICT, message.format("reserved"), 'map: "reserved"'),
        (NAME_CONFLICT, message.format("reserved"), 'map: "reserved"'),
        (NAME_CONFLICT, message.format("B_key"), 'map: "B_key"'),
        (NAME_CONFLICT, message.format("B_key"), 'map: "B_key"'),
    ]


def test_sql_server_distinct_constraint_names_are_valid() -> None:
    text = ds("sqlserver") + (
        "model A {\n  id  Int    @id\n  a   String @default(\"x\", map: \"DF_a\")\n"
        "  b   B      @relation(fields: [bId], references: [id], map: \"FK_b\")\n"
        "  bId Int\n}\n"
        "model B {\n  id Int @id(map: \"PK_B\")\n  as A[]\n}\n")
    assert errors(text) == []


LIKE = """
model User {
  id    Int    @id
  likes Like[] @relation("book")
  other Like[] @relation("comment")
}

model Like {
  id      Int  @id
  bookId  Int
  book    User @relation("book", fields: [bookId], references: [id])
  comment User @relation("comment", fields: [bookId], references: [id]MAP)
}
"""


def test_two_relations_on_the_same_foreign_key_fields() -> None:
    text = PG + LIKE.replace("MAP", "")
    message = ("The constraint name `Like_bookId_fkey` is used more than once: it must be unique "
               "among the primary key, indexes, unique constraints and foreign keys of the "
               "table. Give the constraints different names with the `map` argument.")
    assert conflicts(text) == [
        (NAME_CONFLICT, message, '@relation("book", fields: [bookId], references: [id])'),
        (NAME_CONFLICT, message, '@relation("comment", fields: [bookId], references: [id])'),
    ]


def test_mysql_foreign_key_names_are_global() -> None:
    text = ds("mysql") + (
        "model User {\n  id Int @id\n  a  A[]\n  b  B[]\n}\n"
        'model A {\n  id Int @id\n  uId Int\n  u User @relation(fields: [uId], references: [id], '
        'map: "fk_user")\n}\n'
        'model B {\n  id Int @id\n  uId Int\n  u User @relation(fields: [uId], references: [id], '
        'map: "fk_user")\n}\n')
    message = ("The constraint name `fk_user` is used more than once: it must be unique among "
               "the foreign keys of the database. Give the constraints different names with the "
               "`map` argument.")
    assert conflicts(text) == [
        (NAME_CONFLICT, message, 'map: "fk_user"'),
        (NAME_CONFLICT, message, 'map: "fk_user"'),
    ]


def test_index_named_like_a_foreign_key_of_its_table() -> None:
    text = PG + (
        "model User {\n  id    Int    @id\n  likes Like[]\n}\n"
        "model Like {\n  id     Int  @id\n  userId Int\n"
        "  user   User @relation(fields: [userId], references: [id])\n\n"
        '  @@index([userId], map: "Like_userId_fkey")\n}\n')
    message = ("The constraint name `Like_userId_fkey` is used more than once: it must be "
               "unique among the primary key, indexes, unique constraints and foreign keys of the "
               "table. Give the constraints different names with the `map` argument.")
    assert conflicts(text) == [
        (NAME_CONFLICT, message, "@relation(fields: [userId], references: [id])"),
        (NAME_CONFLICT, message, 'map: "Like_userId_fkey"'),
    ]


def test_foreign_keys_named_apart_or_emulated_are_valid() -> None:
    assert errors(PG + LIKE.replace("MAP", ', map: "Like_comment_fkey"')) == []
    emulated = ds("postgresql", '  relationMode = "prisma"\n') + LIKE.replace(
        "MAP)", ')\n\n  @@index([bookId], map: "Like_bookId_fkey")')
    assert conflicts(emulated) == []


def test_compound_names_unique_per_model() -> None:
    text = PG + ("model User {\n  a Int\n  b Int\n  c Int\n\n"
                 '  @@id([a, b], name: "key")\n  @@unique([b, c], name: "key")\n'
                 '  @@unique([a, c], name: "other")\n}\n'
                 'model Post {\n  a Int\n  b Int\n\n  @@id([a, b], name: "key")\n}\n')
    message = ('The name `key` is given to more than one id or unique constraint of model "User": '
               "each needs its own `name`.")
    assert errors(text) == [
        (NAME_CONFLICT, message, 'name: "key"'),
        (NAME_CONFLICT, message, 'name: "key"'),
    ]


def test_names_starting_with_cjk_numeral_letters_are_valid() -> None:
    # `一` is a letter (Lo) although Python's str.isnumeric() says otherwise.
    assert errors(PG + "model 一覧 {\n  id Int @id\n  二番 Int\n}\n") == []


def test_composite_type_fields_mapped_to_the_same_document_field() -> None:
    text = ds("mongodb") + ('type Address {\n  street String\n  road   String @map("street")\n'
                            '  a      Int    @map("x")\n  b      Int    @map("x")\n'
                            '  c      Int    @map("c")\n}\n')
    assert errors(text) == [
        (NAME_CONFLICT, 'Field "road" is mapped to the document field "street", which is the '
         'document field of the field "street" of composite type "Address": each field needs its '
         "own document field.", 'road   String @map("street")'),
        (NAME_CONFLICT, 'Field "b" is mapped to the document field "x", like the field "a" of '
         'composite type "Address": each field needs its own document field.',
         'b      Int    @map("x")'),
    ]


def test_duplicate_model_across_files_points_at_the_first_declaration() -> None:
    first = PG + "model User {\n  id Int @id\n}\n"
    second = "model User {\n  id Int @id\n}\n"
    analysis = analyze([SourceFile("a.prisma", first), SourceFile("b.prisma", second)],
                       prisma_version=6)
    [diag] = [d for d in analysis.diagnostics if d.is_error]
    assert (diag.code, diag.path, second[diag.start : diag.end]) == (DUPLICATE, "b.prisma", "User")
    assert diag.message == ('The model "User" cannot be defined because a model with that name '
                            "already exists.")
    [related] = diag.related
    assert related.path == "a.prisma"
    assert first[related.start : related.end] == "User"
