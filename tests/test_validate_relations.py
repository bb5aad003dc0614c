"""Relation validation (analysis.validate.relations): what Prisma rejects or warns about."""

from __future__ import annotations

from functools import partial

from analysis.diagnostics import Severity
from analysis.validate.codes import RELATION, WARNING
from tests import helpers
from tests.helpers import (
    AMBIGUOUS_AUTHORS,
    IGNORED_POSTS,
    LONE_AUTHOR,
    USER_POSTS,
    VIEW_PROFILE,
    analyze_text,
)

ds = partial(helpers.ds, aligned=False)
PG = ds("postgresql")
PRISMA_MODE = '  relationMode = "prisma"\n'


def found(text: str) -> list[tuple[str, str, str]]:
    """(code, message, covered text) of the relation findings, in source order."""
    analysis = analyze_text(text)
    out = []
    for d in analysis.diagnostics:
        ours = d.code == RELATION or (
            d.code == WARNING
            and any(w in d.message for w in ("relationMode", "SetNull", "SetDefault", "MongoDB"))
        )
        if ours:
            assert (d.severity is Severity.WARNING) == (d.code == WARNING)
            out.append((d.code, d.message, text[d.start : d.end]))
    return out


def errors(text: str) -> list[tuple[str, str]]:
    return [(m, covered) for code, m, covered in found(text) if code == RELATION]


def warnings(text: str) -> list[tuple[str, str]]:
    return [(m, covered) for code, m, covered in found(text) if code == WARNING]


# ---------------------------------------------------------------------------
# Valid schemas: nothing to report
# ---------------------------------------------------------------------------


def test_valid_relations_of_every_kind_give_nothing() -> None:
    text = (
        PG
        + USER_POSTS
        + """
model Profile {
  id     Int   @id
  userId Int?  @unique
  user   Team? @relation(fields: [userId], references: [id], onDelete: SetNull)
}
model Team {
  id       Int        @id
  a        Int
  b        Int
  profile  Profile?
  tags     Tag[]
  parentId Int?
  parent   Team?      @relation("tree", fields: [parentId], references: [id])
  children Team[]     @relation("tree")
  members  Member[]

  @@unique([a, b])
}
model Tag {
  id    Int    @id
  teams Team[]
}
model Member {
  id    Int  @id
  teamA Int
  teamB Int
  team  Team @relation(fields: [teamB, teamA], references: [b, a], onDelete: Cascade)
}
"""
    )
    assert found(text) == []


def test_real_world_auth_schema_is_valid() -> None:
    # Shaped like the NextAuth models of create-t3-app (relationMode = "prisma", MySQL).
    text = ds("mysql", PRISMA_MODE) + """
model Account {
  id                String @id @default(cuid())
  userId            String
  provider          String
  providerAccountId String
  user              User   @relation(fields: [userId], references: [id], onDelete: Cascade)

  @@unique([provider, providerAccountId])
  @@index([userId])
}
model Session {
  id           String @id @default(cuid())
  sessionToken String @unique
  userId       String
  user         User   @relation(fields: [userId], references: [id], onDelete: Cascade)

  @@index([userId])
}
model User {
  id       String    @id @default(cuid())
  accounts Account[]
  sessions Session[]
}
"""
    assert found(text) == []


def test_relation_to_and_from_views_is_valid() -> None:
    assert errors(VIEW_PROFILE) == []


def test_relation_using_ignored_and_unsupported_fields_is_valid() -> None:
    text = """
model Cat {
  id    Int     @id
  boxId Int?
  fits  Boolean @ignore
  box   Box?    @relation(fields: [boxId, fits], references: [id, fits])
}
model Pig {
  id       Int                      @id
  boxId    Int?
  material Unsupported("material")
  box      Box?                     @relation(fields: [boxId, material], references: [id, material])
}
model Box {
  id       Int                      @id
  fits     Boolean
  material Unsupported("material")
  cats     Cat[]
  pigs     Pig[]

  @@unique([id, fits])
  @@unique([id, material])
}
"""
    assert errors(text) == []
    other = text.replace(
        'material Unsupported("material")\n  box', 'material Unsupported("x")\n  box'
    )
    assert [m for m, _ in errors(other)] == [
        "The type of the field `material` in model `Pig` does not match the type of the "
        "referenced field `material` in model `Box`."
    ]


# ---------------------------------------------------------------------------
# Pairing problems
# ---------------------------------------------------------------------------


def test_missing_opposite_field_on_the_forward_side() -> None:
    text = PG + LONE_AUTHOR
    assert errors(text) == [
        (
            "The relation field `author` on model `Post` is missing an opposite relation field "
            "on the model `User`. Either run `prisma format` or add it manually.",
            "author   User @relation(fields: [authorId], references: [id])",
        )
    ]
    analysis = analyze_text(text)
    (diagnostic,) = [d for d in analysis.diagnostics if d.code == RELATION]
    assert [(text[r.start : r.end], r.message) for r in diagnostic.related] == [
        ("User", "the model to add it to")
    ]


def test_missing_opposite_field_on_the_list_side_and_in_a_view() -> None:
    text = """
model User {
  id    Int    @id
  posts Post[]
}
view Post {
  id   Int   @unique
  user User?
}
"""
    # The two fields pair up (a view can hold the foreign key); only `fields` is missing.
    assert errors(text) == [
        (
            "The relation field `user` on model `Post` must specify the `fields` argument in "
            "`@relation`. You can run `prisma format` to fix this automatically.",
            "user User?",
        ),
        (
            "The relation field `user` on model `Post` must specify the `references` argument "
            "in `@relation`.",
            "user User?",
        ),
    ]
    lone = """
model User {
  id    Int    @id
  posts Post[]
}
view Post {
  id Int @unique
}
"""
    assert errors(lone) == [
        (
            "The relation field `posts` on model `User` is missing an opposite relation field "
            "on the model `Post`. Either run `prisma format` or add it manually.",
            "posts Post[]",
        )
    ]


def test_named_relation_without_partner_is_missing_its_opposite() -> None:
    text = """
model Post {
  id          Int  @id
  user_id     Int  @unique
  custom_User User @relation("CustomName", fields: [user_id], references: [id])
}
model User {
  id          Int   @id
  custom_Post Post?
}
"""
    assert [covered for _, covered in errors(text)] == [
        'custom_User User @relation("CustomName", fields: [user_id], references: [id])',
        "custom_Post Post?",
    ]


def test_ambiguous_relation_is_reported_once_and_stops_relation_checks() -> None:
    assert errors(AMBIGUOUS_AUTHORS) == [
        (
            "Ambiguous relation: the fields `author1` and `author2` in model `Post` both refer "
            "to `User`. Give them different relation names with `@relation(<name>)`.",
            "author1 User",
        )
    ]


def test_ambiguous_self_relations() -> None:
    two = "model User {\n  id Int @id\n  child User\n  mother User\n}\n"
    assert errors(two) == [
        (
            "Ambiguous self relation: the fields `child` and `mother` in model `User` both "
            "refer to `User`. If they are the two sides of one relation, give them the same "
            "relation name with `@relation(<name>)`.",
            "child User",
        )
    ]
    three = (
        "model User {\n  id Int @id\n"
        '  father User @relation(name: "family")\n'
        '  son User @relation(name: "family")\n'
        '  mother User @relation(name: "family")\n}\n'
    )
    assert errors(three) == [
        (
            "Wrongly named self relation: the fields `father`, `son` and `mother` in model "
            "`User` share one relation name, but at most two fields can belong to one "
            "relation. Give one of them a different relation name.",
            'father User @relation(name: "family")',
        )
    ]


def test_same_explicit_name_twice_between_two_models() -> None:
    text = """
model User {
  id         Int    @id
  posts      Post[] @relation(name: "a")
  even_more  Post[] @relation(name: "a")
}
model Post {
  id Int @id
}
"""
    assert errors(text) == [
        (
            "Wrongly named relation: the fields `posts` and `even_more` in model `User` use the "
            "same relation name. Give them different relation names with `@relation(<name>)`.",
            'posts      Post[] @relation(name: "a")',
        )
    ]


# ---------------------------------------------------------------------------
# The @relation attribute (first stage)
# ---------------------------------------------------------------------------


def test_unknown_and_relation_fields_in_fields_and_references() -> None:
    text = PG + """
model User {
  id    Int    @id
  posts Post[]
}
model Post {
  id    Int  @id
  user  User @relation(fields: [authorId, user], references: [nope])
}
"""
    assert errors(text) == [
        (
            "The `references` argument must name existing fields of the related model `User`; "
            "these do not exist there: nope.",
            "@relation(fields: [authorId, user], references: [nope])",
        ),
        (
            "The `fields` argument must name existing fields of model `Post`; these do not "
            "exist: authorId.",
            "[authorId, user]",
        ),
        (
            "The `fields` argument must name scalar fields, not relation fields: user.",
            "[authorId, user]",
        ),
    ]


def test_invalid_referential_action_name() -> None:
    text = USER_POSTS.replace("references: [id])", "references: [id], onDelete: MeowMeow)")
    assert errors(text) == [
        (
            "`MeowMeow` is not a referential action. Use one of `Cascade`, `Restrict`, "
            "`NoAction`, `SetNull`, `SetDefault`.",
            "MeowMeow",
        )
    ]


def test_set_null_on_a_required_foreign_key() -> None:
    base = """
model SomeUser {
  id      Int      @id
  profile Profile?
}
model Profile {
  id      Int       @id
  user    SomeUser? @relation(fields: [user_id], references: [id], onDelete: SetNull)
  user_id Int       @unique
}
"""
    line = "user    SomeUser? @relation(fields: [user_id], references: [id], onDelete: SetNull)"
    # No datasource (or MySQL, SQLite, relationMode = "prisma"...): an error.
    assert errors(base) == [
        (
            "The `onDelete` referential action cannot be `SetNull` when a foreign-key field is "
            "required. Choose another action, or make the foreign-key fields optional.",
            line,
        )
    ]
    # PostgreSQL with foreign keys accepts it, with a warning.
    assert found(PG + base) == [
        (
            WARNING,
            "The `onDelete` referential action should not be `SetNull` when a foreign-key field "
            "is required: setting it to null fails at run time. Choose another action, or make "
            "the foreign-key fields optional.",
            line,
        )
    ]
    assert found(base.replace("user_id Int ", "user_id Int?")) == []


def test_relation_attribute_on_a_scalar_field() -> None:
    text = 'model A {\n  id Int @id @relation("x")\n}\n'
    assert errors(text) == [
        (
            "`@relation` can only be used on relation fields, and `id` is not one (its type "
            "`Int` is not a model).",
            '@relation("x")',
        )
    ]


def test_relation_fields_in_composite_types() -> None:
    text = ds("mongodb") + """
type Address {
  street String
  owner  User
  c      C[]    @relation("foo")
}
type C {
  val String
}
model User {
  id      String  @id @map("_id")
  address Address
}
"""
    assert errors(text) == [
        (
            "The field `owner` of composite type `Address` has the model type `User`: relation "
            "fields are not supported inside composite types.",
            "User",
        ),
        (
            "A field of a composite type cannot have a `@relation` attribute: composite types "
            "cannot hold relations.",
            '@relation("foo")',
        ),
    ]


def test_first_stage_errors_stop_the_relation_pipeline() -> None:
    # Prisma validates relations only once the attributes read cleanly: no
    # "missing opposite field" on top of the unknown field.
    text = """
model User {
  id Int @id
}
model Post {
  id   Int  @id
  user User @relation(fields: [nope], references: [id])
}
"""
    assert [m.split(";")[0] for m, _ in errors(text)] == [
        "The `fields` argument must name existing fields of model `Post`"
    ]


def test_nothing_is_said_about_relations_of_a_schema_with_syntax_errors() -> None:
    broken = USER_POSTS.replace("  posts Post[]\n", "  posts Post[\n")
    assert errors(broken) == []


# ---------------------------------------------------------------------------
# fields / references (pipeline)
# ---------------------------------------------------------------------------


def test_references_must_be_a_unique_criterion() -> None:
    text = PG + """
model User {
  id    Int    @id
  email String
  a     Int
  b     Int
  posts Post[]
  notes Note[]
}
model Post {
  id    Int    @id
  email String
  user  User   @relation(fields: [email], references: [email])
}
model Note {
  id   Int  @id
  a    Int
  b    Int
  user User @relation(fields: [a, b], references: [a, b])
}
"""
    assert errors(text) == [
        (
            "The `references` argument must name a unique criterion of the related model (its "
            "id, or a `@unique` / `@@unique`): add `@unique` to the field `email` in model "
            "`User`.",
            "user  User   @relation(fields: [email], references: [email])",
        ),
        (
            "The `references` argument must name a unique criterion of the related model (its "
            "id, or a `@unique` / `@@unique`): add `@@unique([a, b])` to model `User`.",
            "user User @relation(fields: [a, b], references: [a, b])",
        ),
    ]


def test_sql_server_needs_references_in_the_order_of_the_criterion() -> None:
    text = ds("sqlserver") + """
model Todo {
  id1   Int
  id2   Int
  notes Note[]

  @@id([id1, id2])
}
model Note {
  id   Int  @id
  t1   Int
  t2   Int
  todo Todo @relation(fields: [t2, t1], references: [id2, id1])
}
"""
    assert errors(text) == [
        (
            "The `references` argument must list the fields of a unique criterion of model "
            "`Todo` in the same order; check the order of `id2, id1`.",
            "todo Todo @relation(fields: [t2, t1], references: [id2, id1])",
        )
    ]
    assert errors(text.replace("[id2, id1]", "[id1, id2]")) == []


def test_fields_and_references_of_different_length() -> None:
    text = PG + USER_POSTS.replace("fields: [authorId]", "fields: [authorId, id]")
    assert (
        "`fields` and `references` must list the same number of fields.",
        "@relation(fields: [authorId, id], references: [id])",
    ) in errors(text)


def test_types_of_foreign_key_and_referenced_field_must_match() -> None:
    text = PG + USER_POSTS.replace("authorId Int", "authorId BigInt")
    assert errors(text) == [
        (
            "The type of the field `authorId` in model `Post` does not match the type of the "
            "referenced field `id` in model `User`.",
            "author   User @relation(fields: [authorId], references: [id])",
        )
    ]
    # A native type does not change the scalar type: String @db.Uuid matches String.
    uuid = PG + """
model User {
  id    String @id
  posts Post[]
}
model Post {
  id       Int    @id
  authorId String @db.Uuid
  author   User   @relation(fields: [authorId], references: [id])
}
"""
    assert errors(uuid) == []


def test_required_relation_over_an_optional_foreign_key() -> None:
    text = PG + USER_POSTS.replace("authorId Int", "authorId Int?")
    assert errors(text) == [
        (
            "The relation field `author` is required, but at least one of its foreign-key "
            "fields (authorId) is optional. Make the relation field optional as well.",
            "author   User @relation(fields: [authorId], references: [id])",
        )
    ]


def test_one_to_many_arguments_on_the_wrong_side() -> None:
    text = PG + """
model User {
  id    Int    @id
  posts Post[] @relation(fields: [id], references: [id], onDelete: Cascade)
}
model Post {
  id       Int  @id
  authorId Int
  author   User
}
"""
    assert errors(text) == [
        (
            "The relation field `posts` on model `User` must not specify `fields` or "
            "`references`: only the opposite field `author` on model `Post` holds them.",
            "posts Post[] @relation(fields: [id], references: [id], onDelete: Cascade)",
        ),
        (
            "The relation field `posts` on model `User` must not specify `onDelete` or "
            "`onUpdate`: set them on the opposite field `author` on model `Post` (or, for a "
            "many-to-many relation, in an explicit join model).",
            "posts Post[] @relation(fields: [id], references: [id], onDelete: Cascade)",
        ),
        (
            "The relation field `author` on model `Post` must specify the `fields` argument in "
            "`@relation`. You can run `prisma format` to fix this automatically.",
            "author   User",
        ),
        (
            "The relation field `author` on model `Post` must specify the `references` "
            "argument in `@relation`.",
            "author   User",
        ),
    ]


# ---------------------------------------------------------------------------
# One-to-one
# ---------------------------------------------------------------------------


def test_one_to_one_foreign_key_must_be_unique() -> None:
    text = PG + """
model User {
  id      Int      @id
  profile Profile?
}
model Profile {
  id     Int  @id
  userId Int
  user   User @relation(fields: [userId], references: [id])
}
"""
    assert errors(text) == [
        (
            "A one-to-one relation must use unique fields on the side that defines it: add "
            "`@unique` to the field `userId`, or change the relation to one-to-many.",
            "user   User @relation(fields: [userId], references: [id])",
        )
    ]
    assert errors(text.replace("userId Int\n", "userId Int @unique\n")) == []
    # A compound unique constraint must list the foreign-key fields in the same order.
    compound = PG + """
model User {
  a       Int
  b       Int
  profile Profile?

  @@id([a, b])
}
model Profile {
  id   Int  @id
  ua   Int
  ub   Int
  user User @relation(fields: [ua, ub], references: [a, b])

  @@unique([ub, ua])
}
"""
    assert errors(compound) == [
        (
            "A one-to-one relation must use unique fields on the side that defines it: add "
            "`@@unique([ua, ub])` to the model, or change the relation to one-to-many.",
            "user User @relation(fields: [ua, ub], references: [a, b])",
        )
    ]
    assert errors(compound.replace("@@unique([ub, ua])", "@@unique([ua, ub])")) == []


def test_one_to_one_without_fields_on_either_side() -> None:
    text = PG + """
model User {
  id      Int      @id
  profile Profile?
}
model Profile {
  id   Int   @id
  user User?
}
"""
    pair = "`user` on model `Profile` and `profile` on model `User`"
    # Reported once per problem, on the side Prisma reports first (model `Profile` sorts first).
    assert errors(text) == [
        (
            f"The relation fields {pair} do not provide the `fields` argument in `@relation`. "
            "Provide it on one of the two fields.",
            "user User?",
        ),
        (
            f"The relation fields {pair} do not provide the `references` argument in "
            "`@relation`. Provide it on one of the two fields.",
            "user User?",
        ),
    ]
    analysis = analyze_text(text)
    related = analysis.diagnostics[0].related
    assert [text[r.start : r.end] for r in related] == ["profile Profile?"]


def test_one_to_one_with_fields_on_both_sides() -> None:
    text = PG + """
model User {
  id        Int      @id
  profileId Int?     @unique
  profile   Profile? @relation(fields: [profileId], references: [id])
}
model Profile {
  id     Int   @id
  userId Int?  @unique
  user   User? @relation(fields: [userId], references: [id])
}
"""
    messages = {m for m, _ in errors(text)}
    assert (
        "The relation fields `profile` on model `User` and `user` on model `Profile` both "
        "provide the `fields` argument in `@relation`. Provide it on only one of the two fields."
    ) in messages


def test_one_to_one_back_side_cannot_be_required() -> None:
    text = PG + """
model User {
  id      Int     @id
  profile Profile
}
model Profile {
  id     Int  @id
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}
"""
    assert errors(text) == [
        (
            "The relation field `profile` on model `User` cannot be required: the database "
            "cannot enforce that. Change its type from `Profile` to `Profile?`.",
            "profile Profile",
        )
    ]


# ---------------------------------------------------------------------------
# Referential actions per provider and relation mode
# ---------------------------------------------------------------------------


def test_no_action_is_not_emulated_on_postgres() -> None:
    text = ds("postgresql", PRISMA_MODE) + USER_POSTS.replace(
        "references: [id])", "references: [id], onUpdate: NoAction)\n\n  @@index([authorId])"
    )
    assert errors(text) == [
        (
            "The referential action `NoAction` is not supported here. Allowed values: "
            "`Cascade`, `Restrict`, `SetNull`. `NoAction` is not implemented for Postgres with "
            '`relationMode = "prisma"`; `Restrict` behaves alike. Learn more at '
            "https://pris.ly/d/relation-mode",
            "onUpdate: NoAction",
        )
    ]
    mysql = ds("mysql", PRISMA_MODE) + USER_POSTS.replace(
        "references: [id])", "references: [id], onUpdate: NoAction)\n\n  @@index([authorId])"
    )
    assert found(mysql) == []


def test_sql_server_has_no_restrict() -> None:
    text = ds("sqlserver") + USER_POSTS.replace(
        "references: [id])", "references: [id], onDelete: Restrict)"
    )
    assert errors(text) == [
        (
            "The referential action `Restrict` is not supported here. Allowed values: "
            "`Cascade`, `NoAction`, `SetNull`, `SetDefault`.",
            "onDelete: Restrict",
        )
    ]


def test_missing_index_warning_with_relation_mode_prisma() -> None:
    text = ds("mysql", PRISMA_MODE) + USER_POSTS
    assert found(text) == [
        (
            WARNING,
            'With `relationMode = "prisma"` no foreign keys are created, so the fields '
            "authorId get no index from the database. Queries on this relation may be slow: "
            "add an index on them (`@@index`). Learn more at "
            "https://pris.ly/d/relation-mode-prisma-indexes",
            "@relation(fields: [authorId], references: [id])",
        )
    ]
    indexed = text.replace("references: [id])", "references: [id])\n\n  @@index([authorId, id])")
    assert found(indexed) == []
    # The index must start with the foreign-key fields.
    wrong = text.replace("references: [id])", "references: [id])\n\n  @@index([id, authorId])")
    assert len(warnings(wrong)) == 1
    # MongoDB never gets this warning.
    assert warnings(ds("mongodb") + USER_POSTS) == []


def test_mysql_set_default_warning() -> None:
    text = ds("mysql") + USER_POSTS.replace(
        "references: [id])", "references: [id], onDelete: SetDefault)"
    )
    assert warnings(text) == [
        (
            "MySQL does not really support the `SetDefault` referential action, so it may not "
            "behave as expected. Read more at https://pris.ly/d/mysql-set-default",
            "author   User @relation(fields: [authorId], references: [id], onDelete: SetDefault)",
        )
    ]


def test_named_foreign_keys_on_sqlite() -> None:
    text = ds("sqlite") + USER_POSTS.replace("references: [id])", 'references: [id], map: "fk")')
    assert errors(text) == [
        (
            "The provider `sqlite` does not support named foreign keys: remove `map` from "
            "`@relation`.",
            '@relation(fields: [authorId], references: [id], map: "fk")',
        )
    ]
    named = USER_POSTS.replace("references: [id])", 'references: [id], map: "fk")')
    assert errors(PG + named) == []
    long = "f" * 64
    too_long = USER_POSTS.replace("references: [id])", f'references: [id], map: "{long}")')
    assert errors(PG + too_long) == [
        (
            f"The foreign key name `{long}` is too long: Postgres allows at most 63 bytes.",
            f'@relation(fields: [authorId], references: [id], map: "{long}")',
        )
    ]
    assert errors(ds("mysql") + too_long) == []  # MySQL allows 64


def test_relation_to_an_ignored_model_must_be_ignored() -> None:
    text = IGNORED_POSTS
    assert errors(text) == [
        (
            "The relation field `posts` on model `User` must be marked `@ignore`, because the "
            "model `Post` it points to is ignored.",
            "posts Post[]",
        )
    ]
    assert errors(text.replace("posts Post[]", "posts Post[] @ignore")) == []


# ---------------------------------------------------------------------------
# Cycles and multiple cascade paths (SQL Server, relationMode = "prisma")
# ---------------------------------------------------------------------------

SELF = """
model Node {
  id       Int    @id
  parentId Int?
  parent   Node?  @relation("tree", fields: [parentId], references: [id]ACTIONS)
  children Node[] @relation("tree")
}
"""


def test_self_relation_cycle_on_sql_server() -> None:
    text = ds("sqlserver") + SELF.replace("ACTIONS", "")
    assert errors(text) == [
        (
            "A self-relation must have `onDelete` and `onUpdate` set to `NoAction` in one of "
            "its `@relation` attributes. (Implicit default `onDelete`: `SetNull`, and "
            "`onUpdate`: `Cascade`) Read more at https://pris.ly/d/cyclic-referential-actions",
            'parent   Node?  @relation("tree", fields: [parentId], references: [id])',
        )
    ]
    no_action = SELF.replace("ACTIONS", ", onDelete: NoAction, onUpdate: NoAction")
    assert errors(ds("sqlserver") + no_action) == []
    # With foreign keys elsewhere, cycles are fine.
    assert errors(PG + SELF.replace("ACTIONS", "")) == []


def test_self_relation_cycle_with_relation_mode_prisma() -> None:
    text = ds("mysql", PRISMA_MODE) + SELF.replace("ACTIONS", ", onDelete: Cascade")
    assert errors(text) == [
        (
            "A self-relation must have `onDelete` and `onUpdate` set to `NoAction` in one of "
            "its `@relation` attributes. (Implicit default `onUpdate`: `Cascade`) Read more at "
            "https://pris.ly/d/cyclic-referential-actions",
            'parent   Node?  @relation("tree", fields: [parentId], references: [id], '
            "onDelete: Cascade)",
        )
    ]


def test_two_model_cycle_on_sql_server() -> None:
    text = ds("sqlserver") + """
model A {
  id  Int @id
  bId Int
  b   B   @relation("ab", fields: [bId], references: [id], onDelete: NoAction)
  bs  B[] @relation("ba")
}
model B {
  id  Int @id
  aId Int
  a   A   @relation("ba", fields: [aId], references: [id], onDelete: Cascade)
  as  A[] @relation("ab")
}
"""
    hint = "Read more at https://pris.ly/d/cyclic-referential-actions"
    head = (
        "These relations form a cycle of referential actions; one of their `@relation` "
        "attributes must set `onDelete` and `onUpdate` to `NoAction`. Cycle path: "
    )
    assert errors(text) == [
        (
            f"{head}A.b → B.a. (Implicit default `onUpdate`: `Cascade`) {hint}",
            'b   B   @relation("ab", fields: [bId], references: [id], onDelete: NoAction)',
        ),
        (
            f"{head}B.a → A.b. (Implicit default `onUpdate`: `Cascade`) {hint}",
            'a   A   @relation("ba", fields: [aId], references: [id], onDelete: Cascade)',
        ),
    ]
    # Every relation of a cycle must trigger an action: one NoAction link breaks it.
    broken = text.replace("onDelete: Cascade)", "onDelete: NoAction, onUpdate: NoAction)")
    assert errors(broken) == []


def test_multiple_cascade_paths_on_sql_server() -> None:
    text = ds("sqlserver") + """
model User {
  id       Int       @id
  posts    Post[]
  comments Comment[]
}
model Post {
  id       Int       @id
  userId   Int
  user     User      @relation(fields: [userId], references: [id], onDelete: Cascade)
  comments Comment[]
}
model Comment {
  id     Int  @id
  userId Int
  postId Int
  user   User @relation(fields: [userId], references: [id], onDelete: Cascade)
  post   Post @relation(fields: [postId], references: [id], onDelete: Cascade)
}
"""
    message = (
        "When a record of model `User` is updated or deleted, the referential actions cascade "
        "to model `Comment` through multiple paths. Break one of these paths by setting "
        "`onUpdate` and `onDelete` to `NoAction`. (Implicit default `onUpdate`: `Cascade`) "
        "Read more at https://pris.ly/d/cyclic-referential-actions"
    )
    assert errors(text) == [
        (message, "user   User @relation(fields: [userId], references: [id], onDelete: Cascade)"),
        (message, "post   Post @relation(fields: [postId], references: [id], onDelete: Cascade)"),
    ]
    broken = text.replace(
        "post   Post @relation(fields: [postId], references: [id], onDelete: Cascade)",
        "post   Post @relation(fields: [postId], references: [id], onDelete: NoAction, "
        "onUpdate: NoAction)",
    )
    assert errors(broken) == []


# ---------------------------------------------------------------------------
# Implicit many-to-many
# ---------------------------------------------------------------------------


def test_implicit_many_to_many_needs_single_field_ids() -> None:
    text = PG + """
model Post {
  a    Int
  b    Int
  tags Tag[]

  @@id([a, b])
}
model Tag {
  id    Int    @id
  posts Post[]
}
"""
    assert errors(text) == [
        (
            "The relation field `posts` on model `Tag` references `Post`, which has no "
            "single-field `@id`. Models without one cannot be part of an implicit many-to-many "
            "relation: use an explicit join model.",
            "posts Post[]",
        )
    ]


def test_implicit_many_to_many_rejects_actions_and_references() -> None:
    text = PG + """
model Post {
  id   Int   @id
  tags Tag[] @relation(references: [id], onDelete: Cascade)
}
model Tag {
  id    Int    @id
  posts Post[]
}
"""
    assert errors(text) == [
        (
            "An implicit many-to-many relation cannot have a `references` argument. Remove it, "
            "or change the relation to one-to-many.",
            "tags Tag[] @relation(references: [id], onDelete: Cascade)",
        ),
        (
            "Referential actions are not supported on implicit many-to-many relations.",
            "onDelete: Cascade",
        ),
    ]


def test_implicit_many_to_many_with_views_and_on_mongodb() -> None:
    views = """
model User {
  id    Int    @id
  posts Post[]
}
view Post {
  id    Int    @unique
  users User[]
}
"""
    # One finding for the relation, at model A's field (`Post` sorts before `User`); that the
    # view has no `@id` is not repeated.
    assert errors(views) == [
        ("Implicit many-to-many relations are not supported for views.", "users User[]"),
    ]
    mongo = ds("mongodb") + """
model Post {
  id   String @id @map("_id")
  tags Tag[]
}
model Tag {
  id    String @id @map("_id")
  posts Post[]
}
"""
    assert [covered for _, covered in errors(mongo)] == ["tags Tag[]"]


# ---------------------------------------------------------------------------
# MongoDB
# ---------------------------------------------------------------------------

MONGO = ds("mongodb")


EMBEDDED = """
model Post {
  id     String   @id @map("_id") @db.ObjectId
  tagIds String[] @db.ObjectId
  tags   Tag[]    @relation(fields: [tagIds], references: [id])
}
model Tag {
  id      String   @id @map("_id") @db.ObjectId
  postIds String[] @db.ObjectId
  posts   Post[]   @relation(fields: [postIds], references: [id])
}
"""


def test_mongodb_embedded_many_to_many() -> None:
    assert found(MONGO + EMBEDDED) == []
    wrong = EMBEDDED.replace("postIds String[] @db.ObjectId", "postIds String[]").replace(
        "references: [id])\n}\n\n", "references: [id], onDelete: Cascade)\n}\n\n"
    )
    wrong = wrong.replace(
        "posts   Post[]   @relation(fields: [postIds], references: [id])",
        "posts   Post[]   @relation(fields: [postIds], references: [id], onDelete: Cascade)",
    )
    assert errors(MONGO + wrong) == [
        (
            "The field `postIds` in `fields` must be a list of the type of `Post.id`, with the "
            "same native type.",
            "@relation(fields: [postIds], references: [id], onDelete: Cascade)",
        ),
        (
            "Referential actions are not supported on embedded many-to-many relations.",
            "onDelete: Cascade",
        ),
    ]
    # Elsewhere, lists with `fields:` are not supported at all.
    relational = PG + EMBEDDED.replace(' @map("_id") @db.ObjectId', "").replace(" @db.ObjectId", "")
    assert [(m.split(" (")[0], covered) for m, covered in errors(relational)] == [
        ("Embedded many-to-many relations", "tags   Tag[]    @relation(fields: [tagIds], "
         "references: [id])")
    ]


def test_mongodb_foreign_key_native_types_should_match() -> None:
    text = MONGO + """
model Parent {
  id      String @id @default(auto()) @map("_id") @db.ObjectId
  childId String @unique
  child   Child? @relation(fields: [childId], references: [parentId])
}
model Child {
  id       String  @id @default(auto()) @map("_id") @db.ObjectId
  parentId String  @unique @db.ObjectId
  parent   Parent?
}
"""
    assert warnings(text) == [
        (
            "The fields `Parent.childId` and `Child.parentId` should have the same native type, "
            "or MongoDB cannot join the collections correctly: add `@db.ObjectId` to "
            "`Parent.childId` or remove it from the other. This will become an error in the "
            "future.",
            "childId String @unique",
        )
    ]
    same = text.replace("childId String @unique", "childId String @unique @db.ObjectId")
    assert found(same) == []


def test_mongodb_self_relation_needs_no_action() -> None:
    text = MONGO + """
model Node {
  id       String  @id @map("_id") @db.ObjectId
  parentId String? @db.ObjectId
  parent   Node?   @relation("tree", fields: [parentId], references: [id])
  children Node[]  @relation("tree")
}
"""
    assert [m.split(" (")[0] for m, _ in errors(text)] == [
        "A self-relation must have `onDelete` and `onUpdate` set to `NoAction` in one of its "
        "`@relation` attributes."
    ]
    fixed = text.replace("references: [id])", "references: [id], onDelete: NoAction, "
                         "onUpdate: NoAction)")
    assert found(fixed) == []
