"""The native database types of each provider: arguments and Prisma scalar types.

``NATIVE_TYPES[provider][name] = NativeType(required, optional, scalars)``:
how many arguments the type requires, how many more it accepts, and the
Prisma scalar types a field using it may have (the first one is the type
Prisma reads such a column as). SQLite has no native types.
"""

from __future__ import annotations

from typing import NamedTuple


class NativeType(NamedTuple):
    required: int
    optional: int
    scalars: tuple[str, ...]


def _t(scalars: str, required: int = 0, optional: int = 0) -> NativeType:
    return NativeType(required, optional, tuple(scalars.split()))


POSTGRESQL: dict[str, NativeType] = {
    "SmallInt": _t("Int"),
    "Integer": _t("Int"),
    "BigInt": _t("BigInt"),
    "Decimal": _t("Decimal", optional=2),
    "Money": _t("Decimal"),
    "Inet": _t("String"),
    "Citext": _t("String"),
    "Oid": _t("Int"),
    "Real": _t("Float"),
    "DoublePrecision": _t("Float"),
    "VarChar": _t("String", optional=1),
    "Char": _t("String", optional=1),
    "Text": _t("String"),
    "ByteA": _t("Bytes"),
    "Timestamp": _t("DateTime", optional=1),
    "Timestamptz": _t("DateTime", optional=1),
    "Date": _t("DateTime"),
    "Time": _t("DateTime", optional=1),
    "Timetz": _t("DateTime", optional=1),
    "Boolean": _t("Boolean"),
    "Bit": _t("String", optional=1),
    "VarBit": _t("String", optional=1),
    "Uuid": _t("String"),
    "Xml": _t("String"),
    "Json": _t("Json"),
    "JsonB": _t("Json"),
}

COCKROACHDB: dict[str, NativeType] = {
    "Bit": _t("String", optional=1),
    "Bool": _t("Boolean"),
    "Bytes": _t("Bytes"),
    "Char": _t("String", optional=1),
    "CatalogSingleChar": _t("String"),
    "Date": _t("DateTime"),
    "Decimal": _t("Decimal", optional=2),
    "Float4": _t("Float"),
    "Float8": _t("Float"),
    "Inet": _t("String"),
    "Int2": _t("Int"),
    "Int4": _t("Int"),
    "Int8": _t("BigInt"),
    "JsonB": _t("Json"),
    "Oid": _t("Int"),
    "String": _t("String", optional=1),
    "Time": _t("DateTime", optional=1),
    "Timestamp": _t("DateTime", optional=1),
    "Timestamptz": _t("DateTime", optional=1),
    "Timetz": _t("DateTime", optional=1),
    "Uuid": _t("String"),
    "VarBit": _t("String", optional=1),
}

MYSQL: dict[str, NativeType] = {
    "Int": _t("Int"),
    "UnsignedInt": _t("Int"),
    "SmallInt": _t("Int"),
    "UnsignedSmallInt": _t("Int"),
    "TinyInt": _t("Boolean Int"),
    "UnsignedTinyInt": _t("Boolean Int"),
    "MediumInt": _t("Int"),
    "UnsignedMediumInt": _t("Int"),
    "BigInt": _t("BigInt"),
    "UnsignedBigInt": _t("BigInt"),
    "Decimal": _t("Decimal", optional=2),
    "Float": _t("Float"),
    "Double": _t("Float"),
    "Bit": _t("Boolean Bytes", required=1),
    "Char": _t("String", required=1),
    "VarChar": _t("String", required=1),
    "Binary": _t("Bytes", required=1),
    "VarBinary": _t("Bytes", required=1),
    "TinyBlob": _t("Bytes"),
    "Blob": _t("Bytes"),
    "MediumBlob": _t("Bytes"),
    "LongBlob": _t("Bytes"),
    "TinyText": _t("String"),
    "Text": _t("String"),
    "MediumText": _t("String"),
    "LongText": _t("String"),
    "Date": _t("DateTime"),
    "Time": _t("DateTime", optional=1),
    "DateTime": _t("DateTime", optional=1),
    "Timestamp": _t("DateTime", optional=1),
    "Year": _t("Int"),
    "Json": _t("Json"),
}

SQLSERVER: dict[str, NativeType] = {
    "TinyInt": _t("Int"),
    "SmallInt": _t("Int"),
    "Int": _t("Int"),
    "BigInt": _t("BigInt"),
    "Decimal": _t("Decimal", optional=2),
    "Money": _t("Float"),
    "SmallMoney": _t("Float"),
    "Bit": _t("Boolean Int"),
    "Float": _t("Float", optional=1),
    "Real": _t("Float"),
    "Date": _t("DateTime"),
    "Time": _t("DateTime"),
    "DateTime": _t("DateTime"),
    "DateTime2": _t("DateTime"),
    "DateTimeOffset": _t("DateTime"),
    "SmallDateTime": _t("DateTime"),
    "Char": _t("String", optional=1),
    "NChar": _t("String", optional=1),
    "VarChar": _t("String", optional=1),
    "Text": _t("String"),
    "NVarChar": _t("String", optional=1),
    "NText": _t("String"),
    "Binary": _t("Bytes", optional=1),
    "VarBinary": _t("Bytes", optional=1),
    "Image": _t("Bytes"),
    "Xml": _t("String"),
    "UniqueIdentifier": _t("String"),
}

MONGODB: dict[str, NativeType] = {
    "String": _t("String"),
    "Double": _t("Float"),
    "Long": _t("Int BigInt"),
    "Int": _t("Int"),
    "BinData": _t("Bytes"),
    "ObjectId": _t("String Bytes"),
    "Bool": _t("Boolean"),
    "Date": _t("DateTime"),
    "Timestamp": _t("DateTime"),
    "Json": _t("Json"),
}

NATIVE_TYPES: dict[str, dict[str, NativeType]] = {
    "postgresql": POSTGRESQL,
    "cockroachdb": COCKROACHDB,
    "mysql": MYSQL,
    "sqlserver": SQLSERVER,
    "mongodb": MONGODB,
    "sqlite": {},
}

#: How Prisma names each database in native type messages.
DATABASE_NAMES = {
    "postgresql": "Postgres",
    "cockroachdb": "CockroachDB",
    "mysql": "MySQL",
    "sqlserver": "SQL Server",
    "mongodb": "MongoDB",
    "sqlite": "SQLite",
}

#: SQL Server types whose single argument may be `Max`.
MAX_ALLOWED = frozenset({"VarChar", "NVarChar", "VarBinary"})
