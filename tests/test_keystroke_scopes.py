"""What keeps a keystroke's re-lint small: rules that walk only the relations
whose foreign key side they report on, PAI004's tracked schema fact, and the
rule selection kept while the settings stay equal."""

from __future__ import annotations

from analysis.api import Analysis, analyze, reanalyze
from analysis.config import Settings
from analysis.diagnostics import Severity
from analysis.lint import Linted, lint, lint_again, select_rules
from analysis.rules import all_rules
from analysis.rules.base import Finding, RuleContext, Scope
from analysis.rules.owned import forward_relations
from analysis.text import SourceFile, TextEdit

SCHEMA = """datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Team {
  id Int @id
}

model User {
  id     Int    @id
  teamId Int
  team   Team   @relation(fields: [teamId], references: [id])
  posts  Post[]
  notes  Note[]
}

model Post {
  id        Int      @id
  authorId  Int
  author    User     @relation(fields: [authorId], references: [id])
  createdAt DateTime @default(now()) @map("created_at")
  updatedAt DateTime @updatedAt @map("updated_at")
}

model Note {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""


class Session:
    """Edits through reanalyze and lint_again, each checked against a lint from scratch."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.analysis: Analysis = analyze([SourceFile("s.prisma", text)])
        self.linted: Linted = lint_again(self.analysis)

    def replace(self, old: str, new: str) -> list[Finding]:
        at = self.text.index(old)
        self.analysis = reanalyze(self.analysis, "s.prisma",
                                  [TextEdit(at, at + len(old), new)])
        self.linted = lint_again(self.analysis, None, self.linted)
        self.text = self.text[:at] + new + self.text[at + len(old):]
        assert self.linted.findings == lint(analyze([SourceFile("s.prisma", self.text)]))
        return self.linted.findings


def _messages(findings: list[Finding], code: str) -> list[str]:
    return [f.message for f in findings if f.code == code]


def test_a_scoped_run_walks_the_relations_its_models_hold_the_keys_of() -> None:
    schema = analyze([SourceFile("s.prisma", SCHEMA)]).schema
    user = schema.models["User"]
    touching = tuple(r for r in schema.relations
                     if user in (r.forward.owner, r.forward.target))
    assert len(touching) == 3  # team, and the authors of Post and Note
    scoped = RuleContext(schema, {}, Severity.INFO, scope=Scope((user,), touching, (), ()))
    assert [r.forward.name for r in forward_relations(scoped)] == ["team"]
    whole = RuleContext(schema, {}, Severity.INFO)
    assert forward_relations(whole) is schema.relations


def test_an_edit_inside_the_referenced_model_keeps_its_referrers_key_findings() -> None:
    session = Session(SCHEMA)
    before = _messages(session.linted.findings, "PAX001")
    assert len(before) == 3
    found = session.replace("  notes  Note[]\n", "  notes  Note[]\n  name   String\n")
    assert session.linted.blocks is not None  # re-linted, not linted afresh
    assert _messages(found, "PAX001") == before
    assert len(_messages(found, "PAI001")) == 3


def _pai004_fix(findings: list[Finding], model: str) -> str:
    found = [f for f in findings if f.code == "PAI004" and f"`{model}`" in f.message]
    return found[0].fixes[0].edits[0].new_text


def test_pai004_follows_the_schema_mapping_its_columns_edit_by_edit() -> None:
    # Team has no multi-word field: its fix maps the timestamps as the schema does.
    session = Session(SCHEMA)
    assert '@map("created_at")' in _pai004_fix(session.linted.findings, "Team")
    session.replace(' @map("updated_at")', "")  # one mapped field is left
    assert session.linted.blocks is not None
    tracker = session.linted.trackers["PAI004"]
    assert tracker.facts() is True
    assert '@map("created_at")' in _pai004_fix(session.linted.findings, "Team")
    found = session.replace(' @map("created_at")', "")  # none is left
    assert session.linted.blocks is None  # the schema fact changed: linted afresh
    assert _pai004_fix(found, "Team") == (
        "  createdAt DateTime @default(now())\n"
        "  updatedAt DateTime @default(now()) @updatedAt\n"
    )
    found = session.replace("createdAt DateTime", 'createdAt DateTime @map("created_at")')
    assert '@map("created_at")' in _pai004_fix(found, "Team")


def test_the_selection_is_kept_while_the_settings_are_equal() -> None:
    settings = Settings()
    first = select_rules(settings)
    assert select_rules(settings) is first
    assert select_rules(Settings()) is first  # equal settings, another object
    settings.ignore.append("PAX001")  # settings are mutable: a change is seen
    narrower = select_rules(settings)
    assert "PAX001" not in narrower.codes
    assert "PAX001" in first.codes
    all_rules.cache_clear()  # another registry (a rule registered or removed)
    try:
        again = select_rules(settings)
        assert again is not narrower
        assert again.codes == narrower.codes
    finally:
        all_rules.cache_clear()


def test_moved_findings_keep_the_extent_of_their_offsets() -> None:
    # PAX001's related place is the referenced model's name: an edit in `Tag`,
    # between `User` and its referrers, moves some offsets of their blocks and
    # not others. The objects pinned to a block lie inside it wherever it went.
    session = Session(SCHEMA.replace(
        "model Post {", "model Tag {\n  id   Int    @id\n  name String\n}\n\nmodel Post {"))
    moved = 0
    for old, new in [("  name String\n}", "  name String\n  slug String\n}"),
                     ("  slug String\n", ""),
                     ("  id   Int    @id\n", "  id Int @id\n"),
                     ("  name String\n}", "  name   String\n  weight Int\n}")]:
        before = {key: places.extent for key, places in session.linted.blocks.places.items()} \
            if session.linted.blocks is not None else {}
        session.replace(old, new)
        blocks = session.linted.blocks
        assert blocks is not None
        starts, ends, keys = session.linted.locator.files["s.prisma"]
        ranges = {key: (low, high) for low, high, key in zip(starts, ends, keys, strict=True)}
        for key, places in blocks.places.items():
            low, high = ranges[key]
            assert places.pinned
            assert all(low <= o.start <= o.end <= high for o in places.pinned)
            assert not places.home_spans and not places.home_edits
            moved += before.get(key) not in (None, places.extent)
    assert moved >= 3


def _in(session: Session, model: str) -> list[Finding]:
    """The findings inside the block of ``model``."""
    start = session.text.index(f"model {model} {{")
    end = session.text.index("\n}", start)
    return [f for f in session.linted.findings if start <= f.span.start < end]


def test_a_neighbour_whose_findings_did_not_change_keeps_their_objects() -> None:
    session = Session(SCHEMA)
    user = _in(session, "User")
    assert len(user) >= 3
    # Post names User: User runs again, with the same findings, moved.
    found = session.replace("  authorId  Int\n", "  authorId  Int\n  title     String\n")
    assert session.linted.blocks is not None
    again = _in(session, "User")
    assert again == user
    assert all(a is b for a, b in zip(again, user, strict=True))
    # An edit in Team moves the place User's PAX001 points at: made again.
    pax = [f for f in found if f.code == "PAX001" and "`Team`" in f.message]
    found = session.replace("model Team {\n  id Int @id\n",
                            "model Team {\n  id Int @id\n  x  Int\n")
    assert session.linted.blocks is not None
    made = [f for f in found if f.code == "PAX001" and "`Team`" in f.message]
    assert [f.message for f in made] == [f.message for f in pax]
    assert made[0] is not pax[0]
    related = made[0].related[0][0]
    assert session.text[related.start:related.end] == "Team"
