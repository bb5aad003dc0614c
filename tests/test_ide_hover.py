"""Hover: the exact markdown and range for models, fields, relations, enums,
diagnostics (one and several), across files and after non-ASCII text."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from analysis.check import CheckResult, run_check
from analysis.config import LoadedSettings, Settings
from analysis.ide.db_types import DEFAULT_TYPES, default_type
from analysis.ide.hover import HoverInfo, hover
from analysis.ide.links import rule_url
from analysis.rules import all_rules
from analysis.text import SourceFile

PATH = "schema.prisma"

POSTGRES = """datasource db {
  provider = "postgresql"
}

/// Someone who signs in. 😀
model User {
  id     Int      @id @default(autoincrement())
  email  String   @unique @db.VarChar(320)
  tags   String[]
  role   Role     @default(MEMBER)
  posts  Post[]   @relation("written")
  edits  Post[]   @relation("edited")

  @@map("users")
}

model Post {
  id       Int    @id
  authorId Int
  editorId Int?
  author   User   @relation("written", fields: [authorId], references: [id])
  editor   User?  @relation("edited", fields: [editorId], references: [id], onUpdate: NoAction)
  title    String

  @@unique([authorId, title], map: "post_author_title")
  @@index([editorId, title(sort: Desc)])
}

enum Role {
  MEMBER
  ADMIN  @map("admin")
}
"""

MYSQL = """datasource db {
  provider = "mysql"
}

model Account {
  id       Int       @id @default(autoincrement())
  handle   String
  active   Boolean   @default(true)
  kind     Kind
  balance  Decimal
  joinedAt DateTime  @db.Date
  ownerId  Int
  owner    Account   @relation("owns", fields: [ownerId], references: [id])
  owned    Account[] @relation("owns")
}

enum Kind {
  PERSON
  COMPANY @map("company")
}
"""


def check(files: dict[str, str], select: Sequence[str] = ()) -> CheckResult:
    loaded = LoadedSettings(Settings(select=list(select)), None, ())
    return run_check([SourceFile(p, t) for p, t in files.items()], loaded)


def at(text: str, marked: str) -> int:
    """The offset of `|` in ``marked``, a snippet found once in ``text``."""
    plain = marked.replace("|", "")
    assert text.count(plain) == 1, plain
    return text.index(plain) + marked.index("|")


def hover_at(
    files: dict[str, str] | str, marked: str, path: str = PATH, select: Sequence[str] = ()
) -> tuple[str, str]:
    """(the text of the hover's range, its markdown) at the `|` of ``marked``."""
    if isinstance(files, str):
        files = {PATH: files}
    info = hover(check(files, select), path, at(files[path], marked))
    assert info is not None
    assert info.path == path
    return files[path][info.start : info.end], info.markdown


def lines(*parts: str) -> str:
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# Fields: column, database type per provider, keys and indexes
# ---------------------------------------------------------------------------


def test_postgresql_field_with_native_type_and_unique() -> None:
    assert hover_at(POSTGRES, "em|ail  String") == ("email", lines(
        "```prisma",
        "email String @unique @db.VarChar(320)",
        "```",
        "___",
        "- **column** `email` of table `users`",
        "- **database type** `@db.VarChar(320)` (native type)",
        "- **unique** `(email)` — `users_email_key`, position 1 of 1",
    ))


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("ta|gs   String[]", "- **database type** `text[]` (default for `String` on PostgreSQL)"),
        ("rol|e   Role", "- **database type** `Role` (enum `Role`)"),
        ("titl|e    String", "- **database type** `text` (default for `String` on PostgreSQL)"),
        ("  i|d     Int      @id @default", "- **database type** `serial` (`integer` numbered by "
         "a sequence: `@default(autoincrement())`)"),
    ],
)
def test_postgresql_default_types(marked: str, expected: str) -> None:
    _, markdown = hover_at(POSTGRES, marked)
    assert markdown.split("\n")[5] == expected


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("han|dle", "- **database type** `varchar(191)` (default for `String` on MySQL)"),
        ("act|ive", "- **database type** `tinyint(1)` (default for `Boolean` on MySQL)"),
        ("kin|d ", "- **database type** `enum('PERSON','company')` (enum `Kind`)"),
        ("bal|ance", "- **database type** `decimal(65,30)` (default for `Decimal` on MySQL)"),
        ("joined|At", "- **database type** `@db.Date` (native type)"),
    ],
)
def test_mysql_types(marked: str, expected: str) -> None:
    _, markdown = hover_at(MYSQL, marked)
    assert markdown.split("\n")[5] == expected


def test_field_in_a_compound_index_and_foreign_key() -> None:
    assert hover_at(POSTGRES, "editor|Id Int?") == ("editorId", lines(
        "```prisma",
        "editorId Int?",
        "```",
        "___",
        "- **column** `editorId` of table `Post`",
        "- **database type** `integer` (default for `Int` on PostgreSQL)",
        "- **index** `(editorId, title(sort: Desc))` — `Post_editorId_title_idx`, position 1 of 2",
        "- **foreign key** of `editor`: `editorId` → `User.id`",
    ))
    _, markdown = hover_at(POSTGRES, "ti|tle    String")
    assert markdown.split("\n")[6:] == [
        "- **unique** `(authorId, title)` — `post_author_title`, position 2 of 2",
        "- **index** `(editorId, title(sort: Desc))` — `Post_editorId_title_idx`, position 2 of 2",
    ]


def test_default_type_table() -> None:
    assert default_type("postgresql", "String") == "text"
    assert default_type("mysql", "String") == "varchar(191)"
    assert default_type("sqlite", "String") == "TEXT"
    assert default_type("sqlserver", "String") == "nvarchar(1000)"
    assert default_type("postgresql", "DateTime") == "timestamp(3)"
    assert default_type("sqlserver", "Json") is None
    assert default_type("mongodb", "Decimal") is None
    assert default_type(None, "String") is None
    assert set(DEFAULT_TYPES) == {
        "postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver", "mongodb"}


# ---------------------------------------------------------------------------
# Relations
# ---------------------------------------------------------------------------


def test_relation_field_with_default_actions() -> None:
    assert hover_at(POSTGRES, "aut|hor   User") == ("author", lines(
        "```prisma",
        'author User @relation("written", fields: [authorId], references: [id])',
        "```",
        "___",
        "- **relation** `written`, one-to-many, with `User`; opposite field `User.posts`",
        "- **foreign key** `authorId` → `User.id` — `Post_authorId_fkey`",
        "- **actions** on delete `Restrict` (default), on update `Cascade` (default)",
    ))


def test_optional_relation_defaults_to_set_null_and_keeps_explicit_action() -> None:
    _, markdown = hover_at(POSTGRES, "edi|tor   User?")
    assert markdown.split("\n")[-1] == (
        "- **actions** on delete `SetNull` (default), on update `NoAction`")


def test_back_relation_field_shows_the_other_sides_key() -> None:
    assert hover_at(POSTGRES, "po|sts  Post[]") == ("posts", lines(
        "```prisma",
        'posts Post[] @relation("written")',
        "```",
        "___",
        "- **relation** `written`, one-to-many, with `Post`; opposite field `Post.author`",
        "- **foreign key** on `Post`: `Post.authorId` → `id`",
        "- **actions** on delete `Restrict` (default), on update `Cascade` (default)",
    ))


def test_implicit_many_to_many() -> None:
    schema = lines(
        "model Post {", "  id   Int   @id", "  tags Tag[]", "}",
        "model Tag {", "  id    Int    @id", "  posts Post[]", "}",
    )
    assert hover_at(schema, "t|ags Tag[]")[1] == lines(
        "```prisma", "tags Tag[]", "```", "___",
        "- **relation** `PostToTag` (default name), many-to-many, with `Tag`; opposite field "
        "`Tag.posts` (join table `_PostToTag`)",
    )
    assert hover_at(schema, "model T|ag")[1].split("___\n")[-1] == lines(
        "**Many-to-many**", "", "- `posts` ↔ `Post` (join table `_PostToTag`)")


# ---------------------------------------------------------------------------
# Models, enums, composite types, configuration
# ---------------------------------------------------------------------------


def test_model_with_compound_indexes_and_relations_out() -> None:
    assert hover_at(POSTGRES, "model Po|st") == ("Post", lines(
        "```prisma",
        "model Post {}",
        "```",
        "___",
        "- **table** `Post`",
        "- **fields** 6 (4 scalar, 2 relation)",
        "- **primary key** `(id)` — `Post_pkey`",
        "- **unique** `(authorId, title)` — `post_author_title`",
        "- **index** `(editorId, title(sort: Desc))` — `Post_editorId_title_idx`",
        "___",
        "**Relations out**",
        "",
        "- `author` → `User`: `authorId` → `User.id`; on delete `Restrict` (default), "
        "on update `Cascade` (default); foreign key `Post_authorId_fkey`",
        "- `editor` → `User`: `editorId` → `User.id`; on delete `SetNull` (default), "
        "on update `NoAction`; foreign key `Post_editorId_fkey`",
    ))


def test_model_with_doc_map_and_relations_in() -> None:
    assert hover_at(POSTGRES, "model Us|er") == ("User", lines(
        "```prisma",
        "model User {}",
        "```",
        "___",
        "Someone who signs in. 😀",
        "___",
        "- **table** `users` (`@@map`)",
        "- **fields** 6 (4 scalar, 2 relation)",
        "- **primary key** `(id)` — `users_pkey`",
        "- **unique** `(email)` — `users_email_key`",
        "___",
        "**Relations in**",
        "",
        "- `Post.author` (opposite `posts`): `Post.authorId` → `id`; on delete `Restrict` "
        "(default), on update `Cascade` (default)",
        "- `Post.editor` (opposite `edits`): `Post.editorId` → `id`; on delete `SetNull` "
        "(default), on update `NoAction`",
    ))


def test_relation_type_shows_the_opposite_field_then_the_model() -> None:
    """As Prisma's server does (the target's outline with the opposite field,
    the kind, the doc), followed by the model's facts."""
    text, markdown = hover_at(POSTGRES, "author   Us|er")
    assert text == "User"
    model = hover_at(POSTGRES, "model Us|er")[1]
    assert markdown == lines(
        "```prisma",
        "model User {",
        "\t...",
        '\tposts Post[] @relation(name: "written")',
        "}",
        "```",
        "___",
        "one-to-many",
        "___",
        model.split("\n___\n", 1)[1],
    )
    assert hover_at(POSTGRES, "edits  Po|st[]")[1].split("\n")[:8] == [
        "```prisma",
        "model Post {",
        "\t...",
        '\teditor User? @relation(name: "edited", fields: [editorId], references: [id], '
        "onUpdate: NoAction)",
        "}",
        "```",
        "___",
        "one-to-many",
    ]


def test_self_relation_and_enum_type_reference() -> None:
    _, markdown = hover_at(MYSQL, "owned    Acc|ount[]")
    assert markdown.split("\n")[:8] == [
        "```prisma",
        "model Account {",
        "\t...",
        '\towner Account @relation(name: "owns", fields: [ownerId], references: [id])',
        "}",
        "```",
        "___",
        "one-to-many on self",
    ]
    assert hover_at(MYSQL, "kind     Ki|nd")[1] == lines(
        "```prisma", "enum Kind {}", "```", "___",
        "- **database type** `enum('PERSON','company')`, written in each column",
        "- **values** `PERSON`, `COMPANY`",
        "- **used by** `Account.kind`",
    )


def test_mysql_primary_key_has_no_name_and_compound_id() -> None:
    schema = lines(
        'datasource db {', '  provider = "mysql"', '}',
        "model Membership {", "  teamId Int", "  userId Int", "  @@id([teamId, userId])",
        "  @@index([userId])", "}",
    )
    assert hover_at(schema, "model Member|ship")[1].split("\n")[4:] == [
        "- **table** `Membership`",
        "- **fields** 2",
        "- **primary key** `(teamId, userId)`",
        "- **index** `(userId)` — `Membership_userId_idx`",
    ]
    assert hover_at(schema, "user|Id Int")[1].split("\n")[6:] == [
        "- **primary key** `(teamId, userId)`, position 2 of 2",
        "- **index** `(userId)` — `Membership_userId_idx`, position 1 of 1",
    ]


def test_enum_and_enum_value() -> None:
    assert hover_at(POSTGRES, "enum Ro|le") == ("Role", lines(
        "```prisma", "enum Role {}", "```", "___",
        "- **database type** `Role`",
        "- **values** `MEMBER`, `ADMIN`",
        "- **used by** `User.role`",
    ))
    assert hover_at(POSTGRES, "AD|MIN") == ("ADMIN", lines(
        "```prisma", "ADMIN", "```", "___",
        "- **value of** `Role`",
        "- **stored as** `admin` (`@map`)",
    ))
    assert hover_at(POSTGRES, "@default(MEM|BER)")[1] == lines(
        "```prisma", "MEMBER", "```", "___", "- **value of** `Role`")


def test_composite_type_and_its_use_on_mongodb() -> None:
    schema = lines(
        'datasource db {', '  provider = "mongodb"', '}',
        "model User {",
        '  id      String  @id @map("_id")',
        "  address Address",
        "}",
        "/// Where mail goes.",
        "type Address {",
        "  street String",
        "}",
    )
    expected = lines(
        "```prisma", "type Address {}", "```", "___", "Where mail goes.", "___",
        "- **fields** 1", "- **embedded in** `User.address`",
    )
    assert hover_at(schema, "type Add|ress") == ("Address", expected)
    assert hover_at(schema, "address Addr|ess") == ("Address", expected)
    assert hover_at(schema, "str|eet")[1] == lines(
        "```prisma", "street String", "```", "___",
        "- **database type** `String` (default for `String` on MongoDB)")
    assert hover_at(schema, "i|d      String")[1].split("\n")[4:] == [
        "- **column** `_id` (`@map`) of collection `User`",
        "- **database type** `String` (default for `String` on MongoDB)",
        "- **primary key** `(id)`, position 1 of 1",
    ]


def test_datasource_and_generator() -> None:
    schema = lines(
        "generator client {", '  provider        = "prisma-client-js"',
        '  previewFeatures = ["views"]', "}",
        "datasource db {", '  provider = "postgres"', "}",
    )
    assert hover_at(schema, "datasource d|b") == ("db", lines(
        "```prisma", "datasource db {}", "```", "___",
        "- **provider** `postgres` (PostgreSQL)",
        "- **relation mode** `foreignKeys` (default)",
        "- **native types** `@db.…`",
    ))
    assert hover_at(schema, "generator cli|ent") == ("client", lines(
        "```prisma", "generator client {}", "```", "___",
        "- **provider** `prisma-client-js`",
        "- **preview features** `views`",
    ))


# ---------------------------------------------------------------------------
# Keywords, attributes, values (from the language catalog)
# ---------------------------------------------------------------------------


def test_keyword_attribute_and_action_come_from_the_catalog() -> None:
    from analysis.ide import language

    keyword = language.keyword("enum")
    assert keyword is not None
    assert hover_at(POSTGRES, "en|um Role") == ("enum", keyword.doc)
    unique = language.attribute("unique", block=True)
    assert unique is not None
    text, markdown = hover_at(POSTGRES, "@@uni|que")
    assert text == "@@unique"
    assert markdown.startswith(f"```prisma\n{unique.signature}\n```\n___\n{unique.doc}\n___\n"
                               f"- `fields`: The fields it covers, in order.\n")
    action = language.referential_action("NoAction")
    assert action is not None
    assert hover_at(POSTGRES, "onUpdate: No|Action") == ("NoAction", action.doc)
    assert hover_at(POSTGRES, "@default(auto|increment())")[0] == "autoincrement"
    assert hover_at(POSTGRES, "title(sort: De|sc)") == ("Desc", "**Desc**: Descending order.")
    assert hover_at(POSTGRES, "@db.Var|Char(320)") == ("@db.VarChar", lines(
        "```prisma", "@db.VarChar(length?)", "```", "___",
        "**@db.VarChar(length)**: the column has the PostgreSQL type `VarChar` with length. "
        "For `String` fields.",
    ))
    provider = language.datasource_key("provider")
    assert provider is not None
    assert hover_at(POSTGRES, "prov|ider =") == ("provider", provider.doc)


def test_scalar_type_shows_its_default_database_type() -> None:
    text, markdown = hover_at(POSTGRES, "editorId In|t?")
    assert text == "Int"
    assert markdown == lines(
        "```prisma", "Int", "```", "___", "**Int**: a 32-bit signed integer.", "___",
        "- **database type** `integer` on PostgreSQL (default)",
    )


def test_names_in_attribute_arguments_are_fields() -> None:
    field = hover_at(POSTGRES, "author|Id Int")[1]
    assert hover_at(POSTGRES, "fields: [auth|orId]") == ("authorId", field)
    assert hover_at(POSTGRES, "@@unique([auth|orId, title]") == ("authorId", field)
    target = hover_at(POSTGRES, "  i|d     Int      @id")[1]
    assert hover_at(POSTGRES, "fields: [authorId], references: [i|d]") == ("id", target)


# ---------------------------------------------------------------------------
# Diagnostics
# ---------------------------------------------------------------------------

OVERLAP = """datasource db {
  provider = "postgresql"
}

model Order {
  id     Int   @id
  userId Int
  user   User  @relation(fields: [userId], references: [id])
}

model User {
  id     Int     @id
  orders Order[]
}
"""


def explained(code: str, severity: str, message: str) -> str:
    rule = all_rules()[code]
    explanation = rule.explanation().replace("\n## ", "\n#### ").replace("## ", "#### ", 1)
    return (f"**{code}** `{rule.name}` ({severity}) · [documentation]({rule_url(code)})"
            f"\n\n{message}\n\n{explanation}")


def test_finding_explained_with_code_link_and_message() -> None:
    result = check({PATH: OVERLAP}, select=["PAI001"])
    (finding,) = result.findings
    offset = at(OVERLAP, "@rel|ation(fields")
    info = hover(result, PATH, offset)
    assert info is not None
    assert OVERLAP[info.start : info.end] == "@relation"
    diagnostic, symbol = info.markdown.split("\n\n___\n\n")
    assert diagnostic == explained("PAI001", "info", finding.message)
    assert diagnostic.startswith(
        "**PAI001** `relation-missing-on-delete` (info) · [documentation]"
        "(https://github.com/prisma-architect/prisma-architect/blob/main/docs/rules.md#pai001)")
    assert "\n#### Why is this bad?\n" in diagnostic and "\n## " not in diagnostic
    assert symbol.startswith("```prisma\n@relation(name: String?")


def test_overlapping_findings_most_severe_first_and_range_intersected() -> None:
    result = check({PATH: OVERLAP}, select=["PAI001", "PAX001"])
    pai001 = next(f for f in result.findings if f.code == "PAI001")
    pax001 = next(f for f in result.findings if f.code == "PAX001")
    info = hover(result, PATH, at(OVERLAP, "fields: [use|rId]"))
    assert info is not None
    assert (info.start, info.end) == (pax001.span.start + 9, pax001.span.end - 1)
    assert OVERLAP[info.start : info.end] == "userId"
    first, second, symbol = info.markdown.split("\n\n___\n\n")
    assert first == explained("PAX001", "warning", pax001.message)
    assert second == explained("PAI001", "info", pai001.message)
    assert symbol == hover_at(OVERLAP, "user|Id Int")[1]


def test_diagnostic_alone_gives_its_own_range() -> None:
    result = check({PATH: OVERLAP}, select=["PAI001"])
    (finding,) = result.findings
    offset = at(OVERLAP, "[userId]|, references")
    info = hover(result, PATH, offset)
    assert info == HoverInfo(PATH, finding.span.start, finding.span.end,
                             explained("PAI001", "info", finding.message))


def test_validation_error_with_short_explanation() -> None:
    schema = "model A {\n  id Int @id\n  b  Bogus\n}\n"
    text, markdown = hover_at(schema, "Bo|gus")
    assert text == "Bogus"
    assert markdown == lines(
        "**PAE002** `unknown-type` (error) · [documentation]"
        "(https://github.com/prisma-architect/prisma-architect/blob/main/docs/rules.md#pae002)",
        "",
        'Unknown type "Bogus": it is neither a built-in type nor a model, view, enum or '
        "composite type declared in this schema.",
        "",
        "A field type that names no scalar, model, enum or composite type.",
    )


# ---------------------------------------------------------------------------
# Files, offsets, non-ASCII
# ---------------------------------------------------------------------------


def test_multi_file_type_reference_and_doc() -> None:
    files = {
        "a.prisma": lines(
            "datasource db {", '  provider = "postgresql"', "}",
            "model Post {", "  id       Int  @id", "  authorId Int",
            "  author   User @relation(fields: [authorId], references: [id])", "}",
        ),
        "b.prisma": lines(
            "/// People.", "model User {", "  id    Int    @id", "  posts Post[]", "}",
        ),
    }
    text, markdown = hover_at(files, "author   Us|er", path="a.prisma")
    assert text == "User"
    model = hover_at(files, "model Us|er", path="b.prisma")[1]
    assert model.split("\n")[4] == "People."
    assert markdown.split("\n")[3] == "\tposts Post[] @relation(name: \"PostToUser\")"
    assert markdown.endswith(model.split("\n___\n", 1)[1])
    assert markdown.split("\n___\n")[2] == "People."
    _, field = hover_at(files, "references: [i|d]", path="a.prisma")
    assert field.split("\n")[:5] == [
        "```prisma", "id Int @id", "```", "___", "- **column** `id` of table `User`"]


def test_non_ascii_before_the_name_keeps_code_point_ranges() -> None:
    schema = lines(
        "// 🎉 emoji, accents: café, CJK: 漢字",
        'datasource db {', '  provider = "postgresql"', "}",
        "model Ünïcødé {",
        '  id   Int    @id @default(dbgenerated("gen_😀()"))',
        '  name String @default("名前 🚀") @map("nåme")',
        "}",
    )
    info = hover(check({PATH: schema}), PATH, at(schema, "  na|me String"))
    assert info is not None
    start = schema.index("name String")
    assert (info.start, info.end) == (start, start + 4)
    assert info.markdown.split("\n")[1] == 'name String @default("名前 🚀") @map("nåme")'
    assert info.markdown.split("\n")[4] == "- **column** `nåme` (`@map`) of table `Ünïcødé`"
    text, _ = hover_at(schema, "model Ünïc|ødé")
    assert text == "Ünïcødé"


@pytest.mark.parametrize("marked", ["😀|\nmodel User", "// T|ag", "  id     Int  |    @id @"])
def test_nothing_to_say(marked: str) -> None:
    schema = "// Tag\n" + POSTGRES
    assert hover(check({PATH: schema}), PATH, at(schema, marked)) is None


def test_out_of_range_and_unknown_file() -> None:
    result = check({PATH: POSTGRES})
    assert hover(result, PATH, -1) is None
    assert hover(result, PATH, len(POSTGRES) + 1) is None
    assert hover(result, PATH, len(POSTGRES)) is None
    assert hover(result, "other.prisma", 0) is None


def test_garbage_does_not_crash() -> None:
    schema = "model {\n  @@index([\n  x Int @relation(fields: [, references: [)\n}\nenum { A }\n"
    result = check({PATH: schema}, select=["ALL"])
    for offset in range(len(schema) + 1):
        hover(result, PATH, offset)


def test_headings_demoted_outside_code_blocks_only() -> None:
    from analysis.ide.hover import _demote_headings

    assert _demote_headings("## A\ntext\n```sh\n# shell comment\n```\n### B") == (
        "#### A\ntext\n```sh\n# shell comment\n```\n##### B")


def test_configuration_values() -> None:
    assert hover_at(POSTGRES, 'provider = "postgre|sql"') == (
        '"postgresql"', "**postgresql**: PostgreSQL.")
    schema = 'datasource db {\n  provider     = "mysql"\n  relationMode = "prisma"\n}\n'
    text, markdown = hover_at(schema, 'relationMode = "pri|sma"')
    assert (text, markdown) == ('"prisma"', "**prisma**: Prisma Client emulates relations; no "
                                "foreign keys in the database.")
    assert hover_at(schema, "datasource d|b")[1].split("\n")[4:] == [
        "- **provider** `mysql` (MySQL)",
        "- **relation mode** `prisma`",
        "- **native types** `@db.…`",
    ]


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        ("sqlite", "`TEXT` (default for `String` on SQLite)"),
        ("sqlserver", "`nvarchar(1000)` (default for `String` on SQL Server)"),
        ("cockroachdb", "`STRING` (default for `String` on CockroachDB)"),
    ],
)
def test_other_providers_string_type(provider: str, expected: str) -> None:
    schema = lines("datasource db {", f'  provider = "{provider}"', "}",
                   "model A {", "  id Int @id", "  s  String", "}")
    assert hover_at(schema, "  |s  String")[1].split("\n")[5] == f"- **database type** {expected}"


def test_multi_schema_table_name() -> None:
    schema = lines(
        "datasource db {", '  provider = "postgresql"', '  schemas  = ["auth"]', "}",
        "model User {", "  id Int @id", '  @@map("users")', '  @@schema("auth")', "}",
    )
    assert hover_at(schema, "model Us|er")[1].split("\n")[4:6] == [
        "- **table** `auth.users` (`@@map`)", "- **fields** 1"]
    assert hover_at(schema, "  i|d Int")[1].split("\n")[4] == (
        "- **column** `id` of table `auth.users`")
