"""The language catalog: lookups and the facts completion and hover rely on."""

from __future__ import annotations

from analysis.ide import language
from analysis.validate.native_type_table import NATIVE_TYPES


def test_keywords_and_scalars() -> None:
    assert [k.name for k in language.KEYWORDS] == [
        "model", "enum", "datasource", "generator", "view", "type"]
    kw = language.keyword("model")
    assert kw is not None and kw.snippet == "model ${1:Name} {\n\t$0\n}"
    assert language.keyword("table") is None
    assert [s.name for s in language.SCALAR_TYPES][-1] == "Unsupported"
    assert language.scalar_type("Float") is not None


def test_attribute_lookup_distinguishes_field_and_block() -> None:
    field_id = language.attribute("id", block=False)
    block_id = language.attribute("@@id", block=True)
    assert field_id is not None and block_id is not None
    assert field_id.label == "@id" and block_id.label == "@@id"
    assert block_id.signature == ("@@id(fields: FieldReference[], name: String?, map: String?, "
                                  "clustered: Boolean?)")
    assert language.attribute("updatedAt", block=True) is None
    updated = language.attribute("updatedAt", block=False)
    assert updated is not None and updated.scalars == ("DateTime",)
    relation = language.attribute("relation", block=False)
    assert relation is not None and relation.on == frozenset({"relation"})
    assert [a.name for a in relation.args] == [
        "name", "fields", "references", "onDelete", "onUpdate", "map"]
    fulltext = language.attribute("fulltext", block=True)
    assert fulltext is not None and not fulltext.allowed("postgresql") and fulltext.allowed("mysql")


def test_default_functions_fit_type_and_provider() -> None:
    labels = lambda scalar, provider: [f.label for f in  # noqa: E731
                                       language.default_functions(scalar, provider)]
    assert labels("Int", "postgresql") == ["autoincrement()", "dbgenerated()"]
    assert labels("BigInt", "cockroachdb") == ["autoincrement()", "sequence()", "dbgenerated()"]
    assert labels("DateTime", "mysql") == ["now()", "dbgenerated()"]
    assert labels("String", "mongodb") == [
        "uuid()", "uuid(7)", "cuid()", "cuid(2)", "ulid()", "nanoid()", "auto()"]
    assert labels("Int", "mongodb") == []


def test_referential_actions_per_provider_and_mode() -> None:
    names = lambda p, m: [a.name for a in language.referential_actions(p, m)]  # noqa: E731
    assert names("postgresql", "foreignKeys") == [
        "Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"]
    assert names("sqlserver", "foreignKeys") == ["Cascade", "NoAction", "SetNull", "SetDefault"]
    assert names("mysql", "prisma") == ["Cascade", "Restrict", "NoAction", "SetNull"]
    assert names("mongodb", "prisma") == ["Cascade", "Restrict", "NoAction", "SetNull"]


def test_datasource_keys_follow_prisma_version() -> None:
    v6 = [k.name for k in language.datasource_keys(6, "postgresql")]
    v7 = [k.name for k in language.datasource_keys(7, "postgresql")]
    assert v6 == ["provider", "url", "shadowDatabaseUrl", "directUrl", "relationMode", "schemas"]
    assert v7 == ["provider", "relationMode", "schemas", "extensions"]
    # Prisma 6 takes `extensions` only with its preview feature.
    assert [k.name for k in language.datasource_keys(6, "postgresql", ["postgresqlExtensions"])
            ][-1] == "extensions"
    assert [k.name for k in language.datasource_keys(7, "sqlite")] == ["provider", "relationMode"]
    assert [k.name for k in language.datasource_keys(7, None)] == ["provider", "relationMode"]


def test_native_types_come_from_the_validation_table() -> None:
    for provider, table in NATIVE_TYPES.items():
        assert [n.name for n in language.native_types(provider)] == list(table)
    varchar = language.native_type("mysql", "VarChar")
    assert varchar is not None
    assert varchar.signature == "VarChar(length)" and varchar.snippet == "VarChar(${1:length})"
    decimal = language.native_type("postgresql", "Decimal")
    assert decimal is not None
    assert decimal.signature == "Decimal(precision?, scale?)" and decimal.snippet == "Decimal"
    assert [n.name for n in language.native_types_for("postgresql", "DateTime")] == [
        "Timestamp", "Timestamptz", "Date", "Time", "Timetz"]
    assert language.native_types("sqlite") == () and language.native_types(None) == ()
