"""Completion at representative positions; `<|>` marks the cursor in each text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.api import Analysis, analyze
from analysis.ide.completion import MAX_ITEMS, CompletionItem, Completions, complete
from analysis.ide.completion_items import strip_snippet
from analysis.text import SourceFile
from tests.helpers import SCHEMA_FRAGMENTS, fuzz

CURSOR = "<|>"
PG = 'datasource db {\n  provider = "postgresql"\n}\n'
MYSQL = 'datasource db {\n  provider = "mysql"\n}\n'
SQLSERVER = 'datasource db {\n  provider = "sqlserver"\n}\n'
MONGO = 'datasource db {\n  provider = "mongodb"\n}\n'

USER = """
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}
"""


def run(*texts: str, version: int = 7) -> tuple[Completions, str]:
    """Complete at the cursor of the file that has one; also return that file's text."""
    files = []
    where: tuple[str, int] | None = None
    for n, text in enumerate(texts):
        path = f"f{n}.prisma"
        if CURSOR in text:
            where = (path, text.index(CURSOR))
            text = text.replace(CURSOR, "")
            marked = text
        files.append(SourceFile(path, text))
    assert where is not None
    result = complete(analyze(files, prisma_version=version), *where)
    return result, marked


def labels(*texts: str, version: int = 7) -> list[str]:
    return [item.label for item in run(*texts, version=version)[0].items]


def item(label: str, *texts: str, version: int = 7) -> tuple[CompletionItem, str]:
    result, text = run(*texts, version=version)
    found = [i for i in result.items if i.label == label]
    assert len(found) == 1, [i.label for i in result.items]
    return found[0], text


# ---------------------------------------------------------------------------
# Top level
# ---------------------------------------------------------------------------


def test_keywords_at_top_level() -> None:
    assert labels(PG + "\n" + CURSOR) == ["model", "enum", "datasource", "generator", "view",
                                          "type"]
    model, text = item("model", "mo" + CURSOR + "\n")
    assert model.insert_text == "model ${1:Name} {\n\t$0\n}" and model.snippet
    assert text[model.start:model.end] == "mo"
    assert model.plain_text == "model Name {\n\t\n}"
    assert model.documentation is not None and model.documentation.startswith("**model**")


def test_no_keywords_after_a_word_or_in_a_block_header() -> None:
    assert labels("model A " + CURSOR) == []
    assert labels("model A" + CURSOR + " {\n  id Int @id\n}\n") == []


# ---------------------------------------------------------------------------
# Field types
# ---------------------------------------------------------------------------


def test_field_types_include_scalars_and_declared_types() -> None:
    text = (PG + USER + "enum Role {\n  ADMIN\n}\n"
            "model Post {\n  id Int @id\n  x " + CURSOR + "\n}\n")
    assert labels(text) == ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime",
                            "Json", "Bytes", "Unsupported", "Post", "Role", "User"]
    unsupported, _ = item("Unsupported", text)
    assert unsupported.insert_text == 'Unsupported("$0")' and unsupported.snippet


def test_half_typed_field_type_replaces_the_word() -> None:
    text = PG + USER + "model Post {\n  id Int @id\n  author Us" + CURSOR + "\n}\n"
    assert labels(text) == ["Unsupported", "User"]
    user, marked = item("User", text)
    assert marked[user.start:user.end] == "Us"
    assert user.kind == "model" and user.detail == "model"


def test_field_types_from_other_files() -> None:
    models = PG + "model Post {\n  id Int @id\n  author Au" + CURSOR + "\n}\n"
    other = "model Author {\n  id Int @id\n}\nenum AuthorKind {\n  A\n}\n"
    assert labels(models, other) == ["Author", "AuthorKind"]
    author, _ = item("Author", models, other)
    assert author.detail == "model · f1.prisma"


def test_no_type_after_optional_mark_or_in_field_name() -> None:
    assert labels(PG + "model A {\n  id Int @id\n  x String?" + CURSOR + "\n}\n") == []
    assert labels(PG + "model A {\n  id Int @id\n  na" + CURSOR + "\n}\n") == []


def test_composite_types_take_no_models() -> None:
    text = MONGO + USER + "type Address {\n  street " + CURSOR + "\n}\n"
    assert labels(text) == ["String", "Boolean", "Int", "BigInt", "Float", "DateTime", "Json",
                            "Bytes", "Address"]


# ---------------------------------------------------------------------------
# Field attributes
# ---------------------------------------------------------------------------


def test_attributes_for_a_datetime_field() -> None:
    text = PG + "model A {\n  id Int @id\n  at DateTime " + CURSOR + "\n}\n"
    assert labels(text) == ["@id", "@unique", "@default", "@map", "@updatedAt", "@ignore",
                            "@db.Timestamp", "@db.Timestamptz", "@db.Date", "@db.Time",
                            "@db.Timetz"]


def test_updated_at_only_on_datetime_and_present_attributes_left_out() -> None:
    text = PG + "model A {\n  id Int @id " + CURSOR + "\n}\n"
    assert labels(text) == ["@unique", "@default", "@map", "@ignore", "@db.SmallInt",
                            "@db.Integer", "@db.Oid"]


def test_attribute_after_at_replaces_from_the_at() -> None:
    text = PG + "model A {\n  id Int @id\n  at DateTime @up" + CURSOR + "\n}\n"
    assert labels(text) == ["@updatedAt"]
    updated, marked = item("@updatedAt", text)
    assert marked[updated.start:updated.end] == "@up" and updated.insert_text == "@updatedAt"


def test_relation_field_attributes() -> None:
    text = PG + USER + "model Post {\n  id Int @id\n  authorId Int\n  author User " + CURSOR
    text += "\n}\n"
    assert labels(text) == ["@relation", "@ignore"]
    relation, _ = item("@relation", text)
    assert relation.insert_text == "@relation(fields: [$1], references: [$2])"
    assert relation.detail == ("@relation(name: String?, fields: FieldReference[]?, "
                               "references: FieldReference[]?, onDelete: ReferentialAction?, "
                               "onUpdate: ReferentialAction?, map: String?)")


def test_enum_field_attributes_have_no_native_types() -> None:
    text = PG + "enum Role {\n  A\n}\nmodel M {\n  id Int @id\n  role Role " + CURSOR + "\n}\n"
    assert labels(text) == ["@id", "@unique", "@default", "@map", "@ignore"]


def test_shard_key_needs_mysql_and_the_preview_feature() -> None:
    gen = 'generator c {\n  provider = "prisma-client"\n  previewFeatures = ["shardKeys"]\n}\n'
    line = "model A {\n  id Int @id\n  region String " + CURSOR + "\n}\n"
    assert "@shardKey" in labels(MYSQL + gen + line)
    assert "@shardKey" not in labels(MYSQL + line)
    assert "@shardKey" not in labels(PG + gen + line)


# ---------------------------------------------------------------------------
# Native types
# ---------------------------------------------------------------------------


def test_native_types_fit_the_field_type() -> None:
    text = MYSQL + "model A {\n  id Int @id\n  name String @db." + CURSOR + "\n}\n"
    assert labels(text) == ["Char", "VarChar", "TinyText", "Text", "MediumText", "LongText"]
    varchar, marked = item("VarChar", text)
    assert varchar.insert_text == "VarChar(${1:length})" and varchar.snippet
    assert varchar.plain_text == "VarChar(length)"
    assert varchar.start == varchar.end == marked.index("\n}", marked.index("@db."))


def test_native_types_half_typed_and_prefix_checked() -> None:
    text = PG + "model A {\n  id Int @id\n  name String @db.Var" + CURSOR + "\n}\n"
    assert labels(text) == ["VarChar", "VarBit"]
    assert labels(PG + "model A {\n  id Int @id\n  n String @pg." + CURSOR + "\n}\n") == []
    assert labels('datasource db {\n  provider = "sqlite"\n}\n'
                  "model A {\n  id Int @id\n  n String @db." + CURSOR + "\n}\n") == []


# ---------------------------------------------------------------------------
# @default
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("datasource", "field", "expected"),
    [
        (PG, "n Int", ["autoincrement()", "dbgenerated()"]),
        (PG, "n String", ["uuid()", "uuid(7)", "cuid()", "cuid(2)", "ulid()", "nanoid()",
                          "dbgenerated()"]),
        (PG, "n DateTime", ["now()", "dbgenerated()"]),
        (PG, "n Boolean", ["true", "false", "dbgenerated()"]),
        (PG, "n Int[]", ["[]"]),
        (PG, "n Role[]", ["[]"]),
        (PG, 'g Unsupported("point")?', ["dbgenerated()"]),
        (SQLSERVER, "n DateTime", ["now()", "dbgenerated()", "map: "]),
        (MONGO, "id String", ["uuid()", "uuid(7)", "cuid()", "cuid(2)", "ulid()", "nanoid()",
                              "auto()"]),
    ],
)
def test_default_values_fit_the_field(datasource: str, field: str, expected: list[str]) -> None:
    text = datasource + f"model A {{\n  key Int @id\n  {field} @default({CURSOR})\n}}\n"
    text += "enum Role {\n  A\n}\n"
    assert labels(text) == expected


def test_default_enum_values() -> None:
    text = (PG + "enum Role {\n  USER\n  ADMIN\n}\n"
            "model A {\n  id Int @id\n  role Role @default(A" + CURSOR + ")\n}\n")
    assert labels(text) == ["ADMIN"]


def test_default_map_after_the_value_only_on_sqlserver() -> None:
    line = "model A {\n  id Int @id\n  n Int @default(1, " + CURSOR + ")\n}\n"
    assert labels(SQLSERVER + line) == ["map: "]
    assert labels(PG + line) == []


# ---------------------------------------------------------------------------
# @relation arguments and lists
# ---------------------------------------------------------------------------

POST = ("model Post {\n  id Int @id\n  authorId Int\n  title String\n"
        "  author User @relation(%s)\n}\n")


def test_relation_argument_names_skip_given_ones() -> None:
    assert labels(PG + USER + POST % ("fields: [authorId], " + CURSOR)) == [
        "name: ", "references: ", "onDelete: ", "onUpdate: ", "map: "]
    assert labels(PG + USER + POST % (CURSOR + ", onDelete: Cascade")) == [
        "name: ", "fields: ", "references: ", "onUpdate: ", "map: "]
    references, _ = item("references: ", PG + USER + POST % CURSOR)
    assert references.insert_text == "references: [$0]" and references.snippet


def test_fields_are_the_models_own_fields() -> None:
    assert labels(PG + USER + POST % ("fields: [" + CURSOR + "]")) == ["id", "authorId", "title"]
    assert labels(PG + USER + POST % ("fields: [id, " + CURSOR + "]")) == ["authorId", "title"]
    assert labels(PG + USER + POST % ("fields: [aut" + CURSOR)) == ["authorId"]


def test_references_are_the_target_models_fields_id_preselected() -> None:
    result, _ = run(PG + USER + POST % ("fields: [authorId], references: [" + CURSOR + "]"))
    assert [(i.label, i.detail, i.preselect) for i in result.items] == [
        ("id", "Int", True), ("email", "String", False)]


def test_references_in_a_model_of_another_file() -> None:
    posts = PG + POST % ("fields: [authorId], references: [" + CURSOR + "])")
    assert labels(posts, USER) == ["id", "email"]


@pytest.mark.parametrize(
    ("datasource", "expected"),
    [
        (PG, ["Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"]),
        (SQLSERVER, ["Cascade", "NoAction", "SetNull", "SetDefault"]),
        (MONGO, ["Cascade", "Restrict", "NoAction", "SetNull"]),
        (MYSQL.replace("}", '  relationMode = "prisma"\n}'),
         ["Cascade", "Restrict", "NoAction", "SetNull"]),
    ],
)
def test_referential_actions_per_provider(datasource: str, expected: list[str]) -> None:
    text = datasource + USER + POST % ("fields: [authorId], references: [id], onDelete: " + CURSOR)
    assert labels(text) == expected
    cascade, _ = item("Cascade", text)
    assert cascade.detail == "Deleting the referenced record deletes the records that point to it."


def test_referential_action_half_typed() -> None:
    text = PG + USER + POST % ("onUpdate: Re" + CURSOR + ")")
    assert labels(text) == ["Restrict"]
    restrict, marked = item("Restrict", text)
    assert marked[restrict.start:restrict.end] == "Re"


def test_nothing_after_a_complete_value() -> None:
    assert labels(PG + USER + POST % ("onDelete: Cascade " + CURSOR)) == []


# ---------------------------------------------------------------------------
# Block attributes and index lists
# ---------------------------------------------------------------------------

ARTICLE = "model Article {\n  id Int @id\n  title String\n  body String\n  views Int\n  %s\n}\n"


def test_block_attributes_after_at_at() -> None:
    assert labels(PG + ARTICLE % ("@@" + CURSOR)) == [
        "@@id", "@@unique", "@@index", "@@map", "@@ignore"]
    assert labels(MYSQL + ARTICLE % ("@@" + CURSOR)) == [
        "@@id", "@@unique", "@@index", "@@map", "@@ignore", "@@fulltext"]
    index, marked = item("@@index", PG + ARTICLE % ("@@in" + CURSOR))
    assert marked[index.start:index.end] == "@@in" and index.insert_text == "@@index([$0])"


def test_block_attributes_on_an_empty_line() -> None:
    result, marked = run(PG + ARTICLE % ("@@map(\"a\")\n  " + CURSOR))
    assert [(i.label, i.insert_text) for i in result.items] == [
        ("@@id", "@@id([$0])"), ("@@unique", "@@unique([$0])"), ("@@index", "@@index([$0])"),
        ("@@ignore", "@@ignore")]
    cursor = marked.index("\n}", marked.index("@@map"))
    assert result.items[0].start == result.items[0].end == cursor
    assert labels(PG + "enum Role {\n  USER\n  " + CURSOR + "\n}\n") == ["@@map"]
    assert labels(PG + ARTICLE % ("cre" + CURSOR)) == []


def test_block_attributes_skip_present_single_ones() -> None:
    text = PG + ARTICLE % ('@@map("articles")\n  @@index([views])\n  @@' + CURSOR)
    assert labels(text) == ["@@id", "@@unique", "@@index", "@@ignore"]


def test_schema_attribute_needs_schemas_in_the_datasource() -> None:
    multi = 'datasource db {\n  provider = "postgresql"\n  schemas = ["base", "audit"]\n}\n'
    assert "@@schema" in labels(multi + ARTICLE % ("@@" + CURSOR))
    assert labels(multi + ARTICLE % ('@@schema("' + CURSOR + '")')) == ["base", "audit"]
    audit, marked = item("audit", multi + "enum E {\n  A\n  @@schema(\"au" + CURSOR + 'x")\n}\n')
    assert marked[audit.start:audit.end] == "aux" and audit.insert_text == "audit"


@pytest.mark.parametrize("attribute", ["index", "unique", "id"])
def test_index_field_lists(attribute: str) -> None:
    assert labels(PG + ARTICLE % (f"@@{attribute}([title, " + CURSOR + "])")) == [
        "id", "body", "views"]


def test_fulltext_lists_string_fields() -> None:
    assert labels(MYSQL + ARTICLE % ("@@fulltext([" + CURSOR)) == ["title", "body"]


def test_index_arguments_and_values() -> None:
    assert labels(PG + ARTICLE % ("@@index([views], " + CURSOR + ")")) == [
        "name: ", "map: ", "type: "]
    assert labels(SQLSERVER + ARTICLE % ("@@index([views], " + CURSOR + ")")) == [
        "name: ", "map: ", "clustered: "]
    assert labels(PG + ARTICLE % ("@@index([views], type: " + CURSOR + ")")) == [
        "BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"]
    assert labels(MYSQL + ARTICLE % ("@@index([views], type: " + CURSOR + ")")) == []
    assert labels(MYSQL + ARTICLE % ("@@index([title(" + CURSOR + ")])")) == ["sort: ", "length: "]
    assert labels(PG + ARTICLE % ("@@index([title(sort: " + CURSOR + ")])")) == ["Asc", "Desc"]


@pytest.mark.parametrize(
    ("field", "index_type", "expected"),
    [
        ("Float @db.Real", "Brin", ["Float4BloomOps", "Float4MinMaxOps", "Float4MinMaxMultiOps",
                                    "raw"]),
        ("String", "Brin", ["TextBloomOps", "TextMinMaxOps", "raw"]),
        ("Int[]", "Gin", ["ArrayOps", "raw"]),
        ("Json", "Gin", ["JsonbOps", "JsonbPathOps", "raw"]),
        ("String @db.Inet", "Gist", ["InetOps", "raw"]),
        ("String", "SpGist", ["TextOps", "raw"]),
        ("String", "BTree", []),
    ],
)
def test_operator_classes(field: str, index_type: str, expected: list[str]) -> None:
    text = (PG + f"model A {{\n  id Int @id\n  val {field}\n"
            f"  @@index([val(ops: {CURSOR})], type: {index_type})\n}}\n")
    assert labels(text) == expected
    assert labels(text.replace('"postgresql"', '"cockroachdb"')) == []


# ---------------------------------------------------------------------------
# Enums
# ---------------------------------------------------------------------------


def test_enum_attributes() -> None:
    assert labels(PG + "enum Role {\n  USER @" + CURSOR + "\n}\n") == ["@map"]
    assert labels(PG + "enum Role {\n  USER\n  @@" + CURSOR + "\n}\n") == ["@@map"]
    assert labels(PG + "enum Role {\n  USER\n  @@map(\"r\")\n  @@" + CURSOR + "\n}\n") == []


# ---------------------------------------------------------------------------
# Datasource and generator
# ---------------------------------------------------------------------------


def test_datasource_keys_prisma_6_and_7() -> None:
    text = 'datasource db {\n  provider = "postgresql"\n  ' + CURSOR + "\n}\n"
    assert labels(text, version=6) == ["url", "shadowDatabaseUrl", "directUrl", "relationMode",
                                       "schemas"]
    assert labels(text, version=7) == ["relationMode", "schemas", "extensions"]
    url, _ = item("url", text, version=6)
    assert url.insert_text == "url = $0" and url.kind == "property"


def test_datasource_url_values_only_in_prisma_6() -> None:
    text = 'datasource db {\n  provider = "postgresql"\n  url = ' + CURSOR + "\n}\n"
    assert labels(text, version=6) == ["env()", '""']
    assert labels(text, version=7) == []
    assert labels(text.replace("url = ", 'url = env("'), version=6) == ["DATABASE_URL"]
    direct = text.replace("url = ", 'directUrl = env("D')
    assert labels(direct, version=6) == ["DIRECT_URL"]
    variable, marked = item("DIRECT_URL", direct, version=6)
    assert marked[variable.start:variable.end] == "D"


def test_datasource_keys_without_a_provider() -> None:
    assert labels("datasource db {\n  " + CURSOR + "\n}\n", version=6) == [
        "provider", "url", "shadowDatabaseUrl", "directUrl", "relationMode"]


def test_datasource_provider_values() -> None:
    text = 'datasource db {\n  provider = "my' + CURSOR + '"\n}\n'
    assert labels(text) == ["mysql"]
    mysql, marked = item("mysql", text)
    assert marked[mysql.start:mysql.end] == "my" and mysql.insert_text == "mysql"
    unquoted, _ = item("sqlite", "datasource db {\n  provider = " + CURSOR + "\n}\n")
    assert unquoted.insert_text == '"sqlite"'


def test_relation_mode_values() -> None:
    text = 'datasource db {\n  provider = "mysql"\n  relationMode = "' + CURSOR + '"\n}\n'
    assert labels(text) == ["foreignKeys", "prisma"]
    assert labels(text.replace("mysql", "mongodb")) == ["prisma"]


def test_generator_keys_and_values() -> None:
    text = 'generator client {\n  provider = "prisma-client"\n  ' + CURSOR + "\n}\n"
    assert labels(text) == ["output", "previewFeatures", "binaryTargets", "engineType", "runtime",
                            "moduleFormat", "generatedFileExtension", "importFileExtension"]
    assert labels('generator client {\n  provider = "' + CURSOR + '"\n}\n') == [
        "prisma-client", "prisma-client-js"]
    features = ('generator c {\n  provider = "prisma-client"\n'
                '  previewFeatures = ["views", "re' + CURSOR + '"]\n}\n')
    assert labels(PG + features) == ["relationJoins"]


# ---------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------


def test_non_ascii_before_the_cursor() -> None:
    text = (PG + "/// Café ☕ 🎉\nmodel Café {\n  id Int @id // 😀 ok\n"
            "  at DateTime @up" + CURSOR + "\n}\n")
    updated, marked = item("@updatedAt", text)
    assert marked[updated.start:updated.end] == "@up"
    text = PG + 'model A {\n  id Int @id\n  s String @default("🎉") @db.' + CURSOR + "\n}\n"
    char, marked = item("Char", text)
    assert char.start == marked.index("@db.") + 4
    text = PG + "model A {\n  id Int @id\n  /* 📝 */ at /* é */ DateTime @up" + CURSOR + "\n}\n"
    assert labels(text) == ["@updatedAt"]


def test_nothing_in_comments_and_strings() -> None:
    assert labels(PG + "model A {\n  id Int @id // @" + CURSOR + "\n}\n") == []
    assert labels(PG + "model A {\n  id Int @id /* @" + CURSOR + "\n}\n") == []
    in_string = 'model A {\n  id Int @id\n  s String @default("ab' + CURSOR + '")\n}\n'
    assert labels(PG + in_string) == []


def test_unknown_path_and_out_of_range_offsets() -> None:
    analysis = analyze([SourceFile("a.prisma", PG)])
    assert complete(analysis, "b.prisma", 0).items == ()
    assert complete(analysis, "a.prisma", 10_000) == complete(analysis, "a.prisma", len(PG))
    assert complete(analysis, "a.prisma", -5).items[0].label == "model"


def test_unclosed_block_while_typing() -> None:
    text = PG + USER + "model Post {\n  id Int @id\n  author User @relation(fields: [" + CURSOR
    assert labels(text) == ["id"]


def test_long_lists_are_cut_and_marked_incomplete() -> None:
    models = "".join(f"model M{i} {{\n  id Int @id\n}}\n" for i in range(MAX_ITEMS + 50))
    result, _ = run(PG + models + "model Z {\n  id Int @id\n  m " + CURSOR + "\n}\n")
    assert result.incomplete and len(result.items) == MAX_ITEMS
    result, _ = run(PG + models + "model Z {\n  id Int @id\n  m M12" + CURSOR + "\n}\n")
    assert not result.incomplete
    found = [i.label for i in result.items]
    # Names that start with the typed text first, then the others that fit.
    assert found[:12] == ["M12", *(f"M12{d}" for d in range(10)), "M102"]
    assert found[12:] == sorted(found[12:], key=str.lower) and "M212" in found


def test_strip_snippet() -> None:
    assert strip_snippet('@relation(fields: [$1], references: [${2:id}])$0') == (
        "@relation(fields: [], references: [id])")


# ---------------------------------------------------------------------------
# Never raises: every trigger position of the corpus, every offset of random text
# ---------------------------------------------------------------------------

_TRIGGERS = frozenset('@."([, ')


def _check_everywhere(analysis: Analysis, path: str, offsets: Iterable[int]) -> int:
    """Complete at each offset; each item replaces text on the cursor's line, around it."""
    text = next(f.text for f in analysis.files if f.path == path)
    count = 0
    for offset in offsets:
        for entry in complete(analysis, path, offset).items:
            assert entry.start <= offset <= entry.end, (offset, entry)
            assert "\n" not in text[entry.start:entry.end], (offset, entry)
            count += 1
    return count


def test_corpus_trigger_positions(corpus: Path) -> None:
    total = 0
    for schema in sorted((corpus / "real").glob("*/*.prisma")):
        text = schema.read_text(encoding="utf-8")
        analysis = analyze([SourceFile(schema.name, text)], prisma_version=6)
        offsets = [i + 1 for i, char in enumerate(text) if char in _TRIGGERS]
        offsets += [m.start() for m in re.finditer(r"\n", text)]
        # Spread over the file, at most 500 per file (the largest have 50,000 trigger places).
        step = max(1, len(offsets) // 500)
        total += _check_everywhere(analysis, schema.name, sorted(offsets)[::step])
    assert total > 10_000


FRAGMENTS = [*SCHEMA_FRAGMENTS, "@default(", "@relation(fields: [", "references: [", "onDelete: ",
             "@db.", "@@index([", "provider = \"", "🎉", "\t", "x String ", "User ", "\r\n"]


@fuzz(200)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_random_text_every_offset(text: str) -> None:
    analysis = analyze([SourceFile("a.prisma", text)])
    _check_everywhere(analysis, "a.prisma", range(len(text) + 1))
