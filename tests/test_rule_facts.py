"""The per-schema facts the rules share (analysis.rules.field_names, names_judged,
column widths): each answers what a walk over the schema would."""

from __future__ import annotations

from analysis.api import analyze
from analysis.model.schema import Field, Schema
from analysis.rules.base import names_judged
from analysis.rules.field_names import (
    columns_by_name,
    field_index,
    fields_by_name,
    fields_typed,
    owners_named,
    relation_fields_of,
    relation_scalars,
    with_owners,
)
from analysis.rules.pat002_date_as_string import DateAsStringOptions
from analysis.rules.relation_edits import columns
from analysis.text import SourceFile
from tests.rule_cases import POSTGRES

TEXT = POSTGRES + """enum Role {
  ADMIN
  USER
}

type Address {
  street String
  role   Role
}

model User {
  id        Int      @id
  role      Role
  createdAt DateTime @default(now()) @map("created_at")
  legacy    String   @ignore
  posts     Post[]
}

model Post {
  id       Int    @id
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
  title    String

  role Role
}

view PostView {
  id    Int    @unique
  title String
}

model Old {
  id    Int    @id
  title String

  @@ignore
}
"""


def schema() -> Schema:
    return analyze([SourceFile("schema.prisma", TEXT)]).schema


def names(fields: list[Field]) -> list[str]:
    return [f"{f.owner.name}.{f.name}" for f in fields]


def test_fields_by_name_lists_every_model_field_in_order() -> None:
    by_name = fields_by_name(schema())
    assert names(by_name["title"]) == ["Post.title", "PostView.title", "Old.title"]
    assert names(by_name["id"]) == ["User.id", "Post.id", "PostView.id", "Old.id"]
    assert "street" not in by_name  # composite type fields are not model fields


def test_columns_by_name_uses_database_names_and_leaves_out_relation_fields() -> None:
    by_column = columns_by_name(schema())
    assert names(by_column["created_at"]) == ["User.createdAt"]
    assert "createdAt" not in by_column
    assert "author" not in by_column and "posts" not in by_column


def test_relation_facts() -> None:
    s = schema()
    user, post = s.models["User"], s.models["Post"]
    assert names(relation_fields_of(s, user)) == ["User.posts"]
    assert names(relation_fields_of(s, post)) == ["Post.author"]
    assert relation_fields_of(s, s.models["PostView"]) == []
    assert relation_scalars(s, post) == frozenset({"authorId"})
    assert relation_scalars(s, user) == frozenset()


def test_fields_typed_lists_models_then_composite_types() -> None:
    s = schema()
    # Walked before the schema has its index, read from the index after: the same.
    for _ in ("walked", "indexed"):
        role = fields_typed(s, s.enums["Role"])
        assert names(role) == ["User.role", "Post.role", "Address.role"]
        assert names(fields_typed(s, s.models["User"])) == ["Post.author"]
        assert fields_typed(s, s.models["Old"]) == []
        field_index(s)


def test_type_lists_hold_the_tables_fields() -> None:
    index = field_index(schema())
    # No view, nothing `@@ignore`d; `@ignore`d fields only in the table lists.
    assert names(index.table_by_type["String"]) == ["User.legacy", "Post.title"]
    assert names(index.usable_by_type["String"]) == ["Post.title"]
    assert names(index.usable) == [
        "User.id", "User.role", "User.createdAt", "User.posts",
        "Post.id", "Post.authorId", "Post.author", "Post.title", "Post.role",
    ]  # fmt: skip


def test_owners_named_and_with_owners_keep_the_model_order() -> None:
    s = schema()
    owners = owners_named(s, lambda name: name == "title")
    assert [m.name for m in with_owners(s.models.values(), owners)] == ["Post", "PostView", "Old"]


def test_the_facts_follow_a_new_schema() -> None:
    first, second = schema(), schema()
    assert fields_by_name(first)["id"][0].owner is first.models["User"]
    assert fields_by_name(second)["id"][0].owner is second.models["User"]
    assert fields_by_name(first)["id"][0].owner is first.models["User"]


def test_names_judged_starts_over_when_the_options_change() -> None:
    memo = names_judged("test", DateAsStringOptions())
    memo["createdAt"] = True
    assert names_judged("test", DateAsStringOptions()) is memo  # equal options: kept
    other = names_judged("test", DateAsStringOptions(date_words=frozenset({"when"})))
    assert other == {}
    assert names_judged("another test", DateAsStringOptions()) == {}


def test_column_widths_are_those_of_the_text_they_were_asked_for() -> None:
    text = "model A {\n  id    Int @id\n  title String\n}\n"
    wider = "model A {\n  id       Int @id\n  subtitle String\n}\n"
    a = analyze([SourceFile("a.prisma", text)]).schema.models["A"]
    b = analyze([SourceFile("b.prisma", wider)]).schema.models["A"]
    assert columns(text, a) == (6, 4)
    assert columns(wider, b) == (9, 4)
    assert columns(text, a) == (6, 4)
