"""Incremental analysis gives exactly what a full analysis of the final text gives.

The parser's own property test checks syntax trees; this one checks the
whole pipeline (model caching and validation reuse) through the public API.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.api import analyze, reanalyze
from analysis.text import SourceFile, TextEdit
from tests.helpers import fuzz

BASE = """\
datasource db {
  provider = "postgresql"
}

enum Status {
  OPEN
  DONE
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
  notes Note[]
}

model Post {
  id       Int    @id
  status   Status @default(OPEN)
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])

  @@index([authorId])
}

model Note {
  id     Int   @id
  userId Int?
  user   User? @relation(fields: [userId], references: [id], onDelete: Cascade)
}
"""

FRAGMENTS = [
    "x",
    "Int",
    "User",
    "Post",
    " @unique",
    " @id",
    "?",
    "[]",
    "\n",
    "}",
    "{",
    "model Z {\n  id Int @id\n}\n",
    "  u User\n",
    "@@index([id])\n",
    " @default(DONE)",
    "enum",
    "Status",
    "",
]


@st.composite
def edit_sequences(draw: st.DrawFn) -> list[tuple[float, int, str]]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [
        (
            draw(st.floats(min_value=0, max_value=1)),
            draw(st.integers(min_value=0, max_value=12)),
            draw(st.sampled_from(FRAGMENTS)),
        )
        for _ in range(count)
    ]


def _key(result: object) -> list[tuple[object, ...]]:
    return [
        (d.code, d.message, d.severity, d.path, d.start, d.end)
        for d in result.diagnostics  # type: ignore[attr-defined]
    ]


@fuzz(120, slow=True)
@given(edit_sequences())
def test_incremental_analysis_equals_full_analysis(edits: list[tuple[float, int, str]]) -> None:
    current = analyze([SourceFile("s.prisma", BASE)])
    text = BASE
    for where, length, new in edits:
        start = int(where * len(text))
        end = min(len(text), start + length)
        current = reanalyze(current, "s.prisma", [TextEdit(start, end, new)])
        text = text[:start] + new + text[end:]
        full = analyze([SourceFile("s.prisma", text)])
        assert current.files[0].text == text
        assert _key(current) == _key(full)


def test_edit_in_one_file_updates_diagnostics_of_another() -> None:
    user = SourceFile("user.prisma", "model User {\n  id Int @id\n  posts Post[]\n}\n")
    post = SourceFile(
        "post.prisma",
        "model Post {\n  id Int @id\n  authorId Int\n"
        "  author User @relation(fields: [authorId], references: [id])\n}\n",
    )
    first = analyze([user, post])
    assert [d for d in first.diagnostics if d.path == "user.prisma"] == []
    # Rename Post → Article: User.posts now names an unknown type.
    at = post.text.index("Post")
    second = reanalyze(first, "post.prisma", [TextEdit(at, at + 4, "Article")])
    full = analyze([user, SourceFile("post.prisma", second.files[1].text)])
    assert _key(second) == _key(full)
    assert any(d.path == "user.prisma" for d in second.diagnostics)
