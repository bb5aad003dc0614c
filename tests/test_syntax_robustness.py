"""Any text parses: never an exception, always issues instead, nothing dropped silently."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.syntax.nodes import Block, ErrorLine, Field, StringLit, Trivia, TypeAlias
from analysis.syntax.parse import SyntaxTree, parse
from tests.helpers import SCHEMA_FRAGMENTS, fuzz


def check_invariants(text: str) -> SyntaxTree:
    """Parse ``text`` and check what must hold for any input."""
    tree = parse(text)
    assert tree.text == text
    assert "".join(s.parsed.text for s in tree.segments) == text
    offset = 0
    for seg in tree.segments:
        assert seg.offset == offset
        assert seg.parsed.text != ""
        offset = seg.end
        for issue in seg.parsed.issues:
            assert 0 <= issue.start <= issue.end <= len(seg.parsed.text)
            assert issue.message
    for issue in tree.issues():
        assert "Token(" not in issue.message
        assert "$END" not in issue.message
    return tree


def uncovered(tree: SyntaxTree) -> str:
    """Characters that are neither whitespace, nor in a node, a comment or an issue.

    A non-empty result means the parser dropped text without a word.
    """
    text = tree.text
    covered = bytearray(len(text))

    def mark(start: int, end: int) -> None:
        covered[max(start, 0) : max(end, 0)] = b"\x01" * (max(end, 0) - max(start, 0))

    for seg in tree.segments:
        o = seg.offset
        for issue in seg.parsed.issues:
            mark(o + issue.start, o + issue.end)
            if "never closed" in issue.message:  # the rest of the block is in that comment
                mark(o + issue.start, seg.end)
        node = seg.node
        if isinstance(node, Block):
            mark(o + node.keyword.start, o + node.open_brace + 1)
            if node.close_brace is not None:
                mark(o + node.close_brace, o + node.close_brace + 1)
            for member in node.members:
                mark(o + member.start, o + member.end)
            for comment in node.comments:
                mark(o + comment.start, o + comment.end)
        elif isinstance(node, Trivia):
            for comment in node.comments:
                mark(o + comment.start, o + comment.end)
        elif isinstance(node, TypeAlias):
            mark(o + node.start, o + node.end)
    return "".join(
        ch
        for ch, c in zip(text, covered, strict=True)
        if not c and not ch.isspace() and ch != "\ufeff"
    )


# ---------------------------------------------------------------------------
# Binary junk and odd characters
# ---------------------------------------------------------------------------


def test_every_byte_value_as_latin1() -> None:
    junk = bytes(range(256)).decode("latin-1")
    tree = check_invariants(junk)
    assert tree.issues() != []
    assert uncovered(tree) == ""


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_decoded_with_replacement(seed: int) -> None:
    rnd = random.Random(seed)
    junk = bytes(rnd.randrange(256) for _ in range(4000)).decode("utf-8", errors="replace")
    tree = check_invariants(junk)
    assert tree.issues() != []
    assert uncovered(tree) == ""


def test_binary_junk_between_and_inside_blocks() -> None:
    junk = bytes(range(256)).decode("latin-1").replace("\n", "").replace("\r", "")
    text = (
        f"model A {{\n  id Int @id\n  {junk}\n  name String\n}}\n{junk}\nmodel B {{\n  id Int\n}}\n"
    )
    tree = check_invariants(text)
    blocks = {b.name.text: b for _, b in tree.blocks}
    assert [type(m).__name__ for m in blocks["A"].members] == ["Field", "ErrorLine", "Field"]
    assert [f.name.text for f in blocks["B"].fields] == ["id"]
    assert uncovered(tree) == ""


def test_nul_byte_in_a_field_line() -> None:
    text = "model A {\n  id Int @id\n  name St\x00ring\n  other Int\n}\n"
    tree = check_invariants(text)
    ((_, a),) = tree.blocks
    assert [type(m).__name__ for m in a.members] == ["Field", "ErrorLine", "Field"]
    (issue,) = tree.issues()
    assert text[issue.start : issue.end] == "name St\x00ring"
    assert issue.message.endswith("but found the character U+0000.")
    assert "\x00" not in issue.message


def test_nul_byte_in_a_string_and_a_comment() -> None:
    text = 'model A {\n  id Int @default("a\x00b") // c\x00d\n}\n'
    tree = check_invariants(text)
    # A raw control character is not allowed in a string literal (as in JSON).
    assert len(tree.issues()) == 1
    assert uncovered(tree) == ""


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n",
        "\r\n\r\n",
        "\r",
        "   \n\t\n  \t  ",
        "\t\t\t",
        "// only a comment",
        "/// only a doc comment\n",
        "/* only */",
    ],
)
def test_empty_and_whitespace_only(text: str) -> None:
    tree = check_invariants(text)
    assert tree.issues() == []
    assert tree.blocks == []
    assert all(isinstance(s.node, Trivia) for s in tree.segments)
    assert len(tree.segments) == (0 if text == "" else len(tree.segments))


def test_empty_text_has_no_segments() -> None:
    tree = parse("")
    assert tree.segments == ()
    assert tree.issues() == []


# ---------------------------------------------------------------------------
# Deep nesting
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "closed"),
    [
        ("  x Int @default(" + "[" * 10_000 + "]" * 10_000 + ")", True),
        ("  x Int @default(" + "[" * 10_000, False),
        ("  @@index(" + "(" * 10_000, False),
        ("  @@index(" + "f(" * 10_000 + ")" * 10_001, True),
    ],
)
def test_ten_thousand_nested_brackets(line: str, closed: bool) -> None:
    text = f"model A {{\n  id Int @id\n{line}\n  name String\n}}\n\nmodel B {{\n  id Int\n}}\n"
    tree = check_invariants(text)  # no RecursionError
    blocks = {b.name.text: b for _, b in tree.blocks}
    a = blocks["A"]
    kinds = [type(m).__name__ for m in a.members]
    assert kinds == ["Field", "ErrorLine", "Field"]
    assert a.close_brace is not None
    assert [f.name.text for f in a.fields] == ["id", "name"]
    assert [f.name.text for f in blocks["B"].fields] == ["id"]
    (issue,) = tree.issues()
    assert text[issue.start : issue.end] == line.strip()
    # Nesting is refused before parsing, balanced or not.
    assert issue.message == "This line nests brackets or calls too deeply to be analyzed."
    del closed


def test_deep_nesting_in_a_datasource_value() -> None:
    text = "datasource db {\n  provider = " + "[" * 5000 + "]" * 5000 + '\n  url = "x"\n}\n'
    tree = check_invariants(text)
    ((_, db),) = tree.blocks
    assert [type(m).__name__ for m in db.members] == ["ErrorLine", "KeyValue"]
    assert len(tree.issues()) == 1


# ---------------------------------------------------------------------------
# Non-ASCII text
# ---------------------------------------------------------------------------


def test_emoji_and_non_ascii_offsets_are_code_points() -> None:
    text = (
        "// 🎉 Ünïcödé comment 日本語\n"
        "model Post {\n"
        '  title String @default("héllo 🌍 wörld") // 🚀 launch\n'
        '  body  String @default("\\ud83c\\udf89 \\u00e9") /// 📝 doc\n'
        "  /* 🧱 block comment ✓ */ tag String\n"
        "}\n"
        "/// 💬 Doc\n"
        'enum Mood {\n  HAPPY @map("😀")\n}\n'
    )
    tree = check_invariants(text)
    assert tree.issues() == []
    (off, post), (off2, mood) = tree.blocks
    title, body, tag = post.fields
    default = title.attributes[0]
    assert default.args is not None
    value = default.args.args[0].value
    assert isinstance(value, StringLit)
    assert value.value == "héllo 🌍 wörld"
    assert text[off + value.start : off + value.end] == '"héllo 🌍 wörld"'
    assert title.comment is not None
    assert text[off + title.comment.start : off + title.comment.end] == "// 🚀 launch"
    escaped = body.attributes[0].args.args[0].value  # type: ignore[union-attr]
    assert isinstance(escaped, StringLit)
    assert escaped.value == "🎉 é"
    assert body.comment is not None
    assert body.comment.doc is True
    assert text[off + tag.start : off + tag.end] == "tag String"
    assert post.comments[0].text == "// 🎉 Ünïcödé comment 日本語"
    assert "/* 🧱 block comment ✓ */" in [c.text for c in post.comments]
    assert mood.doc == "💬 Doc"
    happy = mood.values[0]
    assert text[off2 + happy.start : off2 + happy.end] == 'HAPPY @map("😀")'


def test_unicode_names() -> None:
    text = "model Café {\n  naïve String\n  日本 Int\n}\n"
    tree = check_invariants(text)
    assert tree.issues() == []
    ((_, cafe),) = tree.blocks
    assert cafe.name.text == "Café"
    assert [f.name.text for f in cafe.fields] == ["naïve", "日本"]


def test_zero_width_and_unicode_spaces() -> None:
    text = "model A {\n\u3000id\u00a0Int\n  x\u200bInt\n}\n"
    tree = check_invariants(text)
    ((_, a),) = tree.blocks
    first, second = a.members
    # U+3000 and U+00A0 are spaces; U+200B (zero width space) is not.
    assert isinstance(first, Field)
    assert first.type is not None
    assert first.type.name.text == "Int"
    assert isinstance(second, ErrorLine)
    assert uncovered(tree) == ""


# ---------------------------------------------------------------------------
# Byte order mark
# ---------------------------------------------------------------------------


def test_bom_before_model_is_skipped() -> None:
    # Decision: a BOM at the very start of the file counts as whitespace; the
    # first block parses and its offsets stay offsets into the text as given.
    text = "\ufeffmodel User {\n  id Int @id\n}\n"
    tree = check_invariants(text)
    assert tree.issues() == []
    ((offset, user),) = tree.blocks
    assert offset == 0
    assert user.start == 1
    assert text[user.keyword.start : user.keyword.end] == "model"
    assert [f.name.text for f in user.fields] == ["id"]


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff/// Doc.\nmodel User {\n  id Int @id\n}\n",
        "\ufeff// comment\n\nmodel User {\n  id Int @id\n}\n",
        "\ufeff\nmodel User {\n  id Int @id\n}\n",
        "\ufeff/* c */\nmodel User {\n  id Int @id\n}\n",
        '\ufeffdatasource db {\n  provider = "x"\n}\nmodel User {\n  id Int @id\n}\n',
    ],
)
def test_bom_before_other_first_lines(text: str) -> None:
    tree = check_invariants(text)
    assert tree.issues() == []
    assert "User" in [b.name.text for _, b in tree.blocks]


def test_bom_before_junk_and_in_the_middle() -> None:
    tree = check_invariants("\ufeffTodo {\n}\n")
    (issue,) = tree.issues()
    assert issue.message.startswith("The block `Todo` does not start")
    assert tree.text[issue.start : issue.end] == "Todo {\n}"
    # Only at the start of the file: elsewhere a BOM does not start a header.
    tree = check_invariants("model A {\n  id Int\n}\n\ufeffmodel B {\n  id Int\n}\n")
    assert [b.name.text for _, b in tree.blocks] == ["A"]
    assert len(tree.issues()) == 3


# ---------------------------------------------------------------------------
# Unterminated things
# ---------------------------------------------------------------------------


def test_unterminated_string() -> None:
    text = 'model A {\n  id String @default("abc\n  name String\n}\n'
    tree = check_invariants(text)
    ((_, a),) = tree.blocks
    assert [type(m).__name__ for m in a.members] == ["ErrorLine", "Field"]
    (issue,) = tree.issues()
    assert text[issue.start : issue.end] == 'id String @default("abc'
    assert issue.message.endswith('but found `"`.')


def test_unterminated_block_comment_at_top_level() -> None:
    text = "model A {\n  id Int\n}\n/* never closed\nmodel B {\n  id Int\n}\n"
    tree = check_invariants(text)
    assert [b.name.text for _, b in tree.blocks] == ["A"]
    (issue,) = tree.issues()
    assert text[issue.start : issue.end] == "/* never closed\nmodel B {\n  id Int\n}"


def test_unterminated_block_comment_inside_a_block() -> None:
    text = "model A {\n  id Int\n  /* never closed\n  x Int\n}\n"
    tree = check_invariants(text)
    ((_, a),) = tree.blocks
    assert [f.name.text for f in a.fields] == ["id"]
    messages = {tree.text[i.start : i.end]: i.message for i in tree.issues()}
    assert messages == {
        "/*": "This `/*` comment is never closed with `*/`.",
        "model A {": (
            "The model `A` is missing its closing `}`; it ends before the next declaration."
        ),
    }


def test_unterminated_block_comment_after_the_opening_brace() -> None:
    text = "model A { /* never closed\n  x Int\n}\n"
    tree = check_invariants(text)
    assert "This `/*` comment is never closed with `*/`." in [i.message for i in tree.issues()]
    assert uncovered(tree) == ""


def test_comment_opener_that_is_not_closed_by_its_own_slash() -> None:
    # `/*/` opens a comment: the `*` of `/*` cannot also close it.
    tree = check_invariants("/*/ x\nmodel A {\n  id Int\n}\n")
    assert tree.blocks == []
    (issue,) = tree.issues()
    assert issue.start == 0
    assert issue.end == len(tree.text) - 1


def test_content_after_a_block_comment_at_top_level_is_reported() -> None:
    text = "/* a */ garbage\n/* b */ /* c */ // fine\n/* d\n */ more\nmodel A {\n  id Int\n}\n"
    tree = check_invariants(text)
    assert [b.name.text for _, b in tree.blocks] == ["A"]
    assert [tree.text[i.start : i.end] for i in tree.issues()] == [
        "/* a */ garbage",
        "/* d\n */ more",
    ]
    assert uncovered(tree) == ""


# ---------------------------------------------------------------------------
# Lines that the recovery and the segmenter could see differently
# ---------------------------------------------------------------------------


def test_closing_brace_after_unicode_space_is_not_a_close() -> None:
    # The segmenter ends a body only at a line starting with spaces/tabs and
    # `}`; the recovery agrees, so the lines after it are not dropped.
    text = "model A {\n  id Int\n\u00a0}\njunk here %\n"
    tree = check_invariants(text)
    ((_, a),) = tree.blocks
    assert a.close_brace is None
    assert [type(m).__name__ for m in a.members] == ["Field", "ErrorLine", "ErrorLine"]
    assert uncovered(tree) == ""


def test_close_after_a_comment_then_more_lines() -> None:
    text = "model A {\n  /* c\n  */ }\n  id Int\n"
    tree = check_invariants(text)
    ((_, a),) = tree.blocks
    assert a.close_brace == text.index("}")
    assert [tree.text[i.start : i.end] for i in tree.issues()] == ["id Int"]


def test_text_after_the_opening_brace() -> None:
    text = "model A { id Int\n  x Int\n}\nenum E {}\n"
    tree = check_invariants(text)
    texts = [tree.text[i.start : i.end] for i in tree.issues()]
    assert texts == ["id Int", "enum E {", "}"]
    assert tree.issues()[0].message.startswith("Unexpected text after the opening `{`")
    assert uncovered(tree) == ""


def test_double_closing_brace_points_at_the_second() -> None:
    text = "model A {\n  id Int\n}}\n"
    tree = check_invariants(text)
    (issue,) = tree.issues()
    assert issue.start == text.index("}}") + 1
    assert issue.end == issue.start + 1


def test_block_comment_after_closing_brace_is_fine() -> None:
    tree = check_invariants("model A {\n  id Int\n} /* done */ // really\n")
    assert tree.issues() == []


# ---------------------------------------------------------------------------
# Random text: the invariants hold and nothing is dropped silently
# ---------------------------------------------------------------------------

FRAGMENTS = [
    *SCHEMA_FRAGMENTS,
    "\t",
    ":",
    "?",
    "!",
    "x Int\n",
    "\u00a0",
    "\x0c",
    "\x00",
    "🎉",
    "\ufeff",
    "\\",
    '"\\q"',
]


@fuzz(300, slow=True)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_random_text_never_raises_and_drops_nothing(text: str) -> None:
    tree = check_invariants(text)
    assert uncovered(tree) == ""


@fuzz(100)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    tree = check_invariants(text)
    assert uncovered(tree) == ""


# ---------------------------------------------------------------------------
# Size
# ---------------------------------------------------------------------------


def test_twenty_megabyte_schema() -> None:
    """About 20 MB in 3,200 models: parses, no issues (takes some seconds; no timing assert)."""
    doc = ("/// " + "lorem ipsum dolor sit amet " * 6 + "\n") * 30
    unit = (
        doc
        + "model M{i} {{\n"
        + "  /// "
        + "x" * 400
        + "\n  id Int @id @default(autoincrement())\n"
        + "  name String? @db.VarChar(255) // "
        + "c" * 300
        + '\n  note String @default("'
        + "s" * 400
        + '")\n  @@index([name])\n}}\n\n'
    )
    count = 20_000_000 // len(unit.format(i=0)) + 1
    text = "".join(unit.format(i=i) for i in range(count))
    assert len(text) >= 20_000_000
    tree = parse(text)
    assert tree.issues() == []
    assert len(tree.blocks) == count
    offset, last = tree.blocks[-1]
    assert last.name.text == f"M{count - 1}"
    assert text[offset + last.start : offset + last.end].startswith(f"model M{count - 1} {{")
    assert text[offset + last.end - 1] == "}"
