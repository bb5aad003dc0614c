"""Incremental re-parsing: after any sequence of edits, `reparse` equals a full `parse`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.syntax.nodes import Block, ErrorLine, Parsed
from analysis.syntax.parse import SyntaxTree, parse, reparse
from analysis.text import TextEdit, apply_edits
from tests.helpers import SCHEMA_FRAGMENTS, fuzz

VALID = """\
// A schema with every kind of block.
datasource db {
  provider = "postgresql" // trailing
  url      = env("DATABASE_URL")
}

generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["fullTextSearch", "views"]
}

/// A user of the app.
/// Second doc line.
model User {
  /// The primary key.
  id    Int     @id @default(autoincrement())
  email String  @unique @db.VarChar(255)
  role  Role    @default(USER) // the role
  posts Post[]
  /* block comment */
  @@index([email(sort: Desc)], map: "user_email")
}

model Post {
  id       String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int

  @@unique([authorId, id])
}

enum Role {
  USER  @map("user")
  ADMIN
  @@map("roles")
}

/* a comment
   over lines */
type Address {
  street String
}

view Stats {
  n Int
}
"""

BROKEN = """\
model A {
  id Int @id
  this is ! broken
  name String?

model B {
  id: Int
  list [Int]
}
junk line
Todo {
  x
}
enum E {
  A-1
  B @map(
}
datasource db {
  provider "x"
}
model Unclosed {
  a Int
"""

SEEDS = [VALID, BROKEN, "", "model A {\r\n  id Int\r\n}\r\n"]

FRAGMENTS = [*SCHEMA_FRAGMENTS, "  ", "\n\n"]


@st.composite
def edit_sequences(draw: st.DrawFn) -> tuple[str, list[TextEdit]]:
    text = draw(st.sampled_from(SEEDS))
    edits = []
    current = text
    for _ in range(draw(st.integers(1, 8))):
        n = len(current)
        start = draw(st.integers(0, n))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        end = start if kind == "insert" else draw(st.integers(start, min(n, start + 40)))
        if kind == "delete":
            new = ""
        else:
            new = "".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4)))
        edit = TextEdit(start, end, new)
        edits.append(edit)
        current = apply_edits(current, [edit])
    return text, edits


def assert_same(tree: SyntaxTree, expected: SyntaxTree) -> None:
    assert tree.text == expected.text
    assert tree.segments == expected.segments
    assert tree.issues() == expected.issues()


@fuzz(200, slow=True)
@given(edit_sequences())
def test_reparse_step_by_step_equals_full_parse(case: tuple[str, list[TextEdit]]) -> None:
    text, edits = case
    tree = parse(text)
    for edit in edits:
        tree = reparse(tree, [edit])
        text = apply_edits(text, [edit])
        assert_same(tree, parse(text))


@fuzz(50)
@given(edit_sequences())
def test_reparse_with_all_edits_at_once(case: tuple[str, list[TextEdit]]) -> None:
    text, edits = case
    tree = reparse(parse(text), edits)
    assert_same(tree, parse(apply_edits(text, edits)))


def _big_schema(n: int) -> str:
    return "".join(
        f"/// Model {i}\nmodel M{i} {{\n  id Int @id\n  name String? // c{i}\n}}\n\n"
        for i in range(n)
    )


def test_edit_inside_one_model_reuses_every_other_segment() -> None:
    text = _big_schema(200)
    tree = parse(text)
    at = text.index("model M100 {")
    at = text.index("name String?", at)
    new = reparse(tree, [TextEdit(at, at + len("name"), "title")])
    new_text = text[:at] + "title" + text[at + len("name") :]
    assert_same(new, parse(new_text))
    assert len(new.segments) == len(tree.segments)
    changed = [
        i
        for i, (a, b) in enumerate(zip(tree.segments, new.segments, strict=True))
        if a.parsed is not b.parsed
    ]
    assert len(changed) == 1
    (index,) = changed
    node = new.segments[index].node
    assert isinstance(node, Block)
    assert node.name.text == "M100"
    assert [f.name.text for f in node.fields] == ["id", "title"]
    # Offsets of the segments after the edit shift by the length difference.
    for a, b in zip(tree.segments[index + 1 :], new.segments[index + 1 :], strict=True):
        assert b.offset == a.offset + 1


def test_edit_that_changes_nothing_reuses_everything() -> None:
    text = _big_schema(20)
    tree = parse(text)
    at = text.index("model M7 {")
    new = reparse(tree, [TextEdit(at, at + 5, "model")])
    assert new.text == text
    assert all(a.parsed is b.parsed for a, b in zip(tree.segments, new.segments, strict=True))


def test_breaking_and_repairing_a_brace() -> None:
    text = _big_schema(5)
    tree = parse(text)
    close = text.index("}\n", text.index("model M2 {"))
    broken_tree = reparse(tree, [TextEdit(close, close + 1, "")])
    broken_text = text[:close] + text[close + 1 :]
    assert_same(broken_tree, parse(broken_text))
    blocks = [b for _, b in broken_tree.blocks]
    assert [b.name.text for b in blocks] == ["M0", "M1", "M2", "M3", "M4"]
    assert blocks[2].close_brace is None
    issues = broken_tree.issues()
    assert len(issues) == 1
    assert broken_text[issues[0].start : issues[0].end] == "model M2 {"
    # The blocks before the broken one were not re-parsed.
    assert broken_tree.segments[0].parsed is tree.segments[0].parsed
    # The unclosed block absorbed the blank line and the doc comment of M3?
    # No: the comment lines directly above `model M3` stay with M3.
    assert blocks[3].doc == "Model 3"

    repaired = reparse(broken_tree, [TextEdit(close, close, "}")])
    assert repaired.text == text
    assert_same(repaired, tree)
    assert repaired.issues() == []
    # Segments away from the edit keep their parse objects throughout.
    assert repaired.segments[-1].parsed is tree.segments[-1].parsed


def test_opening_a_block_comment_and_closing_it() -> None:
    text = _big_schema(4)
    tree = parse(text)
    at = text.index("model M1 {")
    step1 = reparse(tree, [TextEdit(at, at, "/*\n")])
    assert_same(step1, parse(text[:at] + "/*\n" + text[at:]))
    assert step1.issues() != []
    end = step1.text.index("model M2 {")
    step2 = reparse(step1, [TextEdit(end, end, "*/\n")])
    expected_text = text[:at] + "/*\n" + text[at : text.index("model M2 {")] + "*/\n"
    expected_text += text[text.index("model M2 {") :]
    assert step2.text == expected_text
    assert_same(step2, parse(expected_text))
    assert step2.issues() == []
    assert [b.name.text for _, b in step2.blocks] == ["M0", "M2", "M3"]


def test_typing_a_model_character_by_character() -> None:
    target = "model Cat {\n  id Int @id\n  name String\n}\n"
    tree = parse("")
    text = ""
    for ch in target:
        tree = reparse(tree, [TextEdit(len(text), len(text), ch)])
        text += ch
        assert_same(tree, parse(text))
    assert tree.issues() == []
    (block,) = [b for _, b in tree.blocks]
    assert [f.name.text for f in block.fields] == ["id", "name"]


def test_reparse_of_a_broken_line_keeps_error_line_then_fixes_it() -> None:
    text = "model A {\n  id Int @id\n  name String\n}\n"
    tree = parse(text)
    at = text.index("String")
    broken = reparse(tree, [TextEdit(at, at, "% ")])
    (block,) = [b for _, b in broken.blocks]
    assert isinstance(block.members[1], ErrorLine)
    assert block.members[1].text == "name % String"
    fixed = reparse(broken, [TextEdit(at, at + 2, "")])
    assert_same(fixed, tree)


def test_parsed_objects_are_shared_by_identical_segments_only_when_unchanged() -> None:
    text = _big_schema(3)
    tree = parse(text)
    new = reparse(tree, [TextEdit(0, 0, "\n")])
    assert_same(new, parse("\n" + text))
    assert isinstance(new.segments[1].parsed, Parsed)
    assert new.segments[1].offset == 1
