"""Rules whose findings in a model read other models keep exactly a full lint's
findings after edits.

PAI002, PAI003, PAI008, PAT005 and PAT007 report inside one model from what
other models hold (a pair's target tables, the model an `<x>Id` names, a cycle
of required relations, the foreign keys of a key chain); their trackers
(:mod:`analysis.rules.tracking`) name the models to run again after an edit.
PAC004's schema fact and PAC007/PAC008's suggested names are checked here too.
The property: linting the re-analysis with the previous lint gives what linting
the final text from scratch gives, fixes included.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.api import analyze, reanalyze
from analysis.lint import Enabled, default_selection, lint, lint_again
from analysis.rules.base import Finding
from analysis.text import SourceFile, TextEdit
from tests.helpers import fuzz

SCHEMA = """\
datasource db {
  provider = "postgresql"
}

enum TargetKind {
  Post
  Author
}

model Author {
  id        Int      @id @default(autoincrement())
  name      String
  email     String
  posts     Post[]
  profile   Profile?
}

model Profile {
  id       Int     @id
  author   Author  @relation(fields: [id], references: [id])
  bio      String
  settings Setting[]
}

model Setting {
  id        String  @id @default(uuid())
  profileId Int
  profile   Profile @relation(fields: [profileId], references: [id])
  value     String
}

model Post {
  id       String @id @default(uuid())
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
  editorId Int
  tags     Tag[]
}

model Tag {
  id     Int    @id @default(autoincrement())
  label  String
  note   String
  postId String
  post   Post   @relation(fields: [postId], references: [id])
}

model Comment {
  id              Int        @id @default(autoincrement())
  /// One of Post, Author
  commentableType String
  commentableId   Int
  targetType      TargetKind
  targetId        Int
  body            String
  author          Author     @relation("c", fields: [writerId], references: [id])
  writerId        Int
}

model Editor {
  id        Int     @id @default(autoincrement())
  name      String
  leadId    Int
  lead      Lead    @relation(fields: [leadId], references: [id])
}

model Lead {
  id          Int     @id @default(autoincrement())
  title       String
  editorId    Int
  editor      Editor  @relation(fields: [editorId], references: [id])
  editors     Editor[]
  leads       Lead[]
}

model OrganizationMembershipInvitationAuditTrailEntryWithAVeryLongName {
  id                                  Int @id
  invited_by_organization_member_id   Int
  organization_identifier_with_suffix Int

  @@index([invited_by_organization_member_id, organization_identifier_with_suffix])
}
"""

FRAGMENTS = [
    "q",
    "Id",
    "Int",
    "String",
    "?",
    " @id",
    " @unique",
    " @db.Uuid",
    "Author",
    "Lead",
    "Editor",
    "Post",
    "\n",
    "}",
    "  editorId Int\n",
    "  postId String\n",
    "  snake_case_name Int\n",
    "@@index([id])\n",
    "/// Tag\n",
    "  lead Lead @relation(fields: [leadId], references: [id])\n  leadId Int\n",
    "model Editorial {\n  id Int @id\n}\n",
    "",
]

#: Every rule, with the options that make PAC007 report.
RULES = [
    Enabled(e.rule, e.severity, e.rule.Options(index_naming=True))
    if e.rule.code == "PAC007"
    else e
    for e in default_selection()
]


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[float, int, str]]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [
        (
            draw(st.floats(min_value=0, max_value=1)),
            draw(st.integers(min_value=0, max_value=8)),
            draw(st.sampled_from(FRAGMENTS)),
        )
        for _ in range(count)
    ]


def _lint_from_scratch(text: str) -> list[Finding]:
    return list(lint(analyze([SourceFile("s.prisma", text)]), RULES))


def test_the_schema_triggers_every_tracked_rule() -> None:
    codes = {f.code for f in lint(analyze([SourceFile("s.prisma", SCHEMA)]), RULES)}
    assert {"PAC007", "PAC008", "PAI002", "PAI003", "PAI008", "PAT005", "PAT007"} <= codes


@fuzz(200, slow=True)
@given(edits())
def test_lint_again_equals_a_full_lint(steps: list[tuple[float, int, str]]) -> None:
    text = SCHEMA
    analysis = analyze([SourceFile("s.prisma", text)])
    linted = lint_again(analysis, RULES)
    for where, length, new in steps:
        start = int(where * len(text))
        end = min(len(text), start + length)
        analysis = reanalyze(analysis, "s.prisma", [TextEdit(start, end, new)])
        linted = lint_again(analysis, RULES, linted)
        text = text[:start] + new + text[end:]
        assert linted.findings == _lint_from_scratch(text)


class Session:
    """Edits through reanalyze and lint_again, each checked against a lint from scratch."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.analysis = analyze([SourceFile("s.prisma", text)])
        self.linted = lint_again(self.analysis, RULES)

    def replace(self, old: str, new: str) -> list[Finding]:
        """Replace the first ``old`` by ``new``; the findings, which must be
        reused (not a whole lint) and equal a whole lint's."""
        at = self.text.index(old)
        edit = TextEdit(at, at + len(old), new)
        self.analysis = reanalyze(self.analysis, "s.prisma", [edit])
        self.linted = lint_again(self.analysis, RULES, self.linted)
        self.text = self.text[:at] + new + self.text[at + len(old) :]
        assert self.linted.blocks is not None, "the edit was not linted incrementally"
        assert self.linted.findings == _lint_from_scratch(self.text)
        return self.linted.findings


def _codes(findings: list[Finding], code: str) -> list[str]:
    return [f.message for f in findings if f.code == code]


def test_a_key_type_edit_reaches_the_models_whose_fields_name_the_model() -> None:
    # Post.editorId speaks of Editor; Post does not name Editor, so it is not a
    # neighbour: PAI003's tracker runs it again.
    editor = "model Editor {\n  id        Int"
    session = Session(SCHEMA.replace(editor, "model Editor {\n  id String"))
    assert not [m for m in _codes(session.linted.findings, "PAI003") if "editorId" in m]
    found = session.replace("model Editor {\n  id String", "model Editor {\n  id Int")
    assert [m.split(" looks")[0] for m in _codes(found, "PAI003") if "editorId" in m] == [
        "`editorId` of `Post`"
    ]


def test_a_new_foreign_key_down_a_key_chain_reaches_the_key() -> None:
    # Author.id ← Profile.id ← Setting.profileId; a new key to Profile.id in Tag
    # joins the chain: PAT005's fix on Author (not a neighbour of Tag) retypes it too.
    session = Session(SCHEMA)
    before = [f for f in session.linted.findings if f.code == "PAT005" and "Author.id" in f.message]
    found = session.replace(
        "  postId String\n",
        "  postId String\n  profileId Int\n"
        "  profile Profile @relation(fields: [profileId], references: [id])\n",
    )
    after = [f for f in found if f.code == "PAT005" and "Author.id" in f.message]
    assert len(after[0].fixes[0].edits) == len(before[0].fixes[0].edits) + 1



def test_a_foreign_key_leaving_a_key_chain_reaches_the_key() -> None:
    # Setting.profileId no longer references Profile.id (itself a key to
    # Author.id): PAT005's fix on Author, two relations away, loses it.
    session = Session(SCHEMA)
    before = [f for f in session.linted.findings if f.code == "PAT005" and "Author.id" in f.message]
    found = session.replace(
        "  profile   Profile @relation(fields: [profileId], references: [id])\n", "")
    after = [f for f in found if f.code == "PAT005" and "Author.id" in f.message]
    assert len(after[0].fixes[0].edits) == len(before[0].fixes[0].edits) - 1


CYCLE = """\
datasource db {
  provider = "postgresql"
}

model Bb {
  id   Int @id
  cId  Int
  c    Cc  @relation(fields: [cId], references: [id])
}

model Cc {
  id   Int @id
  aId  Int
  a    Aa  @relation(fields: [aId], references: [id])
  bs   Bb[]
}

model Aa {
  id   Int @id
  dId  Int
  d    Dd  @relation(fields: [dId], references: [id])
  cs   Cc[]
}

model Dd {
  id   Int @id
  as   Aa[]
}
"""


def test_closing_a_cycle_reaches_every_model_of_it() -> None:
    # Dd → Bb closes Aa → Dd → Bb → Cc → Aa; the finding is in Cc, which the
    # edit in Dd does not name and which does not name Dd.
    session = Session(CYCLE)
    assert _codes(session.linted.findings, "PAI008") == []
    found = session.replace(
        "  as   Aa[]\n",
        "  as   Aa[]\n  bId  Int\n  b    Bb  @relation(fields: [bId], references: [id])\n",
    )
    cycles = [f for f in found if f.code == "PAI008"]
    assert [f.message for f in cycles] == [
        "Required relations form a cycle `Aa` → `Dd` → `Bb` → `Cc` → `Aa`: no row of them "
        "can be inserted first."
    ]
    assert session.text[cycles[0].span.start : cycles[0].span.end] == "a"


def test_a_newly_referenced_model_joins_the_guessed_targets_of_a_pair() -> None:
    # Comment's `entityType`/`entityId` pair: the fix guesses the referenced
    # models with an Int key it has no relation with; a relation to Tag adds Tag.
    session = Session(SCHEMA.replace("  body            String\n",
                                     "  entityType String\n  entityId Int\n"))
    pair = [f for f in session.linted.findings if f.code == "PAI002" and "entityId" in f.message]
    assert "Tag" not in pair[0].fixes[0].title
    found = session.replace(
        "  editorId Int\n  tags",
        '  editorId Int\n  mainTagId Int\n  mainTag Tag @relation("m", fields: [mainTagId], '
        "references: [id])\n  tags",
    )
    pair = [f for f in found if f.code == "PAI002" and "entityId" in f.message]
    assert "`Tag`" in pair[0].fixes[0].title


def test_a_plain_edit_in_a_guessed_target_reaches_the_fix_made_for_it() -> None:
    # The fix adds a back-relation field to each guessed target, aligned with
    # its columns: a longer column name in Lead (no neighbour of Comment, and
    # the same key type and references as before) changes that edit.
    session = Session(SCHEMA.replace("  body            String\n",
                                     "  entityType String\n  entityId Int\n"))

    def in_lead(found: list[Finding]) -> list[str]:
        start = session.text.index("model Lead {")
        pair = [f for f in found if f.code == "PAI002" and "entityId" in f.message]
        return [e.new_text for e in pair[0].fixes[0].edits if e.start > start]

    before = in_lead(session.linted.findings)
    assert before
    after = in_lead(session.replace("  title       String", "  titleOfTheLead String"))
    assert after and after != before


def test_a_relation_to_the_pair_takes_a_model_out_of_the_guess_and_back() -> None:
    # Lead, guessed, gets a relation to Comment: the fix no longer guesses it;
    # without it again, Lead (in no guess then) is guessed again.
    session = Session(SCHEMA.replace("  body            String\n",
                                     "  entityType String\n  entityId Int\n"))

    def title(found: list[Finding]) -> str:
        pair = [f for f in found if f.code == "PAI002" and "entityId" in f.message]
        return pair[0].fixes[0].title if pair[0].fixes else ""

    assert "`Lead`" in title(session.linted.findings)
    found = session.replace("  leads       Lead[]\n",
                            "  leads       Lead[]\n  comments    Comment[]\n")
    assert "`Lead`" not in title(found)
    found = session.replace("  comments    Comment[]\n", "")
    assert "`Lead`" in title(found)


def test_a_relation_to_the_pair_leaving_brings_its_guess_within_reach() -> None:
    # Lead's relation field to Comment keeps Lead out of Comment's guess, which
    # is then one model (Profile): too few for a fix, so no model's name is read.
    # Without it (Lead changed, Comment's findings named nothing of Lead), the
    # guess is Profile and Lead: a fix.
    session = Session(SCHEMA.replace("  body            String\n",
                                     "  entityType String\n  entityId Int\n").replace(
        "  leads       Lead[]\n", "  leads       Lead[]\n  comments    Comment[]\n"))

    def pair(found: list[Finding]) -> Finding:
        return next(f for f in found if f.code == "PAI002" and "entityId" in f.message)

    assert not pair(session.linted.findings).fixes
    found = session.replace("  comments    Comment[]\n", "")
    assert "`Profile`, `Lead`" in pair(found).fixes[0].title


REAL_FRAGMENTS = ["q", "Id", "Type", "Int", "String", "?", " @id", "\n", "}", "", "  userId Int\n",
                  "  entityType String\n  entityId Int\n", "/// User\n"]


@pytest.mark.parametrize(
    ("name", "seed"),
    [("civitai__civitai", 3), ("dubinc__dub", 5), ("prisma__prisma-engines__odoo", 2)],
)
def test_lint_again_equals_a_full_lint_on_real_schemas(corpus: Path, name: str, seed: int) -> None:
    """Seeded edits through large real schemas, every rule on (PAC007 too)."""
    folder = corpus / "real" / name
    if not folder.is_dir():
        pytest.skip(f"{name} is not in the corpus")
    paths = sorted(str(p) for p in folder.rglob("*.prisma"))
    texts = {p: Path(p).read_text(encoding="utf-8") for p in paths}
    pick = random.Random(seed)
    analysis = analyze([SourceFile(p, t) for p, t in texts.items()])
    linted = lint_again(analysis, RULES)
    reused = 0
    for _ in range(12):
        path = pick.choice(paths)
        text = texts[path]
        start = pick.randrange(len(text) + 1)
        end = min(len(text), start + pick.choice([0, 0, 1, 2]))
        new = pick.choice(REAL_FRAGMENTS)
        analysis = reanalyze(analysis, path, [TextEdit(start, end, new)])
        linted = lint_again(analysis, RULES, linted)
        texts[path] = text[:start] + new + text[end:]
        reused += linted.blocks is not None
        full = lint(analyze([SourceFile(p, t) for p, t in texts.items()]), RULES)
        assert linted.findings == full
    assert reused >= 6  # most edits keep the declaration signature
