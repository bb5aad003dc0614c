"""What an editor needs to know about the Prisma Schema Language itself.

The catalog behind completion and hover: block keywords, attributes with
their arguments, scalar types, `@default` functions, referential actions,
datasource and generator keys and the providers they accept. Each entry has
a snippet to insert and a short markdown explanation written for this
project. Native database types are not repeated here: they come from
:mod:`analysis.validate.native_type_table` (the table validation checks
against), and :func:`native_types` only adds how to write and explain them.

Facts follow Prisma 6/7 (the schema's ``prisma_version`` decides where they
differ, e.g. connection URLs in the datasource).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from analysis.model.schema import SCALARS
from analysis.validate.config import MULTI_SCHEMA_PROVIDERS, PROVIDER_NAMES
from analysis.validate.native_type_table import NATIVE_TYPES, NativeType

SCHEMA_REFERENCE = "https://www.prisma.io/docs/orm/reference/prisma-schema-reference"

# ---------------------------------------------------------------------------
# Block keywords
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Keyword:
    """A top-level block keyword."""

    name: str
    snippet: str
    doc: str


KEYWORDS: tuple[Keyword, ...] = (
    Keyword(
        "model",
        "model ${1:Name} {\n\t$0\n}",
        "**model**: a table (or a MongoDB collection) and the type Prisma Client reads and "
        "writes it as. Each line declares a field (`name Type @attributes`); `@@` lines set "
        "the primary key, indexes and the table name.",
    ),
    Keyword(
        "enum",
        "enum ${1:Name} {\n\t$0\n}",
        "**enum**: a fixed set of values a field may take. One value per line; `@map` renames "
        "a value in the database and `@@map` the enum type.",
    ),
    Keyword(
        "datasource",
        'datasource ${1:db} {\n\tprovider = "${2:postgresql}"\n$0}',
        "**datasource**: which database the schema describes (`provider`) and how relations "
        "are enforced. One per schema; its name is the prefix of native types (`@db.`).",
    ),
    Keyword(
        "generator",
        'generator ${1:client} {\n\tprovider = "${2:prisma-client}"\n$0}',
        "**generator**: what `prisma generate` produces from the schema, usually the Prisma "
        "Client (`provider`, `output`, `previewFeatures`).",
    ),
    Keyword(
        "view",
        "view ${1:Name} {\n\t$0\n}",
        "**view**: a database view read like a model. Prisma does not create it; needs the "
        "`views` preview feature.",
    ),
    Keyword(
        "type",
        "type ${1:Name} {\n\t$0\n}",
        "**type**: a composite type, a structure embedded in a MongoDB document (not a table "
        "of its own). MongoDB only.",
    ),
)

_KEYWORDS = {k.name: k for k in KEYWORDS}


def keyword(name: str) -> Keyword | None:
    return _KEYWORDS.get(name)


# ---------------------------------------------------------------------------
# Scalar types
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScalarType:
    name: str
    doc: str


SCALAR_TYPES: tuple[ScalarType, ...] = (
    ScalarType("String", "**String**: text. Mapped to the database's text type (`text` on "
               "PostgreSQL, `varchar(191)` on MySQL); pick another with `@db.`."),
    ScalarType("Boolean", "**Boolean**: true or false."),
    ScalarType("Int", "**Int**: a 32-bit signed integer."),
    ScalarType("BigInt", "**BigInt**: a 64-bit signed integer (a `bigint` in JavaScript)."),
    ScalarType("Float", "**Float**: a double-precision floating-point number. For money use "
               "`Decimal`."),
    ScalarType("Decimal", "**Decimal**: an exact decimal number (`Decimal.js` in the client); "
               "precision and scale with `@db.Decimal(p, s)`. Not on MongoDB."),
    ScalarType("DateTime", "**DateTime**: a point in time (a `Date` in JavaScript)."),
    ScalarType("Json", "**Json**: a JSON document. Not on SQL Server."),
    ScalarType("Bytes", "**Bytes**: binary data (a `Uint8Array` in the client)."),
    ScalarType("Unsupported", '**Unsupported("type")**: a column of a database type Prisma '
               "cannot read. Kept for migrations; absent from the client. Optional or with "
               "`@default(dbgenerated(...))`."),
)

_SCALARS = {s.name: s for s in SCALAR_TYPES}
assert set(SCALARS) < set(_SCALARS)


def scalar_type(name: str) -> ScalarType | None:
    return _SCALARS.get(name)


# ---------------------------------------------------------------------------
# Attributes
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttributeArg:
    """One argument an attribute takes."""

    name: str
    type: str
    """As shown to users: `String`, `FieldReference[]`, `ReferentialAction`, …"""
    optional: bool = True
    positional: bool = False
    """The argument that may be written without its name (first)."""
    doc: str = ""


@dataclass(frozen=True, slots=True)
class AttributeInfo:
    """A field attribute (`@id`) or a block attribute (`@@index`)."""

    name: str
    """Without `@`/`@@`."""
    block: bool
    args: tuple[AttributeArg, ...]
    snippet: str
    """What to insert after the `@` / `@@` (snippet syntax)."""
    doc: str
    on: frozenset[str]
    """Where it is valid. Field attributes: field kinds (`scalar`, `enum`,
    `relation`, `composite`, `composite_field` for fields of a `type`, `unsupported`).
    Block attributes: block kinds (`model`, `view`, `enum`, `type`)."""
    scalars: tuple[str, ...] | None = None
    """For scalar fields: the types it fits (``None``: all)."""
    providers: frozenset[str] | None = None
    """Connectors that support it (``None``: all)."""
    preview: str | None = None
    """The preview feature it needs, if any."""

    @property
    def label(self) -> str:
        return ("@@" if self.block else "@") + self.name

    @property
    def signature(self) -> str:
        parts = []
        for arg in self.args:
            text = f"{arg.name}: {arg.type}"
            parts.append(f"{text}?" if arg.optional else text)
        return f"{self.label}({', '.join(parts)})" if self.args else self.label

    def arg(self, name: str) -> AttributeArg | None:
        return next((a for a in self.args if a.name == name), None)

    def allowed(self, provider: str | None) -> bool:
        return self.providers is None or provider is None or provider in self.providers


def _a(name: str, type_: str, doc: str, *, optional: bool = True,
       positional: bool = False) -> AttributeArg:
    return AttributeArg(name, type_, optional, positional, doc)


_MAP = _a("map", "String", "The constraint's name in the database (default: Prisma's naming "
          "convention).")
_SORT = _a("sort", "SortOrder", "`Asc` or `Desc`: the order of the index on this column.")
_LENGTH = _a("length", "Int", "MySQL: index only the first `length` characters or bytes.")
_CLUSTERED = _a("clustered", "Boolean", "SQL Server: whether the index is clustered.")
_FIELDS = _a("fields", "FieldReference[]", "The fields it covers, in order.", optional=False,
             positional=True)
_NAME = _a("name", "String", "The name Prisma Client uses for the compound key (`where: { "
           "name: {...} }`).")
_REFERENCE = "https://pris.ly/d/prisma-schema"

_MODEL_FIELDS = frozenset({"scalar", "enum"})
_MULTI_SCHEMA = MULTI_SCHEMA_PROVIDERS

ATTRIBUTES: tuple[AttributeInfo, ...] = (
    # -- field attributes ---------------------------------------------------
    AttributeInfo(
        "id", False, (_MAP, _LENGTH, _SORT, _CLUSTERED), "id",
        "**@id**: this field is the model's primary key (single-column). For a key over "
        "several fields use `@@id([a, b])`.",
        _MODEL_FIELDS | {"unsupported"},
    ),
    AttributeInfo(
        "unique", False, (_MAP, _LENGTH, _SORT, _CLUSTERED), "unique",
        "**@unique**: no two records may have the same value in this field; creates a unique "
        "index. Over several fields: `@@unique([a, b])`.",
        _MODEL_FIELDS | {"unsupported"},
    ),
    AttributeInfo(
        "default",
        False,
        (_a("value", "Expression", "A literal, an enum value or a function such as `now()`.",
            optional=False, positional=True), _MAP),
        "default($0)",
        "**@default**: the value a new record gets when none is given: a literal (`0`, "
        '`"draft"`, `true`), an enum value, a list, or a function (`autoincrement()`, `now()`, '
        "`uuid()`, `cuid()`, `dbgenerated(\"…\")`, …).",
        _MODEL_FIELDS | {"composite_field", "unsupported"},
    ),
    AttributeInfo(
        "relation",
        False,
        (
            _a("name", "String", "Tells apart several relations between the same two models; "
               "both sides use the same name.", positional=True),
            _a("fields", "FieldReference[]", "The foreign-key fields of this model."),
            _a("references", "FieldReference[]", "The fields of the other model they point to "
               "(usually its id)."),
            _a("onDelete", "ReferentialAction", "What happens to this record when the "
               "referenced one is deleted."),
            _a("onUpdate", "ReferentialAction", "What happens to this record when the "
               "referenced key changes."),
            _MAP,
        ),
        "relation(fields: [$1], references: [$2])",
        "**@relation**: how this relation field is stored: `fields` (the foreign key here) "
        "reference `references` (the key of the other model), with optional `onDelete` / "
        "`onUpdate` actions and a `name` to disambiguate. Only the side holding the foreign key "
        "gives `fields`/`references`.",
        frozenset({"relation"}),
    ),
    AttributeInfo(
        "map",
        False,
        (_a("name", "String", "The column (or enum value) name in the database.", optional=False,
            positional=True),),
        'map("$0")',
        "**@map**: the column's name in the database when it differs from the field's name "
        "(e.g. `@map(\"created_at\")` for `createdAt`). On an enum value: the stored value.",
        _MODEL_FIELDS | {"composite_field", "unsupported", "enum_value"},
    ),
    AttributeInfo(
        "updatedAt", False, (), "updatedAt",
        "**@updatedAt**: Prisma Client sets this field to the current time on every update "
        "(and on create, when no value is given). DateTime fields only; the database knows "
        "nothing about it.",
        frozenset({"scalar"}), scalars=("DateTime",),
    ),
    AttributeInfo(
        "ignore", False, (), "ignore",
        "**@ignore**: leave this field out of Prisma Client (the column stays in the "
        "database). Useful for columns the client cannot read.",
        _MODEL_FIELDS | {"relation", "unsupported"},
    ),
    AttributeInfo(
        "shardKey", False, (), "shardKey",
        "**@shardKey**: this field is the shard key of the table on a sharded PlanetScale "
        "(Vitess) database. Needs the `shardKeys` preview feature.",
        frozenset({"scalar", "enum"}), providers=frozenset({"mysql"}), preview="shardKeys",
    ),
    # -- block attributes ---------------------------------------------------
    AttributeInfo(
        "id", True, (_FIELDS, _NAME, _MAP, _CLUSTERED), "id([$0])",
        "**@@id**: a primary key over several fields (a compound key).",
        frozenset({"model", "view"}),
    ),
    AttributeInfo(
        "unique", True, (_FIELDS, _NAME, _MAP, _CLUSTERED), "unique([$0])",
        "**@@unique**: no two records may share the same combination of values in these "
        "fields; creates a unique index.",
        frozenset({"model", "view"}),
    ),
    AttributeInfo(
        "index",
        True,
        (_FIELDS, _a("name", "String", "Deprecated spelling of `map`."), _MAP,
         _a("type", "IndexType", "PostgreSQL access method: `BTree` (default), `Hash`, `Gist`, "
            "`Gin`, `SpGist`, `Brin`."), _CLUSTERED),
        "index([$0])",
        "**@@index**: a (non-unique) database index over these fields, to speed up queries "
        "that filter or sort by them. Foreign keys usually need one.",
        frozenset({"model", "view"}),
    ),
    AttributeInfo(
        "map",
        True,
        (_a("name", "String", "The table (or enum type) name in the database.", optional=False,
            positional=True),),
        'map("$0")',
        "**@@map**: the table's (or enum type's) name in the database when it differs from the "
        "model's name (e.g. `@@map(\"users\")` for `User`).",
        frozenset({"model", "view", "enum"}),
    ),
    AttributeInfo(
        "ignore", True, (), "ignore",
        "**@@ignore**: leave this model out of Prisma Client (the table stays in the "
        "database). Relation fields pointing to it must be `@ignore`d too.",
        frozenset({"model", "view"}),
    ),
    AttributeInfo(
        "schema",
        True,
        (_a("map", "String", "The database schema's name; must be listed in the datasource's "
            "`schemas`.", optional=False, positional=True),),
        'schema("$0")',
        "**@@schema**: which database schema holds this table or enum, when the datasource "
        "lists several in `schemas`.",
        frozenset({"model", "view", "enum"}), providers=_MULTI_SCHEMA,
    ),
    AttributeInfo(
        "fulltext", True, (_FIELDS, _MAP), "fulltext([$0])",
        "**@@fulltext**: a full-text index over these String fields, for `search` queries. "
        "MySQL and MongoDB.",
        frozenset({"model"}), providers=frozenset({"mysql", "mongodb"}),
    ),
    AttributeInfo(
        "shardKey", True, (_FIELDS,), "shardKey([$0])",
        "**@@shardKey**: the fields that together form the table's shard key on a sharded "
        "PlanetScale (Vitess) database. Needs the `shardKeys` preview feature.",
        frozenset({"model"}), providers=frozenset({"mysql"}), preview="shardKeys",
    ),
)

_ATTRIBUTES = {(a.name, a.block): a for a in ATTRIBUTES}


def attribute(name: str, block: bool) -> AttributeInfo | None:
    """The attribute called ``name`` (without `@`), field-level or block-level."""
    return _ATTRIBUTES.get((name.lstrip("@"), block))


def field_attributes() -> tuple[AttributeInfo, ...]:
    return tuple(a for a in ATTRIBUTES if not a.block)


def block_attributes() -> tuple[AttributeInfo, ...]:
    return tuple(a for a in ATTRIBUTES if a.block)


# ---------------------------------------------------------------------------
# Constants used as argument values
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Constant:
    """A named value such as `Desc` or `Gin`."""

    name: str
    doc: str


SORT_ORDERS = (
    Constant("Asc", "Ascending order (the default)."),
    Constant("Desc", "Descending order."),
)

INDEX_TYPES: dict[str, tuple[Constant, ...]] = {
    "postgresql": (
        Constant("BTree", "Balanced tree: equality and range lookups, sorting (the default)."),
        Constant("Hash", "Equality lookups only; no ordering."),
        Constant("Gist", "Generalized search tree: geometric data, ranges, nearest-neighbour."),
        Constant("Gin", "Generalized inverted index: values that contain items (JSON, arrays, "
                 "full text)."),
        Constant("SpGist", "Space-partitioned search tree: unbalanced structures such as "
                 "quadtrees and tries."),
        Constant("Brin", "Block range index: tiny index for very large tables whose values "
                 "follow their physical order (e.g. timestamps)."),
    ),
    "cockroachdb": (
        Constant("BTree", "Ordered index: equality and range lookups, sorting (the default)."),
        Constant("Gin", "Inverted index: values that contain items (JSON, arrays)."),
    ),
}


def index_types(provider: str | None) -> tuple[Constant, ...]:
    """The `type:` values of `@@index` for the provider (none where it has no choice)."""
    return INDEX_TYPES.get(provider or "", ())


# ---------------------------------------------------------------------------
# @default functions
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DefaultFunction:
    """A function usable in `@default(...)`, as offered to users."""

    label: str
    """As shown: `uuid(7)`."""
    name: str
    snippet: str
    doc: str
    scalars: tuple[str, ...] | None
    """The scalar types it fits (``None``: any, including `Unsupported`)."""
    providers: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()


_ALL_SQL = frozenset({"postgresql", "cockroachdb", "mysql", "sqlserver", "sqlite"})

DEFAULT_FUNCTIONS: tuple[DefaultFunction, ...] = (
    DefaultFunction("autoincrement()", "autoincrement", "autoincrement()",
                    "**autoincrement()**: the database numbers new records 1, 2, 3, … (a "
                    "sequence or an auto-increment column).",
                    ("Int", "BigInt"), providers=_ALL_SQL),
    DefaultFunction("sequence()", "sequence", "sequence($0)",
                    "**sequence()**: CockroachDB: the value comes from a database sequence "
                    "(arguments `start`, `increment`, `minValue`, `maxValue`, `cache`, "
                    "`virtual`).",
                    ("Int", "BigInt"), providers=frozenset({"cockroachdb"})),
    DefaultFunction("now()", "now", "now()",
                    "**now()**: the time the record is created.", ("DateTime",)),
    DefaultFunction("uuid()", "uuid", "uuid()",
                    "**uuid()**: a random UUID (version 4), generated by Prisma.", ("String",)),
    DefaultFunction("uuid(7)", "uuid", "uuid(7)",
                    "**uuid(7)**: a time-ordered UUID (version 7): sorts by creation time, "
                    "friendlier to indexes than version 4.", ("String",)),
    DefaultFunction("cuid()", "cuid", "cuid()",
                    "**cuid()**: a collision-resistant id (CUID version 1), generated by "
                    "Prisma.", ("String",)),
    DefaultFunction("cuid(2)", "cuid", "cuid(2)",
                    "**cuid(2)**: a CUID version 2: not guessable, no timestamp leaked.",
                    ("String",)),
    DefaultFunction("ulid()", "ulid", "ulid()",
                    "**ulid()**: a lexicographically sortable id (ULID), generated by Prisma.",
                    ("String",)),
    DefaultFunction("nanoid()", "nanoid", "nanoid($0)",
                    "**nanoid()**: a short URL-friendly random id (21 characters, or the "
                    "length given: `nanoid(12)`).", ("String",)),
    DefaultFunction("dbgenerated()", "dbgenerated", 'dbgenerated("$0")',
                    "**dbgenerated(\"SQL\")**: the database computes the default with this SQL "
                    "expression; Prisma does not interpret it.",
                    None, excluded=frozenset({"mongodb"})),
    DefaultFunction("auto()", "auto", "auto()",
                    "**auto()**: MongoDB: the database generates an ObjectId. Use with "
                    "`@db.ObjectId` on the `_id` field.",
                    ("String",), providers=frozenset({"mongodb"})),
)


def default_functions(scalar: str | None, provider: str | None) -> tuple[DefaultFunction, ...]:
    """The `@default` functions that fit a field of type ``scalar`` on ``provider``."""
    out = []
    for fn in DEFAULT_FUNCTIONS:
        if fn.scalars is not None and scalar not in fn.scalars:
            continue
        if provider is not None and (
            (fn.providers is not None and provider not in fn.providers)
            or provider in fn.excluded
        ):
            continue
        out.append(fn)
    return tuple(out)


# ---------------------------------------------------------------------------
# Referential actions
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReferentialActionInfo:
    name: str
    detail: str
    """One line: what it does on delete."""
    doc: str


REFERENTIAL_ACTIONS: tuple[ReferentialActionInfo, ...] = (
    ReferentialActionInfo(
        "Cascade", "Deleting the referenced record deletes the records that point to it.",
        "**Cascade**: on delete, the records that reference the deleted one are deleted too; "
        "on update, their foreign keys follow the new key.",
    ),
    ReferentialActionInfo(
        "Restrict", "A record that others still reference cannot be deleted.",
        "**Restrict**: refuse to delete (or re-key) a record while other records reference "
        "it, checked at once. Not on SQL Server.",
    ),
    ReferentialActionInfo(
        "NoAction", "Like Restrict; the database may check it at the end of the statement.",
        "**NoAction**: like `Restrict`, but databases that support deferred constraints check "
        "it at the end of the statement or transaction.",
    ),
    ReferentialActionInfo(
        "SetNull", "The foreign key of the records that point to it becomes NULL.",
        "**SetNull**: the foreign-key fields of referencing records become NULL; they must be "
        "optional.",
    ),
    ReferentialActionInfo(
        "SetDefault", "The foreign key of the records that point to it gets its default value.",
        "**SetDefault**: the foreign-key fields of referencing records get their `@default` "
        "value. Not with `relationMode = \"prisma\"`; MySQL's InnoDB does not really do it.",
    ),
)

_ACTIONS = {a.name: a for a in REFERENTIAL_ACTIONS}


def referential_action(name: str) -> ReferentialActionInfo | None:
    return _ACTIONS.get(name)


def referential_actions(
    provider: str | None, relation_mode: str
) -> tuple[ReferentialActionInfo, ...]:
    """The actions the provider supports in this relation mode, in Prisma's order.

    Emulated relations (`relationMode = "prisma"`, always on MongoDB) support
    all but `SetDefault`; SQL Server's foreign keys have no `Restrict`.
    """
    names: tuple[str, ...]
    if relation_mode == "prisma" or provider == "mongodb":
        names = ("Cascade", "Restrict", "NoAction", "SetNull")
    elif provider == "sqlserver":
        names = ("Cascade", "NoAction", "SetNull", "SetDefault")
    else:
        names = ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")
    return tuple(_ACTIONS[n] for n in names)


# ---------------------------------------------------------------------------
# Datasource and generator
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConfigKey:
    """A property of a datasource or generator block."""

    name: str
    snippet: str
    doc: str
    providers: frozenset[str] | None = None
    """Datasource connectors that accept it (``None``: all)."""
    max_version: int | None = None
    """The last Prisma major version that accepts it."""
    min_version: int | None = None


_URL_DOC = (" Usually read from the environment: `env(\"DATABASE_URL\")`. Prisma 6 only: "
            "Prisma 7 reads connection URLs from `prisma.config.ts`.")

DATASOURCE_KEYS: tuple[ConfigKey, ...] = (
    ConfigKey("provider", 'provider = "$0"',
              "**provider**: the database connector: `postgresql`, `mysql`, `sqlite`, "
              "`sqlserver`, `mongodb` or `cockroachdb`."),
    ConfigKey("url", "url = $0",
              "**url**: the connection URL of the database (credentials included)." + _URL_DOC,
              max_version=6),
    ConfigKey("shadowDatabaseUrl", "shadowDatabaseUrl = $0",
              "**shadowDatabaseUrl**: the URL of the scratch database `prisma migrate dev` "
              "uses to detect drift. Must not be the main database." + _URL_DOC,
              max_version=6),
    ConfigKey("directUrl", "directUrl = $0",
              "**directUrl**: a URL that reaches the database directly, bypassing a connection "
              "pooler; used by Migrate." + _URL_DOC, max_version=6),
    ConfigKey("relationMode", 'relationMode = "$0"',
              "**relationMode**: `\"foreignKeys\"` (the default: the database enforces "
              "relations) or `\"prisma\"` (Prisma Client emulates them, for databases without "
              "foreign keys such as PlanetScale). Emulated relations need manual indexes."),
    ConfigKey("schemas", "schemas = [$0]",
              "**schemas**: the database schemas the Prisma schema covers; each model and "
              "enum then says which with `@@schema(\"…\")`.", providers=MULTI_SCHEMA_PROVIDERS),
    ConfigKey("extensions", "extensions = [$0]",
              "**extensions**: PostgreSQL extensions that Migrate installs (`[pgcrypto, "
              "postgis(version: \"3.4\")]`). Prisma 6 needs the `postgresqlExtensions` preview "
              "feature.", providers=frozenset({"postgresql"})),
)

GENERATOR_KEYS: tuple[ConfigKey, ...] = (
    ConfigKey("provider", 'provider = "$0"',
              "**provider**: what to generate: `\"prisma-client\"` (the TypeScript client), "
              "`\"prisma-client-js\"` (the older client in `node_modules`), or a command of a "
              "community generator."),
    ConfigKey("output", 'output = "$0"',
              "**output**: where the generated files go, relative to the schema file. Required "
              "by `prisma-client`."),
    ConfigKey("previewFeatures", "previewFeatures = [$0]",
              "**previewFeatures**: preview features to enable, e.g. `[\"views\"]`."),
    ConfigKey("binaryTargets", "binaryTargets = [$0]",
              "**binaryTargets**: the platforms to download query engines for, e.g. "
              "`[\"native\", \"debian-openssl-3.0.x\"]` (engine-based clients only)."),
    ConfigKey("engineType", 'engineType = "$0"',
              "**engineType**: `\"library\"` (the default: a Node-API library), `\"binary\"` "
              "or `\"client\"` (no Rust engine; needs a driver adapter)."),
    ConfigKey("runtime", 'runtime = "$0"',
              "**runtime**: `prisma-client`: the JavaScript runtime the code targets "
              "(`nodejs`, `deno`, `bun`, `workerd`, `vercel-edge`, `react-native`)."),
    ConfigKey("moduleFormat", 'moduleFormat = "$0"',
              "**moduleFormat**: `prisma-client`: `\"esm\"` or `\"cjs\"` imports in the "
              "generated code."),
    ConfigKey("generatedFileExtension", 'generatedFileExtension = "$0"',
              "**generatedFileExtension**: `prisma-client`: the extension of generated files "
              "(`ts`, `mts`, `cts`)."),
    ConfigKey("importFileExtension", 'importFileExtension = "$0"',
              "**importFileExtension**: `prisma-client`: the extension written in import "
              "paths (`ts`, `mts`, `cts`, `js`, `mjs`, `cjs`, or empty)."),
)


def datasource_keys(
    prisma_version: int, provider: str | None, preview_features: Iterable[str] = ()
) -> tuple[ConfigKey, ...]:
    """The datasource properties valid for this Prisma version and provider
    (without a known provider, none of the provider-specific ones)."""
    previews = {f.lower() for f in preview_features}
    return tuple(
        k for k in DATASOURCE_KEYS
        if (k.max_version is None or prisma_version <= k.max_version)
        and (k.min_version is None or prisma_version >= k.min_version)
        and (k.providers is None or provider in k.providers)
        and not (k.name == "extensions" and prisma_version < 7
                 and "postgresqlextensions" not in previews)
    )


#: The environment variable each connection URL is usually read from.
URL_VARIABLES = {
    "url": "DATABASE_URL",
    "directUrl": "DIRECT_URL",
    "shadowDatabaseUrl": "SHADOW_DATABASE_URL",
}


def datasource_key(name: str) -> ConfigKey | None:
    return next((k for k in DATASOURCE_KEYS if k.name == name), None)


def generator_key(name: str) -> ConfigKey | None:
    return next((k for k in GENERATOR_KEYS if k.name == name), None)


DATASOURCE_PROVIDERS: tuple[Constant, ...] = tuple(
    Constant(p, f"{PROVIDER_NAMES[p]}.") for p in
    ("postgresql", "mysql", "sqlite", "sqlserver", "mongodb", "cockroachdb")
)

GENERATOR_PROVIDERS: tuple[Constant, ...] = (
    Constant("prisma-client", "The TypeScript Prisma Client, generated into `output` "
             "(Prisma 6.16+, the default in Prisma 7)."),
    Constant("prisma-client-js", "The JavaScript Prisma Client in `node_modules/.prisma` "
             "(the default before Prisma 7)."),
)

RELATION_MODES: tuple[Constant, ...] = (
    Constant("foreignKeys", "The database enforces relations with foreign keys (default)."),
    Constant("prisma", "Prisma Client emulates relations; no foreign keys in the database."),
)

ENGINE_TYPES: tuple[Constant, ...] = (
    Constant("library", "A Node-API library loaded into the process (default)."),
    Constant("binary", "A separate query engine process."),
    Constant("client", "No Rust engine: queries are compiled in TypeScript; needs a driver "
             "adapter."),
)

# ---------------------------------------------------------------------------
# Native types (from validation's table)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NativeTypeInfo:
    """A native database type as an editor presents it."""

    name: str
    arg_names: tuple[str, ...]
    """All argument names, required first (e.g. `precision`, `scale`)."""
    required: int
    scalars: tuple[str, ...]
    doc: str

    @property
    def signature(self) -> str:
        if not self.arg_names:
            return self.name
        parts = [n if i < self.required else f"{n}?" for i, n in enumerate(self.arg_names)]
        return f"{self.name}({', '.join(parts)})"

    @property
    def snippet(self) -> str:
        """What to insert after `@db.`: required arguments as placeholders."""
        if self.required == 0:
            return self.name
        holes = ", ".join(f"${{{i + 1}:{n}}}" for i, n in enumerate(self.arg_names[:self.required]))
        return f"{self.name}({holes})"


def _arg_names(native: NativeType) -> tuple[str, ...]:
    count = native.required + native.optional
    if count == 0:
        return ()
    if native.scalars[0] == "Decimal":
        return ("precision", "scale")[:count]
    if native.scalars[0] == "DateTime":
        return ("precision",)[:count]
    if native.scalars[0] == "Float":
        return ("bits",)[:count]
    return ("length",)[:count]


@cache
def native_types(provider: str | None) -> tuple[NativeTypeInfo, ...]:
    """The native types of ``provider`` (``()`` for SQLite or an unknown one)."""
    table = NATIVE_TYPES.get(provider or "", {})
    database = PROVIDER_NAMES.get(provider or "", "")
    out = []
    for name, native in table.items():
        args = _arg_names(native)
        types = " or ".join(f"`{s}`" for s in native.scalars)
        written = name if not args else f"{name}({', '.join(args)})"
        doc = (f"**@db.{written}**: the column has the {database} type `{name}`"
               f"{' with ' + ' and '.join(args) if args else ''}. For {types} fields.")
        out.append(NativeTypeInfo(name, args, native.required, native.scalars, doc))
    return tuple(out)


def native_type(provider: str | None, name: str) -> NativeTypeInfo | None:
    return next((n for n in native_types(provider) if n.name == name), None)


def native_types_for(provider: str | None, scalar: str) -> tuple[NativeTypeInfo, ...]:
    """The native types a field of type ``scalar`` may take on ``provider``."""
    return tuple(n for n in native_types(provider) if scalar in n.scalars)
