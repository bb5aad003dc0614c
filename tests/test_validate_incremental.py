"""Validation after an edit shows what a whole validation shows, and reruns
the relation checks on the declarations the edit reached only.

Prisma's relation checks stop early (an ambiguity stops them all; the last
checks of a one-to-one relation run only while nothing is wrong so far), and
a stage runs only when the stages before it found nothing. These tests edit
schemas so that relation errors come and go, before and after one another,
in one file and across files, and compare each step with a whole analysis of
the final text, counting the models the relation checks looked at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.api import Analysis, analyze, reanalyze
from analysis.text import SourceFile, TextEdit
from analysis.validate import relations
from analysis.validate.relation_parts import cycle_free
from analysis.validate.relations import IN_CHAIN
from tests.helpers import fuzz

HOME = """\
datasource db {
  provider = "postgresql"
}

model User {
  id      Int      @id
  email   String   @unique
  profile Profile?
  card    Card?
  posts   Post[]
}

model Profile {
  id     Int  @id
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}

model Card {
  id     Int  @id
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}

model Post {
  id       Int    @id
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
  notes    Note[]
}

model Note {
  id     Int    @id
  postId Int
  post   Post   @relation(fields: [postId], references: [id])
}

model Tag {
  id    Int    @id
  label String
}
"""

LONG = "note_post_" * 7

REQUIRED_BACK = (
    "The relation field `{field}` on model `User` cannot be required: the database cannot "
    "enforce that. Change its type from `{model}` to `{model}?`."
)


@pytest.fixture
def looked_at() -> Iterator[list[int]]:
    """The number of relations each run of the relation checks looked at."""
    seen: list[int] = []
    run = relations.Pipeline.run

    def counting(self: relations.Pipeline) -> None:
        seen.append(len(self.relations))
        run(self)

    relations.Pipeline.run = counting  # type: ignore[method-assign]
    yield seen
    relations.Pipeline.run = run  # type: ignore[method-assign]


class Session:
    """An analysis edited step by step, each step checked against a whole one."""

    def __init__(self, texts: dict[str, str], seen: list[int] | None = None) -> None:
        self.texts = dict(texts)
        self.current = analyze([SourceFile(p, t) for p, t in self.texts.items()])
        self.seen = seen if seen is not None else []
        self.looked_at: list[int] = []
        """How many relations the relation checks looked at in the last edit."""

    def edit(self, path: str, old: str, new: str) -> Analysis:
        at = self.texts[path].index(old)
        return self.replace(path, at, at + len(old), new)

    def replace(self, path: str, start: int, end: int, new: str) -> Analysis:
        text = self.texts[path]
        mark = len(self.seen)
        self.current = reanalyze(self.current, path, [TextEdit(start, end, new)])
        self.looked_at = self.seen[mark:]
        self.texts[path] = text[:start] + new + text[end:]
        full = analyze([SourceFile(p, t) for p, t in self.texts.items()])
        assert self.current.diagnostics == full.diagnostics
        return self.current

    def messages(self) -> list[str]:
        return [d.message for d in self.current.diagnostics if d.is_error]


def test_renaming_a_foreign_key_and_back_reruns_the_reached_models_only(
    looked_at: list[int],
) -> None:
    session = Session({"s.prisma": HOME}, looked_at)
    # `fields: [authorId]` no longer resolves: Prisma stops before its pipeline.
    session.edit("s.prisma", "  authorId Int", "  authorIdq Int")
    assert session.messages() == [
        "The `fields` argument must name existing fields of model `Post`; these do not "
        "exist: authorId."
    ]
    # The checks of Post's relations run (the stage does not show them) to keep
    # the stage's results at hand for the edit that fixes it.
    assert session.looked_at == [2]  # User–Post and Post–Note, of 4
    session.edit("s.prisma", "  authorIdq Int", "  authorId Int")
    assert session.messages() == []
    assert session.looked_at == [2]


def test_only_the_first_relation_with_errors_shows_its_last_checks(
    looked_at: list[int],
) -> None:
    session = Session({"s.prisma": HOME}, looked_at)
    session.edit("s.prisma", "  card    Card?", "  card    Card")
    assert session.messages() == [REQUIRED_BACK.format(field="card", model="Card")]
    # Profile's relation comes first: its error hides Card's.
    session.edit("s.prisma", "  profile Profile?", "  profile Profile")
    assert session.messages() == [REQUIRED_BACK.format(field="profile", model="Profile")]
    # Once it is gone, Card's shows again.
    session.edit("s.prisma", "  profile Profile", "  profile Profile?")
    assert session.messages() == [REQUIRED_BACK.format(field="card", model="Card")]
    assert session.looked_at == [3]  # User's
    session.edit("s.prisma", "  card    Card", "  card    Card?")
    assert session.messages() == []


def test_an_error_of_any_relation_hides_the_last_checks_of_later_ones(
    looked_at: list[int],
) -> None:
    session = Session({"s.prisma": HOME}, looked_at)
    session.edit("s.prisma", "  card    Card?", "  card    Card")
    # Note's relation loses `references` (an error of its own, always shown):
    # it comes after Card's, whose error still shows.
    session.edit("s.prisma", "@relation(fields: [postId], references: [id])",
                 "@relation(fields: [postId])")
    assert session.messages() == [
        REQUIRED_BACK.format(field="card", model="Card"),
        "The relation field `post` on model `Note` must specify the `references` argument "
        "in `@relation`.",
    ]
    session.edit("s.prisma", "@relation(fields: [postId])",
                 "@relation(fields: [postId], references: [id])")
    # An error of a field check comes before every relation: Card's is hidden,
    # and shown again when it goes, by edits that do not reach Card.
    session.edit("s.prisma", "references: [id])\n}\n\nmodel Tag",
                 f'references: [id], map: "{LONG}")\n}}\n\nmodel Tag')
    assert session.messages() == [
        f"The foreign key name `{LONG}` is too long: Postgres allows at most 63 bytes."
    ]
    assert session.looked_at == [1]  # Post–Note
    session.edit("s.prisma", f', map: "{LONG}"', "")
    assert session.messages() == [REQUIRED_BACK.format(field="card", model="Card")]
    assert session.looked_at == [1]


def test_an_ambiguity_stops_the_relation_checks_and_comes_and_goes() -> None:
    session = Session({"s.prisma": HOME})
    session.edit("s.prisma", "  card    Card?", "  card    Card")
    session.edit("s.prisma", "  posts   Post[]", "  posts   Post[]\n  drafts  Post[]")
    messages = session.messages()
    assert len(messages) == 1 and messages[0].startswith("Ambiguous relation")
    session.edit("s.prisma", "\n  drafts  Post[]", "")
    assert session.messages() == [REQUIRED_BACK.format(field="card", model="Card")]


CYCLE = """\
datasource db {
  provider     = "postgresql"
  relationMode = "prisma"
}

model A {
  id  Int  @id
  bId Int? @unique
  b   B?   @relation("ab", fields: [bId], references: [id])
  bs  B[]  @relation("ba")

  @@index([bId])
}

model B {
  id  Int  @id
  aId Int?
  a   A?   @relation("ba", fields: [aId], references: [id], onUpdate: Restrict, onDelete: Restrict)
  as  A?   @relation("ab")

  @@index([aId])
}

model C {
  id   Int    @id
  name String
}
"""


def test_cycles_of_referential_actions_come_and_go(looked_at: list[int]) -> None:
    session = Session({"s.prisma": CYCLE}, looked_at)
    assert session.messages() == []
    session.edit("s.prisma", "onUpdate: Restrict, onDelete: Restrict", "onDelete: Cascade")
    assert any("cycle" in m for m in session.messages())
    session.edit("s.prisma", "onDelete: Cascade", "onUpdate: Restrict, onDelete: Restrict")
    assert session.messages() == []
    session.edit("s.prisma", "  name String", "  nameq String")
    assert session.looked_at == [0]  # C has none


FILES = {
    "users.prisma": HOME.split("model Post {")[0],
    "posts.prisma": "model Post {" + HOME.split("model Post {")[1],
}


def test_relation_errors_across_files() -> None:
    session = Session(FILES)
    session.edit("posts.prisma", "  postId Int", "  postIdq Int")
    session.edit("users.prisma", "  card    Card?", "  card    Card")
    session.edit("posts.prisma", "  postIdq Int", "  postId Int")
    assert session.messages() == [REQUIRED_BACK.format(field="card", model="Card")]
    session.edit("posts.prisma", "  author   User   @relation(fields: [authorId], "
                 "references: [id])", "  author   User")
    # Post's relation comes after Card's: both show.
    assert session.messages() == [
        REQUIRED_BACK.format(field="card", model="Card"),
        "The relation field `author` on model `Post` must specify the `fields` argument in "
        "`@relation`. You can run `prisma format` to fix this automatically.",
        "The relation field `author` on model `Post` must specify the `references` argument "
        "in `@relation`.",
    ]
    session.edit("users.prisma", "  card    Card", "  card    Card?")
    session.edit("posts.prisma", "  author   User\n", "  author   User   @relation(fields: "
                 "[authorId], references: [id])\n")
    assert session.messages() == []


FRAGMENTS = [
    "q", "?", "[]", "\n", "}", " @unique", "Int", "User", "Card", "Post",
    "@relation(fields: [userId], references: [id])", ", onDelete: SetNull",
    ", onDelete: Cascade", '@relation("x")', "  extra Post[]\n", "  owner User\n",
    "model Tag {\n id Int @id\n}\n", "",
]


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[int, float, int, str]]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [(draw(st.integers(0, 1)), draw(st.floats(min_value=0, max_value=1)),
             draw(st.integers(0, 8)), draw(st.sampled_from(FRAGMENTS))) for _ in range(count)]


@fuzz(100, slow=True)
@given(edits())
def test_incremental_validation_equals_a_whole_one(
    steps: list[tuple[int, float, int, str]],
) -> None:
    session = Session(FILES)
    paths = list(FILES)
    for file, where, length, new in steps:
        text = session.texts[paths[file]]
        start = int(where * len(text))
        session.replace(paths[file], start, min(len(text), start + length), new)


def test_a_neighbour_keeps_only_the_findings_of_relations_the_edit_did_not_reach(
    looked_at: list[int],
) -> None:
    session = Session({"s.prisma": HOME}, looked_at)
    session.edit("s.prisma", "  card    Card?", "  card    Card")
    # Without `author`, User's `posts` has no opposite field: an error at User,
    # which the edit (in Post) leaves unchanged. User's relation with Post now
    # comes first in Prisma's order (User makes it): Card's error is hidden.
    session.edit("s.prisma", "  author   User   @relation(fields: [authorId], "
                 "references: [id])\n", "")
    assert session.messages() == [
        "The relation field `posts` on model `User` is missing an opposite relation field "
        "on the model `Post`. Either run `prisma format` or add it manually.",
    ]
    assert session.looked_at == [2]
    session.edit("s.prisma", "  authorId Int\n", "  authorId Int\n  author   User   "
                 "@relation(fields: [authorId], references: [id])\n")
    assert session.messages() == [REQUIRED_BACK.format(field="card", model="Card")]


MONGO = """\
datasource db {
  provider = "mongodb"
}

model User {
  id    String @id @map("_id") @db.ObjectId
  posts Post[]
}

model Post {
  id     String @id @map("_id") @db.ObjectId
  userId String @db.ObjectId
  user   User   @relation(fields: [userId], references: [id])
}
"""


def test_a_field_naming_a_changed_model_is_checked_again() -> None:
    session = Session({"s.prisma": MONGO})
    # The foreign key of Post (not edited) no longer has the native type of User's id.
    session.edit("s.prisma", '@map("_id") @db.ObjectId\n  posts', '@map("_id")\n  posts')
    assert [d.message for d in session.current.diagnostics] == [
        "The fields `Post.userId` and `User.id` should have the same native type, or MongoDB "
        "cannot join the collections correctly: add `@db.ObjectId` to `User.id` or remove it "
        "from the other. This will become an error in the future."
    ]
    session.edit("s.prisma", '@map("_id")\n  posts', '@map("_id") @db.ObjectId\n  posts')
    assert session.current.diagnostics == ()


ACTION_FRAGMENTS = [
    "q", "?", "[]", "\n", "}", "A", "B", "C", ", onDelete: Cascade", ", onUpdate: Cascade",
    "onDelete: Restrict", '@relation("ab")', '@relation("ba")', "  c C?\n", "  cs C[]\n",
    "  bId Int?\n", '  relationMode = "foreignKeys"\n', "",
]


TOGGLES = [
    ("onUpdate: Restrict, onDelete: Restrict", "onDelete: Restrict"),
    ('relationMode = "prisma"', 'relationMode = "foreignKeys"'),
    ("  name String", "  name String\n  a    A      @relation(fields: [aId], references: [id])\n"
     "  aId  Int"),
    ("  bs  B[]  @relation(\"ba\")", "  bs  B[]  @relation(\"ba\")\n  cs  C[]"),
]
"""Edits that make and break cycles of referential actions (either way)."""


@st.composite
def action_edits(draw: st.DrawFn) -> list[tuple[float, int, str] | int]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [draw(st.integers(0, len(TOGGLES) - 1)) if draw(st.booleans()) else
            (draw(st.floats(min_value=0, max_value=1)), draw(st.integers(0, 8)),
             draw(st.sampled_from(ACTION_FRAGMENTS))) for _ in range(count)]


@fuzz(80, slow=True)
@given(action_edits())
def test_incremental_validation_with_referential_actions_equals_a_whole_one(
    steps: list[tuple[float, int, str] | int],
) -> None:
    session = Session({"s.prisma": CYCLE})
    for step in steps:
        text = session.texts["s.prisma"]
        if isinstance(step, int):
            old, new = TOGGLES[step]
            if old not in text:
                old, new = new, old
            if old in text:
                session.edit("s.prisma", old, new)
        else:
            where, length, fragment = step
            start = int(where * len(text))
            session.replace("s.prisma", start, min(len(text), start + length), fragment)
        # The quick look at the action graph agrees with the search per relation.
        schema = session.current.schema
        pipeline = relations.Pipeline(schema)
        pipeline.run()
        if not pipeline.ambiguous and schema.relation_mode == "prisma":
            assert cycle_free(schema) == all(part != IN_CHAIN for _, part, _, _ in
                                             pipeline.entries)


def test_a_relation_attribute_naming_a_changed_model_is_read_again() -> None:
    session = Session({"s.prisma": HOME})
    # Renaming Post's id breaks `references: [id]` of Note's relation (Note is not edited).
    session.edit("s.prisma", "model Post {\n  id ", "model Post {\n  idq")
    assert session.messages() == [
        "The `references` argument must name existing fields of the related model `Post`; "
        "these do not exist there: id."
    ]
    session.edit("s.prisma", "model Post {\n  idq", "model Post {\n  id ")
    assert session.messages() == []
