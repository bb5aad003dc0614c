"""Error recovery: broken lines become issues, everything else keeps parsing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.syntax.nodes import Block, EnumValue, ErrorLine, Field, KeyValue, Trivia
from analysis.syntax.parse import SyntaxTree, parse
from analysis.text import LineIndex
from tests.conformance import strip_ansi, trailing_comment_run
from tests.helpers import CORPUS

ENGINES = CORPUS / "prisma-engines"
NICE_ERRORS = ENGINES / "inline-tests" / "parsing" / "nice_errors"
LOCATION = re.compile(r"^(error|warning): (.*)\n\s*-->\s+schema\.prisma:(\d+)", re.M)


def blocks(tree: SyntaxTree) -> dict[str, Block]:
    return {b.name.text: b for _, b in tree.blocks}


def issue_texts(tree: SyntaxTree) -> list[str]:
    return [tree.text[i.start : i.end] for i in tree.issues()]


def issue_lines(tree: SyntaxTree) -> list[int]:
    """1-based line of the start of each issue."""
    index = LineIndex(tree.text)
    return [index.position(i.start).line + 1 for i in tree.issues()]


def assert_clean_message(message: str) -> None:
    assert "Token(" not in message
    assert "$END" not in message
    assert "<END-OF-FILE>" not in message
    assert "__" not in message  # no internal rule names such as __anon_star_0
    assert not re.search(r"\b[A-Z]+_[A-Z_]+\b", message)  # no terminal names (LEGACY_COLON)
    assert all(ch.isprintable() for ch in message)
    assert message.endswith(".")


# ---------------------------------------------------------------------------
# Broken lines inside blocks
# ---------------------------------------------------------------------------


def test_broken_field_line_becomes_an_error_line() -> None:
    text = "model User {\n  id    Int @id\n  foo   Bar Bla\n  name  String\n}\n"
    tree = parse(text)
    user = blocks(tree)["User"]
    id_, bad, name = user.members
    assert isinstance(id_, Field)
    assert isinstance(bad, ErrorLine)
    assert bad.text == "foo   Bar Bla"
    assert isinstance(name, Field)
    assert name.name.text == "name"
    assert user.close_brace is not None
    (issue,) = tree.issues()
    assert text[issue.start : issue.end] == "foo   Bar Bla"
    assert issue.message == (
        "Invalid line in this model: expected a field (`name Type @attribute`) or a block "
        "attribute (`@@…`). At this point the parser expected `!`, `?`, `[]`, an attribute "
        "(`@…`) or the end of the line, but found `Bla`."
    )


def test_message_after_an_attribute_names_only_what_fits_there() -> None:
    # LALR state merging offers `model`/`enum`/… after an attribute; they are
    # not something a field line can hold, so the message leaves them out.
    tree = parse("model User {\n  id Int @id @\n}\n")
    (issue,) = tree.issues()
    assert issue.message.endswith(
        "At this point the parser expected `(`, an attribute (`@…`) or the end of the line, "
        "but found `@`."
    )
    assert issue_texts(tree) == ["id Int @id @"]


def test_error_line_range_excludes_trailing_whitespace() -> None:
    text = "datasource db {\n  provider =   \n}\n"
    tree = parse(text)
    (bad,) = blocks(tree)["db"].members
    assert isinstance(bad, ErrorLine)
    assert bad.text == "provider ="
    assert text[bad.start : bad.end] == "provider ="
    assert issue_texts(tree) == ["provider ="]


@pytest.mark.parametrize(
    ("line", "expected", "found"),
    [
        ("  @@index([a", "`,` or `]`", "the end of the line"),
        (
            "  x Int @default(",
            '`)`, `,`, `[`, a name, a number or a string ("…")',
            "the end of the line",
        ),
        ("  y Int @relation(fields: [a] references: [b])", "`)` or `,`", "`references`"),
        ('  s String @default("abc', '`)`, `,`, `[`, a name, a number or a string ("…")', '`"`'),
        ("  w Float @default(1.)", "`)` or `,`", "`.`"),
        ("  z Int\x00", None, "the character U+0000"),
    ],
)
def test_messages_say_what_was_expected_and_found(
    line: str, expected: str | None, found: str
) -> None:
    tree = parse(f"model A {{\n  id Int\n{line}\n}}\n")
    (issue,) = tree.issues()
    assert_clean_message(issue.message)
    if expected is not None:
        assert f"the parser expected {expected}, " in issue.message
    assert issue.message.endswith(f"but found {found}.")
    assert tree.text[issue.start : issue.end] == line.strip()


def test_unclosed_block_ends_at_next_top_level_keyword() -> None:
    text = (
        "model A {\n  id Int @id\n  name String\n\n"
        "// The next model.\n/// Doc of B.\nmodel B {\n  id Int @id\n}\n"
    )
    tree = parse(text)
    bs = blocks(tree)
    a, b = bs["A"], bs["B"]
    assert a.close_brace is None
    assert [f.name.text for f in a.fields] == ["id", "name"]
    assert b.close_brace is not None
    assert b.doc == "Doc of B."
    assert [f.name.text for f in b.fields] == ["id"]
    (issue,) = tree.issues()
    assert text[issue.start : issue.end] == "model A {"
    assert issue.message == (
        "The model `A` is missing its closing `}`; it ends before the next declaration."
    )
    assert issue_lines(tree) == [1]


def test_unclosed_block_at_end_of_file() -> None:
    tree = parse("enum Role {\n  USER\n  ADMIN\n")
    role = blocks(tree)["Role"]
    assert [v.name.text for v in role.values] == ["USER", "ADMIN"]
    assert issue_texts(tree) == ["enum Role {"]


def test_indented_header_does_not_end_an_unclosed_block() -> None:
    # Only a header in column 0 shows the block was never closed: an indented
    # `model` line is a broken line inside the body.
    text = "model A {\n  id Int\n  model B {\n  x Int\n}\n"
    tree = parse(text)
    (a,) = blocks(tree).values()
    assert a.close_brace is not None
    assert [type(m).__name__ for m in a.members] == ["Field", "ErrorLine", "Field"]
    assert issue_texts(tree) == ["model B {"]


def test_junk_between_blocks_is_reported_per_line() -> None:
    text = "model A {\n  id Int\n}\njunk one\n  junk two\n\nmodel B {\n  id Int\n}\n"
    tree = parse(text)
    assert set(blocks(tree)) == {"A", "B"}
    assert issue_texts(tree) == ["junk one", "junk two"]
    assert issue_lines(tree) == [4, 5]
    for issue in tree.issues():
        assert issue.message.startswith("This line is invalid: a top-level declaration starts")
        assert_clean_message(issue.message)


def test_arbitrary_block_without_keyword() -> None:
    text = "model User {\n  id Int @id\n}\n\nTodo {\n  id\n}\n\nmodel After {\n  id Int\n}\n"
    tree = parse(text)
    assert set(blocks(tree)) == {"User", "After"}
    (issue,) = tree.issues()
    assert text[issue.start : issue.end] == "Todo {\n  id\n}"
    assert issue.message == (
        "The block `Todo` does not start with a known keyword: expected `model`, `enum`, "
        "`type`, `view`, `datasource` or `generator` before its name."
    )
    assert issue_lines(tree) == [5]


def test_model_without_braces() -> None:
    text = "model User\n  id Int @id\n"
    tree = parse(text)
    assert blocks(tree) == {}
    assert all(isinstance(s.node, Trivia) for s in tree.segments)
    assert issue_texts(tree) == ["model User", "id Int @id"]
    assert issue_lines(tree) == [1, 2]


def test_text_after_closing_brace() -> None:
    text = "model A {\n  id Int\n} model B {\n  id Int\n}\n"
    tree = parse(text)
    a = blocks(tree)["A"]
    assert a.close_brace is not None
    assert issue_texts(tree)[0] == "model B {"
    assert tree.issues()[0].message.startswith("Unexpected text after the closing `}`")


@pytest.mark.parametrize(
    ("line", "message", "flagged", "legacy"),
    [
        ("  id: Int @id", "Field declarations don't require a `:`.", ":", None),
        (
            "  id Int! @id",
            "Fields are required by default, `!` is no longer required.",
            "Int!",
            "required",
        ),
        (
            "  ids [Int]",
            "To specify a list, please use `Type[]` instead of `[Type]`.",
            "[Int]",
            "list",
        ),
        (
            "  names String[]?",
            "Optional lists are not supported. Use either `Type[]` or `Type?`.",
            "String[]?",
            None,
        ),
    ],
)
def test_legacy_syntax_messages(line: str, message: str, flagged: str, legacy: str | None) -> None:
    text = f"model User {{\n{line}\n  other String\n}}\n"
    tree = parse(text)
    user = blocks(tree)["User"]
    # The field is still there, with what it means.
    first, other = user.fields
    assert first.type is not None
    assert first.type.name.text in ("Int", "String")
    assert first.type.legacy == legacy
    assert other.name.text == "other"
    (issue,) = tree.issues()
    assert issue.message == message
    assert text[issue.start : issue.end] == flagged
    assert issue_lines(tree) == [2]


def test_legacy_colon_position_is_kept() -> None:
    text = "model User {\n  id: Int @id\n}\n"
    tree = parse(text)
    (f,) = blocks(tree)["User"].fields
    assert f.legacy_colon is not None
    assert text[tree.segments[0].offset + f.legacy_colon] == ":"


def test_broken_enum_lines() -> None:
    text = 'enum Role {\n  USER\n  A B\n  C @map(\n  ADMIN @map("admin")\n}\n'
    tree = parse(text)
    role = blocks(tree)["Role"]
    kinds = [type(m).__name__ for m in role.members]
    assert kinds == ["EnumValue", "ErrorLine", "ErrorLine", "EnumValue"]
    admin = role.members[3]
    assert isinstance(admin, EnumValue)
    assert admin.name.text == "ADMIN"
    assert issue_texts(tree) == ["A B", "C @map("]
    for issue in tree.issues():
        assert issue.message.startswith(
            'Invalid line in this enum: expected an enum value (`NAME @map("…")`) or a '
            "block attribute (`@@…`)."
        )


def test_broken_datasource_lines() -> None:
    text = (
        'datasource db {\n  provider = "postgresql"\n  this is an invalid line\n'
        '  url env("X")\n  relationMode = "prisma"\n}\n'
    )
    tree = parse(text)
    db = blocks(tree)["db"]
    kinds = [type(m).__name__ for m in db.members]
    assert kinds == ["KeyValue", "ErrorLine", "ErrorLine", "KeyValue"]
    last = db.members[3]
    assert isinstance(last, KeyValue)
    assert last.key.text == "relationMode"
    assert issue_texts(tree) == ["this is an invalid line", 'url env("X")']
    assert tree.issues()[0].message == (
        "Invalid line in this datasource: expected a property (`key = value`). At this point "
        "the parser expected `=`, but found `is`."
    )


def test_deeply_nested_line_is_one_issue() -> None:
    deep = "@@index(" + "(" * 3000
    tree = parse(f"model A {{\n  id Int\n  {deep}\n  name String\n}}\n")
    a = blocks(tree)["A"]
    assert [type(m).__name__ for m in a.members] == ["Field", "ErrorLine", "Field"]
    assert issue_texts(tree) == [deep]


# ---------------------------------------------------------------------------
# Recovery keeps exactly what a full parse keeps
# ---------------------------------------------------------------------------

VALID_BLOCKS = [
    (
        "/// Doc.\nmodel A { // header\n  /// Key.\n  id Int @id // t\n  // plain\n"
        '  /// Two\n  /// lines.\n  name String? @default("a // b")\n'
        "  /* block */ other Int\n  /* multi\n   line */\n  @@index([name])\n\n"
        "  /// Not a doc: a plain comment follows.\n  // plain\n  x Int\n"
        "  /// Not a doc either.\n  /* block */\n  y Int\n"
        "  /// Doc of z.\n  /* c */ z Int\n"
        "  tags String[] /// trailing doc\n}\n"
    ),
    "model A {\r\n  /// Key.\r\n  id Int @id\r\n  name String // t\r\n}\r\n",
    "model A {\r  /// Key.\r  id Int @id\r  name String // t\r}\r",
    'enum E {\n  /// First.\n  A @map("a") // t\n  B\n  @@map("e")\n}\n',
    'datasource db {\n  /// Doc.\n  provider = "postgresql" // t\n  url = env("URL")\n}\n',
    "type Address {\n\t/// Street.\n\tstreet\tString\n\tzip\tInt?\n}\n",
]
# A broken line and a valid one of the same length, per kind of block.
BROKEN = {
    "model": "  qq Int @@@",
    "type": "  qq Int @@@",
    "enum": "  QQ @@ @@",
    "datasource": "  qq = = 12",
}
FIXED = {"model": "  qq Int", "type": "  qq Int", "enum": "  QQ", "datasource": "  qq = 1234"}


def _variants(valid: str) -> list[tuple[str, str, int]]:
    kind = valid.split("{")[0].split()[-2]
    lines = valid.splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if "{" in line and not line.startswith("/"))
    eol = "\r\n" if "\r\n" in valid else "\r" if "\r" in valid else "\n"
    fixed = FIXED[kind].ljust(len(BROKEN[kind]))
    out = []
    for at in range(header + 1, len(lines)):
        before = "".join(lines[:at])
        after = "".join(lines[at:])
        if before.count("/*") > before.count("*/"):
            continue  # inside a block comment
        out.append((before + BROKEN[kind] + eol + after, before + fixed + eol + after, at))
    return out


@pytest.mark.parametrize("valid", VALID_BLOCKS)
def test_a_broken_line_changes_nothing_else(valid: str) -> None:
    """The line-by-line fallback keeps members, docs and comments as a full parse does."""
    assert parse(valid).issues() == []
    for broken_text, fixed_text, at in _variants(valid):
        broken, fixed = parse(broken_text), parse(fixed_text)
        assert fixed.issues() == [], fixed_text
        (bb,) = blocks(broken).values()
        (fb,) = blocks(fixed).values()
        error_lines = [m for m in bb.members if isinstance(m, ErrorLine)]
        assert len(error_lines) == 1, (at, broken_text)
        i = bb.members.index(error_lines[0])
        # The same members around the broken line, with the same docs and comments.
        assert bb.members[:i] == fb.members[:i], broken_text
        assert bb.members[i + 1 :] == fb.members[i + 1 :], broken_text
        assert bb.doc == fb.doc
        assert bb.comments == fb.comments
        assert (bb.open_brace, bb.close_brace, bb.start, bb.end) == (
            fb.open_brace,
            fb.close_brace,
            fb.start,
            fb.end,
        )
        (issue,) = broken.issues()
        assert broken_text[issue.start : issue.end] == BROKEN[bb.kind].strip()


# ---------------------------------------------------------------------------
# Messages never leak parser internals
# ---------------------------------------------------------------------------

BROKEN_LINES = [
    "@",
    "@@",
    "@@index(",
    "@@index([a,",
    "@@index([a b])",
    "a Int @default(",
    "a Int @default(now(",
    'a Int @default("x',
    "a Int @default(x: )",
    "a Int @default(:)",
    "a Int @default(,)",
    "a Int @default([,])",
    "a Int @db.",
    "a Int @",
    "a Int?? ",
    "a Int[][]",
    "a [Int",
    "a Int]",
    "a Int!?",
    "a : : Int",
    "a Unsupported(",
    "a Unsupported(1)",
    "a Unsupported",
    "a = 1",
    "a Int = 1",
    "a Int {",
    "a Int }x",
    "{",
    "(",
    ")",
    "]",
    "a Int @id)",
    "a Int @default(1 2)",
    "a Int @default(-)",
    "a Int @default(--1)",
    "a Int @default(1.)",
    "a Int @default(.5)",
    "a Int # comment",
    "a Int \\",
    "a Int /* unterminated",
    "a 'single'",
    "a Int \x01",
    "a Int \x7f",
    "a Int \u200b",
    "🎉 Int",
    "a 🎉",
    "a Int @🎉",
    "model X {",
    "enum E {",
    "datasource d {",
    "type T = Int",
    "a Int @default(env())x",
    'a Int @default("a" "b")',
    "a Int @relation(fields: [a], references: [b],, )",
]


@pytest.mark.parametrize("kind", ["model", "enum", "datasource", "generator", "type", "view"])
def test_no_parser_internals_in_any_message(kind: str) -> None:
    count = 0
    for line in BROKEN_LINES:
        text = f"{kind} X {{\n  ok1 Int\n  {line}\n  ok2 Int\n}}\n"
        tree = parse(text)
        for issue in tree.issues():
            assert_clean_message(issue.message)
            assert 0 <= issue.start <= issue.end <= len(text)
            count += 1
    assert count >= len(BROKEN_LINES) - 5


def test_no_parser_internals_at_top_level() -> None:
    for line in BROKEN_LINES:
        tree = parse(f"{line}\nmodel A {{\n  id Int\n}}\n{line}\n")
        assert "A" in blocks(tree)
        for issue in tree.issues():
            assert_clean_message(issue.message)


# ---------------------------------------------------------------------------
# Prisma's own fixtures
# ---------------------------------------------------------------------------

# Errors that Prisma reports from validation, not from its parser: our parser
# accepts these lines (the analysis layer reports them).
VALIDATION_LEVEL = {
    "nice_error_in_case_of_array_type_in_env_var",
    "nice_error_in_case_of_bool_type_in_env_var",
    "nice_error_in_case_of_numeric_type_in_env_var",
    "nice_error_on_incorrect_enum_field",
}

NICE = sorted(NICE_ERRORS.glob("*.prisma")) if NICE_ERRORS.is_dir() else []


def prisma_error_lines(expected: str) -> list[int]:
    return [
        int(m.group(3)) for m in LOCATION.finditer(strip_ansi(expected)) if m.group(1) == "error"
    ]


@pytest.mark.skipif(not NICE, reason=f"Prisma's fixtures are absent ({NICE_ERRORS})")
@pytest.mark.parametrize("path", NICE, ids=lambda p: p.stem)
def test_prisma_nice_error_fixture(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    lines = prisma_error_lines(expected)
    assert lines
    tree = parse(text)
    for issue in tree.issues():
        assert_clean_message(issue.message)
    if path.stem in VALIDATION_LEVEL:
        assert tree.issues() == []
        return
    assert sorted(set(issue_lines(tree))) == sorted(set(lines))


SYNTAX_MESSAGES = (
    "Error validating: This line is invalid.",
    "Error validating: This line is not a valid",
    "Error validating: This block is invalid.",
    "Field declarations don't require",
    "To specify a list, please use",
    "Fields are required by default",
    "Optional lists are not supported",
    "Unexpected token",
)

# Where Prisma reports a missing property value on the block, we report the line.
LOCATED_DIFFERENTLY = {"validation/generator/missing_property_value.prisma": {3}}


def _fixture_expectation(path: Path) -> str:
    """The expected output of a fixture (see the corpus README)."""
    if "validation" in path.relative_to(ENGINES).parts[:1]:
        return trailing_comment_run(path.read_text(encoding="utf-8"))
    expected = path.with_suffix(".expected")
    return expected.read_text(encoding="utf-8") if expected.exists() else ""


FIXTURES = (
    sorted(
        [*(ENGINES / "inline-tests").rglob("*.prisma"), *(ENGINES / "validation").rglob("*.prisma")]
    )
    if ENGINES.is_dir()
    else []
)


@pytest.mark.skipif(not FIXTURES, reason=f"Prisma's fixtures are absent ({ENGINES})")
def test_prisma_fixtures_syntax_errors_agree() -> None:
    """Over all of Prisma's fixtures: a syntax error where Prisma has one, nowhere else."""
    checked = 0
    for path in FIXTURES:
        rel = str(path.relative_to(ENGINES))
        text = path.read_text(encoding="utf-8")
        found = strip_ansi(_fixture_expectation(path))
        errors = [
            (m.group(2), int(m.group(3))) for m in LOCATION.finditer(found) if m.group(1) == "error"
        ]
        ours = set(issue_lines(parse(text)))
        syntax = {line for message, line in errors if message.startswith(SYNTAX_MESSAGES)}
        allowed = {line for _, line in errors} | LOCATED_DIFFERENTLY.get(rel, set())
        assert syntax <= ours, rel
        assert ours <= allowed, rel
        checked += 1
    assert checked > 300
