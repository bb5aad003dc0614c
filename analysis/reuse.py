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

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, count, groupby, islice, repeat
from operator import add, and_, attrgetter, eq, is_, is_not, not_, or_
from typing import Protocol, TypeVar

from analysis.diagnostics import Diagnostic, Related
from analysis.model.relations import Pairing, relations_of
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
from analysis.syntax.nodes import Attribute, Block
from analysis.syntax.nodes import Field as FieldNode
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
    touched: tuple[int, int] | None = None
    """The range of the old text the edit replaced, when it was one edit (the
    rest of the region is the same text, moved or not); ``None``: anywhere in
    the region."""

    @property
    def delta(self) -> int:
        return self.new_end - self.old_end

    @property
    def edit_start(self) -> int:
        return self.touched[0] if self.touched is not None else self.old_start

    @property
    def edit_end(self) -> int:
        return self.touched[1] if self.touched is not None else self.old_end


def region(path: str, old: SyntaxTree, new: SyntaxTree) -> Region:
    """The segments of ``new`` that are not the same parse at the same place in ``old``
    (compared in C loops: a keystroke keeps all but a few of thousands)."""
    a, b = old.segments, new.segments
    limit = min(len(a), len(b))
    # A re-parse keeps the segments before the edit as they were, the same
    # objects: comparing pointers (no segment read) finds where they end.
    front = next(compress(count(), map(is_not, a, b)), limit)
    same = map(and_, map(is_, map(_PARSED, a[front:]), map(_PARSED, b[front:])),
               map(eq, map(_SEGMENT_OFFSET, a[front:]), map(_SEGMENT_OFFSET, b[front:])))
    front = next(compress(count(front), map(not_, same)), limit)
    tail = map(is_, map(_PARSED, reversed(a)), map(_PARSED, reversed(b)))
    back = next(compress(count(), map(not_, islice(tail, limit - front))), limit - front)
    start = a[front].offset if front < len(a) else len(old.text)
    old_end = a[len(a) - back].offset if back else len(old.text)
    new_end = b[len(b) - back].offset if back else len(new.text)
    return Region(path, start, old_end, new_end)


_PARSED = attrgetter("parsed")
_SEGMENT_OFFSET = attrgetter("offset")


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
    relations: list[Relation] | None = None
    """The relations that join a dirty declaration, in ``schema.relations``
    order (:func:`touching`); ``None``: not found yet (:func:`restricted`
    then looks through them all)."""
    edited: frozenset[int] = frozenset()
    """The dirty blocks in the re-parsed region (the others are neighbours)."""
    views: frozenset[str] | None = None
    """The declarations whose :func:`face` of an edited one changed (what their
    relations read of it); ``None``: any may have."""

    @property
    def faces_kept(self) -> bool:
        """Whether no declaration's view of the edited ones changed."""
        return self.views is not None and not self.views


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
    ranks: dict[str, int] = field(default_factory=dict)
    """Each file with a declaration → its place among them (the order of ``decls``)."""


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
    decls = list(schema.decls)
    ranks = previous.ranks if previous is not None and change is not None else _ranks(decls)
    return Layout(decls, entities, referrers,
                  tuple(name for name, _ in schema.aliases), schema.prisma_version, ranks)


def _ranks(decls: list[Decl]) -> dict[str, int]:
    return {p: i for i, p in enumerate(dict.fromkeys(map(_PATH, decls)))}


def signature(entity: Entity | None, decl: Decl) -> tuple[object, ...]:
    """What other declarations may read of a declaration besides its neighbours."""
    head = (decl.path, decl.block.kind, decl.block.name.text)
    if isinstance(entity, Model):
        return (*head, entity.db_name, entity.schema, entity.is_ignored, entity.is_view)
    if isinstance(entity, Enum):
        return (*head, entity.db_name, entity.schema, tuple(v.name for v in entity.values))
    return head


Face = tuple[tuple[str, ...], dict[str, tuple[str, ...]]]
"""What :func:`face` gives: what every relation reads, and by declaration name
what that declaration's relations read."""


def face(entity: Entity, text: str,
         referenced: Mapping[str, Iterable[str]] | None = None) -> Face:
    """What a rule may read of a declaration through a relation, besides its
    signature (the ``relations`` neighbours of :class:`~analysis.rules.base.Rule`),
    as text. Shared by every relation: the block attributes and the fields of
    keys (`@id`, `@unique`, `@@id`, `@@unique`). By the name of a declaration:
    the fields of its type, the fields those name in `@relation(fields:,
    references:)`, and the fields it names in its own `references:`
    (``referenced``: by declaration name). An enum's face is its text, shared.

    ``text``: the file's, for the offsets of ``entity``."""
    offset = entity.decl.offset

    def source(node: Attribute | Block | FieldNode) -> str:
        return text[offset + node.start:offset + node.end]

    if isinstance(entity, Enum):
        return (source(entity.decl.block),), {}
    keys: set[str] = set()  # what makes a relation one-to-one, or a key to reference
    if isinstance(entity, Model):
        for index in entity.all_indexes:
            if index.kind in ("id", "unique"):
                keys.update(index.field_names)
    named: dict[str, set[str]] = {n: set(f) for n, f in (referenced or {}).items()}
    shared: list[str] = [source(a) for found in entity.attributes.values() for a in found]
    for fld in entity.fields:
        attr = fld.relation_attr
        if fld.kind != "scalar":
            names = named.setdefault(fld.type_name, set())
            names.add(fld.name)
            if attr is not None:
                names.update(attr.fields or ())
                names.update(attr.references or ())
        elif attr is not None or fld.name in keys or "id" in fld.attributes \
                or "unique" in fld.attributes:
            shared.append(source(fld.node))
    by_name = {
        name: tuple(source(f.node) for f in entity.fields if f.name in names)
        for name, names in named.items()
    }
    return tuple(shared), by_name


def _referenced(entity: Entity, referrers: dict[str, dict[int, Entity]]) -> dict[str, set[str]]:
    """By declaration name: the fields of ``entity`` it names in `references:`."""
    out: dict[str, set[str]] = {}
    for other in referrers.get(entity.name, {}).values():
        if isinstance(other, Model | CompositeType):
            for fld in other.fields:
                attr = fld.relation_attr
                if fld.type_name == entity.name and attr is not None and attr.references:
                    out.setdefault(other.name, set()).update(attr.references)
    return out


def views(was: Entity, now: Entity, texts: tuple[str, str],
          referrers: dict[str, dict[int, Entity]]) -> frozenset[str] | None:
    """The declarations whose :func:`face` of an edited declaration (``was``
    before, ``now`` after) changed; ``None``: every one (the shared part changed)."""
    referenced = _referenced(now, referrers)
    old_shared, old = face(was, texts[0], referenced)
    new_shared, new = face(now, texts[1], referenced)
    if old_shared != new_shared:
        return None
    return frozenset(n for n in old.keys() | new.keys() if old.get(n) != new.get(n))


def compare(old: Layout, new_schema: Schema, where: Region,
            pairing: Pairing | None = None,
            texts: tuple[str, str] | None = None) -> tuple[Change, Layout] | None:
    """The change from ``old`` to ``new_schema`` and the new layout, or ``None``
    when the declaration signature changed (then nothing can be reused).

    ``old`` is consumed (its indexes become the new layout's). The declarations
    that changed, the ones in the re-parsed region, are found by bisection; the
    rest of the work is proportional to them.
    With the ``pairing`` that made ``new_schema.relations``, the change also
    holds the relations joining the dirty declarations (:func:`touching_from`);
    with the edited file's ``texts`` (before and after), whether the edited
    declarations kept their :func:`face`.
    """
    new_decls = new_schema.decls
    if (len(new_decls) != len(old.decls) or new_schema.prisma_version != old.prisma_version
            or tuple(name for name, _ in new_schema.aliases) != old.aliases):
        return None
    ranks = old.ranks
    path, start, end = where.path, where.old_start, where.new_end
    if path not in ranks:  # the edited file had no declaration
        ranks = old.ranks = _ranks(new_decls)
    rank = ranks.get(path)
    at: range = range(0)
    if rank is not None:
        # The declarations outside the re-parsed region are the same blocks, at
        # the same index (as many before it and after it, and the same count).
        def place(decl: Decl) -> tuple[int, int]:
            return ranks.get(decl.path, -1), decl.offset

        low = bisect_left(new_decls, (rank, start), key=place)
        at = range(low, bisect_left(new_decls, (rank, end), lo=low, key=place))
        if ((low and old.decls[low - 1].block is not new_decls[low - 1].block)
                or (at.stop < len(new_decls)
                    and old.decls[at.stop].block is not new_decls[at.stop].block)):
            return None  # not aligned as the region says: compare nothing
    entities = old.entities
    changed: list[tuple[int, Entity | None, Entity | None]] = []
    for i in at:
        before, after = old.decls[i], new_decls[i]
        block = after.block
        if block.kind in ("datasource", "generator") or before.block.kind != block.kind:
            return None
        was = entities.get(id(before.block))
        now = _entity_of(new_schema, after)
        if signature(was, before) != signature(now, after):
            return None
        changed.append((id(before.block), was, now))
    changed_old = [was for _, was, _ in changed if was is not None]
    changed_new = [now for _, _, now in changed if now is not None]
    for key, _, _ in changed:
        entities.pop(key, None)
    for now in changed_new:
        entities[id(now.decl.block)] = now
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
    edited = frozenset(id(e.decl.block) for e in changed_new)
    seen: frozenset[str] | None = None
    if texts is not None and not _has_duplicates(new_schema):
        seen = frozenset()
        for _, was, now in changed:
            view = views(was, now, texts, new.referrers) if was and now else None
            if view is None:
                seen = None
                break
            seen |= view
    def position(entity: Entity) -> tuple[int, int]:
        return ranks.get(entity.decl.path, len(ranks)), entity.decl.offset

    ordered = sorted((entities[key] for key in dirty if key in entities), key=position)
    blocks = frozenset(dirty)
    relations = (touching_from(pairing, new.referrers, ordered, blocks, position)
                 if pairing is not None else None)
    return Change(where, blocks, removed, ordered, relations, edited, seen), new


def _entity_of(schema: Schema, decl: Decl) -> Entity | None:
    """The model, enum or composite type of ``decl`` (``None``: a configuration block)."""
    name = decl.block.name.text
    for table in (schema.models, schema.enums, schema.composite_types):
        found = table.get(name)
        if found is not None and found.decl is decl:
            return found
    # A later declaration of a name (a duplicate): look through them all.
    for group in (schema.all_models, schema.all_enums, schema.all_composite_types):
        for entity in group:
            if entity.decl is decl:
                return entity
    return None


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
    """The relations that join a dirty declaration (:func:`touches`, in C loops:
    it runs over every relation of the schema; :func:`touching_from` finds them
    from the dirty declarations instead, when the pairing is at hand)."""
    hit = dirty.__contains__
    forwards = list(map(_FORWARD, relations))
    owners = map(hit, _block_ids(map(_OWNER, forwards)))
    targets = map(hit, _block_ids(map(getattr, forwards, repeat("target"), repeat(None))))
    backs = map(getattr, map(_BACK, relations), repeat("owner"), repeat(None))
    hits = map(or_, map(or_, owners, targets), map(hit, _block_ids(backs)))
    return list(compress(relations, hits))


_FORWARD = attrgetter("forward")
_OWNER = attrgetter("owner")
_BACK = attrgetter("back")


def _block_ids(entities: Iterable[object]) -> Iterator[int]:
    """The ids of the blocks of ``entities`` (``None`` for a missing one has the id of ``None``)."""
    decls = map(getattr, entities, repeat("decl"), repeat(None))
    return map(id, map(getattr, decls, repeat("block"), repeat(None)))


def touching_from(
    pairing: Pairing,
    referrers: dict[str, dict[int, Entity]],
    entities: Iterable[Entity],
    dirty: frozenset[int],
    position: Callable[[Model], tuple[int, int]],
) -> list[Relation]:
    """:func:`touching` of ``schema.relations`` (same relations, same order),
    from the ``entities`` of the ``dirty`` blocks instead of every relation.

    A relation is created by one model (``pairing``) from one of its fields,
    and joins that model and the field's type: the relations touching a
    declaration are among those it created and those created by the models
    with a field of its type (``referrers``, as :class:`Layout` keeps them).
    ``schema.relations`` lists each model's relations in declaration order
    (``position``).
    """
    creators: dict[int, Model] = {}
    for entity in entities:
        if isinstance(entity, Model):
            creators[id(entity)] = entity
        for referrer in referrers.get(entity.name, {}).values():
            if isinstance(referrer, Model):
                creators[id(referrer)] = referrer
    out: list[Relation] = []
    for model in sorted(creators.values(), key=position):
        out.extend(r for r in relations_of(pairing, model) if touches(r, dirty))
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
        relations=(change.relations if change.relations is not None
                   else touching(schema.relations, dirty)),
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
        # Built on every keystroke from every declaration: in C loops, file by
        # file (a schema's declarations are grouped by file, in file order).
        self.files: dict[str, tuple[list[int], list[int], list[int]]] = {}
        for path, group in groupby(decls, key=_PATH):
            part = list(group)
            offsets = list(map(_OFFSET, part))
            starts = list(map(add, offsets, map(_BLOCK_START, part)))
            ends = list(map(add, offsets, map(_BLOCK_END, part)))
            ids = list(map(id, map(_BLOCK, part)))
            found = self.files.get(path)
            if found is None:
                self.files[path] = starts, ends, ids
            else:  # not grouped after all: keep declaration order, as ever
                found[0].extend(starts)
                found[1].extend(ends)
                found[2].extend(ids)

    def moved(self, decls: Sequence[Decl], shifter: Shifter) -> Locator:
        """The locator of ``decls``, the declarations after the edit ``shifter``
        describes, from this one (of the text before it, which stays as it was):
        the blocks before the re-parsed region are kept, the ones after it move
        by the edit's length, only the ones in it are read from ``decls``."""
        path, first, after, delta = shifter.path, shifter.start, shifter.after, shifter.delta
        found = self.files.get(path)
        if found is None:
            return Locator(decls)
        ranks = {p: i for i, p in enumerate(self.files)}
        rank = ranks[path]

        def place(decl: Decl) -> tuple[int, int]:
            return ranks.get(decl.path, -1), decl.offset

        low = bisect_left(decls, (rank, -1), key=place)
        high = bisect_left(decls, (rank + 1, -1), lo=low, key=place)
        starts, ends, ids = found
        before = bisect_right(ends, first)  # blocks wholly before the region
        tail = bisect_left(starts, after)  # the first block after it
        kept_after = len(starts) - tail
        middle = decls[low + before:high - kept_after]
        if (low + before > high - kept_after
                or (before and not _at(decls[low + before - 1], ids[before - 1],
                                       starts[before - 1]))
                or (kept_after and not _at(decls[high - kept_after], ids[tail],
                                           starts[tail] + delta))):
            return Locator(decls)  # not the edit it says (a caller's mistake): build it whole
        offsets = list(map(_OFFSET, middle))
        fresh = Locator.__new__(Locator)
        fresh.files = dict(self.files)
        fresh.files[path] = (
            [*starts[:before], *map(add, offsets, map(_BLOCK_START, middle)),
             *map(delta.__add__, starts[tail:])],
            [*ends[:before], *map(add, offsets, map(_BLOCK_END, middle)),
             *map(delta.__add__, ends[tail:])],
            [*ids[:before], *map(id, map(_BLOCK, middle)), *ids[tail:]],
        )
        return fresh

    def owner(self, path: str, offset: int) -> int | None:
        found = self.block(path, offset)
        return found[0] if found is not None else None

    def block(self, path: str, offset: int) -> tuple[int, int, int] | None:
        """The block that holds ``offset`` (as :meth:`owner`) and its range."""
        found = self.files.get(path)
        if found is None:
            return None
        starts, ends, ids = found
        i = bisect_right(starts, offset) - 1
        if i < 0 or offset > ends[i]:
            return None
        return ids[i], starts[i], ends[i]


def _at(decl: Decl, key: int, start: int) -> bool:
    """Whether ``decl`` is the block ``key`` starting at ``start``."""
    return id(decl.block) == key and decl.offset + decl.block.start == start


_PATH = attrgetter("path")
_OFFSET = attrgetter("offset")
_BLOCK = attrgetter("block")
_BLOCK_START = attrgetter("block.start")
_BLOCK_END = attrgetter("block.end")


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


class Shifter:
    """Moves the offsets of kept results past an edit, each object once.

    Spans, diagnostics and edits are frozen values to everyone else; only
    results carried over from the consumed previous analysis are moved, before
    anyone reads them again.
    """

    __slots__ = ("after", "delta", "edit_end", "edit_start", "path", "seen", "start")

    def __init__(self, where: Region) -> None:
        self.path = where.path
        self.start = where.old_start
        self.after = where.old_end
        self.delta = where.delta
        self.edit_start = where.edit_start
        """What the edit replaced (in the old text): a kept place in the
        re-parsed region clear of it is the same text, before or after it."""
        self.edit_end = where.edit_end
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
