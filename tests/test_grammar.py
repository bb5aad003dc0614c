"""The grammar in `grammars/prisma.lark`: it builds strictly and covers the language."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark, UnexpectedInput

from analysis.syntax.grammar import STARTS, parser
from analysis.syntax.nodes import (
    ArrayExpr,
    Attribute,
    Block,
    Comment,
    ConstRef,
    EnumValue,
    Field,
    FuncCall,
    KeyValue,
    NumberLit,
    StringLit,
    TypeAlias,
)
from analysis.syntax.parse import parse
from grammars import GRAMMAR_PATH
from tests.helpers import CORPUS

REAL = sorted((CORPUS / "real").rglob("*.prisma")) if CORPUS.is_dir() else []


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def blocks(text: str) -> list[Block]:
    """The blocks of a valid schema; the whole-file start must accept it too."""
    tree = parse(text)
    assert tree.issues() == []
    parser().parse(text, start="schema")
    return [b for _, b in tree.blocks]


def block(text: str) -> Block:
    (only,) = blocks(text)
    return only


def model(body: str, kind: str = "model") -> Block:
    return block(f"{kind} M {{\n{body}\n}}\n")


def field(line: str) -> Field:
    (only,) = model(line).members
    assert isinstance(only, Field)
    return only


def attr(line: str) -> Attribute:
    (only,) = model(line).members
    assert isinstance(only, Attribute)
    return only


def value(text: str) -> object:
    """The single positional argument of `@default(...)`."""
    f = field(f"  x String @default({text})")
    (a,) = f.attributes
    assert a.args is not None
    (arg,) = a.args.args
    assert arg.name is None
    return arg.value


def prop(line: str) -> KeyValue:
    (only,) = block(f"datasource db {{\n{line}\n}}\n").members
    assert isinstance(only, KeyValue)
    return only


# ---------------------------------------------------------------------------
# The grammar itself
# ---------------------------------------------------------------------------


def test_grammar_is_conflict_free_in_strict_mode() -> None:
    pytest.importorskip("interegular", reason="strict mode needs lark[interegular]")
    # strict=True raises on shift/reduce conflicts and on terminal collisions.
    Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        start=list(STARTS),
        strict=True,
    )


def test_parser_is_built_once() -> None:
    assert parser() is parser()


@pytest.mark.skipif(not REAL, reason=f"no real-world schemas under {CORPUS}")
@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(CORPUS / "real")))
def test_real_schema_parses_whole_and_tolerantly_without_issues(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parser().parse(text, start="schema")
    tree = parse(text)
    assert tree.issues() == []
    assert "".join(s.parsed.text for s in tree.segments) == text


def test_corpus_has_block_comments() -> None:
    if not REAL:
        pytest.skip(f"no real-world schemas under {CORPUS}")
    # The real corpus has `/* */` comments on lines of their own: the whole-file
    # start must accept a run of line breaks split by such a comment.
    assert any("/*" in p.read_text(encoding="utf-8") for p in REAL)


def test_schema_start_accepts_block_comment_lines_between_declarations() -> None:
    text = "model A {\n  id Int\n}\n\n/** doc-like */\nenum E {\n  X\n}\n/* end */\n"
    assert [b.name.text for b in blocks(text)] == ["A", "E"]


def test_schema_start_rejects_garbage() -> None:
    with pytest.raises(UnexpectedInput):
        parser().parse("model A {\n  id Int\n", start="schema")
    with pytest.raises(UnexpectedInput):
        parser().parse("Todo {\n}\n", start="schema")


# ---------------------------------------------------------------------------
# datasource / generator
# ---------------------------------------------------------------------------


def test_config_values() -> None:
    b = block(
        "generator client {\n"
        '  provider        = "prisma-client-js"\n'
        '  previewFeatures = ["views", "multiSchema"]\n'
        "  binaryTargets   = []\n"
        "  engineType      = library\n"
        "  flag            = true\n"
        "  n               = 42\n"
        "  ratio           = -1.5\n"
        "}\n"
    )
    assert b.kind == "generator"
    assert b.name.text == "client"
    props = {p.key.text: p.value for p in b.properties}
    assert list(props) == [
        "provider",
        "previewFeatures",
        "binaryTargets",
        "engineType",
        "flag",
        "n",
        "ratio",
    ]
    provider = props["provider"]
    assert isinstance(provider, StringLit)
    assert provider.value == "prisma-client-js"
    features = props["previewFeatures"]
    assert isinstance(features, ArrayExpr)
    assert [i.value for i in features.items if isinstance(i, StringLit)] == [
        "views",
        "multiSchema",
    ]
    assert props["binaryTargets"] == ArrayExpr((), *_span(props["binaryTargets"]))
    assert isinstance(props["engineType"], ConstRef)
    assert props["engineType"].text == "library"
    assert isinstance(props["flag"], ConstRef)
    assert props["flag"].text == "true"
    assert isinstance(props["n"], NumberLit)
    assert props["n"].text == "42"
    assert isinstance(props["ratio"], NumberLit)
    assert props["ratio"].text == "-1.5"


def _span(node: ArrayExpr) -> tuple[int, int]:
    return node.start, node.end


def test_datasource_with_env_call() -> None:
    b = block(
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n'
        '  directUrl = env("DIRECT")\n  relationMode = "prisma"\n}\n'
    )
    assert b.kind == "datasource"
    url = b.properties[1].value
    assert isinstance(url, FuncCall)
    assert url.name.text == "env"
    (arg,) = url.args.args
    assert isinstance(arg.value, StringLit)
    assert arg.value.value == "DATABASE_URL"
    assert [p.key.text for p in b.properties] == ["provider", "url", "directUrl", "relationMode"]


def test_property_with_trailing_comment() -> None:
    p = prop('  provider = "mysql" // the engine')
    assert p.comment is not None
    assert p.comment.text == "// the engine"
    assert p.comment.doc is False


# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["model", "view", "type"])
def test_model_like_blocks(kind: str) -> None:
    b = model("  id Int\n  name String?", kind)
    assert b.kind == kind
    assert b.keyword.text == kind
    assert [f.name.text for f in b.fields] == ["id", "name"]


def test_enum_values_with_map_and_block_attributes() -> None:
    b = block(
        'enum Role {\n  USER  @map("user")\n  ADMIN\n  @@map("roles")\n  @@schema("auth")\n}\n'
    )
    assert b.kind == "enum"
    assert [v.name.text for v in b.values] == ["USER", "ADMIN"]
    user = b.values[0]
    assert isinstance(user, EnumValue)
    (m,) = user.attributes
    assert m.name.text == "map"
    assert m.block_level is False
    assert [a.name.text for a in b.attributes] == ["map", "schema"]
    assert all(a.block_level for a in b.attributes)


def test_keywords_are_names_inside_blocks() -> None:
    b = model(
        "  type       String\n  model      String\n  enum       Role\n"
        "  view       Int\n  datasource String\n  generator  String\n"
        "  Unsupported Int\n  other      type"
    )
    assert [(f.name.text, f.type.name.text if f.type else None) for f in b.fields] == [
        ("type", "String"),
        ("model", "String"),
        ("enum", "Role"),
        ("view", "Int"),
        ("datasource", "String"),
        ("generator", "String"),
        ("Unsupported", "Int"),
        ("other", "type"),
    ]
    e = block("enum E {\n  model\n  type\n}\n")
    assert [v.name.text for v in e.values] == ["model", "type"]


def test_type_alias_is_parsed_as_its_own_node() -> None:
    tree = parse('type Name = String @default("x")\n')
    (segment,) = tree.segments
    assert isinstance(segment.node, TypeAlias)
    assert segment.node.name.text == "Name"
    assert tree.issues() == []


# ---------------------------------------------------------------------------
# Field types
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "optional", "is_list"),
    [
        ("  a String", "String", False, False),
        ("  a String?", "String", True, False),
        ("  a String[]", "String", False, True),
        ("  a Post[]", "Post", False, True),
        ("  a UnsupportedThing", "UnsupportedThing", False, False),
        ("  a Unsupported_X?", "Unsupported_X", True, False),
    ],
)
def test_field_types(line: str, name: str, optional: bool, is_list: bool) -> None:
    f = field(line)
    assert f.type is not None
    assert f.type.name.text == name
    assert (f.type.optional, f.type.list) == (optional, is_list)
    assert f.type.unsupported is None
    assert f.type.legacy is None


def test_unsupported_type() -> None:
    f = field('  geom Unsupported("geometry(Point, 4326)")?')
    assert f.type is not None
    assert f.type.name.text == "Unsupported"
    assert f.type.optional is True
    assert f.type.unsupported is not None
    assert f.type.unsupported.value == "geometry(Point, 4326)"


def test_field_without_type_is_syntax() -> None:
    # `name` alone parses (validation reports the missing type).
    f = field("  name")
    assert f.type is None
    assert f.attributes == ()


# ---------------------------------------------------------------------------
# Attributes and arguments
# ---------------------------------------------------------------------------


def test_dotted_native_type_attribute() -> None:
    f = field("  name String @db.VarChar(255)")
    (a,) = f.attributes
    assert a.name.text == "db.VarChar"
    assert a.block_level is False
    assert a.args is not None
    (arg,) = a.args.args
    assert arg.value == NumberLit("255", arg.start, arg.end)


def test_default_with_nested_call() -> None:
    v = value('dbgenerated("gen_random_uuid()")')
    assert isinstance(v, FuncCall)
    assert v.name.text == "dbgenerated"
    (arg,) = v.args.args
    assert isinstance(arg.value, StringLit)
    assert arg.value.value == "gen_random_uuid()"


def test_several_field_attributes() -> None:
    f = field('  id String @id @default(uuid(7)) @map("user_id") @db.Uuid')
    assert [a.name.text for a in f.attributes] == ["id", "default", "map", "db.Uuid"]


def test_block_id_unique_index_arguments() -> None:
    b = model(
        "  a Int\n  b String\n"
        "  @@id([a, b])\n"
        '  @@unique([a(sort: Desc), b(length: 10)], map: "ab_key")\n'
        '  @@index([b(ops: raw("gin_trgm_ops"))], type: Gin)\n'
        "  @@index([a], type: Hash, clustered: false)\n"
        "  @@fulltext([b])\n"
        '  @@map("things")\n'
        '  @@schema("public")\n'
        "  @@ignore\n"
        "  @@foo.bar(1, x: [1, 2,], )"
    )
    attrs = b.attributes
    assert [a.name.text for a in attrs] == [
        "id",
        "unique",
        "index",
        "index",
        "fulltext",
        "map",
        "schema",
        "ignore",
        "foo.bar",
    ]
    unique = attrs[1]
    fields = unique.arg("fields", 0)
    assert fields is not None
    assert isinstance(fields.value, ArrayExpr)
    a_sort, b_length = fields.value.items
    assert isinstance(a_sort, FuncCall)
    assert a_sort.name.text == "a"
    (sort,) = a_sort.args.args
    assert sort.name is not None
    assert sort.name.text == "sort"
    assert isinstance(sort.value, ConstRef)
    assert sort.value.text == "Desc"
    assert isinstance(b_length, FuncCall)
    assert isinstance(b_length.args.args[0].value, NumberLit)
    assert b_length.args.args[0].value.text == "10"
    map_arg = unique.arg("map")
    assert map_arg is not None
    assert isinstance(map_arg.value, StringLit)
    assert map_arg.value.value == "ab_key"

    gin = attrs[2]
    ops_call = gin.arg("fields", 0)
    assert ops_call is not None
    assert isinstance(ops_call.value, ArrayExpr)
    (b_ops,) = ops_call.value.items
    assert isinstance(b_ops, FuncCall)
    (ops,) = b_ops.args.args
    assert isinstance(ops.value, FuncCall)
    assert ops.value.name.text == "raw"
    type_arg = gin.arg("type")
    assert type_arg is not None
    assert isinstance(type_arg.value, ConstRef)
    assert type_arg.value.text == "Gin"

    hashed = attrs[3]
    assert hashed.arg("type") is not None
    clustered = hashed.arg("clustered")
    assert clustered is not None
    assert isinstance(clustered.value, ConstRef)
    assert clustered.value.text == "false"

    assert attrs[7].args is None
    foo = attrs[8]
    assert foo.args is not None
    assert foo.args.trailing_comma is True
    assert len(foo.args.args) == 2
    x = foo.arg("x")
    assert x is not None
    assert isinstance(x.value, ArrayExpr)
    assert [i.text for i in x.value.items if isinstance(i, NumberLit)] == ["1", "2"]


def test_empty_named_argument_is_kept() -> None:
    a = attr("  @@index([a], map: )")
    assert a.args is not None
    empty = a.arg("map")
    assert empty is not None
    assert empty.value is None


@pytest.mark.parametrize(
    ("source", "decoded"),
    [
        (r'"a\"b\\n"', 'a"b\\n'),
        (r'"tab\there"', "tab\there"),
        (r'"\u00e9"', "é"),
        ('"plain"', "plain"),
        ('""', ""),
        ('"emoji 🎉"', "emoji 🎉"),
    ],
)
def test_string_escapes_are_decoded(source: str, decoded: str) -> None:
    v = value(source)
    assert isinstance(v, StringLit)
    assert v.raw == source
    assert v.value == decoded


@pytest.mark.parametrize("number", ["0", "42", "-1", "3.14", "-0.5"])
def test_numbers(number: str) -> None:
    v = value(number)
    assert isinstance(v, NumberLit)
    assert v.text == number


def test_arrays_and_nested_calls() -> None:
    v = value('[1, "two", three, four(5), [6]]')
    assert isinstance(v, ArrayExpr)
    kinds = [type(i).__name__ for i in v.items]
    assert kinds == ["NumberLit", "StringLit", "ConstRef", "FuncCall", "ArrayExpr"]


def test_dotted_constant() -> None:
    v = value("a.b.c")
    assert isinstance(v, ConstRef)
    assert v.text == "a.b.c"


# ---------------------------------------------------------------------------
# Comments, doc comments and whitespace
# ---------------------------------------------------------------------------


def test_doc_comments_attach_to_block_and_field() -> None:
    text = (
        "// not a doc\n"
        "/// The user.\n"
        "///   Indented second line.\n"
        "model User {\n"
        "  /// The key.\n"
        "  id   Int    @id // trailing\n"
        "  // plain comment breaks the doc run\n"
        "  name String\n"
        "  /// one\n"
        "  ///two\n"
        "  mail String\n"
        "}\n"
    )
    b = block(text)
    assert b.doc == "The user.\n  Indented second line."
    id_, name, mail = b.fields
    assert id_.doc == "The key."
    at = text.index("// trailing")  # the segment starts at 0: offsets are absolute
    assert id_.comment == Comment("// trailing", at, at + len("// trailing"), False)
    assert name.doc is None
    assert name.comment is None
    assert mail.doc == "one\ntwo"
    texts = [c.text for c in b.comments]
    assert texts == [
        "// not a doc",
        "/// The user.",
        "///   Indented second line.",
        "/// The key.",
        "// trailing",
        "// plain comment breaks the doc run",
        "/// one",
        "///two",
    ]
    assert [c.doc for c in b.comments] == [False, True, True, True, False, False, True, True]


def test_doc_comment_on_enum_value_and_trailing_comment() -> None:
    b = block("enum E {\n  /// First.\n  A // a\n  B\n}\n")
    a, b_ = b.values
    assert a.doc == "First."
    assert a.comment is not None
    assert a.comment.text == "// a"
    assert b_.doc is None


def test_comment_lines_inside_body_and_header() -> None:
    b = block("model A { // header\n  // alone\n\n  id Int\n  /* block */\n}\n")
    assert [c.text for c in b.comments] == ["// header", "// alone", "/* block */"]
    assert [f.name.text for f in b.fields] == ["id"]


def test_block_comment_anywhere_whitespace_may_be() -> None:
    b = model("  id /* a */ Int /* b */ @id /* c */ @default(1)")
    (f,) = b.fields
    assert f.type is not None
    assert f.type.name.text == "Int"
    assert [a.name.text for a in f.attributes] == ["id", "default"]
    assert [c.text for c in b.comments] == ["/* a */", "/* b */", "/* c */"]


def test_comment_markers_inside_strings_are_not_comments() -> None:
    b = block('datasource db {\n  url = "postgres://u@h/db?x=/*y*/" // real\n}\n')
    (p,) = b.properties
    assert isinstance(p.value, StringLit)
    assert p.value.value == "postgres://u@h/db?x=/*y*/"
    assert [c.text for c in b.comments] == ["// real"]


def test_tabs_as_indentation_and_separators() -> None:
    b = block("model\tA\t{\n\tid\tInt\t@id\n\tname\tString?\n}\n")
    assert b.name.text == "A"
    assert [(f.name.text, f.type.name.text if f.type else "") for f in b.fields] == [
        ("id", "Int"),
        ("name", "String"),
    ]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings(eol: str) -> None:
    text = eol.join(
        ["/// Doc.", "model A {", "  /// Key.", "  id Int @id // t", "  name String", "}", ""]
    )
    b = block(text)
    assert b.doc == "Doc."
    id_, name = b.fields
    assert id_.doc == "Key."
    assert id_.comment is not None
    assert id_.comment.text == "// t"
    assert name.name.text == "name"
    # Offsets are into the text as given (line breaks counted as they are).
    assert text[id_.start : id_.end] == "id Int @id"
    assert b.close_brace is not None
    assert text[b.close_brace] == "}"
