"""Id, unique, index and shard key validation (analysis.validate.indexes)."""

from __future__ import annotations

from analysis.validate.codes import CAPABILITY, INDEX, NO_UNIQUE_CRITERION
from tests.helpers import ds, errors, findings

VIEWS = 'generator c {\n  provider        = "prisma-client-js"\n  previewFeatures = ["views"]\n}\n'
MINE = (INDEX, CAPABILITY, NO_UNIQUE_CRITERION)


def found(text: str) -> list[tuple[str, str, str]]:
    """(code, message, covered text) of the errors of this area, in source order."""
    return findings(text, errors_only=True, codes=MINE)


def all_errors(text: str) -> list[str]:
    return [message for _, message, _ in errors(text)]


def block(text: str, header: str) -> str:
    start = text.index(header)
    return text[start : text.index("\n}", start) + 2]


# ---------------------------------------------------------------------------
# Valid schemas
# ---------------------------------------------------------------------------


def test_valid_ids_uniques_and_indexes() -> None:
    text = ds("postgresql") + """
model A {
  id    Int    @id
  email String @unique(sort: Desc)
  a     Int
  b     Int?
  @@unique([a, b], name: "a_b_pair")
  @@index([a(sort: Asc), email], type: BTree, map: "a_email")
  @@index([email(ops: raw("text_pattern_ops"))], type: Gin)
}
model Compound {
  x Int
  y Int
  @@id([x, y], name: "xy")
}
model OnlyUnique {
  k String @unique
}
model Ignored {
  a Int
  @@ignore
}
"""
    assert all_errors(text) == []


def test_mysql_text_with_length_and_sqlserver_clustering_are_valid() -> None:
    mysql = ds("mysql") + """
model M {
  id String @id(length: 100) @db.Text
  t  String @db.Text
  @@unique([t(length: 20)])
  @@fulltext([t])
}
"""
    assert all_errors(mysql) == []
    mssql = ds("sqlserver") + """
model T {
  id Int @id(clustered: false)
  a  Int
  @@index([a], clustered: true)
}
"""
    assert all_errors(mssql) == []


def test_views_need_no_unique_criterion() -> None:
    text = VIEWS + ds("postgresql") + "view V {\n  a Int\n}\n"
    assert all_errors(text) == []


# ---------------------------------------------------------------------------
# While reading attributes
# ---------------------------------------------------------------------------


def test_field_resolution_in_block_indexes() -> None:
    text = ds("postgresql") + """
model A {
  id    Int  @id
  opt   Int?
  b     B    @relation(fields: [bId], references: [id])
  bId   Int
  @@unique([foo, bar])
  @@unique([opt, opt], map: "twice")
  @@index([b])
  @@index([opt], type: Magic, map: "magic")
  @@unique([opt], name: "bad.name", map: "bad")
}
model B {
  id Int @id
  as A[]
}
"""
    assert found(text) == [
        (INDEX, "The unique constraint refers to the unknown fields `foo`, `bar` of `A`.",
         "@@unique([foo, bar])"),
        (INDEX, "The unique constraint lists the field `opt` more than once.",
         '@@unique([opt, opt], map: "twice")'),
        (INDEX, "The index refers to the relation field `b`: only scalar fields can be used (did "
         "you mean `@@index([bId])`?).", "@@index([b])"),
        (INDEX, "Unknown index type `Magic`: use one of BTree, Hash, Gist, Gin, SpGist, Brin.",
         '@@index([opt], type: Magic, map: "magic")'),
        (INDEX, "The `name` of `@@unique` may only contain letters, digits and `_`, not "
         "`bad.name`.", '@@unique([opt], name: "bad.name", map: "bad")'),
    ]


def test_ids_must_be_single_and_required() -> None:
    text = ds("postgresql") + """
model A {
  id    Int @id
  other Int @id
}
model B {
  id Int? @id
}
model C {
  a Int
  b Int?
  @@id([a, b])
}
model D {
  a Int
  @@id([a, c])
}
model E {
  a Int @id
  b Int
  @@id([a, b])
}
"""
    assert found(text) == [
        (INDEX, "Only one field can be marked with `@id`, but `A` has several (`id`, `other`).",
         block(text, "model A")),
        (INDEX, "The id field `id` must be required: remove the `?`.", "@id"),
        (INDEX, "The id refers to the optional field `b`: id fields must be required.",
         "@@id([a, b])"),
        (INDEX, "The id refers to the unknown field `c` of `D`.", "[a, c]"),
        (INDEX, "The model `E` has both `@id` (on `a`) and `@@id`: keep only one.",
         block(text, "model E")),
    ]


def test_optional_id_in_an_ignored_model_is_fine() -> None:
    text = ds("postgresql") + "model A {\n  id Int? @id\n  @@ignore\n}\n"
    assert found(text) == []


def test_composite_type_paths_in_mongodb_indexes() -> None:
    text = ds("mongodb") + """
type Address {
  street String
  city   City
}
type City {
  name String
}
model U {
  id      String  @id @map("_id") @db.ObjectId
  address Address
  @@index([address.street])
  @@index([address.city.name])
  @@index([address.zip])
  @@index([address.street.name])
}
"""
    assert found(text) == [
        (INDEX, "The index refers to the unknown field `address.zip` of `U`.",
         "@@index([address.zip])"),
        (INDEX, "The index refers to the unknown field `address.street.name` of `U`.",
         "@@index([address.street.name])"),
    ]


def test_shard_keys() -> None:
    text = ds("mysql") + """
generator c {
  provider        = "prisma-client-js"
  previewFeatures = ["shardKeys"]
}
model A {
  a String @id
  b String @shardKey
  c String @shardKey
}
model B {
  a String  @id
  b String? @shardKey
}
model C {
  id Int @id
  @@shardKey([foo, bar])
}
model D {
  id Int     @id
  r  String?
  @@shardKey([id, r])
}
model E {
  id Int     @id
  r  String?
  @@shardKey([id, r])
  @@ignore
}
"""
    assert found(text) == [
        (INDEX, "Only one field can be marked with `@shardKey`, but `A` has several (`b`, `c`).",
         block(text, "model A")),
        (INDEX, "The shard key field `b` must be required.", "@shardKey"),
        (INDEX, "The shard key refers to the unknown fields `foo`, `bar`.", "[foo, bar]"),
        (INDEX, "The shard key refers to the optional field `r`: shard key fields must be "
         "required.", "@@shardKey([id, r])"),
    ]


# ---------------------------------------------------------------------------
# Schema-wide, per provider
# ---------------------------------------------------------------------------


def test_unique_criterion_and_postgres_options() -> None:
    text = VIEWS + ds("postgresql") + """
model NoKey {
  a Int
  b Int? @unique
}
model P {
  id Int    @id(sort: Desc, clustered: true)
  s  String @unique(length: 10)
  x  String @db.Xml
  @@index([x])
  @@fulltext([s])
}
view V {
  a Int @unique(map: "v_a")
  @@index([a])
}
"""
    assert found(text) == [
        (NO_UNIQUE_CRITERION, "The model `NoKey` has no unique criterion made of required "
         "fields: mark a field with `@id` or `@unique`, or add `@@id([...])` or "
         "`@@unique([...])`. Not counted, as they include optional fields: b.",
         block(text, "model NoKey")),
        (CAPABILITY, "`clustered:` in `@id` is only supported by SQL Server.",
         "@id(sort: Desc, clustered: true)"),
        (CAPABILITY, "This provider does not support `sort:` in the primary key.",
         "@id(sort: Desc, clustered: true)"),
        (CAPABILITY, "`length:` in `@unique` is only supported by MySQL.", "@unique(length: 10)"),
        (CAPABILITY, "A field of Postgres native type `Xml` cannot be indexed.",
         "x  String @db.Xml"),
        (CAPABILITY, "Full-text indexes (`@@fulltext`) are only supported by MySQL and MongoDB.",
         "@@fulltext([s])"),
        (INDEX, "A unique constraint on a view is not a database index, so it cannot have a "
         "database name (`map:`).", '@unique(map: "v_a")'),
        (INDEX, "Views cannot have indexes.", "@@index([a])"),
    ]


def test_unsupported_id_is_no_unique_criterion() -> None:
    text = ds("postgresql") + 'model U {\n  id Unsupported("circle") @id\n}\n'
    assert found(text) == [
        (NO_UNIQUE_CRITERION, "The model `U` has no unique criterion made of required fields: "
         "mark a field with `@id` or `@unique`, or add `@@id([...])` or `@@unique([...])`. Not "
         "counted, as they include optional fields: id.", block(text, "model U")),
    ]


def test_mysql_index_rules() -> None:
    text = ds("mysql") + """
model M {
  id Int    @id(map: "pk")
  t  String @unique @db.Text
  u  String @db.Text
  w  String @db.Text
  n  Int
  @@index([u])
  @@index([w(length: 10)])
  @@index([n], type: Gin)
  @@index([n(length: 3)], map: "n_len")
}
"""
    assert found(text) == [
        (CAPABILITY, "MySQL does not support naming the primary key: remove `map:`.",
         block(text, "model M")),
        (CAPABILITY, "A field of MySQL native type `Text` cannot be unique. Give the field a "
         "`length:` in the index to allow this.", "@unique"),
        (CAPABILITY, "A field of MySQL native type `Text` cannot be indexed. Give the field a "
         "`length:` in the index to allow this.", "@@index([u])"),
        (CAPABILITY, "The index type `Gin` is not supported by this provider.", "Gin"),
        (CAPABILITY, "`length:` only applies to String and Bytes fields.",
         '@@index([n(length: 3)], map: "n_len")'),
    ]


def test_sql_server_bytes_id_and_clustering() -> None:
    text = ds("sqlserver") + """
model S {
  id Bytes @id
  a  Int
  @@index([a], clustered: true)
}
"""
    assert found(text) == [
        (CAPABILITY, "SQL Server does not allow Bytes fields in the id.", "@id"),
        (CAPABILITY, "A table can have only one clustered index, but this id and another index "
         "are both clustered.", "@id"),
        (CAPABILITY, "A table can have only one clustered index: the primary key is clustered "
         "already (mark it `clustered: false`).", "@@index([a], clustered: true)"),
    ]


def test_mongodb_compound_ids_and_id_uniques() -> None:
    text = ds("mongodb") + """
model A {
  id  String @map("_id") @default(auto()) @db.ObjectId
  id2 String @default(auto()) @db.ObjectId
  @@id([id, id2])
}
model B {
  id String @id @map("_id") @db.ObjectId
  @@unique([id])
}
"""
    assert found(text) == [
        (CAPABILITY, "MongoDB does not support compound ids (`@@id`).", "@@id([id, id2])"),
        (CAPABILITY, "With MongoDB, a field cannot be both the id and unique.", "@@unique([id])"),
    ]


def test_too_long_constraint_names() -> None:
    long = "x" * 64
    text = ds("postgresql") + f'model A {{\n  id Int @id(map: "{long}")\n}}\n'
    assert found(text) == [
        (INDEX, f"The constraint name `{long}` given with `map:` in `@id` is too long: this "
         "database allows at most 63 characters.", f'@id(map: "{long}")'),
    ]


def test_postgres_index_types_and_operator_classes() -> None:
    text = ds("postgresql") + """
model P {
  id    Int      @id
  tags  String[]
  data  Json
  jb    Json     @db.JsonB
  ip    String   @db.Inet
  txt   String   @db.Text
  bits  String   @db.VarBit
  n     Int
  d     DateTime @db.Time
  s     String
  vec   Unsupported("tsvector")

  @@index([tags], type: Gin)
  @@index([data], type: Gin)
  @@index([jb(ops: JsonbPathOps)], type: Gin)
  @@index([ip(ops: InetOps)], type: Gist)
  @@index([txt(ops: raw("gin_trgm_ops"))], type: Gin)
  @@index([vec], type: Gin)
  @@index([n(ops: Int4MinMaxOps)], type: Brin)
  @@index([s], type: SpGist)
  @@index([s(ops: TextOps)], type: SpGist, map: "s2")
  @@index([tags(ops: ArrayOps)], type: Gist, map: "a")
  @@index([bits(ops: BitMinMaxOps)], type: Brin, map: "b")
  @@index([n(ops: BitMinMaxOps)], type: Brin, map: "c")
  @@index([d(ops: DateBloomOps)], type: Brin, map: "d")
  @@index([n], type: SpGist, map: "e")
  @@index([n, s], type: SpGist, map: "f")
  @@index([n(ops: TextOps)], type: SpGist, map: "g")
  @@index([txt], type: Gin, map: "h")
}
"""
    assert found(text) == [
        (CAPABILITY, "The operator class `ArrayOps` cannot be used with a `Gist` index.",
         '@@index([tags(ops: ArrayOps)], type: Gist, map: "a")'),
        (CAPABILITY, "The operator class `BitMinMaxOps` does not support the native type `VarBit` "
         "of the field `bits`.", '@@index([bits(ops: BitMinMaxOps)], type: Brin, map: "b")'),
        (CAPABILITY, "The operator class `BitMinMaxOps` needs the field `n` to have a native type "
         "(`@db.…`).", '@@index([n(ops: BitMinMaxOps)], type: Brin, map: "c")'),
        (CAPABILITY, "The operator class `DateBloomOps` does not support the native type `Time` "
         "of the field `d`.", '@@index([d(ops: DateBloomOps)], type: Brin, map: "d")'),
        (CAPABILITY, "A `SpGist` index does not support the type of the field `n`.",
         '@@index([n], type: SpGist, map: "e")'),
        (CAPABILITY, "SpGist indexes take a single column.",
         '@@index([n, s], type: SpGist, map: "f")'),
        (CAPABILITY, "A `SpGist` index does not support the type of the field `n`.",
         '@@index([n, s], type: SpGist, map: "f")'),
        (CAPABILITY, "The operator class `TextOps` needs a String field, but `n` is not one.",
         '@@index([n(ops: TextOps)], type: SpGist, map: "g")'),
        (CAPABILITY, "A `Gin` index has no default operator class for the native type `Text`.",
         '@@index([txt], type: Gin, map: "h")'),
    ]


def test_mongodb_model_rules() -> None:
    text = ds("mongodb") + """
model NoId {
  name String @unique @map("name")
}

model Unmapped {
  id String @id @db.ObjectId
}

model Wrong {
  id String @id @map("key") @db.ObjectId
  a  String @map("a.b")
  e  String @unique
  @@index([e])
}

model Fine {
  id String @id @map("_id") @default(auto()) @db.ObjectId
  e  String
  @@index([e])
  @@index([e(sort: Desc)])
}
"""
    assert found(text) == [
        (CAPABILITY, "MongoDB models need exactly one `@id` field, and `NoId` has none.",
         block(text, "model NoId")),
        (CAPABILITY, 'The id field `id` of a MongoDB model must be mapped to `_id` with '
         '`@map("_id")`.', "id String @id @db.ObjectId"),
        (CAPABILITY, 'The id field `id` of a MongoDB model must be mapped to `_id` with '
         '`@map("_id")`, not `@map("key")`.', 'id String @id @map("key") @db.ObjectId'),
        (CAPABILITY, "MongoDB field names cannot contain `.`.", '@map("a.b")'),
        (CAPABILITY, "MongoDB already has an index on exactly these fields in this model.",
         "@unique"),
        (CAPABILITY, "MongoDB already has an index on exactly these fields in this model.",
         "@@index([e])"),
    ]


def test_relation_attribute_errors_close_the_schema_wide_checks() -> None:
    # `@relation` on a composite field is an attribute-stage error (see relations):
    # the MongoDB `_id` rule, a schema-wide check, is not run.
    text = ds("mongodb") + """
type Address {
  street String
}
model Test {
  id     Int      @id
  addres Address? @relation("TestAddress")
}
"""
    assert found(text) == []


def test_empty_and_clashing_compound_ids() -> None:
    text = ds("postgresql") + """
model A {
  a   Int
  b   Int
  a_b Int
  @@id([a, b])
}
model B {
  a   Int
  b   Int
  a_b Int
  @@id([a, b], name: "pair")
}
model C {
  x Int @unique
  @@id([])
}
"""
    assert found(text) == [
        (INDEX, 'The field `a_b` clashes with the name the client gives this `@@id`: give it a '
         'name with `name: "..."`.', "@@id([a, b])"),
        (INDEX, "`@@id` needs at least one field.", "@@id([])"),
    ]


def test_mongodb_allows_one_fulltext_index_per_collection() -> None:
    text = ds("mongodb") + """
model A {
  id String @id @map("_id") @db.ObjectId
  t  String
  u  String
  @@fulltext([t])
  @@fulltext([u])
}
"""
    message = "MongoDB allows only one `@@fulltext` index per collection."
    assert found(text) == [
        (CAPABILITY, message, "@@fulltext([t])"),
        (CAPABILITY, message, "@@fulltext([u])"),
    ]


def test_operator_class_values() -> None:
    text = ds("postgresql") + """
model P {
  id Int    @id
  a  String
  @@index([a(ops: FooOps)], type: Gin)
  @@index([a(ops: raw(1))], type: Gin, map: "x")
  @@index([a(ops: "x")], type: Gin, map: "y")
  @@index([a(ops: raw("gin_trgm_ops"))], type: Gin, map: "z")
}
"""
    assert found(text) == [
        (INDEX, 'Unknown operator class `FooOps` (use `raw("…")` for operator classes Prisma '
         "does not list).", "FooOps"),
        (INDEX, "`raw()` takes a single string: the operator class name.", "raw(1)"),
        (INDEX, '`ops:` takes an operator class name or `raw("…")`.', '"x"'),
    ]


def test_index_types_per_provider() -> None:
    mysql = ds("mysql") + "model M {\n  id Int @id\n  a Int\n  @@index([a], type: Hash)\n}\n"
    assert found(mysql) == [
        (CAPABILITY, "The index type `Hash` is not supported by this provider.", "Hash"),
    ]
    crdb = ds("cockroachdb") + """
model C {
  id   BigInt   @id
  tags String[]
  data Json
  n    Int
  @@index([tags, data], type: Gin)
  @@index([data, tags], type: Gin, map: "json_first")
  @@index([n], type: Gin, map: "int")
  @@index([n], type: Hash, map: "hash")
}
"""
    assert found(crdb) == [
        (CAPABILITY, "In an inverted (`Gin`) index, a Json field can only be the last one.",
         '@@index([data, tags], type: Gin, map: "json_first")'),
        (CAPABILITY, "A `Gin` index does not support the type of the field `n`.",
         '@@index([n], type: Gin, map: "int")'),
        (CAPABILITY, "The index type `Hash` is not supported by this provider.", "Hash"),
    ]
