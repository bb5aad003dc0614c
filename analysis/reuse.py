"""Reusing per-declaration results between two analyses of one schema.

After a keystroke, most declarations are untouched: the incremental parser
keeps their :class:`~analysis.syntax.nodes.Parsed` (and so their ``Block``)
object, and the model cache keeps their entities. Validation checks and rules
that work declaration by declaration ("local" ones) then need to run only on
the declarations whose results can have changed:

* the *changed* blocks (re-parsed, or inside the re-parsed region), and
* their *neighbours*: the declarations a changed one names in a field type,
  and the ones whose fields name it (old or new version).

That holds as long as everything a local check reads outside its own
declaration and those neighbours is unchanged: the *declaration signature*
(kinds, names, table names, `@@schema`, `@@ignore`, views, enum values, the
datasource and generators, type aliases). :func:`compare` gives up
(``None``) when the signature changed; everything then runs again.

Results are kept by owning block (the block whose range holds the result's
start). Results of clean blocks after the edit keep their objects; their
offsets are moved in place by :func:`shift` (the previous analysis is consumed
by the edit, so nothing else sees the old offsets).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from analysis.diagnostics import Diagnostic, Related
from analysis.model.schema import (
    CompositeType,
    Decl,
    Enum,
    Model,
    Relation,
    Schema,
    Span,
)
from analysis.rules.base import Edit, Finding
from analysis.syntax.parse import SyntaxTree

Entity = Model | Enum | CompositeType


@dataclass(frozen=True, slots=True)
class Region:
    """The part of one file an edit re-parsed: ``[old_start, old_end)`` of the old
    text became ``[old_start, new_end)``; offsets from ``old_end`` on move by ``delta``."""

    path: str
    old_start: int
    old_end: int
    new_end: int

    @property
    def delta(self) -> int:
        return self.new_end - self.old_end


def region(path: str, old: SyntaxTree, new: SyntaxTree) -> Region:
    """The segments of ``new`` that are not the same parse at the same place in ``old``."""
    a, b = old.segments, new.segments
    front = 0
    limit = min(len(a), len(b))
    while (front < limit and a[front].parsed is b[front].parsed
           and a[front].offset == b[front].offset):
        front += 1
    back = 0
    while back < limit - front and a[len(a) - 1 - back].parsed is b[len(b) - 1 - back].parsed:
        back += 1
    start = a[front].offset if front < len(a) else len(old.text)
    old_end = a[len(a) - back].offset if back else len(old.text)
    new_end = b[len(b) - back].offset if back else len(new.text)
    return Region(path, start, old_end, new_end)


@dataclass(slots=True)
class Change:
    """What an edit changed in the model, for the local checks and rules.

    ``dirty`` holds the ids of the current blocks whose local results are
    recomputed; ``removed`` the ids of old blocks that are gone (their results
    are dropped); ``entities`` the current entities of the dirty blocks, in
    declaration order (what a restricted run iterates).
    """

    region: Region
    dirty: frozenset[int]
    removed: frozenset[int]
    entities: list[Entity]


@dataclass(slots=True)
class Layout:
    """The declarations of one analysis, kept for comparing it with the next."""

    decls: list[Decl]
    entities: dict[int, Entity]
    """Model, enum or composite type of each block (by block id)."""
    referrers: dict[str, dict[int, Entity]]
    """Type name → the entities with a field of that type."""
    aliases: tuple[str, ...]
    prisma_version: int


def _entities(schema: Schema) -> dict[int, Entity]:
    out: dict[int, Entity] = {}
    for group in (schema.all_models, schema.all_enums, schema.all_composite_types):
        for entity in group:
            out[id(entity.decl.block)] = entity
    return out


def _named(entity: Entity) -> Iterator[str]:
    if isinstance(entity, Model | CompositeType):
        for fld in entity.fields:
            if fld.type_name:
                yield fld.type_name


def layout(schema: Schema, previous: Layout | None = None,
           change: tuple[list[Entity], list[Entity]] | None = None,
           entities: dict[int, Entity] | None = None) -> Layout:
    """The layout of ``schema``; with ``previous`` and the (old, new) changed
    entities, the previous referrer index is updated instead of rebuilt."""
    if entities is None:
        entities = _entities(schema)
    if previous is None or change is None:
        referrers: dict[str, dict[int, Entity]] = {}
        for entity in entities.values():
            for name in _named(entity):
                referrers.setdefault(name, {})[id(entity)] = entity
    else:
        referrers = previous.referrers
        old, new = change
        for entity in old:
            for name in _named(entity):
                found = referrers.get(name)
                if found is not None:
                    found.pop(id(entity), None)
        for entity in new:
            for name in _named(entity):
                referrers.setdefault(name, {})[id(entity)] = entity
    return Layout(list(schema.decls), entities, referrers,
                  tuple(name for name, _ in schema.aliases), schema.prisma_version)


def signature(entity: Entity | None, decl: Decl) -> tuple[object, ...]:
    """What other declarations may read of a declaration besides its neighbours."""
    head = (decl.path, decl.block.kind, decl.block.name.text)
    if isinstance(entity, Model):
        return (*head, entity.db_name, entity.schema, entity.is_ignored, entity.is_view)
    if isinstance(entity, Enum):
        return (*head, entity.db_name, entity.schema, tuple(v.name for v in entity.values))
    return head


def compare(old: Layout, new_schema: Schema, where: Region) -> tuple[Change, Layout] | None:
    """The change from ``old`` to ``new_schema`` and the new layout, or ``None``
    when the declaration signature changed (then nothing can be reused)."""
    new_decls = new_schema.decls
    if (len(new_decls) != len(old.decls) or new_schema.prisma_version != old.prisma_version
            or tuple(name for name, _ in new_schema.aliases) != old.aliases):
        return None
    entities = _entities(new_schema)
    changed_old: list[Entity] = []
    changed_new: list[Entity] = []
    path, start, end = where.path, where.old_start, where.new_end
    for before, after in zip(old.decls, new_decls, strict=True):
        block = after.block
        if before.block is block and not (after.path == path and start <= after.offset < end):
            continue
        if block.kind in ("datasource", "generator") or before.block.kind != block.kind:
            return None
        was = old.entities.get(id(before.block))
        now = entities.get(id(block))
        if signature(was, before) != signature(now, after):
            return None
        if was is not None:
            changed_old.append(was)
        if now is not None:
            changed_new.append(now)
    new = layout(new_schema, old, (changed_old, changed_new), entities)
    own = {e.name for e in (*changed_old, *changed_new)}
    names = set(own)
    for entity in (*changed_old, *changed_new):
        names.update(_named(entity))
    dirty = {id(e.decl.block) for e in changed_new}
    if _has_duplicates(new_schema):
        dirty.update(key for key, e in entities.items() if e.name in names)
    else:
        for name in names:
            found = new_schema.type_decl(name)
            if found is not None:
                dirty.add(id(found.decl.block))
    for name in own:
        dirty.update(id(e.decl.block) for e in new.referrers.get(name, {}).values())
    removed = frozenset(id(e.decl.block) for e in changed_old) - set(entities)
    ordered = [entities[id(d.block)] for d in new_decls if id(d.block) in dirty]
    return Change(where, frozenset(dirty), removed, ordered), new


def _has_duplicates(schema: Schema) -> bool:
    return (len(schema.all_models) != len(schema.models)
            or len(schema.all_enums) != len(schema.enums)
            or len(schema.all_composite_types) != len(schema.composite_types))


def touches(relation: Relation, dirty: frozenset[int]) -> bool:
    """Whether a relation joins a dirty declaration."""
    forward = relation.forward
    if id(forward.owner.decl.block) in dirty:
        return True
    target = forward.target
    if target is not None and id(target.decl.block) in dirty:
        return True
    back = relation.back
    return back is not None and id(back.owner.decl.block) in dirty


def touching(relations: list[Relation], dirty: frozenset[int]) -> list[Relation]:
    """The relations that join a dirty declaration (:func:`touches`, inlined: it
    runs over every relation of the schema on each keystroke)."""
    out = []
    for relation in relations:
        forward = relation.forward
        target = forward.target
        back = relation.back
        if (id(forward.owner.decl.block) in dirty
                or (target is not None and id(target.decl.block) in dirty)
                or (back is not None and id(back.owner.decl.block) in dirty)):
            out.append(relation)
    return out


def restricted(schema: Schema, change: Change) -> Schema:
    """A view of ``schema`` whose lists hold only the dirty declarations (its
    name lookups still see everything)."""
    dirty = change.dirty
    return Schema(
        decls=schema.decls,  # read for names (say, "did you mean"), not walked by local checks
        models=schema.models,
        enums=schema.enums,
        composite_types=schema.composite_types,
        datasources=schema.datasources,
        generators=schema.generators,
        relations=touching(schema.relations, dirty),
        all_models=[e for e in change.entities if isinstance(e, Model)],
        all_enums=[e for e in change.entities if isinstance(e, Enum)],
        all_composite_types=[e for e in change.entities if isinstance(e, CompositeType)],
        prisma_version=schema.prisma_version,
        aliases=[],
        syntax_errors=schema.syntax_errors,
    )


# ---------------------------------------------------------------------------
# Results by owning block
# ---------------------------------------------------------------------------


class Locator:
    """Which block's range holds an offset, per file."""

    __slots__ = ("files",)

    def __init__(self, decls: Iterable[Decl]) -> None:
        self.files: dict[str, tuple[list[int], list[int], list[int]]] = {}
        for decl in decls:
            starts, ends, ids = self.files.setdefault(decl.path, ([], [], []))
            starts.append(decl.offset + decl.block.start)
            ends.append(decl.offset + decl.block.end)
            ids.append(id(decl.block))

    def owner(self, path: str, offset: int) -> int | None:
        found = self.files.get(path)
        if found is None:
            return None
        starts, ends, ids = found
        i = bisect_right(starts, offset) - 1
        if i < 0 or offset > ends[i]:
            return None
        return ids[i]


class Located(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def start(self) -> int: ...


T = TypeVar("T")


def where(item: object) -> tuple[str, int]:
    """The place that owns a result: a diagnostic's start or a finding's span start."""
    span = getattr(item, "span", None)
    if isinstance(span, Span):
        return span.path, span.start
    assert isinstance(item, Diagnostic)
    return item.path, item.start


def partition(items: Iterable[T], locator: Locator) -> dict[int, list[T]] | None:
    """``items`` by owning block; ``None`` when one lies outside every block
    (then they cannot be reused piecewise)."""
    out: dict[int, list[T]] = {}
    for item in items:
        owner = locator.owner(*where(item))
        if owner is None:
            return None
        out.setdefault(owner, []).append(item)
    return out


def update(parts: dict[int, list[T]], fresh: Iterable[T], locator: Locator,
           change: Change, shifter: Shifter | None = None) -> bool:
    """Replace the dirty blocks' results in ``parts`` by ``fresh`` (results of a
    run restricted to them), moving the kept ones with ``shifter``; ``False``
    (``parts`` then unusable) when a fresh result lies outside every block or a
    kept one points into the re-parsed region (say, a related span in a
    changed declaration its check does not count as a neighbour)."""
    dirty = change.dirty
    mine: dict[int, list[T]] = {}
    for item in fresh:
        owner = locator.owner(*where(item))
        if owner is None:
            return False
        if owner in dirty:
            mine.setdefault(owner, []).append(item)
    for key in change.removed:
        parts.pop(key, None)
    for key in dirty:
        parts.pop(key, None)
    if shifter is not None:
        for items in parts.values():
            if not shifter.items(items):
                return False
    parts.update(mine)
    return True


# ---------------------------------------------------------------------------
# Moving offsets
# ---------------------------------------------------------------------------

def _setter(cls: type, name: str) -> Callable[[object, int], None]:
    """The slot's own setter: it writes a frozen dataclass's field in place."""
    setter: Callable[[object, int], None] = cls.__dict__[name].__set__
    return setter


_SPAN_START = _setter(Span, "start")
_SPAN_END = _setter(Span, "end")
_DIAG_START = _setter(Diagnostic, "start")
_DIAG_END = _setter(Diagnostic, "end")
_REL_START = _setter(Related, "start")
_REL_END = _setter(Related, "end")
_EDIT_START = _setter(Edit, "start")
_EDIT_END = _setter(Edit, "end")

OffsetSetters = tuple[Callable[[object, int], None], Callable[[object, int], None]]
SPAN_SETTERS: OffsetSetters = (_SPAN_START, _SPAN_END)
"""What moves a kept span's ``start`` and ``end`` in place (so does ``EDIT_SETTERS`` an edit's)."""
EDIT_SETTERS: OffsetSetters = (_EDIT_START, _EDIT_END)


def place(diagnostic: Diagnostic, start: int, end: int) -> None:
    """Move a kept diagnostic to where its (moved) finding now is."""
    _DIAG_START(diagnostic, start)
    _DIAG_END(diagnostic, end)


def place_related(diagnostic: Diagnostic, spans: Sequence[tuple[Span, str]]) -> None:
    """Move a kept diagnostic's related places to where its finding's now are."""
    for related, (span, _) in zip(diagnostic.related, spans, strict=True):
        if related.start != span.start or related.end != span.end:
            _REL_START(related, span.start)
            _REL_END(related, span.end)


class Shifter:
    """Moves the offsets of kept results past an edit, each object once.

    Spans, diagnostics and edits are frozen values to everyone else; only
    results carried over from the consumed previous analysis are moved, before
    anyone reads them again.
    """

    __slots__ = ("after", "delta", "path", "seen", "start")

    def __init__(self, where: Region) -> None:
        self.path = where.path
        self.start = where.old_start
        self.after = where.old_end
        self.delta = where.delta
        self.seen: set[int] = set()

    def _moves(self, path: str, start: int, end: int) -> bool | None:
        """Whether a kept range moves; ``None`` when it reaches into the re-parsed region."""
        if path != self.path or end <= self.start:
            return False
        if start >= self.after:
            return True
        return None

    def items(self, items: Iterable[object]) -> bool:
        """Move ``items``; ``False`` when one of them points into the re-parsed region."""
        for item in items:
            if isinstance(item, Diagnostic):
                if not self.diagnostic(item):
                    return False
            else:
                assert isinstance(item, Finding)
                if not self.finding(item):
                    return False
        return True

    def span(self, span: Span) -> bool:
        moves = self._moves(span.path, span.start, span.end)
        if moves and id(span) not in self.seen:
            self.seen.add(id(span))
            _SPAN_START(span, span.start + self.delta)
            _SPAN_END(span, span.end + self.delta)
        return moves is not None

    def finding(self, finding: Finding) -> bool:
        if not self.span(finding.span):
            return False
        for span, _ in finding.related:
            if not self.span(span):
                return False
        seen, delta = self.seen, self.delta
        for fix in finding.fixes:
            if id(fix) in seen:
                continue
            seen.add(id(fix))
            for edit in fix.edits:
                moves = self._moves(edit.path, edit.start, edit.end)
                if moves is None:
                    return False
                if moves and id(edit) not in seen:
                    seen.add(id(edit))
                    _EDIT_START(edit, edit.start + delta)
                    _EDIT_END(edit, edit.end + delta)
        return True

    def diagnostic(self, diagnostic: Diagnostic) -> bool:
        moves = self._moves(diagnostic.path, diagnostic.start, diagnostic.end)
        if moves is None:
            return False
        if moves and id(diagnostic) not in self.seen:
            self.seen.add(id(diagnostic))
            _DIAG_START(diagnostic, diagnostic.start + self.delta)
            _DIAG_END(diagnostic, diagnostic.end + self.delta)
        for related in diagnostic.related:
            moves = self._moves(related.path, related.start, related.end)
            if moves is None:
                return False
            if moves and id(related) not in self.seen:
                self.seen.add(id(related))
                _REL_START(related, related.start + self.delta)
                _REL_END(related, related.end + self.delta)
        return True
