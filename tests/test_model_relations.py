"""Relation pairing (analysis.model.relations): which fields form which relation, as Prisma."""

from __future__ import annotations

import pytest

from analysis.model.relations import resolve_fields
from analysis.model.schema import Field, Relation, Schema
from tests.helpers import (
    AMBIGUOUS_AUTHORS,
    IGNORED_POSTS,
    LONE_AUTHOR,
    USER_POSTS,
    VIEW_PROFILE,
    build,
    ds,
)

PG = ds("postgresql", aligned=False)
MONGO = ds("mongodb", aligned=False)


def field(schema: Schema, model: str, name: str) -> Field:
    return schema.models[model].by_name[name]


def only(schema: Schema) -> Relation:
    (relation,) = schema.relations
    return relation


def test_one_to_many_forward_is_the_side_with_fields() -> None:
    schema = build(PG + USER_POSTS)
    relation = only(schema)
    assert relation.kind == "1:N"
    assert relation.name == "PostToUser"
    assert not relation.explicit_name
    assert relation.forward is field(schema, "Post", "author")
    assert relation.back is field(schema, "User", "posts")
    assert relation.referencing_field is relation.forward
    assert relation.back_field is relation.back
    assert relation.referencing_model is schema.models["Post"]
    assert relation.referenced_model is schema.models["User"]
    assert relation.fk_fields == [field(schema, "Post", "authorId")]
    assert relation.referenced_fields == [field(schema, "User", "id")]
    assert (relation.on_delete, relation.on_update) == ("Restrict", "Cascade")
    assert not relation.on_delete_explicit and not relation.on_update_explicit
    assert field(schema, "Post", "author").relation is relation
    assert field(schema, "User", "posts").relation is relation
    assert not relation.is_self and not relation.back_only


def test_optional_foreign_key_defaults_to_set_null_and_explicit_actions_win() -> None:
    schema = build(
        PG
        + """
model User {
  id    Int    @id
  posts Post[]
  pins  Pin[]
}
model Post {
  id       Int   @id
  authorId Int?
  author   User? @relation(fields: [authorId], references: [id])
}
model Pin {
  id     Int  @id
  userId Int
  user   User @relation(fields: [userId], references: [id], onDelete: Cascade, onUpdate: NoAction)
}
"""
    )
    post, pin = schema.relations
    assert (post.on_delete, post.on_update) == ("SetNull", "Cascade")
    assert (pin.on_delete, pin.on_update) == ("Cascade", "NoAction")
    assert pin.on_delete_explicit and pin.on_update_explicit


def test_sql_server_has_no_restrict_so_required_defaults_to_no_action() -> None:
    schema = build(ds("sqlserver", aligned=False) + USER_POSTS)
    assert only(schema).on_delete == "NoAction"


@pytest.mark.parametrize(
    ("text", "forward", "back"),
    [
        pytest.param(
            PG
            + """
model Profile {
  id     Int   @id
  user   User? @relation(fields: [userId], references: [id])
  userId Int?  @unique
}
model User {
  id      Int      @id
  profile Profile?
}
""",
            ("Profile", "user"),
            ("User", "profile"),
            id="forward_is_the_side_with_fields_even_when_declared_second",
        ),
        pytest.param(
            """
model Zed {
  id Int    @id
  a  Alpha?
}
model Alpha {
  id  Int  @id
  zed Zed?
}
""",
            ("Alpha", "zed"),
            ("Zed", "a"),
            id="without_fields_the_tie_breaks_by_model_then_field_name",
        ),
    ],
)
def test_one_to_one_forward_and_back(
    text: str, forward: tuple[str, str], back: tuple[str, str]
) -> None:
    schema = build(text)
    relation = only(schema)
    assert relation.kind == "1:1"
    assert relation.forward is field(schema, *forward)
    assert relation.back is field(schema, *back)


def test_one_to_one_required_side_is_forward() -> None:
    schema = build(
        PG
        + """
model A {
  id Int @id
  b  B?
}
model B {
  id  Int @id
  aId Int @unique
  a   A   @relation(fields: [aId], references: [id])
}
"""
    )
    relation = only(schema)
    assert relation.kind == "1:1"
    assert relation.forward is field(schema, "B", "a")


def test_implicit_many_to_many_forward_is_the_model_sorting_first() -> None:
    schema = build(
        PG
        + """
model Tag {
  id    Int    @id
  posts Post[]
}
model Post {
  id   Int   @id
  tags Tag[]
}
"""
    )
    relation = only(schema)
    assert relation.kind == "N:M"
    assert relation.name == "PostToTag"
    assert relation.forward is field(schema, "Post", "tags")
    assert relation.back is field(schema, "Tag", "posts")
    assert relation.referencing_field is None and relation.back_field is None
    assert relation.on_delete is None and relation.on_update is None
    assert not relation.embedded


def test_self_one_to_many_children_and_parent() -> None:
    schema = build(
        PG
        + """
model Category {
  id       Int        @id
  parentId Int?
  children Category[] @relation("tree")
  parent   Category?  @relation("tree", fields: [parentId], references: [id])
}
"""
    )
    relation = only(schema)
    assert relation.kind == "1:N"
    assert relation.is_self
    assert relation.name == "tree" and relation.explicit_name
    assert relation.forward is field(schema, "Category", "parent")
    assert relation.back is field(schema, "Category", "children")
    assert relation.on_delete == "SetNull"


def test_self_one_to_one_and_self_many_to_many() -> None:
    schema = build(
        PG
        + """
model Person {
  id          Int      @id
  partnerId   Int?     @unique
  partner     Person?  @relation("couple", fields: [partnerId], references: [id])
  partnerOf   Person?  @relation("couple")
  followers   Person[] @relation("follows")
  following   Person[] @relation("follows")
}
"""
    )
    couple, follows = schema.relations
    assert couple.kind == "1:1" and couple.is_self
    assert couple.forward is field(schema, "Person", "partner")
    assert couple.back is field(schema, "Person", "partnerOf")
    assert follows.kind == "N:M" and follows.is_self
    # In a self many-to-many the field whose name sorts first is model A's.
    assert follows.forward is field(schema, "Person", "followers")
    assert follows.back is field(schema, "Person", "following")


def test_named_relations_disambiguate_two_relations_between_the_same_models() -> None:
    schema = build(
        PG
        + """
model User {
  id       Int    @id
  written  Post[] @relation("written")
  reviewed Post[] @relation("reviewed")
}
model Post {
  id         Int  @id
  authorId   Int
  reviewerId Int
  author     User @relation("written", fields: [authorId], references: [id])
  reviewer   User @relation("reviewed", fields: [reviewerId], references: [id])
}
"""
    )
    written, reviewed = schema.relations
    assert written.name == "written"
    assert written.forward is field(schema, "Post", "author")
    assert written.back is field(schema, "User", "written")
    assert reviewed.name == "reviewed"
    assert reviewed.forward is field(schema, "Post", "reviewer")
    assert reviewed.back is field(schema, "User", "reviewed")


def test_missing_opposite_single_field_is_one_to_one_only_when_fk_is_unique() -> None:
    schema = build(
        PG
        + LONE_AUTHOR
        + """\
model Profile {
  id     Int  @id
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}
"""
    )
    post, profile = schema.relations
    assert post.kind == "1:N" and post.back is None
    assert profile.kind == "1:1" and profile.back is None
    assert post.referencing_field is field(schema, "Post", "author")


def test_a_lone_list_field_is_a_back_only_one_to_many() -> None:
    schema = build(
        PG
        + """
model User {
  id    Int    @id
  posts Post[]
}
model Post {
  id Int @id
}
"""
    )
    relation = only(schema)
    assert relation.kind == "1:N"
    assert relation.back_only
    assert relation.forward is field(schema, "User", "posts")
    assert relation.back is None
    assert relation.referencing_field is None
    assert relation.back_field is field(schema, "User", "posts")
    assert relation.referencing_model is schema.models["Post"]
    assert relation.referenced_model is schema.models["User"]
    assert relation.on_delete is None


def test_ambiguous_fields_share_their_opposite_like_prisma() -> None:
    schema = build(AMBIGUOUS_AUTHORS)
    first, second = schema.relations
    posts = field(schema, "User", "posts")
    assert first.forward is field(schema, "Post", "author1") and first.back is posts
    assert second.forward is field(schema, "Post", "author2") and second.back is posts
    assert posts.relation is second  # the last relation wins, as in Prisma


def test_relations_to_and_from_views() -> None:
    schema = build(VIEW_PROFILE)
    relation = only(schema)
    assert relation.kind == "1:1"
    assert relation.forward is field(schema, "Account", "profile")
    assert relation.referencing_model.is_view


def test_ignored_fields_and_models_still_pair() -> None:
    schema = build(PG + IGNORED_POSTS.replace("posts Post[]", "posts Post[] @ignore"))
    relation = only(schema)
    assert relation.forward is field(schema, "Post", "author")
    assert relation.back is field(schema, "User", "posts")


def test_mongodb_two_way_embedded_many_to_many() -> None:
    schema = build(
        MONGO
        + """
model Post {
  id     String   @id @map("_id")
  tagIds String[]
  tags   Tag[]    @relation(fields: [tagIds], references: [id])
}
model Tag {
  id      String   @id @map("_id")
  postIds String[]
  posts   Post[]   @relation(fields: [postIds], references: [id])
}
"""
    )
    relation = only(schema)
    assert relation.kind == "N:M"
    assert relation.embedded
    assert relation.forward is field(schema, "Post", "tags")
    # MongoDB has Restrict (emulated); nothing defaults on many-to-many.
    assert relation.on_delete is None


def test_composite_type_fields_are_not_relations() -> None:
    schema = build(
        MONGO
        + """
type Address {
  owner User
}
model User {
  id String @id @map("_id")
}
"""
    )
    assert schema.relations == []


def test_resolve_fields_gives_the_scalar_fields_or_nothing() -> None:
    schema = build(PG + USER_POSTS)
    post = schema.models["Post"]
    assert resolve_fields(post, ["authorId", "id"]) == [
        field(schema, "Post", "authorId"),
        field(schema, "Post", "id"),
    ]
    assert resolve_fields(post, ["authorId", "author"]) == []  # a relation field
    assert resolve_fields(post, ["authorId", "nope"]) == []
    assert resolve_fields(post, None) == []
