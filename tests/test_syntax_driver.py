"""The fast LALR driver parses exactly as ``Lark.parse`` does.

``parse_nodes`` runs :class:`analysis.syntax.driver.Driver` and falls back to
``Lark.parse`` on any failure. Each input here is parsed three ways: by the
reference (``Lark.parse`` with the tree builder inline), by the driver alone,
and by ``parse_nodes``. Where the reference succeeds, both others must give
the same nodes, the same issues and the same tokens (type, text and every
position field); where it fails, the driver must give up and ``parse_nodes``
must raise the reference's exception (type, message and position).

Inputs: every segment (``top``) and every body line (the line start of its
block kind, at its offset) of every schema of the shared corpus and of
generated benchmark schemas, whole files (``schema``), and hypothesis-mutated
lines and blocks under every start symbol.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import FrozenInstanceError, dataclass, fields
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree, UnexpectedInput

from analysis.syntax import segments
from analysis.syntax.driver import NoFastParse
from analysis.syntax.grammar import STARTS, TooDeep, parse_nodes, parse_nodes_with
from analysis.syntax.nodes import (
    ArgList,
    Argument,
    Attribute,
    Comment,
    ConstRef,
    EnumValue,
    Field,
    FieldType,
    Ident,
    KeyValue,
    NumberLit,
    StringLit,
)
from analysis.syntax.parse import _LINE_START
from analysis.syntax.segments import (
    _BODY_STOP,
    _COMMENT_LINE,
    HEADER,
    Cut,
    _previous_line_start,
    cut_all,
    line_end,
)
from analysis.syntax.segments import _block as _block_cut
from analysis.text import LINE_BREAK
from bench.generate import generate_schema


def _plain(value: Any) -> Any:
    """``value`` with tokens and Lark trees spelled out, for exact comparison."""
    if isinstance(value, Token):
        return (
            "Token",
            value.type,
            str(value),
            value.value,
            value.start_pos,
            value.end_pos,
            value.line,
            value.column,
            value.end_line,
            value.end_column,
        )
    if isinstance(value, Tree):
        return ("Tree", value.data, _plain(value.children), value._meta)
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_plain(v) for v in value))
    return (type(value).__name__, value)


def _outcome(engine: str | None, text: str, start: str, base: int) -> tuple[Any, ...]:
    """What one way of parsing gives: the nodes and issues, or the failure."""
    try:
        if engine is None:
            result, issues = parse_nodes(text, start, base)
        else:
            result, issues = parse_nodes_with(engine, text, start, base)  # type: ignore[arg-type]
    except NoFastParse:
        return ("gave up",)
    except (UnexpectedInput, TooDeep) as error:
        where = getattr(error, "pos_in_stream", None)
        return ("raised", type(error), str(error), where)
    return ("parsed", _plain(result), _plain(issues))


@dataclass
class _Tally:
    parsed: int = 0
    failed: int = 0


def _check(text: str, start: str, base: int, tally: _Tally) -> None:
    reference = _outcome("lark", text, start, base)
    driver = _outcome("driver", text, start, base)
    used = _outcome(None, text, start, base)
    assert used == reference, (start, base, text)
    if reference[0] == "parsed":
        tally.parsed += 1
        assert driver == reference, (start, base, text)
    else:
        tally.failed += 1
        expected = ("gave up",) if reference[1] is not TooDeep else reference
        assert driver == expected, (start, base, text)


def _inputs(text: str) -> Iterator[tuple[str, str, int]]:
    """(text, start, base): the file, each segment, and each body line of each block."""
    yield text, "schema", 0
    for cut in cut_all(text):
        segment = text[cut.start : cut.end]
        yield segment, "top", 0
        if cut.kind != "block":
            continue
        starts = [0, *(m.end() for m in LINE_BREAK.finditer(segment))]
        lines = [(at, segment[at:until]) for at, until in pairwise([*starts, len(segment)])]
        header = next((i for i, (at, _) in enumerate(lines) if HEADER.match(segment, at)), None)
        if header is None:
            continue
        m = HEADER.match(lines[header][1])
        assert m is not None
        line_start = _LINE_START[m.group(1)]
        for at, line in lines[header + 1 :]:
            if line:
                yield line, line_start, cut.start + at


def _check_schemas(paths: list[Path]) -> _Tally:
    tally = _Tally()
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")  # keeps `\r\n`
        for piece, start, base in _inputs(text):
            _check(piece, start, base, tally)
    return tally


@pytest.mark.parametrize("folder", ["real", "prisma-engines"])
def test_every_segment_and_line_of_the_corpus_parses_as_with_lark(
    corpus: Path, folder: str
) -> None:
    paths = sorted((corpus / folder).rglob("*.prisma"))
    if not paths:
        pytest.skip(f"no schemas in {corpus / folder}")
    tally = _check_schemas(paths)
    # Both paths are exercised: most inputs parse, invalid fixtures and lines fail.
    assert tally.parsed > 1000
    assert tally.failed > 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_segment_and_line_of_generated_schemas_parses_as_with_lark(seed: int) -> None:
    text = generate_schema(120, seed)
    tally = _Tally()
    for piece, start, base in _inputs(text):
        _check(piece, start, base, tally)
    assert tally.parsed > 1000


_LINES = (
    "  id        String   @id @default(cuid()) // the key\n",
    '  email     String?  @unique @db.VarChar(255) @map("e_mail")\n',
    "  posts     Post[]\n",
    "  author    User     @relation(fields: [authorId, x], references: [id], onDelete: Cascade)\n",
    "  amount    Decimal  @default(-12.50) @db.Decimal(10, 2)\n",
    '  legacy    Unsupported("circle")?\n',
    '  tags      String[] @default(["a", "b",])\n',
    "  name: String!\n",
    "  list [Int]\n",
    '  @@index([a(sort: Desc), b], map: "idx", type: Hash)\n',
    "  @@id([a, b])\r\n",
    '  ACTIVE @map("active")\r',
    '  provider = "postgresql"\n',
    '  url      = env("DATABASE_URL")\n',
    '  previewFeatures = ["views", "fullTextSearch"]\n',
    "  /* block */ id Int /* more\n */ @id\n",
    "  value Int @default(0xFF) @db.Oid\n",
    "\ufeff  x Int\u00a0@id\n",
)

_BLOCKS = (
    "/// A user.\nmodel User {\n  id Int @id\n  // comment\n  name String? @unique\n\n"
    '  @@map("users")\n}\n',
    'enum Role {\n  USER\n  ADMIN @map("admin")\n  @@map("roles")\n}\n',
    'datasource db {\n  provider = "postgresql"\n  url = env("URL")\n}\n',
    "type Address {\n  street String\n  zip Int?\n}\n",
    "type Name = String @db.VarChar(3)\n",
    "view V {\n  id Int @unique\n}",
)

_PIECES = st.sampled_from(
    [
        *'@()[]{},:.=?!"/*\\ \t\n\r-_aZ9é\u00a0\ufeff\u2028\x00',
        "@@",
        "//",
        "///",
        "/*",
        "*/",
        "model",
        "enum",
        "type",
        "Unsupported",
        "[]",
        "1.5",
        '"s"',
        "\\u12",
    ]
)


@st.composite
def _mutated(draw: st.DrawFn, texts: tuple[str, ...]) -> str:
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "repeat"]))
        if kind == "insert":
            text = text[:at] + draw(_PIECES) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 6)) :]
        elif kind == "replace":
            text = text[:at] + draw(_PIECES) + text[at + 1 :]
        else:
            text = text[:at] + text[at : at + draw(st.integers(1, 12))] * 2 + text[at:]
    return text


@settings(max_examples=400, deadline=None)
@given(_mutated(_LINES), st.sampled_from(STARTS), st.integers(0, 5000))
def test_mutated_lines_parse_as_with_lark(text: str, start: str, base: int) -> None:
    _check(text, start, base, _Tally())


@settings(max_examples=300, deadline=None)
@given(_mutated(_BLOCKS), st.sampled_from(STARTS))
def test_mutated_blocks_parse_as_with_lark(text: str, start: str) -> None:
    _check(text, start, 0, _Tally())


def test_the_driver_parses_valid_input_itself_and_gives_up_on_errors() -> None:
    text = "model A {\n  id Int @id\n}\n"
    (block, comments, doc), issues = parse_nodes_with("driver", text, "top", 7)
    assert (block.name.text, block.start, block.end, comments, doc, issues) == (
        "A",
        7,
        7 + len(text) - 1,
        [],
        None,
        [],
    )
    for broken in ("model A {\n  id Int @\n}\n", "model A {\n  id Int\n", "model A {\n  ~\n}\n"):
        with pytest.raises(NoFastParse):
            parse_nodes_with("driver", broken, "top")
        with pytest.raises(UnexpectedInput):
            parse_nodes(broken, "top")


def test_too_deep_nesting_is_refused_before_either_engine() -> None:
    text = "  x Int @default(" + "[" * 70 + "]" * 70 + ")\n"
    for engine in ("driver", "lark"):
        with pytest.raises(TooDeep):
            parse_nodes_with(engine, text, "model_line")  # type: ignore[arg-type]
    with pytest.raises(TooDeep):
        parse_nodes(text, "model_line")


# ---------------------------------------------------------------------------
# The cheaper pieces around the driver make the same values as before
# ---------------------------------------------------------------------------

_NODE_VALUES: list[tuple[type, tuple[Any, ...]]] = [
    (Ident, ("id", 3, 5)),
    (ConstRef, ("Cascade", 10, 17)),
    (NumberLit, ("-1.5", 0, 4)),
    (StringLit, ("a\nb", '"a\\nb"', 2, 8)),
    (Comment, ("/// doc", 0, 7, True)),
    (Argument, (None, ConstRef("x", 1, 2), 1, 2)),
    (ArgList, ((), True, 4, 7)),
    (Attribute, (Ident("id", 1, 3), None, False, 0, 3)),
    (KeyValue, (Ident("url", 0, 3), StringLit("u", '"u"', 6, 9), None, 0, 9)),
    (EnumValue, (Ident("A", 2, 3), (), "doc", None, 2, 3)),
    (FieldType, (Ident("Int", 5, 8), True, False, None, None, 5, 9)),
    (Field, (Ident("id", 2, 4), None, (), None, None, None, 2, 4)),
]


@pytest.mark.parametrize(("cls", "values"), _NODE_VALUES, ids=lambda v: getattr(v, "__name__", ""))
def test_a_node_made_by_its_fast_init_holds_its_values_and_stays_frozen(
    cls: type, values: tuple[Any, ...]
) -> None:
    made = cls(*values)
    assert type(made) is cls
    assert tuple(getattr(made, f.name) for f in fields(made)) == values
    assert made == cls(*values) and hash(made) == hash(cls(*values))
    with pytest.raises(FrozenInstanceError):
        made.start = 0


def _reference_block_cut(text: str, start: int, header: int) -> Cut:
    """`segments._block` as it was: one search for the body's stop line."""
    body = line_end(text, header)
    stop = _BODY_STOP.search(text, body)
    if stop is None:
        return Cut(start, len(text), "block", closed=False)
    if stop.group(1) is None:
        end = stop.start()
        while end > body:
            prev = _previous_line_start(text, end)
            if prev < body or not _COMMENT_LINE.match(text, prev):
                break
            end = prev
        return Cut(start, end, "block", closed=False)
    return Cut(start, line_end(text, stop.start(1)), "block")


_SEGMENT_LINES = st.lists(
    st.sampled_from(
        [
            "model A {",
            "enum E {",
            "  id Int",
            "}",
            "  }",
            "\t}",
            "// c",
            "  // c",
            "model B {}",
            "type T {",
            "x }",
            "",
            " ",
        ]
    ),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(_SEGMENT_LINES, st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=10, max_size=10))
def test_a_block_ends_where_the_one_search_ended_it(lines: list[str], breaks: list[str]) -> None:
    text = "".join(line + brk for line, brk in zip(lines, breaks, strict=False))
    starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
    for header in starts:
        assert _block_cut(text, 0, header) == _reference_block_cut(text, 0, header), (text, header)
    assert cut_all(text) == _cut_all_with(_reference_block_cut, text)


def _cut_all_with(block_cut: Any, text: str) -> list[Cut]:
    original = segments._block
    segments._block = block_cut
    try:
        return cut_all(text)
    finally:
        segments._block = original
