"""The database type a field's column gets, per provider.

A field without a native type attribute (`@db.…`) gets the provider's
default type for its scalar type: the connector's default native type in
prisma-engines (`SCALAR_TYPE_DEFAULTS` of each SQL connector, `default_for`
of MongoDB). SQLite has no native types; its entries are the type names
Prisma Migrate writes in `CREATE TABLE` (SQLite only keeps their affinity).
The allowed native types themselves live in
:mod:`analysis.validate.native_type_table`; this module only knows the
defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.model.schema import Enum, Field, Schema, argument_value
from analysis.syntax.nodes import FuncCall

#: provider → Prisma scalar type → the database type it maps to by default.
#: A scalar type missing for a provider is one the provider does not support.
DEFAULT_TYPES: dict[str, dict[str, str]] = {
    "postgresql": {
        "String": "text",
        "Boolean": "boolean",
        "Int": "integer",
        "BigInt": "bigint",
        "Float": "double precision",
        "Decimal": "decimal(65,30)",
        "DateTime": "timestamp(3)",
        "Json": "jsonb",
        "Bytes": "bytea",
    },
    "cockroachdb": {
        "String": "STRING",
        "Boolean": "BOOL",
        "Int": "INT4",
        "BigInt": "INT8",
        "Float": "FLOAT8",
        "Decimal": "DECIMAL(65,30)",
        "DateTime": "TIMESTAMP(3)",
        "Json": "JSONB",
        "Bytes": "BYTES",
    },
    "mysql": {
        "String": "varchar(191)",
        "Boolean": "tinyint(1)",
        "Int": "int",
        "BigInt": "bigint",
        "Float": "double",
        "Decimal": "decimal(65,30)",
        "DateTime": "datetime(3)",
        "Json": "json",
        "Bytes": "longblob",
    },
    "sqlite": {
        "String": "TEXT",
        "Boolean": "BOOLEAN",
        "Int": "INTEGER",
        "BigInt": "BIGINT",
        "Float": "REAL",
        "Decimal": "DECIMAL",
        "DateTime": "DATETIME",
        "Json": "JSONB",
        "Bytes": "BLOB",
    },
    "sqlserver": {
        "String": "nvarchar(1000)",
        "Boolean": "bit",
        "Int": "int",
        "BigInt": "bigint",
        "Float": "float(53)",
        "Decimal": "decimal(32,16)",
        "DateTime": "datetime2",
        "Bytes": "varbinary(max)",
    },
    "mongodb": {
        "String": "String",
        "Boolean": "Bool",
        "Int": "Int",
        "BigInt": "Long",
        "Float": "Double",
        "DateTime": "Timestamp",
        "Json": "Json",
        "Bytes": "BinData",
    },
}

#: Providers whose scalar lists are database arrays (`text[]`).
_ARRAYS = frozenset({"postgresql", "cockroachdb"})
#: PostgreSQL columns of `@default(autoincrement())`: the integer type with a
#: sequence, which Prisma Migrate writes as these pseudo-types.
_SERIAL = {"Int": "serial", "BigInt": "bigserial"}


@dataclass(frozen=True, slots=True)
class ColumnType:
    """What a scalar or enum field is stored as.

    ``origin`` says where the type comes from: ``native`` (a `@db.…`
    attribute, ``text`` is its source text), ``default`` (the provider's
    default for the scalar type), ``serial`` (PostgreSQL's `serial` or
    `bigserial` for `@default(autoincrement())`), ``enum`` (the enum's
    database type) or ``unsupported`` (`Unsupported("…")`, ``text`` is the
    type as written).
    """

    text: str
    origin: str


def default_type(provider: str | None, scalar: str) -> str | None:
    """The database type ``scalar`` maps to on ``provider`` without `@db.…`."""
    return DEFAULT_TYPES.get(provider or "", {}).get(scalar)


def enum_type(provider: str | None, enum: Enum) -> str | None:
    """The database type of a column of enum ``enum``, ``None`` where enums do not exist."""
    if provider in ("postgresql", "cockroachdb"):
        return f"{enum.schema}.{enum.db_name}" if enum.schema else enum.db_name
    if provider == "mysql":
        values = ",".join("'" + v.db_name.replace("'", "''") + "'" for v in enum.values)
        return f"enum({values})"
    if provider == "sqlite":
        return "TEXT"
    if provider == "mongodb":
        return "String"
    return None


def column_type(schema: Schema, fld: Field, native_text: str | None) -> ColumnType | None:
    """The database type of ``fld``'s column (``None`` for relation fields,
    composite fields, unresolved types and scalar types the provider lacks).

    ``native_text`` is the source text of the field's `@db.…` attribute, if any.
    """
    provider = schema.provider
    if native_text is not None:
        base = ColumnType(native_text, "native")
    elif fld.kind == "scalar":
        text = default_type(provider, fld.type_name)
        if text is None:
            return None
        serial = _SERIAL.get(fld.type_name)
        if provider == "postgresql" and serial is not None and _autoincrement(fld):
            return ColumnType(serial, "serial")
        base = ColumnType(text, "default")
    elif fld.kind == "enum" and isinstance(fld.target, Enum):
        text = enum_type(provider, fld.target)
        if text is None:
            return None
        base = ColumnType(text, "enum")
    elif fld.kind == "unsupported" and fld.node.type is not None:
        raw = fld.node.type.unsupported
        return ColumnType(raw.value if raw is not None else fld.type_name, "unsupported")
    else:
        return None
    if fld.is_list and provider in _ARRAYS and base.origin != "native":
        return ColumnType(base.text + "[]", base.origin)
    return base


def _autoincrement(fld: Field) -> bool:
    default = fld.default
    value = argument_value(default.args, "value", 0) if default is not None else None
    return isinstance(value, FuncCall) and value.name.text == "autoincrement"
