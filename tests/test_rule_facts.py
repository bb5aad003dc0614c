"""The per-schema facts the rules share (analysis.rules.field_names, names_judged,
column widths): each answers what a walk over the schema would."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.api import analyze
from analysis.check import recheck, run_check
from analysis.config import default_settings
from analysis.model.schema import Field, Schema
from analysis.rules import base, type_edits
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
from analysis.rules.pac001_model_table_name import _tables
from analysis.rules.pat002_date_as_string import DateAsStringOptions
from analysis.rules.relation_edits import columns
from analysis.rules.type_edits import _all_keys, referencing_fields
from analysis.text import SourceFile, TextEdit
from tests.helpers import build, schema_files
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


# --- facts of the declaration signature, kept across edits that keep it ---


def _edited(text: str, old: str, new: str) -> tuple[Schema, frozenset[str], Schema]:
    """The schema of a check of ``text``, its table-name fact (PAC001's, built by
    the check), and the schema after replacing ``old`` (which occurs once) by
    ``new`` through :func:`recheck`."""
    path = "schema.prisma"
    first = run_check([SourceFile(path, text)], default_settings())
    before = first.analysis.schema
    facts = base.per_signature(before, _tables)
    at = text.index(old)
    again = recheck(first, path, [TextEdit(at, at + len(old), new)], default_settings())
    return before, facts, again.analysis.schema


def test_signature_facts_pass_to_the_schema_an_edit_makes_without_changing_it() -> None:
    before, facts, after = _edited(TEXT, "title    String", "title    Int")
    assert after is not before
    # The lint of the edit took the facts of the schema it was made from.
    assert base.per_signature(after, _tables) is facts
    assert facts == frozenset({"User", "Post", "PostView"})


def test_signature_facts_are_built_again_when_the_signature_changes() -> None:
    _, facts, after = _edited(TEXT, "model Post {", "model Article {")
    assert facts == frozenset({"User", "Post", "PostView"})
    assert base.per_signature(after, _tables) == frozenset({"User", "Article", "PostView"})


def test_signature_kept_only_hands_on_the_facts_of_the_schema_named() -> None:
    first, second, third = build(TEXT), build(TEXT), build(TEXT)
    facts = base.per_signature(first, _tables)
    base.signature_kept(second, third)  # not the schema the memo holds: nothing
    assert base.per_signature(third, _tables) is not facts
    facts = base.per_signature(first, _tables)
    base.signature_kept(first, second)
    assert base.per_signature(second, _tables) is facts


# --- the foreign keys that reference a field (type-changing fixes) ---

KEYS = POSTGRES + """model User {
  id       Int       @id @default(autoincrement())
  profile  Profile?
  posts    Post[]    @relation("author")
  reviews  Post[]    @relation("reviewer")
}

model Profile {
  userId Int  @id
  user   User @relation(fields: [userId], references: [id])
  badges Badge[]
}

model Badge {
  id      Int     @id
  ownerId Int
  owner   Profile @relation(fields: [ownerId], references: [userId])
}

model Post {
  id         Int  @id
  authorId   Int
  reviewerId Int
  author     User @relation("author", fields: [authorId], references: [id])
  reviewer   User @relation("reviewer", fields: [reviewerId], references: [id])
}

model Orphan {
  id     Int  @id
  userId Int
  user   User @relation("lost", fields: [userId], references: [id])
}
"""


def _whole(schema: Schema, field: Field) -> list[Field] | None:
    """:func:`referencing_fields` from an index of every relation, as a reference."""
    referenced_by, references = _all_keys(schema)
    out: list[Field] = []
    seen = {id(field)}
    todo = [field]
    while todo:
        for fk in referenced_by.get(id(todo.pop()), ()):
            if id(fk) not in seen:
                seen.add(id(fk))
                out.append(fk)
                todo.append(fk)
    if any(id(ref) not in seen for fk in out for ref in references.get(id(fk), ())):
        return None
    return sorted(out, key=lambda f: (f.owner.decl.path, f.owner.decl.offset + f.node.start))


def test_referencing_fields_follow_shared_keys_and_relations_without_opposite() -> None:
    s = build(KEYS)
    user_id = s.models["User"].by_name["id"]
    # In file order; `Badge.ownerId` references `Profile.userId`, itself a key to
    # `User.id`; `Orphan.userId`'s relation has no field on `User`.
    assert names(referencing_fields(s, user_id) or []) == [
        "Profile.userId", "Badge.ownerId", "Post.authorId", "Post.reviewerId", "Orphan.userId"]
    assert names(referencing_fields(s, s.models["Profile"].by_name["userId"]) or []) == [
        "Badge.ownerId"]
    # `Profile.userId` references `User.id`, outside the set: it cannot follow alone.
    assert referencing_fields(s, s.models["Badge"].by_name["ownerId"]) == []


def test_referencing_fields_refuse_a_key_that_also_references_another_field() -> None:
    text = KEYS.replace(
        "  owner   Profile @relation(fields: [ownerId], references: [userId])",
        "  owner   Profile @relation(fields: [ownerId], references: [userId])\n"
        "  other   Post    @relation(fields: [ownerId], references: [id])",
    ).replace("  reviewer   User @relation(", "  badges     Badge[]\n  reviewer   User @relation(")
    s = build(text)
    assert referencing_fields(s, s.models["User"].by_name["id"]) is None


def test_referencing_fields_agree_with_an_index_of_every_relation(
    corpus: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both ways of finding them (the relation fields of the models on the way, and
    one pass over every relation) against the reference, on every real schema."""
    schemas = [analyze(schema_files(folder)).schema
               for folder in sorted((corpus / "real").iterdir()) if folder.is_dir()]
    for per_model in (0, 10**9):  # always walk the models / always index the schema
        monkeypatch.setattr(type_edits, "_FIELDS_PER_MODEL", per_model)
        for s in schemas:
            for model in s.all_models:
                for fld in model.fields:
                    expected = _whole(s, fld)
                    found = referencing_fields(s, fld)
                    assert (None if found is None else list(map(id, found))) == (
                        None if expected is None else list(map(id, expected))), (
                        model.name, fld.name)
