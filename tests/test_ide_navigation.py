"""Go to definition, find references and rename (analysis.ide.navigation).

Spans are checked as ``(file, line, start column, end column)`` in code
points, so each expectation can be read against the schema text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.api import Analysis, analyze
from analysis.ide.navigation import (
    RenameError,
    definition,
    highlights,
    prepare_rename,
    references,
    rename,
)
from analysis.model.schema import Span
from analysis.text import SourceFile, apply_edits

A = """\
datasource db {
  provider = "postgresql"
}

/// Roles 🎭 of people.
enum Role {
  ADMIN
  MEMBER @map("member")
}

// 👋 emoji before the name
model User {
  id    Int     @id
  email String  @unique @db.VarChar(320)
  role  Role    @default(MEMBER)
  roles Role[]  @default([ADMIN, MEMBER])
  posts Post[]
  name  String?

  @@index([email(sort: Desc), name])
  @@unique(fields: [name, email])
}
"""

B = """\
model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
"""

Loc = tuple[str, int, int, int]


@pytest.fixture(scope="module")
def two_files() -> Analysis:
    return analyze([SourceFile("a.prisma", A), SourceFile("b.prisma", B)])


def at(text: str, needle: str, delta: int = 0) -> int:
    """The offset of ``needle`` in ``text`` (its first occurrence) plus ``delta``."""
    index = text.index(needle)
    return index + delta


def loc(analysis: Analysis, span: Span | None) -> Loc | None:
    if span is None:
        return None
    source = next(f for f in analysis.files if f.path == span.path)
    start = source.lines.position(span.start)
    end = source.lines.position(span.end)
    assert start.line == end.line
    return (span.path, start.line, start.column, end.column)


def locs(analysis: Analysis, spans: list[Span]) -> list[Loc | None]:
    return [loc(analysis, s) for s in spans]


# ---------------------------------------------------------------------------
# Definition
# ---------------------------------------------------------------------------


def test_definition_of_a_field_type_is_the_model_in_another_file(two_files: Analysis) -> None:
    offset = at(B, "User @relation", 2)
    assert loc(two_files, definition(two_files, "b.prisma", offset)) == ("a.prisma", 11, 6, 10)


def test_definition_after_emoji_in_a_comment(two_files: Analysis) -> None:
    # The comment above `model User` holds an emoji: one code point, two UTF-16 units.
    offset = at(A, "Post[]", 1)
    assert loc(two_files, definition(two_files, "a.prisma", offset)) == ("b.prisma", 0, 6, 10)
    assert definition(two_files, "a.prisma", offset) == Span("b.prisma", 6, 10)


def test_definition_of_enum_type_and_enum_value(two_files: Analysis) -> None:
    assert loc(two_files, definition(two_files, "a.prisma", at(A, "Role    @"))) == (
        "a.prisma",
        5,
        5,
        9,
    )
    value = at(A, "MEMBER)", 3)
    assert loc(two_files, definition(two_files, "a.prisma", value)) == ("a.prisma", 7, 2, 8)
    listed = at(A, "ADMIN, MEMBER", 0)
    assert loc(two_files, definition(two_files, "a.prisma", listed)) == ("a.prisma", 6, 2, 7)


def test_definition_of_relation_arguments(two_files: Analysis) -> None:
    fields = at(B, "authorId], references")
    assert loc(two_files, definition(two_files, "b.prisma", fields)) == ("b.prisma", 2, 2, 10)
    refs = at(B, "id])", 1)
    assert loc(two_files, definition(two_files, "b.prisma", refs)) == ("a.prisma", 12, 2, 4)


def test_definition_in_index_lists_with_sort_and_fields_argument(two_files: Analysis) -> None:
    sorted_entry = at(A, "email(sort", 5)  # cursor just after the name
    assert loc(two_files, definition(two_files, "a.prisma", sorted_entry)) == ("a.prisma", 13, 2, 7)
    named = at(A, "name, email]")
    assert loc(two_files, definition(two_files, "a.prisma", named)) == ("a.prisma", 17, 2, 6)


def test_definition_of_the_datasource_prefix(two_files: Analysis) -> None:
    offset = at(A, "@db.VarChar", 1)
    assert loc(two_files, definition(two_files, "a.prisma", offset)) == ("a.prisma", 0, 11, 13)


def test_definition_on_a_declaration_is_itself(two_files: Analysis) -> None:
    offset = at(A, "email String", 2)
    assert loc(two_files, definition(two_files, "a.prisma", offset)) == ("a.prisma", 13, 2, 7)


def test_no_definition_on_keywords_scalars_attributes_and_blanks(two_files: Analysis) -> None:
    for needle in ("model User", "Int     @id", "@unique", "  posts", "sort: Desc", '"member"'):
        assert definition(two_files, "a.prisma", at(A, needle, 1)) is None, needle
    assert definition(two_files, "a.prisma", len(A)) is None
    assert definition(two_files, "missing.prisma", 0) is None


# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------


def test_references_of_a_model_across_files(two_files: Analysis) -> None:
    offset = at(A, "User {", 1)
    assert locs(two_files, references(two_files, "a.prisma", offset)) == [
        ("a.prisma", 11, 6, 10),
        ("b.prisma", 3, 11, 15),
    ]
    assert locs(
        two_files, references(two_files, "a.prisma", offset, include_declaration=False)
    ) == [("b.prisma", 3, 11, 15)]


def test_references_of_a_referenced_field(two_files: Analysis) -> None:
    # `User.id` is named by `references: [id]` of `Post.author`.
    offset = at(A, "id    Int")
    assert locs(two_files, references(two_files, "a.prisma", offset)) == [
        ("a.prisma", 12, 2, 4),
        ("b.prisma", 3, 59, 61),
    ]


def test_references_from_a_relation_argument_find_every_mention(two_files: Analysis) -> None:
    offset = at(B, "authorId], references", 3)
    expected = [("b.prisma", 2, 2, 10), ("b.prisma", 3, 35, 43), ("b.prisma", 5, 11, 19)]
    assert locs(two_files, references(two_files, "b.prisma", offset)) == expected
    from_index = at(B, "authorId])")
    assert locs(two_files, references(two_files, "b.prisma", from_index)) == expected


def test_references_of_fields_in_index_lists(two_files: Analysis) -> None:
    offset = at(A, "email String")
    assert locs(two_files, references(two_files, "a.prisma", offset)) == [
        ("a.prisma", 13, 2, 7),
        ("a.prisma", 19, 11, 16),
        ("a.prisma", 20, 26, 31),
    ]


def test_references_of_enum_and_values(two_files: Analysis) -> None:
    assert locs(two_files, references(two_files, "a.prisma", at(A, "Role {"))) == [
        ("a.prisma", 5, 5, 9),
        ("a.prisma", 14, 8, 12),
        ("a.prisma", 15, 8, 12),
    ]
    assert locs(two_files, references(two_files, "a.prisma", at(A, "MEMBER @map"))) == [
        ("a.prisma", 7, 2, 8),
        ("a.prisma", 14, 25, 31),
        ("a.prisma", 15, 33, 39),
    ]


def test_references_of_the_datasource(two_files: Analysis) -> None:
    assert locs(two_files, references(two_files, "a.prisma", at(A, "db {"))) == [
        ("a.prisma", 0, 11, 13),
        ("a.prisma", 13, 25, 27),
    ]


MONGO = """\
datasource db {
  provider = "mongodb"
}

type Street {
  name   String
  number Int
}

type Address {
  street Street
  city   String
}

model Shop {
  id      String  @id @map("_id")
  address Address
  home    Address?

  @@index([address.street.name, address . city])
  @@unique([home.city])
}
"""


def test_references_through_composite_paths() -> None:
    analysis = analyze([SourceFile("schema.prisma", MONGO)])
    city = at(MONGO, "city   String")
    assert locs(analysis, references(analysis, "schema.prisma", city)) == [
        ("schema.prisma", 11, 2, 6),
        ("schema.prisma", 19, 42, 46),
        ("schema.prisma", 20, 17, 21),
    ]
    # A nested segment resolves through two composite types.
    name = at(MONGO, "name,") + 1
    assert loc(analysis, definition(analysis, "schema.prisma", name)) == ("schema.prisma", 5, 2, 6)
    street_type = at(MONGO, "Street\n  city")
    assert locs(analysis, references(analysis, "schema.prisma", street_type)) == [
        ("schema.prisma", 4, 5, 11),
        ("schema.prisma", 10, 9, 15),
    ]
    head = at(MONGO, "address.street")
    assert locs(analysis, references(analysis, "schema.prisma", head)) == [
        ("schema.prisma", 16, 2, 9),
        ("schema.prisma", 19, 11, 18),
        ("schema.prisma", 19, 32, 39),
    ]


def test_references_of_a_view_and_a_duplicate_model() -> None:
    text = """\
view Stats {
  id Int @unique
}
model Stats {
  id Int @id
}
model Report {
  id    Int   @id
  stats Stats @relation(fields: [id], references: [id])
}
"""
    analysis = analyze([SourceFile("schema.prisma", text)])
    view = references(analysis, "schema.prisma", at(text, "Stats {"))
    assert locs(analysis, view) == [("schema.prisma", 0, 5, 10), ("schema.prisma", 8, 8, 13)]
    # The second declaration is an error; it names only itself.
    duplicate = references(analysis, "schema.prisma", at(text, "model Stats") + 6)
    assert locs(analysis, duplicate) == [("schema.prisma", 3, 6, 11)]


def test_a_broken_document_still_navigates() -> None:
    text = "model User {\n  id Int @id\n  posts Post[\n}\nmodel Post {\n  id Int @id\n}\n"
    analysis = analyze([SourceFile("schema.prisma", text)])
    assert locs(analysis, references(analysis, "schema.prisma", at(text, "Post {"))) == [
        ("schema.prisma", 4, 6, 10)
    ]
    assert references(analysis, "schema.prisma", at(text, "Post[")) == []


def test_highlights_stay_in_the_file(two_files: Analysis) -> None:
    offset = at(A, "User {")
    assert [(loc(two_files, s), d) for s, d in highlights(two_files, "a.prisma", offset)] == [
        (("a.prisma", 11, 6, 10), True)
    ]
    offset = at(B, "authorId])")
    assert [(loc(two_files, s), d) for s, d in highlights(two_files, "b.prisma", offset)] == [
        (("b.prisma", 2, 2, 10), True),
        (("b.prisma", 3, 35, 43), False),
        (("b.prisma", 5, 11, 19), False),
    ]
    assert highlights(two_files, "b.prisma", at(B, "model")) == []


# ---------------------------------------------------------------------------
# Rename
# ---------------------------------------------------------------------------


def renamed(analysis: Analysis, path: str, offset: int, new_name: str) -> dict[str, str]:
    edits = rename(analysis, path, offset, new_name)
    texts = {f.path: f.text for f in analysis.files}
    return {p: apply_edits(texts[p], list(reversed(e))) for p, e in edits.items()}


def test_prepare_rename_answers_the_name_under_the_cursor(two_files: Analysis) -> None:
    target = prepare_rename(two_files, "b.prisma", at(B, "User @", 4))
    assert target is not None
    assert loc(two_files, target.span) == ("b.prisma", 3, 11, 15)
    assert target.placeholder == "User"
    assert prepare_rename(two_files, "a.prisma", at(A, "}\n\n//")) is None


@pytest.mark.parametrize(
    ("needle", "message"),
    [
        ("model User", "`model` is a keyword of the Prisma schema language: it cannot be renamed."),
        ("Int     @id", "`Int` is a built-in scalar type: it cannot be renamed."),
        (
            "@unique",
            "`@unique` is an attribute of the Prisma schema language: it cannot be renamed.",
        ),
        (
            "provider",
            "`provider` does not name a model, view, enum, composite type, field, enum value or "
            "datasource of this schema: there is nothing to rename.",
        ),
    ],
)
def test_prepare_rename_refuses_what_is_not_a_name(
    two_files: Analysis, needle: str, message: str
) -> None:
    with pytest.raises(RenameError) as error:
        prepare_rename(two_files, "a.prisma", at(A, needle, 1))
    assert str(error.value) == message


def test_rename_a_model_across_files(two_files: Analysis) -> None:
    result = renamed(two_files, "b.prisma", at(B, "User @"), "Person")
    assert result == {
        "a.prisma": A.replace("model User {", "model Person {"),
        "b.prisma": B.replace("author   User @", "author   Person @"),
    }


def test_rename_a_field_with_every_mention(two_files: Analysis) -> None:
    result = renamed(two_files, "b.prisma", at(B, "authorId Int"), "writerId")
    assert result == {"b.prisma": B.replace("authorId", "writerId")}
    edits = rename(two_files, "a.prisma", at(A, "id    Int"), "userId")
    assert {p: [(e.start, e.end, e.new_text) for e in es] for p, es in edits.items()} == {
        "a.prisma": [(at(A, "id    Int"), at(A, "id    Int") + 2, "userId")],
        "b.prisma": [(at(B, "id])"), at(B, "id])") + 2, "userId")],
    }


def test_rename_an_enum_value_and_the_datasource(two_files: Analysis) -> None:
    result = renamed(two_files, "a.prisma", at(A, "ADMIN"), "OWNER")
    assert result == {"a.prisma": A.replace("ADMIN", "OWNER")}
    result = renamed(two_files, "a.prisma", at(A, "@db.") + 2, "pg")
    assert result == {
        "a.prisma": A.replace("datasource db", "datasource pg").replace("@db.", "@pg.")
    }


def test_rename_a_composite_type_field_in_paths() -> None:
    analysis = analyze([SourceFile("schema.prisma", MONGO)])
    result = renamed(analysis, "schema.prisma", at(MONGO, "city   String"), "town")
    assert result == {
        "schema.prisma": MONGO.replace("city   String", "town   String")
        .replace("address . city", "address . town")
        .replace("home.city", "home.town")
    }


def test_rename_to_the_same_name_changes_nothing(two_files: Analysis) -> None:
    assert rename(two_files, "a.prisma", at(A, "User {"), "User") == {}


@pytest.mark.parametrize(
    ("needle", "new_name", "message"),
    [
        (
            "User {",
            "Post",
            "Cannot rename model `User` to `Post`: a model named `Post` already exists.",
        ),
        (
            "User {",
            "Role",
            "Cannot rename model `User` to `Role`: an enum named `Role` already exists.",
        ),
        ("Role {", "String", "`String` is a built-in scalar type: an enum cannot take its name."),
        (
            "User {",
            "PrismaClient",
            "`PrismaClient` is reserved by Prisma Client: a model cannot take that name.",
        ),
        (
            "email String",
            "name",
            "Cannot rename field `email` to `name`: model `User` already has a field named `name`.",
        ),
        (
            "ADMIN\n",
            "MEMBER",
            "Cannot rename enum value `ADMIN` to `MEMBER`: enum `Role` already has a value "
            "named `MEMBER`.",
        ),
        (
            "email String",
            "2nd",
            "`2nd` is not a valid field name: a name starts with a letter and holds only "
            "letters, digits and underscores.",
        ),
        (
            "email String",
            "e-mail",
            "`e-mail` is not a valid field name: a name starts with a letter and holds only "
            "letters, digits and underscores.",
        ),
        (
            "email String",
            "",
            "`` is not a valid field name: a name starts with a letter and "
            "holds only letters, digits and underscores.",
        ),
    ],
)
def test_rename_refuses_collisions_and_invalid_names(
    two_files: Analysis, needle: str, new_name: str, message: str
) -> None:
    with pytest.raises(RenameError) as error:
        rename(two_files, "a.prisma", at(A, needle), new_name)
    assert str(error.value) == message


def test_rename_nothing_is_an_error(two_files: Analysis) -> None:
    with pytest.raises(RenameError) as error:
        rename(two_files, "a.prisma", at(A, "}\n\n//"), "X")
    assert str(error.value) == "There is no name to rename here."


def test_renames_of_real_schemas_keep_them_valid(corpus: Path) -> None:
    """Renaming a model, enum or field of a real schema adds no error, and the new name
    has as many references as the old one had."""
    checked = 0
    for path in sorted((corpus / "real").rglob("*.prisma"))[:6]:
        text = path.read_text(encoding="utf-8", errors="replace")
        analysis = analyze([SourceFile("s.prisma", text)])
        errors = sum(d.severity.name == "ERROR" for d in analysis.diagnostics)
        models = list(analysis.schema.models.values())[:3]
        enums = list(analysis.schema.enums.values())[:2]
        targets = [m.decl.name_span.start for m in models]
        targets += [f.name_span.start for m in models for f in m.fields[:3]]
        targets += [e.decl.name_span.start for e in enums]
        for offset in targets:
            before = references(analysis, "s.prisma", offset)
            edits = rename(analysis, "s.prisma", offset, "Renamed1").get("s.prisma", [])
            renamed_text = apply_edits(text, sorted(edits, key=lambda e: -e.start))
            shift = sum(len(e.new_text) - (e.end - e.start) for e in edits if e.start < offset)
            after_analysis = analyze([SourceFile("s.prisma", renamed_text)])
            after_errors = sum(d.severity.name == "ERROR" for d in after_analysis.diagnostics)
            assert after_errors == errors, (path.name, offset)
            after = references(after_analysis, "s.prisma", offset + shift)
            assert len(after) == len(before), (path.name, offset)
            assert all(renamed_text[s.start : s.end] == "Renamed1" for s in after)
            checked += 1
    assert checked > 25
