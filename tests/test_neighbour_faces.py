"""An edit that keeps the *face* of what it edited re-runs no rule on its
neighbours but those that read more (``Rule.neighbours == "all"``); a kept
finding pointing at what the edit replaced has its model run again.

The classes themselves are checked on every real schema: a face-keeping edit
of one model changes no finding of an ``own`` or ``relations`` rule elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import analysis.lint as lint_module
from analysis.api import analyze, reanalyze
from analysis.lint import Enabled, default_selection, lint, lint_again
from analysis.model.schema import CompositeType, Model, Schema, Span
from analysis.reuse import Entity, Locator, face
from analysis.rules import all_rules
from analysis.rules.base import Edit, Finding, Rule, RuleContext
from analysis.rules.tracking import tracker_of
from analysis.syntax.nodes import Attribute
from analysis.syntax.nodes import Field as FieldNode
from analysis.text import SourceFile, TextEdit
from tests.helpers import CORPUS
from tests.test_keystroke_scopes import Session

BLOG = """datasource db {
  provider = "postgresql"
}

enum Status {
  DRAFT
  LIVE
}

model User {
  id         Int    @id @default(autoincrement())
  name       String
  nickname   String
  posts      Post[]
}

model Post {
  id         Int    @id @default(autoincrement())
  authorId   Int
  author     User   @relation(fields: [authorId], references: [id])
  authorName String
  authorBio  String
  sku        String
  title      String
  slug       String @unique
  status     Status
  body       String

  @@index([title])
}
"""


def test_the_face_of_a_model_is_what_relations_read_of_it() -> None:
    schema = analyze([SourceFile("s.prisma", BLOG)]).schema
    assert face(schema.models["Post"], BLOG) == (
        ("@@index([title])",
         "id         Int    @id @default(autoincrement())",
         "slug       String @unique"),
        {"User": ("id         Int    @id @default(autoincrement())",  # `references: [id]`
                  "authorId   Int",
                  "author     User   @relation(fields: [authorId], references: [id])"),
         "Status": ("status     Status",)},
    )
    # User's `id`, which Post names in `references:`, is Post's view of User.
    assert face(schema.models["User"], BLOG, {"Post": {"id"}}) == (
        ("id         Int    @id @default(autoincrement())",),
        {"Post": ("id         Int    @id @default(autoincrement())",
                  "posts      Post[]")},
    )
    assert face(schema.enums["Status"], BLOG) == (("enum Status {\n  DRAFT\n  LIVE\n}",), {})


@pytest.mark.parametrize(("old", "new", "views"), [
    ("  body       String", "  bodyq      String", set()),  # a plain column renamed
    ("  body       String", "  body       Int", set()),  # or retyped
    ("  nickname   String", "  nickname   String\n  bio String", set()),  # one added
    ("  body       String\n", "", set()),  # removed
    ("  authorId   Int", "  authorIdq  Int", {"User"}),  # a foreign key: User's view
    ("  status     Status", "  status     String", {"Status"}),  # an enum field
    ("  title      String", "  titles     String", set()),  # an indexed column
    ("  slug       String @unique", "  slugs      String @unique", None),  # a key renamed
    ("  slug       String @unique", "  slug       String", None),  # a key
    ("  @@index([title])", "  @@index([title, body])", None),  # a block attribute
    ("  LIVE", "  LIVE @map(\"live\")", None),  # an enum: its whole text
])
def test_an_edit_says_which_views_of_what_it_edited_changed(
    old: str, new: str, views: set[str] | None,
) -> None:
    at = BLOG.index(old)
    analysis = reanalyze(analyze([SourceFile("s.prisma", BLOG)]), "s.prisma",
                         [TextEdit(at, at + len(old), new)])
    assert analysis.reuse is not None and analysis.reuse.change is not None
    assert analysis.reuse.change.views == (frozenset(views) if views is not None else None)
    assert analysis.reuse.change.faces_kept is (views == set())


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    """Each rule's run after an edit: the models it ran on."""
    seen: dict[str, list[str]] = {}
    for rule in all_rules().values():
        original = rule.check

        def check(self: Rule, ctx: RuleContext, original=original) -> object:  # type: ignore[no-untyped-def]
            if ctx.scope is not None:
                seen.setdefault(self.code, []).extend(m.name for m in ctx.scope.models)
            return original(self, ctx)

        monkeypatch.setattr(rule, "check", check)
    yield seen


def _ran(runs: dict[str, list[str]], neighbours: str) -> set[str]:
    return {name for code, names in runs.items()
            if all_rules()[code].neighbours == neighbours for name in names}


def test_rules_that_read_faces_skip_the_neighbours_when_the_faces_are_kept(
    runs: dict[str, list[str]],
) -> None:
    session = Session(BLOG)
    session.replace("  body       String", "  bodyq      String")
    assert _ran(runs, "own") == {"Post"}
    assert _ran(runs, "relations") == {"Post"}
    assert _ran(runs, "all") == {"Post", "User"}  # User names Post: a neighbour
    runs.clear()
    session.replace("  authorId ", "  authorIdq")  # Post's face changed
    assert _ran(runs, "own") == {"Post"}
    assert _ran(runs, "relations") == {"Post", "User"}


TWO_KEYS = """datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  name  String
  posts Post[]
}

model Editor {
  id    Int    @id @default(autoincrement())
  name  String
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
  editorId Int
  editor   Editor @relation(fields: [editorId], references: [id])
}
"""


def test_relations_rules_and_their_trackers_follow_only_the_relations_that_changed(
    runs: dict[str, list[str]],
) -> None:
    # PAT005 reports on User.id and Editor.id, listing the foreign keys to them
    # (its tracker names the models those keys reference).
    session = Session(TWO_KEYS)
    runs.clear()
    session.replace("  editorId Int\n", "  editorIdq Int\n")  # only Editor's view changed
    assert set(runs["PAT005"]) == {"Post", "Editor"}
    assert "User" not in _ran(runs, "relations")
    runs.clear()
    session.replace("  editorIdq Int\n", "  editorId Int\n")
    assert set(runs["PAT005"]) == {"Post", "Editor"}


def test_a_plain_edit_next_to_keys_that_are_foreign_keys_follows_no_relation(
    runs: dict[str, list[str]],
) -> None:
    # Post's foreign keys make its key; a letter in a plain column changes no
    # relation: PAT005 runs on Post alone, not on User and Editor.
    session = Session(TWO_KEYS.replace(
        "  editor   Editor @relation(fields: [editorId], references: [id])\n",
        "  editor   Editor @relation(fields: [editorId], references: [id])\n"
        "  title    String\n\n  @@unique([authorId, editorId])\n"))
    runs.clear()
    session.replace("  title    String", "  titleq   String")
    assert set(runs["PAT005"]) == {"Post"}


def test_a_neighbour_whose_rules_found_the_same_keeps_its_block() -> None:
    session = Session(BLOG)
    blocks = session.linted.blocks
    user = [f for f in session.linted.findings if f.message.startswith("`User.id`")]
    session.replace("  body       String", "  bodyq      String")
    session.replace("  bodyq      String", "  body       String")
    blocks = session.linted.blocks
    assert blocks is not None
    assert [f for f in session.linted.findings if f.message.startswith("`User.id`")] == user
    key = next(k for k, found in blocks.found.items() if any(f in user for f in found))
    kept = blocks.found[key]
    session.replace("  body       String", "  bodyq      String")
    assert blocks.found[key] is kept  # not put again: the same list, the same objects


def test_a_kept_finding_pointing_at_what_the_edit_replaced_runs_its_model_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = Session(BLOG)
    # PAN001 on Post (an `all` rule) points at User.name, a plain column.
    copied = [f for f in session.linted.findings if f.code == "PAN001"]
    assert [session.text[s.start:s.end] for f in copied for s, _ in f.related] == ["name"]
    again: list[set[int]] = []
    original = lint_module._run_again

    def run_again(keys: set[int], *args: object) -> bool:
        again.append(set(keys))
        return original(keys, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lint_module, "_run_again", run_again)
    found = session.replace("  name       String", "  naqme      String")  # face kept
    assert len(again) == 1  # Post, whose kept finding pointed at `name`
    assert not [f for f in found if f.code == "PAN001"]


@pytest.mark.parametrize(("code", "column"), [
    ("PAN001", "bio"),  # Post.authorBio copies it: now reported
    ("PAI010", "sku"),  # Post.sku is the related User's: no longer reported
])
def test_rules_that_read_plain_columns_of_other_models_run_on_the_neighbours(
    code: str, column: str,
) -> None:
    assert all_rules()[code].neighbours == "all"
    session = Session(BLOG)  # each edit is checked against a lint from scratch

    def on_post() -> list[str]:
        start = session.text.index("model Post")
        return [f.message for f in session.linted.findings
                if f.code == code and f.span.start > start]

    before = on_post()
    session.replace("  nickname   String\n", f"  nickname   String\n  {column:<10} String\n")
    assert session.analysis.reuse is not None and session.analysis.reuse.change is not None
    assert session.analysis.reuse.change.faces_kept
    assert on_post() != before


# ---------------------------------------------------------------------------
# The classes, on real schemas
# ---------------------------------------------------------------------------

def _schemas() -> list[Path]:
    real = CORPUS / "real"
    return sorted(p for p in real.iterdir() if p.is_dir()) if real.is_dir() else []


def _selection() -> list[Enabled]:
    return [e for e in default_selection()
            if e.rule.scope == "model" and e.rule.neighbours != "all"]


Shape = tuple[object, ...]


def _shape(finding: Finding, path: str, at: int) -> Shape:
    """``finding`` with its offsets in ``path`` past ``at`` moved back by one."""
    def place(p: str, offset: int) -> int:
        return offset - 1 if p == path and offset > at else offset

    def where(s: object) -> tuple[str, int, int]:
        p, start, end = s.path, s.start, s.end  # type: ignore[attr-defined]
        return p, place(p, start), place(p, end)

    return (finding.code, finding.message, where(finding.span),
            tuple((where(s), m) for s, m in finding.related),
            tuple((fix.title, fix.safe, tuple((*where(e), e.new_text) for e in fix.edits))
                  for fix in finding.fixes))


def _outside(findings: list[Finding], locator: Locator, key: int, path: str,
             at: int) -> list[Shape]:
    return sorted((_shape(f, path, at) for f in findings
                   if locator.owner(f.span.path, f.span.start) != key), key=repr)


@pytest.mark.parametrize("folder", _schemas(), ids=lambda p: p.name)
def test_own_and_relations_rules_read_no_more_than_the_faces_of_other_models(
    folder: Path,
) -> None:
    files = [SourceFile(str(p), p.read_text(encoding="utf-8"))
             for p in sorted(folder.rglob("*.prisma"))]
    analysis = analyze(files)
    schema = analysis.schema
    texts = {f.path: f.text for f in files}
    locator = Locator(schema.decls)
    selection = _selection()
    untracked = [e for e in selection if tracker_of(e.rule) is None]
    before = lint(analysis, untracked)
    # Models with a plain column, spread through the schema: a letter typed at
    # the end of its name keeps every face. No finding of an untracked rule
    # changes outside that model; and the lint after the edit, which runs them
    # on that model alone (and tracked rules where their trackers say), finds
    # what a lint from scratch finds.
    models = [m for m in schema.models.values() if isinstance(m, Model) and m.relation_fields]
    tried = 0
    for model in models[::max(1, len(models) // 4)]:
        text = texts[model.decl.path]
        shared, by_name = face(model, text)
        names = {*shared, *(item for found in by_name.values() for item in found)}
        plain = [f for f in model.fields if f.kind == "scalar"
                 and text[model.decl.offset + f.node.start:model.decl.offset + f.node.end]
                 not in names]
        if not plain:
            continue
        fld = plain[len(plain) // 2]
        at = fld.name_span.end
        edited = [SourceFile(f.path, f.text[:at] + "q" + f.text[at:])
                  if f.path == model.decl.path else f for f in files]
        base = analyze(files)
        linted = lint_again(base, selection)
        again = reanalyze(base, model.decl.path, [TextEdit(at, at, "q")])
        assert again.reuse is not None and again.reuse.change is not None
        if not again.reuse.change.faces_kept:
            continue  # a column other models name in `references:`
        key = id(model.decl.block)
        after = analyze(edited)
        assert (_outside(lint(after, untracked), Locator(after.schema.decls),
                         id(after.schema.models[model.name].decl.block), model.decl.path, at)
                == _outside(before, locator, key, "", -1)), (model.name, fld.name)
        relinted = lint_again(again, selection, linted)
        assert relinted.blocks is not None  # made from the lint before the edit
        assert relinted.findings == lint(after, selection), (model.name, fld.name)
        tried += 1
    if models:
        assert tried, "no model with a plain column to try"


@pytest.mark.parametrize("folder", _schemas(), ids=lambda p: p.name)
def test_own_and_relations_rules_point_only_at_faces_of_other_models(folder: Path) -> None:
    """Where such a rule's finding points into another declaration (a related
    place, a fix edit), it is that declaration's name or an item of its face
    (a scalar field counts when it is a key or a relation's); unless its
    tracker follows that declaration."""
    files = [SourceFile(str(p), p.read_text(encoding="utf-8"))
             for p in sorted(folder.rglob("*.prisma"))]
    analysis = analyze(files)
    schema = analysis.schema
    texts = {f.path: f.text for f in files}
    locator = Locator(schema.decls)
    every: list[Entity] = [*schema.all_models, *schema.all_composite_types, *schema.all_enums]
    entities = {id(e.decl.block): e for e in every}
    for finding in lint(analysis, [e for e in _selection() if tracker_of(e.rule) is None]):
        owner = locator.owner(finding.span.path, finding.span.start)
        places: list[Span | Edit] = [s for s, _ in finding.related]
        places += [e for fix in finding.fixes for e in fix.edits]
        for place in places:
            key = locator.owner(place.path, place.start)
            if key == owner or key not in entities:
                continue
            entity = entities[key]
            keyed = _keyed(entity, schema)
            ranges = _ranges(entity, texts[place.path], keyed)
            assert any(low <= place.start and place.end <= high for low, high in ranges), (
                finding.code, finding.message, place)


def _keyed(entity: Entity, schema: Schema) -> dict[str, set[str]]:
    """The fields of ``entity`` some relation references, by the referencing model."""
    out: dict[str, set[str]] = {}
    for r in schema.relations:
        for f in r.referenced_fields:
            if f.owner is entity:
                out.setdefault(r.forward.owner.name, set()).add(f.name)
    return out


def _ranges(entity: Entity, text: str, keyed: dict[str, set[str]]) -> list[tuple[int, int]]:
    decl = entity.decl
    offset = decl.offset
    block = decl.block
    if not isinstance(entity, Model | CompositeType):
        return [(offset + block.start, offset + block.end)]
    shared, by_name = face(entity, text, keyed)
    items = {*shared, *(item for found in by_name.values() for item in found)}
    nodes: list[Attribute | FieldNode] = [
        *(f.node for f in entity.fields),
        *(a for found in entity.attributes.values() for a in found)]
    return [(offset + block.name.start, offset + block.name.end),
            *((offset + n.start, offset + n.end) for n in nodes
              if text[offset + n.start:offset + n.end] in items)]
