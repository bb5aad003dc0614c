"""The semantic model: type resolution, ids and indexes, database names, config."""

from __future__ import annotations

from analysis.api import analyze, reanalyze
from analysis.model.names import constraint_name, default_relation_name
from analysis.model.schema import Schema
from analysis.text import SourceFile, TextEdit
from tests import helpers
from tests.helpers import analyze_text

SCHEMA = """\
datasource db {
  provider     = "postgresql"
  relationMode = "foreignKeys"
  schemas      = ["base", "audit"]
}

generator client {
  provider        = "prisma-client"
  previewFeatures = ["views", "relationJoins"]
}

enum Role {
  ADMIN  @map("admin")
  MEMBER
  @@map("role")
}

/// A person.
model User {
  id        String   @id @default(cuid())
  email     String   @unique @db.VarChar(320)
  role      Role     @default(MEMBER)
  firstName String   @map("first_name")
  lastName  String
  tags      String[]
  legacy    Unsupported("tsvector")?
  posts     Post[]

  @@unique([firstName, lastName], name: "fullName")
  @@index([lastName(sort: Desc), firstName], map: "users_by_name", type: BTree)
  @@map("users")
  @@schema("base")
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId String
  author   User   @relation(fields: [authorId], references: [id])

  @@index([authorId])
  @@schema("base")
}
"""


def build(text: str = SCHEMA) -> Schema:
    """The model of ``text``, for the newest Prisma."""
    return helpers.build(text, version=None)


def test_config_blocks() -> None:
    schema = build()
    assert schema.provider == "postgresql"
    assert schema.relation_mode == "foreignKeys"
    assert schema.datasource is not None
    assert schema.datasource.schemas == ["base", "audit"]
    assert schema.native_prefix == "db"
    assert schema.preview_features == {"views", "relationJoins"}
    assert [g.name for g in schema.generators] == ["client"]


def test_postgres_alias_and_default_relation_mode() -> None:
    schema = build('datasource db {\n  provider = "postgres"\n}\n')
    assert schema.provider == "postgresql"
    assert schema.relation_mode == "foreignKeys"
    mongo = build('datasource db {\n  provider = "mongodb"\n}\n')
    assert mongo.relation_mode == "prisma"
    assert build("model A {\n  id Int @id\n}\n").provider is None


def test_field_kinds_and_arity() -> None:
    schema = build()
    user = schema.models["User"]
    kinds = {f.name: (f.kind, f.arity, f.type_name) for f in user.fields}
    assert kinds == {
        "id": ("scalar", "required", "String"),
        "email": ("scalar", "required", "String"),
        "role": ("enum", "required", "Role"),
        "firstName": ("scalar", "required", "String"),
        "lastName": ("scalar", "required", "String"),
        "tags": ("scalar", "list", "String"),
        "legacy": ("unsupported", "optional", "Unsupported"),
        "posts": ("model", "list", "Post"),
    }
    assert user.by_name["role"].target is schema.enums["Role"]
    assert user.by_name["email"].native_type is not None
    assert user.by_name["email"].native_type.name.text == "db.VarChar"
    assert user.block.doc == "A person."


def test_unknown_type_is_unknown_not_an_exception() -> None:
    model = build("model A {\n  id Int @id\n  b Nope\n  c\n}\n").models["A"]
    kinds = [(f.name, f.kind) for f in model.fields]
    assert kinds == [("id", "scalar"), ("b", "unknown"), ("c", "unknown")]


def test_database_names() -> None:
    schema = build()
    user = schema.models["User"]
    assert user.db_name == "users"
    assert user.schema == "base"
    assert user.by_name["firstName"].db_name == "first_name"
    assert user.by_name["lastName"].db_name == "lastName"
    role = schema.enums["Role"]
    assert role.db_name == "role"
    assert [(v.name, v.db_name) for v in role.values] == [("ADMIN", "admin"), ("MEMBER", "MEMBER")]


def test_ids_uniques_indexes_with_prisma_default_names() -> None:
    schema = build()
    user = schema.models["User"]
    assert user.primary_key is not None
    assert user.primary_key.field_names == ["id"]
    assert user.primary_key.on_field
    assert user.primary_key.db_name == "users_pkey"
    uniques = [(u.field_names, u.name, u.db_name) for u in user.uniques]
    assert uniques == [
        (["email"], None, "users_email_key"),
        (["firstName", "lastName"], "fullName", "users_first_name_lastName_key"),
    ]
    (index,) = user.indexes
    assert index.kind == "index"
    assert index.field_names == ["lastName", "firstName"]
    assert index.fields[0].sort == "Desc"
    assert index.db_name == "users_by_name"
    assert index.type == "BTree"
    post = schema.models["Post"]
    assert post.indexes[0].db_name == "Post_authorId_idx"
    assert post.indexes[0].fields[0].field is post.by_name["authorId"]


def test_constraint_names_are_truncated_to_the_identifier_limit() -> None:
    table = "a" * 40
    name = constraint_name(table, ["b" * 30], "idx", "postgresql")
    assert len(name) == 63
    assert name == ("a" * 40 + "_" + "b" * 30)[:59] + "_idx"
    assert constraint_name(table, ["b" * 30], "idx", "sqlite") == "a" * 40 + "_" + "b" * 30 + "_idx"
    assert default_relation_name("User", "Post") == "PostToUser"


def test_relation_with_explicit_defaults() -> None:
    schema = build()
    (relation,) = schema.relations
    assert relation.kind == "1:N"
    assert relation.name == "PostToUser"
    assert not relation.explicit_name
    assert relation.forward is schema.models["Post"].by_name["author"]
    assert relation.back is schema.models["User"].by_name["posts"]
    assert [f.name for f in relation.fk_fields] == ["authorId"]
    assert [f.name for f in relation.referenced_fields] == ["id"]
    assert (relation.on_delete, relation.on_update) == ("Restrict", "Cascade")
    assert not relation.on_delete_explicit


def test_multi_file_schema_resolves_across_files() -> None:
    a = SourceFile("schema/user.prisma", "model User {\n  id Int @id\n  posts Post[]\n}\n")
    b = SourceFile(
        "schema/post.prisma",
        "model Post {\n  id Int @id\n  userId Int\n"
        "  user User @relation(fields: [userId], references: [id])\n}\n",
    )
    config = SourceFile("schema/schema.prisma", 'datasource db {\n  provider = "sqlite"\n}\n')
    schema = analyze([config, a, b]).schema
    post = schema.models["Post"]
    assert post.decl.path == "schema/post.prisma"
    assert post.by_name["user"].target is schema.models["User"]
    (relation,) = schema.relations
    assert relation.back is schema.models["User"].by_name["posts"]
    span = post.by_name["user"].type_span
    assert b.text[span.start : span.end] == "User"


def test_spans_are_absolute_after_an_edit_above() -> None:
    first = analyze_text(SCHEMA, None, "s.prisma")
    again = reanalyze(first, "s.prisma", [TextEdit(0, 0, "// a new first line\n")])
    post = again.schema.models["Post"]
    span = post.by_name["authorId"].name_span
    assert again.files[0].text[span.start : span.end] == "authorId"


def test_incremental_model_reuses_untouched_declarations() -> None:
    first = analyze_text(SCHEMA, None, "s.prisma")
    user_before = first.schema.models["User"]
    post_before = first.schema.models["Post"]
    at = SCHEMA.index("title    String") + len("title")
    again = reanalyze(first, "s.prisma", [TextEdit(at, at, "2")])
    assert again.schema.models["User"] is user_before
    assert again.schema.models["Post"] is not post_before
    assert "title2" in again.schema.models["Post"].by_name
    # The relation is rebuilt and points at the new Post model.
    (relation,) = again.schema.relations
    assert relation.forward.owner is again.schema.models["Post"]
    assert relation.back is user_before.by_name["posts"]
