"""The per-keystroke indexes of :mod:`analysis.lint` and :mod:`analysis.reuse`.

Kept findings are grouped by owning block: a block's *home* offsets (inside
its own range) move in bulk with it, the *away* ones (related places and fix
edits elsewhere, other files included) are indexed by file and moved by
place. The changed declarations, the relations joining them and the block
locator come from indexes instead of walks over the whole schema. Each step
here is compared with a lint from scratch, and the indexes with what a fresh
build of them holds.
"""

from __future__ import annotations

from analysis.anchored import anchor_of, is_pinned
from analysis.api import Analysis, analyze, reanalyze
from analysis.check import recheck, run_check
from analysis.config import default_settings
from analysis.lint import Linted, lint, lint_again
from analysis.model.schema import Span
from analysis.reuse import (
    Entity,
    Locator,
    Region,
    Shifter,
    region,
    touches,
    touching,
    touching_from,
)
from analysis.rules.base import Edit
from analysis.syntax.parse import parse, reparse
from analysis.text import SourceFile, TextEdit
from tests.test_incremental_analysis import POSTS, USERS


class Session:
    """A multi-file schema edited through reanalyze and lint_again."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = dict(texts)
        self.analysis: Analysis = analyze(self._files())
        self.linted: Linted = lint_again(self.analysis)

    def _files(self) -> list[SourceFile]:
        return [SourceFile(p, t) for p, t in self.texts.items()]

    def edit(self, path: str, at: int, size: int, new: str) -> Linted:
        self.analysis = reanalyze(self.analysis, path, [TextEdit(at, at + size, new)])
        self.linted = lint_again(self.analysis, None, self.linted)
        text = self.texts[path]
        self.texts[path] = text[:at] + new + text[at + size:]
        fresh = analyze(self._files())
        assert self.linted.findings == lint(fresh)
        _check_indexes(self.analysis, self.linted, fresh)
        return self.linted

    def replace(self, path: str, old: str, new: str) -> Linted:
        at = self.texts[path].index(old)
        return self.edit(path, at, len(old), new)


def _ids(items: object) -> set[int]:
    return set(map(id, items))  # type: ignore[call-overload]


def _check_indexes(analysis: Analysis, linted: Linted, fresh: Analysis) -> None:
    """The incremental structures hold what fresh ones would."""
    reuse = analysis.reuse
    assert reuse is not None
    assert reuse.locator.files == Locator(analysis.schema.decls).files
    assert {p: v[:2] for p, v in reuse.locator.files.items()} == {
        p: v[:2] for p, v in Locator(fresh.schema.decls).files.items()}
    change = reuse.change
    if change is not None and change.relations is not None:
        scanned = touching(analysis.schema.relations, change.dirty)
        assert [id(r) for r in change.relations] == [id(r) for r in scanned]
    blocks = linted.blocks
    if blocks is None:
        return
    assert blocks.found.keys() == blocks.places.keys()
    local = [f for items in blocks.found.values() for f in items]
    assert sorted(map(id, local)) == sorted(map(id, linted.local))
    away: dict[str, set[int]] = {}
    away_edits: dict[str, set[int]] = {}
    decls = set(map(id, analysis.schema.decls))
    assert blocks.loose <= blocks.places.keys()
    for key, places in blocks.places.items():
        items = blocks.found[key]
        every = [*places.pinned, *places.home_spans, *places.home_edits,
                 *(s for spans in places.away_spans.values() for s in spans),
                 *(e for edits in places.away_edits.values() for e in edits)]
        made = [o for f in items for o in (f.span, *(s for s, _ in f.related),
                                           *(e for fix in f.fixes for e in fix.edits))]
        assert _ids(every) == _ids(made)  # each offset object of the block's findings, once
        assert len(every) == len(_ids(every))
        homes: list[Span | Edit] = [*places.pinned, *places.home_spans, *places.home_edits]
        for home in homes:
            found = reuse.locator.block(home.path, home.start)
            assert found is not None and found[0] == key
            assert found[1] <= home.start and home.end <= found[2]
        for pinned in places.pinned:  # each pinned to its block's (current) declaration
            anchor = anchor_of(pinned)
            assert anchor is not None and id(anchor.block) == key  # type: ignore[attr-defined]
            assert id(anchor) in decls
        assert (key in blocks.loose) == bool(places.home_spans or places.home_edits)
        assert not any(map(is_pinned, places.spans)) and not any(map(is_pinned, places.edits))
        for path, spans in places.away_spans.items():
            assert all(s.path == path for s in spans)
            away.setdefault(path, set()).update(map(id, spans))
        for path, edits in places.away_edits.items():
            assert all(e.path == path for e in edits)
            away_edits.setdefault(path, set()).update(map(id, edits))
    assert {p: set(d) for p, d in blocks.away_spans.items() if d} == away
    assert {p: set(d) for p, d in blocks.away_edits.items() if d} == away_edits
    # No offset object belongs to two blocks, and the set of owned ones is exact.
    every_block = [places.ids for places in blocks.places.values()]
    assert sum(map(len, every_block)) == len(blocks.owned)
    assert set().union(*every_block) == blocks.owned
    assert blocks.replaced == []


def _session() -> Session:
    return Session({"users.prisma": USERS, "posts.prisma": POSTS})


UNRELATED = """\
model Alpha {
  id   Int    @id
  name String
}

model Beta {
  id        Int      @id
  createdAt DateTime
  userName  String
}

model Gamma {
  id       Int    @id
  fullName String
}

datasource db {
  provider = "postgresql"
}
"""


def test_an_edit_at_the_start_of_a_file_moves_every_kept_finding_of_that_file() -> None:
    session = Session({"s.prisma": UNRELATED})
    before = {id(f): f.span.start for f in session.linted.findings
              if f.span.start > UNRELATED.index("model Beta")}
    session.edit("s.prisma", 0, 0, "// models\n")  # re-parses Alpha, moves the others
    assert session.linted.blocks is not None
    moved = [f for f in session.linted.findings if id(f) in before]
    assert len(moved) == len(before) > 0
    assert all(f.span.start == before[id(f)] + len("// models\n") for f in moved)
    session.edit("s.prisma", 0, 0, "\n\n")
    session.edit("s.prisma", 0, 3, "")
    assert session.linted.blocks is not None


def test_an_edit_at_the_end_of_a_file_moves_nothing() -> None:
    session = _session()
    first = session.replace("users.prisma", "  price     Float", "  cost      Float")
    end = len(session.texts["users.prisma"])
    before = {id(f): (f.span.start, f.span.end) for f in first.findings}
    session.edit("users.prisma", end, 0, "\n// done\n")
    assert session.linted.blocks is not None
    kept = [f for f in session.linted.findings if id(f) in before]
    assert kept
    assert all((f.span.start, f.span.end) == before[id(f)] for f in kept)


def test_edits_in_the_last_block_of_a_file() -> None:
    session = _session()
    session.replace("users.prisma", "label String @db.VarChar", "label String")
    assert session.linted.blocks is not None
    session.replace("users.prisma", "  posts Post[]\n}\n", "  posts Post[]\n  slug  String\n}\n")
    session.replace("posts.prisma", "onDelete: Cascade)", "onDelete: Cascade)\n  note   String?")
    assert session.linted.blocks is not None


def test_findings_pointing_into_another_file_move_with_edits_there() -> None:
    session = _session()
    session.edit("posts.prisma", 0, 0, "model Early {\n  id Int @id\n}\n\n")  # linted afresh
    user = id(session.analysis.schema.models["User"].decl.block)
    for old, new in [("  id Int @id\n}", "  id Int @id\n  at Int\n}"), ("  at Int\n", "")]:
        session.replace("posts.prisma", old, new)
        blocks = session.linted.blocks
        assert blocks is not None
        text = session.texts["posts.prisma"]
        # Comment's finding names Post; User's fix edits Post's `authorId` type.
        spans = blocks.away_spans.get("posts.prisma", {}).values()
        assert {text[s.start:s.end] for s in spans} == {"Post"}
        edits = blocks.places[user].away_edits["posts.prisma"]
        assert [text[e.start:e.end] for e in edits] == ["Int"]


def test_deleting_and_inserting_a_whole_block() -> None:
    session = _session()
    tag = session.texts["users.prisma"].index("model Tag")
    end = session.texts["users.prisma"].index("}\n", tag) + 2
    block = session.texts["users.prisma"][tag:end]
    session.edit("users.prisma", tag, end - tag, "")  # declarations changed: linted afresh
    assert session.analysis.reuse is not None and session.analysis.reuse.change is None
    at = session.texts["users.prisma"].index("firstName")
    session.edit("users.prisma", at, 0, "x")  # and the next keystroke is incremental again
    assert session.linted.blocks is not None
    session.edit("users.prisma", tag, 0, block)  # the block is back
    session.edit("posts.prisma", 0, 0, "model Fresh {\n  id Int @id\n  user User\n}\n\n")
    at = session.texts["posts.prisma"].index("user User")
    session.edit("posts.prisma", at, 0, "the")
    assert session.linted.blocks is not None


def test_a_kept_block_reaching_into_the_edit_is_linted_again() -> None:
    session = _session()
    # Comment's relation names Post: its findings point into Post's block.
    session.replace("posts.prisma", "payload   Json", "payload   Json?")
    session.replace("posts.prisma", "model Post {", "model Post  {")
    assert [f.code for f in session.linted.findings] == [f.code for f in lint(
        analyze([SourceFile(p, t) for p, t in session.texts.items()]))]


def test_the_region_of_an_edit_at_the_ends_of_a_file() -> None:
    text = USERS
    old = parse(text)
    start = reparse(old, (TextEdit(0, 0, "// a\n"),))
    where = region("u", old, start)
    assert (where.old_start, where.delta) == (0, 5)
    end = reparse(old, (TextEdit(len(text), len(text), "\nmodel Z {\n  id Int @id\n}\n"),))
    where = region("u", old, end)
    assert where.old_end == len(text)
    assert where.new_end == len(end.text)
    assert where.old_start > text.index("model Tag")
    same = region("u", old, old)
    assert (same.old_start, same.old_end, same.new_end) == (len(text),) * 3
    # A block inserted between two: nothing of the old text was re-parsed.
    at = text.index("model Tag")
    between = reparse(old, (TextEdit(at, at, "model Y {\n  id Int @id\n}\n\n"),))
    where = region("u", old, between)
    assert where.old_start <= at <= where.old_end
    assert between.text[where.old_start:where.new_end].count("model ") >= 1


def test_the_locator_finds_blocks_and_their_ranges_per_file() -> None:
    analysis = analyze([SourceFile("users.prisma", USERS), SourceFile("posts.prisma", POSTS)])
    locator = Locator(analysis.schema.decls)
    assert list(locator.files) == ["users.prisma", "posts.prisma"]
    at = USERS.index("model Tag")
    found = locator.block("users.prisma", at + 3)
    assert found is not None
    key, start, end = found
    tag = analysis.schema.models["Tag"]
    assert key == id(tag.decl.block)
    assert USERS[start:end].startswith("model Tag") and USERS[start:end].endswith("}")
    assert locator.owner("users.prisma", at + 3) == key
    assert locator.owner("users.prisma", at - 1) is None  # between blocks
    assert locator.block("posts.prisma", 0) is not None
    assert locator.block("other.prisma", 0) is None
    # Declarations not grouped by file still land in their files, in order.
    decls = analysis.schema.decls
    mixed = Locator([decls[-1], *decls[:-1]])
    assert {p: sorted(zip(*v, strict=True)) for p, v in mixed.files.items()} == {
        p: sorted(zip(*v, strict=True)) for p, v in locator.files.items()}


RELATED = """\
datasource db {
  provider = "postgresql"
}

model User {
  id       Int     @id
  boss     User?   @relation("boss", fields: [bossId], references: [id])
  bossId   Int?
  staff    User[]  @relation("boss")
  posts    Post[]
  a1       Pair[]
}

model Post {
  id       Int     @id
  authorId Int
  author   User    @relation(fields: [authorId], references: [id])
  editorId Int
  editor   User    @relation(fields: [editorId], references: [id])
}

model Pair {
  id    Int  @id
  one   User @relation(fields: [oneId], references: [id])
  two   User @relation(fields: [twoId], references: [id])
  oneId Int
  twoId Int
}

model Lonely {
  id   Int  @id
  post Post
}

model Post {
  id Int @id
}
"""


def test_relations_from_the_dirty_declarations_are_the_scanned_ones() -> None:
    analysis = analyze([SourceFile("r.prisma", RELATED)])
    schema = analysis.schema
    assert analysis.cache.pairing is not None and analysis.reuse is not None
    referrers = analysis.reuse.layout.referrers
    entities: list[Entity] = [*schema.all_models, *schema.all_enums,
                              *schema.all_composite_types]

    def position(entity: Entity) -> tuple[int, int]:
        return 0, entity.decl.offset

    assert any(r.back is None for r in schema.relations)  # ambiguous and one-sided ones too
    for entity in entities:
        dirty = frozenset({id(entity.decl.block)})
        found = touching_from(analysis.cache.pairing, referrers, [entity], dirty, position)
        scanned = [r for r in schema.relations if touches(r, dirty)]
        assert [id(r) for r in found] == [id(r) for r in scanned], entity.name
        assert [id(r) for r in touching(schema.relations, dirty)] == [id(r) for r in scanned]
    every = frozenset(id(e.decl.block) for e in entities)
    found = touching_from(analysis.cache.pairing, referrers, entities, every, position)
    assert [id(r) for r in found] == [id(r) for r in schema.relations]


def test_relations_of_a_change_follow_edits() -> None:
    session = Session({"r.prisma": RELATED})
    session.replace("r.prisma", "  editorId Int\n", "  editorId Int\n  title String\n")
    session.replace("r.prisma", "  one   User", "  one   User ")
    session.replace("r.prisma", "  post Post\n", "  post Post\n  x Int\n")
    change = session.analysis.reuse.change if session.analysis.reuse is not None else None
    assert change is not None and change.relations is not None


def test_moved_offsets_match_a_fresh_lint_exactly() -> None:
    session = _session()
    at = session.texts["users.prisma"].index("  price")
    session.edit("users.prisma", at, 0, "  nickname String\n")
    fresh = lint(analyze([SourceFile(p, t) for p, t in session.texts.items()]))
    spans: list[Span] = []
    edits: list[Edit] = []
    for one, other in zip(session.linted.findings, fresh, strict=True):
        spans.extend((one.span, other.span))
        for a, b in zip(one.fixes, other.fixes, strict=True):
            edits.extend(a.edits)
            assert a.edits == b.edits
        assert one.related == other.related
    assert spans[0::2] == spans[1::2]
    assert edits


def test_the_locator_after_an_edit_is_the_one_of_the_edited_text() -> None:
    files = [SourceFile("users.prisma", USERS), SourceFile("posts.prisma", POSTS)]
    before = analyze(files)
    assert before.reuse is not None
    old = before.reuse.locator
    snapshot = {p: tuple(map(list, v)) for p, v in old.files.items()}
    edits = [
        ("users.prisma", 0, 0, "// users\n"),  # the first block of a file is a datasource
        ("users.prisma", len(USERS), 0, "\nmodel Z {\n  id Int @id\n}\n"),  # a block at the end
        ("posts.prisma", POSTS.index("model Comment"), 0, "model Y {\n  id Int @id\n}\n\n"),
        ("posts.prisma", POSTS.index("model Comment"), len(POSTS) - POSTS.index("model Comment"),
         ""),  # the last block deleted
        ("posts.prisma", POSTS.index("authorId  Int"), 0, "x"),
    ]
    for path, at, size, new in edits:
        analysis = analyze(files)
        assert analysis.reuse is not None
        after = reanalyze(analysis, path, [TextEdit(at, at + size, new)])
        assert after.reuse is not None
        fresh = Locator(after.schema.decls)
        assert after.reuse.locator.files == fresh.files
        assert after.reuse.locator is not analysis.reuse.locator
    # The locator moved from is left as it was (the next lint places old findings by it).
    assert {p: tuple(map(list, v)) for p, v in old.files.items()} == snapshot


def test_a_locator_moved_by_an_edit_it_does_not_hold_is_built_whole() -> None:
    analysis = analyze([SourceFile("users.prisma", USERS)])
    assert analysis.reuse is not None
    locator = analysis.reuse.locator
    decls = analysis.schema.decls
    wrong = Shifter(Region("users.prisma", 0, 0, 7))  # says text was inserted: it was not
    assert locator.moved(decls, wrong).files == Locator(decls).files
    other = Shifter(Region("else.prisma", 0, 0, 7))
    assert locator.moved(decls, other).files == Locator(decls).files


def test_the_region_between_trees_not_made_one_from_the_other_is_everything() -> None:
    # No segment object is shared: every one counts as re-parsed, from the start
    # to the end of both texts.
    old, new = parse(USERS), parse(USERS + "\n")
    where = region("u", old, new)
    assert (where.old_start, where.old_end, where.new_end) == (0, len(USERS), len(USERS) + 1)
    # A re-parse shares the segments before the edit (the one just before it is
    # cut again, keeping its parse): the region starts at the edit.
    at = USERS.index("model Tag")
    edited = reparse(old, (TextEdit(at + 6, at + 6, "X"),))
    where = region("u", old, edited)
    assert where.old_start <= at + 6 < where.old_end
    assert where.delta == 1
    kept = [(a, b) for a, b in zip(old.segments, edited.segments, strict=False)
            if a.offset < where.old_start]
    assert kept and kept[0][0] is kept[0][1]
    assert all(a.parsed is b.parsed and a.offset == b.offset for a, b in kept)


EMULATED = """\
datasource db {
  provider     = "mysql"
  relationMode = "prisma"
}

model User {
  id Int @id
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}

model Comment {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""
POST_END = "  author   User @relation(fields: [authorId], references: [id])\n}\n\nmodel Comment"
EDITOR = ('  editorId Int\n  editor   User @relation("e", fields: [editorId], '
          'references: [id])\n')


def _relation_mode_spans(linted: Linted) -> list[Span]:
    return [f.related[0][0] for f in linted.findings if f.code == "PAI006"]


def test_findings_of_two_blocks_sharing_a_related_place_keep_one_each() -> None:
    # PAI006 gives every finding of one lint the same related place (the
    # `relationMode` line): a kept object of two blocks, once taken out of the
    # index with the first block that went, made dropping the other one raise
    # (KeyError) and left it unmoved by edits before it.
    session = Session({"s.prisma": EMULATED})
    shared = _relation_mode_spans(session.linted)
    assert len(shared) == 2 and shared[0] is shared[1]
    session.replace("s.prisma", POST_END, POST_END.replace("}", EDITOR + "}", 1))
    spans = _relation_mode_spans(session.linted)
    assert len(spans) == 3 and len(set(map(id, spans))) == 2  # Post's two share, Comment's own
    session.replace("s.prisma", "model Comment {\n  id ", "model Comment {\n  id  ")
    session.edit("s.prisma", 0, 0, "\n")
    text = session.texts["s.prisma"]
    assert {text[s.start:s.end] for s in _relation_mode_spans(session.linted)} == {
        'relationMode = "prisma"'}
    at = text.index("model Post {\n  id ") + len("model Post {\n  id ")
    session.edit("s.prisma", at, 0, " ")


def test_a_check_after_sharing_findings_were_copied_shows_the_copies() -> None:
    # The first keystroke's split copies Comment's finding (its related place is
    # Post's): the check takes the old finding out and shows the copy.
    settings = default_settings()
    text = EMULATED
    current = run_check([SourceFile("s.prisma", text)], settings)
    steps = [("model Comment {\n  id ", "model Comment {\n  id  "), ("datasource", "\ndatasource"),
             (POST_END, POST_END.replace("}", EDITOR + "}", 1)), ("\ndatasource", "datasource")]
    for old, replacement in steps:
        start, size = text.index(old), len(old)
        while old[:1] == replacement[:1]:  # typed where the two differ, as an editor sends it
            old, replacement, start, size = old[1:], replacement[1:], start + 1, size - 1
        new = replacement
        current = recheck(current, "s.prisma", [TextEdit(start, start + size, new)], settings)
        text = text[:start] + new + text[start + size:]
        full = run_check([SourceFile("s.prisma", text)], settings)
        assert current.findings == full.findings
        assert current.diagnostics == full.diagnostics
        shown = current.shown
        assert shown is not None
        assert sorted(map(id, shown.findings)) == sorted(map(id, current.linted.findings))
