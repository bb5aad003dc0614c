"""The formatter on arbitrary text: it never raises, and what it formats is stable.

Schemas are built from fragments that stress the layout (comments of every
kind and place, empty lines, odd indentation, block attributes, lines that do
not parse, CRLF) and from random edits of a valid schema.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from analysis.format import format_text
from tests.helpers import fuzz

HEADERS = ["model A {", "model B{", "enum E {", "datasource db {", "generator client {",
           "type C {", "view V {", "  model D {   // note"]
CLOSES = ["}", "} // end", "}  /* done */", "  }", "}   "]
BODY = [
    "",
    "   ",
    "\t",
    "  id Int @id @default(autoincrement())",
    "  b   B?   @relation(fields: [bId], references: [id]) // 🎉",
    "      bId Int? @unique",
    "  as A[]",
    '  name String @map("n") @db.VarChar(3) /* x */',
    "  name /* in */ String",
    '  tags String[] @default(["a", "b",])',
    "  legacy: Int!",
    '  u Unsupported("é")',
    '  @@index([a, b], map: "ix")',
    '  @@map("t")',
    "  @@id([a])   // pk",
    '  VALUE @map("v")',
    "  OTHER",
    '  provider = "postgresql"',
    '  url = env("X") // url',
    '  previewFeatures = ["views"]',
    "  // comment",
    "/// doc",
    "  /* block */",
    "  /**",
    "   * inside",
    "   */",
    "  this is not valid",
    "  x Int @default(",
    "  café String",
]
TOP = ["", "  ", "// comment", "/// doc", "/* block */", "/* a\n   b */", "type Alias = String @id"]


@st.composite
def schemas(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        lines.extend(draw(st.lists(st.sampled_from(TOP), max_size=3)))
        lines.append(draw(st.sampled_from(HEADERS)))
        lines.extend(draw(st.lists(st.sampled_from(BODY), max_size=12)))
        lines.append(draw(st.sampled_from(CLOSES)))
    lines.extend(draw(st.lists(st.sampled_from(TOP), max_size=3)))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    end = draw(st.sampled_from(["", newline]))
    return newline.join(lines) + end


def check(text: str) -> None:
    result = format_text(text)
    if result.errors:
        assert result.text == text
        return
    again = format_text(result.text)
    assert again.errors == ()
    assert again.text == result.text
    for comment in re.findall(r"//[^\r\n]*", text):  # no comment is lost
        assert comment.rstrip() in result.text


@fuzz(400)
@given(schemas())
def test_fragments(text: str) -> None:
    check(text)


VALID = """\
datasource db {
  provider = "postgresql"
}

/// Users.
model User {
  id    Int    @id @default(autoincrement())
  email String @unique // 📧
  posts Post[]

  @@map("users")
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}

enum Role {
  USER
  ADMIN @map("admin")
}
"""


@fuzz(300)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(VALID)),
            st.integers(0, 8),
            st.text(alphabet=" \t\n{}@()[]/*,:=\"aZ1é🎉", max_size=6),
        ),
        max_size=4,
    )
)
def test_random_edits_of_a_valid_schema(edits: list[tuple[int, int, str]]) -> None:
    text = VALID
    for start, length, insert in edits:
        start = min(start, len(text))
        text = text[:start] + insert + text[start + length :]
    check(text)
