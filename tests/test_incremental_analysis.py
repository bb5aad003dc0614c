"""Incremental analysis gives exactly what a full analysis of the final text gives.

The parser's own property test checks syntax trees; this one checks the
whole pipeline (model caching and validation reuse) through the public API.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.api import analyze, reanalyze
from analysis.check import CheckResult, recheck, run_check
from analysis.config import default_settings
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


# ---------------------------------------------------------------------------
# The whole check: recheck (validation + rules with their fixes + suppressions)
# ---------------------------------------------------------------------------

USERS = """\
datasource db {
  provider = "postgresql"
}

enum Role {
  ADMIN
  MEMBER
}

/// People.
model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  firstName String
  role      Role     @default(MEMBER)
  createdAt DateTime @default(now())
  price     Float
  posts     Post[]
  // prisma-architect-ignore PAT001
  balance   Float

  @@map("users")
}

model Tag {
  id    String @id @default(uuid())
  label String @db.VarChar
  posts Post[]
}
"""

POSTS = """\
model Post {
  id        Int       @id
  authorId  Int
  author    User      @relation(fields: [authorId], references: [id])
  tags      Tag[]
  payload   Json
  deletedAt DateTime?
  status    String    @default("draft")
  userId1   Int?
  userId2   Int?

  @@index([authorId])
  @@unique([status, deletedAt])
}

model Comment {
  id     Int  @id @default(autoincrement())
  postId Int
  post   Post @relation(fields: [postId], references: [id], onDelete: Cascade)
}
"""

CHECK_FRAGMENTS = [
    "q",
    "s",
    "Int",
    "String",
    "User",
    "Post",
    "Tag",
    "Usr",
    "?",
    "[]",
    "\n",
    "}",
    " @unique",
    " @id",
    ' @map("x_y")',
    "@@index([email])\n",
    "@@index([authorId, status])\n",
    '@@map("posts")\n',
    '"mysql"',
    '"sqlserver"',
    '"mongodb"',
    '  relationMode = "prisma"\n',
    "model Z {\n  id Int @id\n  u User @relation(fields: [uid], references: [id])\n  uid Int\n}\n",
    "  other Comment[]\n",
    "  editor User? @relation(\"ed\", fields: [userId1], references: [id])\n",
    "  edited Post[] @relation(\"ed\")\n",
    "// prisma-architect-ignore PAC002\n",
    "enum Mood {\n  HAPPY\n}\n",
    "  mood Mood\n",
    "",
]


@st.composite
def check_edits(draw: st.DrawFn) -> list[tuple[int, float, int, str]]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [
        (
            draw(st.integers(min_value=0, max_value=1)),
            draw(st.floats(min_value=0, max_value=1)),
            draw(st.integers(min_value=0, max_value=12)),
            draw(st.sampled_from(CHECK_FRAGMENTS)),
        )
        for _ in range(count)
    ]


def _same_check(result: CheckResult, texts: dict[str, str]) -> None:
    full = run_check([SourceFile(path, text) for path, text in texts.items()], default_settings())
    assert [f.text for f in result.analysis.files] == list(texts.values())
    assert result.analysis.diagnostics == full.analysis.diagnostics
    assert result.findings == full.findings
    assert result.diagnostics == full.diagnostics


@fuzz(150, slow=True)
@given(check_edits())
def test_recheck_equals_a_full_check(edits: list[tuple[int, float, int, str]]) -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS}
    paths = list(texts)
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    for which, where, length, new in edits:
        path = paths[which]
        text = texts[path]
        start = int(where * len(text))
        end = min(len(text), start + length)
        current = recheck(current, path, [TextEdit(start, end, new)], default_settings())
        texts[path] = text[:start] + new + text[end:]
        _same_check(current, texts)


def _replace(current: CheckResult, texts: dict[str, str], path: str, old: str,
             new: str) -> CheckResult:
    """Replace the first ``old`` of the file at ``path`` by ``new`` (``old`` may
    end in ``^``: insert ``new`` before the rest of ``old``) and check it equals
    a full check."""
    at = texts[path].index(old.rstrip("^"))
    size = 0 if old.endswith("^") else len(old)
    result = recheck(current, path, [TextEdit(at, at + size, new)], default_settings())
    texts[path] = texts[path][:at] + new + texts[path][at + size :]
    _same_check(result, texts)
    return result


def test_recheck_follows_renames_relations_indexes_and_the_provider() -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS}
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    before = {f.code for f in current.findings}
    editor = '  editor User? @relation("ed", fields: [userId1], references: [id])\n'
    # An index on Post's foreign keys, then a new relation and its back side.
    current = _replace(current, texts, "posts.prisma", "  @@index([authorId])^",
                       "  @@index([status])\n")
    current = _replace(current, texts, "posts.prisma", "  userId2^", editor)
    current = _replace(current, texts, "users.prisma", "  posts ^",
                       '  edited Post[] @relation("ed")\n')
    # Rename User (its references in the other file break), then back.
    current = _replace(current, texts, "users.prisma", "model User", "model Person")
    assert any(d.path == "posts.prisma" and d.code.startswith("PAE") for d in current.diagnostics)
    current = _replace(current, texts, "users.prisma", "model Person", "model User")
    # A syntax error, then its repair.
    current = _replace(current, texts, "posts.prisma", "model Comment {", "model Comment {{")
    current = _replace(current, texts, "posts.prisma", "model Comment {{", "model Comment {")
    # Another provider, then a new model.
    current = _replace(current, texts, "users.prisma", '"postgresql"', '"mysql"')
    current = _replace(current, texts, "posts.prisma", "model Comment^",
                       "model Z {\n  id Int @id\n}\n\n")
    assert {f.code for f in current.findings} != before


def test_an_edit_in_one_file_changes_findings_in_another() -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS}
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    fk = [f for f in current.findings if f.code == "PAX001"]
    # Comment.postId has no index: PAX001 in posts.prisma. Changing Post's id in
    # another file leaves it; dropping the relation's `fields` removes the finding.
    assert [f.span.path for f in fk] == ["posts.prisma"]
    current = _replace(current, texts, "users.prisma", "  posts     Post[]^",
                       "  comments  Comment[]\n")
    current = _replace(current, texts, "posts.prisma", "fields: [postId], ", "")
    assert [f for f in current.findings if f.code == "PAX001"] == []


def test_kept_models_forget_relations_whose_target_is_gone() -> None:
    # Post is cached across the edit; its `author_id` must no longer count as the
    # key of a relation once User is renamed (PAC004's rename fix then leaves the
    # `fields:` list alone).
    texts = {
        "users.prisma": "datasource db {\n  provider = \"postgresql\"\n}\n\n"
        "model User {\n  id    Int    @id\n  posts Post[]\n}\n",
        "posts.prisma": "model Post {\n  id        Int  @id\n  author_id Int\n"
        "  author    User @relation(fields: [author_id], references: [id])\n}\n",
    }
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    current = _replace(current, texts, "users.prisma", "model User", "model Person")
    current = _replace(current, texts, "users.prisma", "model Person", "model User")


def test_unknown_types_suggest_names_of_clean_declarations() -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS.replace("Tag[]", "Tagz[]")}
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    assert any("Did you mean" in d.message for d in current.diagnostics)
    # An edit in Post (Tag is not its neighbour: `Tagz` names nothing).
    current = _replace(current, texts, "posts.prisma", "  payload ", "  payloadq ")


REAL_FRAGMENTS = ["q", "s", "\n", "?", "[]", " @unique", "@@index([id])\n", "User", "Int", "}",
                  "", "  x String\n", ' @map("a_b")', "// prisma-architect-ignore PAC002\n"]


@pytest.mark.parametrize(
    ("name", "seed"),
    [("pdovhomilja__nextcrm-app__mongodb", 7), ("mfts__papermark", 7),
     ("prisma__prisma-engines__noalyss", 7), ("lukevella__rallly", 22),
     ("hatchet-dev__hatchet", 1)],
)
def test_recheck_equals_a_full_check_on_real_schemas(corpus: Path, name: str, seed: int) -> None:
    """Random edits (seeded) through real schemas, single- and multi-file; the
    first three seeds each found a bug that the property test above had not."""
    paths = sorted(str(p) for p in (corpus / "real" / name).rglob("*.prisma"))
    texts = {p: Path(p).read_text(encoding="utf-8") for p in paths}
    pick = random.Random(seed)
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    for _ in range(20):
        path = pick.choice(paths)
        text = texts[path]
        start = pick.randrange(len(text) + 1)
        end = min(len(text), start + pick.choice([0, 0, 1, 3]))
        new = pick.choice(REAL_FRAGMENTS)
        current = recheck(current, path, [TextEdit(start, end, new)], default_settings())
        texts[path] = text[:start] + new + text[end:]
        _same_check(current, texts)
