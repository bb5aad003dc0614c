"""Exact source ranges of syntax nodes, and how a file is cut into segments."""

from __future__ import annotations

from typing import Protocol

import pytest

from analysis.syntax.nodes import (
    ArrayExpr,
    Block,
    Field,
    FuncCall,
    KeyValue,
    Segment,
    StringLit,
    Trivia,
    TypeAlias,
)
from analysis.syntax.parse import SyntaxTree, parse, parse_segment
from analysis.syntax.segments import Cut, cut_all


class Spanned(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def absolute(segment: Segment, node: Spanned) -> tuple[int, int]:
    """A node's range made absolute with its segment's offset."""
    return segment.offset + node.start, segment.offset + node.end


def src(tree: SyntaxTree, segment: Segment, node: Spanned) -> str:
    start, end = absolute(segment, node)
    return tree.text[start:end]


def block_segment(tree: SyntaxTree, name: str) -> tuple[Segment, Block]:
    for seg in tree.segments:
        if isinstance(seg.node, Block) and seg.node.name.text == name:
            return seg, seg.node
    raise AssertionError(f"no block {name}")


SCHEMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

// A comment between blocks.

/// A person.
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique @db.VarChar(255) // login
  tags  String[]
  @@index([email(sort: Desc)], map: "user_email_idx")
}

enum Role {
  USER @map("user")
  ADMIN
}
"""


@pytest.fixture(scope="module")
def tree() -> SyntaxTree:
    t = parse(SCHEMA)
    assert t.issues() == []
    return t


def test_segments_cover_the_text_in_order(tree: SyntaxTree) -> None:
    assert "".join(s.parsed.text for s in tree.segments) == SCHEMA
    offsets = [s.offset for s in tree.segments]
    assert offsets[0] == 0
    for a, b in zip(tree.segments, tree.segments[1:], strict=False):
        assert a.end == b.offset
    kinds = [type(s.node).__name__ for s in tree.segments]
    # A run of comment lines and a run of blank lines are separate trivia.
    assert kinds == ["Block", "Trivia", "Trivia", "Trivia", "Block", "Trivia", "Block"]


def test_doc_comments_belong_to_the_block_segment(tree: SyntaxTree) -> None:
    seg, user = block_segment(tree, "User")
    assert seg.parsed.text.startswith("/// A person.\nmodel User {")
    assert seg.offset == SCHEMA.index("/// A person.")
    assert user.doc == "A person."
    # The block node itself starts at its keyword, not at its doc comment.
    assert absolute(seg, user)[0] == SCHEMA.index("model User")


def test_trivia_segment_between_blocks(tree: SyntaxTree) -> None:
    assert [s.parsed.text for s in tree.segments[1:4]] == [
        "\n",
        "// A comment between blocks.\n",
        "\n",
    ]
    trivia = tree.segments[2]
    assert isinstance(trivia.node, Trivia)
    (comment,) = trivia.node.comments
    assert src(tree, trivia, comment) == "// A comment between blocks."


def test_block_ranges(tree: SyntaxTree) -> None:
    seg, user = block_segment(tree, "User")
    start = SCHEMA.index("model User")
    end = SCHEMA.index("}\n\nenum") + 1
    assert absolute(seg, user) == (start, end)
    assert src(tree, seg, user).startswith("model User {")
    assert src(tree, seg, user).endswith('"user_email_idx")\n}')
    assert src(tree, seg, user.keyword) == "model"
    assert absolute(seg, user.keyword) == (start, start + 5)
    assert src(tree, seg, user.name) == "User"
    assert absolute(seg, user.name) == (start + 6, start + 10)
    assert SCHEMA[seg.offset + user.open_brace] == "{"
    assert seg.offset + user.open_brace == start + 11
    assert user.close_brace is not None
    assert seg.offset + user.close_brace == end - 1
    assert SCHEMA[seg.offset + user.close_brace] == "}"


def test_field_ranges(tree: SyntaxTree) -> None:
    seg, user = block_segment(tree, "User")
    id_, email, tags = user.fields
    line = "id    Int     @id @default(autoincrement())"
    at = SCHEMA.index(line)
    assert absolute(seg, id_) == (at, at + len(line))
    assert src(tree, seg, id_.name) == "id"
    assert id_.type is not None
    assert src(tree, seg, id_.type) == "Int"
    assert absolute(seg, id_.type) == (at + 6, at + 9)
    first, second = id_.attributes
    assert src(tree, seg, first) == "@id"
    assert src(tree, seg, first.name) == "id"
    assert src(tree, seg, second) == "@default(autoincrement())"
    assert second.args is not None
    assert src(tree, seg, second.args) == "(autoincrement())"
    (arg,) = second.args.args
    assert src(tree, seg, arg) == "autoincrement()"
    assert isinstance(arg.value, FuncCall)
    assert src(tree, seg, arg.value.name) == "autoincrement"
    assert src(tree, seg, arg.value.args) == "()"

    # A trailing comment is not part of the field.
    assert src(tree, seg, email) == "email String  @unique @db.VarChar(255)"
    assert email.comment is not None
    assert src(tree, seg, email.comment) == "// login"
    native = email.attributes[1]
    assert src(tree, seg, native) == "@db.VarChar(255)"
    assert src(tree, seg, native.name) == "db.VarChar"
    assert native.args is not None
    assert src(tree, seg, native.args.args[0]) == "255"

    assert tags.type is not None
    assert src(tree, seg, tags.type) == "String[]"
    assert src(tree, seg, tags.type.name) == "String"
    assert tags.type.list is True


def test_block_attribute_ranges(tree: SyntaxTree) -> None:
    seg, user = block_segment(tree, "User")
    (index,) = user.attributes
    assert src(tree, seg, index) == '@@index([email(sort: Desc)], map: "user_email_idx")'
    assert src(tree, seg, index.name) == "index"
    fields = index.arg("fields", 0)
    assert fields is not None
    assert isinstance(fields.value, ArrayExpr)
    assert src(tree, seg, fields.value) == "[email(sort: Desc)]"
    (call,) = fields.value.items
    assert isinstance(call, FuncCall)
    assert src(tree, seg, call) == "email(sort: Desc)"
    (sort,) = call.args.args
    assert src(tree, seg, sort) == "sort: Desc"
    assert sort.name is not None
    assert src(tree, seg, sort.name) == "sort"
    assert sort.value is not None
    assert src(tree, seg, sort.value) == "Desc"
    map_arg = index.arg("map")
    assert map_arg is not None
    assert src(tree, seg, map_arg) == 'map: "user_email_idx"'
    assert isinstance(map_arg.value, StringLit)
    assert src(tree, seg, map_arg.value) == '"user_email_idx"'
    assert map_arg.value.value == "user_email_idx"


def test_config_ranges(tree: SyntaxTree) -> None:
    seg, db = block_segment(tree, "db")
    assert seg.offset == 0
    provider, url = db.members
    assert isinstance(provider, KeyValue)
    assert src(tree, seg, provider) == 'provider = "postgresql"'
    assert src(tree, seg, provider.key) == "provider"
    assert src(tree, seg, provider.value) == '"postgresql"'
    assert isinstance(url, KeyValue)
    assert src(tree, seg, url.value) == 'env("DATABASE_URL")'


def test_enum_ranges(tree: SyntaxTree) -> None:
    seg, role = block_segment(tree, "Role")
    user, admin = role.values
    assert src(tree, seg, user) == 'USER @map("user")'
    assert src(tree, seg, user.attributes[0]) == '@map("user")'
    assert src(tree, seg, admin) == "ADMIN"
    assert seg.end == len(SCHEMA)


def test_offsets_are_relative_to_the_segment(tree: SyntaxTree) -> None:
    seg, role = block_segment(tree, "Role")
    assert seg.offset > 0
    assert role.start == 0
    assert seg.parsed.text[role.name.start : role.name.end] == "Role"


def test_error_line_and_issue_ranges_are_exact() -> None:
    text = "model A {\n  id Int\n  oops ! here\n}\n"
    t = parse(text)
    seg, a = block_segment(t, "A")
    _id, bad = a.members
    assert src(t, seg, bad) == "oops ! here"
    (issue,) = t.issues()
    assert text[issue.start : issue.end] == "oops ! here"


def test_non_ascii_offsets_are_code_points() -> None:
    text = '/// Ünïcödé 🎉\nmodel Café {\n  naïve String @default("日本語 🎉") // ✓ ok\n}\n'
    t = parse(text)
    assert t.issues() == []
    seg, cafe = block_segment(t, "Café")
    assert cafe.doc == "Ünïcödé 🎉"
    assert src(t, seg, cafe.name) == "Café"
    (f,) = cafe.fields
    assert src(t, seg, f.name) == "naïve"
    (default,) = f.attributes
    assert default.args is not None
    value = default.args.args[0].value
    assert isinstance(value, StringLit)
    assert src(t, seg, value) == '"日本語 🎉"'
    assert value.value == "日本語 🎉"
    assert f.comment is not None
    assert src(t, seg, f.comment) == "// ✓ ok"


def test_crlf_ranges() -> None:
    text = "model A {\r\n  id Int @id\r\n}\r\n\r\nmodel B {\r\n  x String\r\n}\r\n"
    t = parse(text)
    assert t.issues() == []
    seg, b = block_segment(t, "B")
    assert seg.offset == text.index("model B")
    assert src(t, seg, b.fields[0]) == "x String"
    assert b.close_brace is not None
    assert seg.offset + b.close_brace == text.rindex("}")


def test_type_alias_segment() -> None:
    text = "model A {\n  id Int\n}\ntype Email = String @db.Text\n"
    t = parse(text)
    alias_seg = t.segments[-1]
    assert isinstance(alias_seg.node, TypeAlias)
    assert src(t, alias_seg, alias_seg.node) == "type Email = String @db.Text"
    assert src(t, alias_seg, alias_seg.node.name) == "Email"


def test_cut_all_kinds() -> None:
    text = (
        "// c\n"
        "\n"
        "model A {\n  id Int\n}\n"
        "type T = Int\n"
        "Todo {\n  x\n}\n"
        "junk\n"
        "/* a\n b */\n"
        "model B {\n"
        "  y Int\n"
    )
    cuts = cut_all(text)
    assert [(c.kind, c.closed) for c in cuts] == [
        ("trivia", True),
        ("trivia", True),
        ("block", True),
        ("alias", True),
        ("arbitrary", True),
        ("junk", True),
        ("trivia", True),
        ("block", False),
    ]
    assert [text[c.start : c.end] for c in cuts] == [
        "// c\n",
        "\n",
        "model A {\n  id Int\n}\n",
        "type T = Int\n",
        "Todo {\n  x\n}\n",
        "junk\n",
        "/* a\n b */\n",
        "model B {\n  y Int\n",
    ]


def test_parse_segment_directly() -> None:
    text = "junk\nmodel A {\n  id Int\n}\n"
    parsed = parse_segment(text, Cut(5, len(text), "block"))
    assert parsed.text == "model A {\n  id Int\n}\n"
    assert isinstance(parsed.node, Block)
    assert parsed.node.start == 0
    assert parsed.issues == ()


def test_blocks_property(tree: SyntaxTree) -> None:
    assert [(off, b.name.text) for off, b in tree.blocks] == [
        (0, "db"),
        (SCHEMA.index("/// A person."), "User"),
        (SCHEMA.index("enum Role"), "Role"),
    ]
    assert all(isinstance(m, Field) for m in tree.blocks[1][1].fields)
