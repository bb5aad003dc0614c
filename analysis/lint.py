"""Running the architect rules over an analysis.

Rules run on whatever the model holds, errors or not, so that findings do not
flicker while the user types; a rule that raises is logged and skipped.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, compress, repeat
from operator import and_, attrgetter
from typing import TypeVar

from pydantic import BaseModel

from analysis.anchored import anchor_of, is_pinned, pin
from analysis.api import Analysis, collector_paused
from analysis.config import SEVERITIES, Settings, check_options, rule_options
from analysis.diagnostics import Diagnostic, Severity
from analysis.model.schema import CompositeType, Decl, Enum, Model, Relation, Schema, Span
from analysis.reuse import (
    EDIT_SETTERS,
    SPAN_SETTERS,
    Entity,
    Locator,
    OffsetSetters,
    Shifter,
    partition,
    touching,
    touching_from,
)
from analysis.rules import all_rules, find_rule
from analysis.rules.base import Edit, Finding, Rule, RuleContext, Scope, Views, signature_kept
from analysis.rules.tracking import Tracker, tracker_of
from analysis.selectors import UNUSED_SUPPRESSION, resolve, unknown_message
from analysis.text import SourceFile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enabled:
    """A rule to run, with its configured severity and options."""

    rule: type[Rule]
    severity: Severity
    options: BaseModel


def default_selection() -> list[Enabled]:
    """Every rule, with its default severity and options."""
    return [Enabled(rule, rule.severity, rule.Options()) for rule in all_rules().values()]


def lint(analysis: Analysis, rules: Iterable[Enabled] | None = None) -> list[Finding]:
    """The findings of ``rules`` (default: all) on ``analysis``, in file order."""
    return lint_again(analysis, rules).findings


@dataclass(slots=True)
class Linted:
    """The findings of one lint, and what the lint after the next edit can reuse."""

    schema: Schema
    rules: tuple[Enabled, ...]
    facts: dict[str, Hashable]
    """Each model-scoped rule's schema facts when it ran."""
    trackers: dict[str, Tracker]
    """The tracker of each model-scoped rule that has one (built at the first edit)."""
    whole: list[Finding]
    """The findings of the rules that look at the whole schema, in file order."""
    order: dict[str, int]
    """Each file's rank (the order of the analysis's files)."""
    locator: Locator
    """Which block of the linted analysis holds a finding."""
    blocks: _Blocks | None = None
    """:attr:`local` by owning block, split only when an edit needs it (a first
    check, say from the command line, never pays for it)."""
    shown: dict[int, tuple[Finding, Diagnostic]] = field(default_factory=dict)
    """The diagnostic of each finding the check kept (by finding id), for reuse."""
    changed: tuple[list[Finding], list[Finding]] | None = None
    """After an edit: the findings that went and the ones that are new since the
    lint it was made from (every other finding is the same object, moved with
    the edit); ``None`` when it was not made from one, or when every finding
    may be new (rules that look at the whole schema)."""
    in_order: list[Finding] | None = None
    """:attr:`local` once listed: a lint after an edit leaves it to whoever
    asks (the check after a keystroke needs only what :attr:`changed` says)."""
    listed: list[Finding] | None = None
    """:attr:`findings` once listed."""

    @property
    def local(self) -> list[Finding]:
        """The findings of the model-scoped rules, in file order."""
        if self.in_order is None:
            assert self.blocks is not None, "a lint from scratch lists its findings"
            self.in_order = self.blocks.in_order(self.locator, self.order)
        return self.in_order

    @property
    def findings(self) -> list[Finding]:
        """Every finding, in file order."""
        if self.listed is None:
            listed = self.local
            if self.whole:
                listed = [*listed, *self.whole]
                _in_file_order(listed, self.order)
            self.listed = listed
        return self.listed


@dataclass(slots=True)
class _Places:
    """Every offset object of one block's findings, each once (several findings
    of a block may share one: a rule may give each the same related place, or
    several fixes the same edit; findings of different blocks share none, see
    :meth:`_Blocks.put`).

    *Home* objects lie inside the block's own range. Those are *pinned* to the
    block's declaration (:mod:`analysis.anchored`): they move with it, and a
    keystroke does not look at them. The others (*away*: a related place in
    another declaration, a fix that edits another model or file) are indexed
    by file in :class:`_Blocks` and moved by their own place. Home objects of
    a block whose declaration was not at hand stay plain (*loose*) and move
    with the block, in bulk.
    """

    pinned: list[Span | Edit]
    home_spans: list[Span]
    """The loose home spans (so ``home_edits``)."""
    home_edits: list[Edit]
    away_spans: dict[str, list[Span]]
    """Away spans by the file they lie in."""
    away_edits: dict[str, list[Edit]]

    @classmethod
    def of(cls, items: Iterable[Finding], home: tuple[str, int, int] | None,
           owned: set[int], anchor: Decl | None,
           ) -> tuple[list[Finding], _Places, list[tuple[Finding, Finding]]]:
        """The places of ``items``; ``home``: the file and range of their block;
        ``owned``: the ids of the offset objects other blocks hold, to which
        those of ``items`` are added; ``anchor``: the block's declaration, to
        which the home objects are pinned.

        A finding holding an object another block holds (a rule that gives the
        findings of several models one related place), or one pinned to another
        declaration, is replaced by a copy with objects of its own: a shared
        object would be moved once per block holding it, and leave the index of
        away objects when the first went. Returns the findings as kept, their
        places, and each (finding, copy).
        """
        seen: set[int] = set()
        spans: list[Span] = []
        edits: list[Edit] = []
        pinned: list[Span | Edit] = []
        kept: list[Finding] = []
        copies: list[Finding] = []
        for finding in items:
            mine = [finding.span, *(s for s, _ in finding.related)]
            made = [e for fix in finding.fixes for e in fix.edits]
            if (not owned.isdisjoint(map(id, chain(mine, made)))
                    or any(anchor_of(o) not in (None, anchor) for o in chain(mine, made))):
                copy = _detached(finding)
                copies.extend((finding, copy))
                finding = copy
                mine = [finding.span, *(s for s, _ in finding.related)]
                made = [e for fix in finding.fixes for e in fix.edits]
            kept.append(finding)
            for span in mine:
                if id(span) not in seen:
                    seen.add(id(span))
                    (pinned if is_pinned(span) else spans).append(span)
            for edit in made:
                if id(edit) not in seen:
                    seen.add(id(edit))
                    (pinned if is_pinned(edit) else edits).append(edit)
        owned.update(seen)
        home_spans, away_spans = _split(spans, home)
        home_edits, away_edits = _split(edits, home)
        replaced = list(zip(copies[::2], copies[1::2], strict=True))
        places = cls(pinned, home_spans, home_edits, away_spans, away_edits)
        if anchor is not None and home is not None:
            places.pin(anchor)
        return kept, places, replaced

    def pin(self, anchor: Decl) -> None:
        """Pin the loose home objects to ``anchor``, their block's declaration."""
        pin(self.home_spans, anchor)
        pin(self.home_edits, anchor)
        self.pinned += self.home_spans
        self.pinned += self.home_edits
        self.home_spans, self.home_edits = [], []

    @property
    def ids(self) -> list[int]:
        """The ids of every offset object."""
        return list(map(id, chain(self.pinned, self.spans, self.edits)))

    @property
    def spans(self) -> list[Span]:
        """The plain spans (loose and away)."""
        return [*self.home_spans, *chain.from_iterable(self.away_spans.values())]

    @property
    def edits(self) -> list[Edit]:
        return [*self.home_edits, *chain.from_iterable(self.away_edits.values())]

    @property
    def extent(self) -> tuple[str, int, int] | None:
        """The file and the range all offsets lie in; ``None`` when in several files."""
        return _extent([*self.pinned, *self.spans, *self.edits])


_R = TypeVar("_R", Span, Edit)
_E = TypeVar("_E", Model, CompositeType, Enum)


def _detached(finding: Finding) -> Finding:
    """``finding`` with a copy of each of its offset objects (shared within it
    as in it)."""
    copies: dict[int, Span | Edit] = {}

    def span(s: Span) -> Span:
        copy = copies.get(id(s))
        if copy is None:
            copy = copies[id(s)] = Span(s.path, s.start, s.end)
        return copy  # type: ignore[return-value]

    def edit(e: Edit) -> Edit:
        copy = copies.get(id(e))
        if copy is None:
            copy = copies[id(e)] = Edit(e.path, e.start, e.end, e.new_text)
        return copy  # type: ignore[return-value]

    return replace(
        finding,
        span=span(finding.span),
        related=tuple((span(s), message) for s, message in finding.related),
        fixes=tuple(replace(fix, edits=tuple(map(edit, fix.edits))) for fix in finding.fixes),
    )


def _split(items: list[_R], home: tuple[str, int, int] | None,
           ) -> tuple[list[_R], dict[str, list[_R]]]:
    """``items`` inside the ``home`` range, and the others by file."""
    inside: list[_R] = []
    away: dict[str, list[_R]] = {}
    path, low, high = home if home is not None else ("", 0, -1)
    for item in items:
        if item.path == path and low <= item.start and item.end <= high:
            inside.append(item)
        else:
            away.setdefault(item.path, []).append(item)
    return inside, away


def _extent(ranges: Iterable[Span | Edit]) -> tuple[str, int, int] | None:
    path = ""
    low = high = -1
    for r in ranges:
        if r.path != path:
            if path:
                return None
            path, low, high = r.path, r.start, r.end
            continue
        if r.start < low:
            low = r.start
        if r.end > high:
            high = r.end
    return path, low, high


@dataclass(slots=True)
class _Blocks:
    """Findings of the model-scoped rules by owning block, each block's in file
    order, with their offset objects (to move them in bulk).

    No offset object belongs to two blocks (:meth:`put` sees to it): each is
    moved once per edit, and a block that goes takes only its own out of the
    indexes."""

    found: dict[int, list[Finding]]
    places: dict[int, _Places]
    away_spans: dict[str, dict[int, Span]] = field(default_factory=dict)
    """File → the away spans in it (by id): what an edit there must look at one
    by one."""
    away_edits: dict[str, dict[int, Edit]] = field(default_factory=dict)
    owned: set[int] = field(default_factory=set)
    """The ids of every block's offset objects (each held by its block, so no id
    is reused while it is here)."""
    replaced: list[tuple[int, Finding, Finding]] = field(default_factory=list)
    """Each finding :meth:`put` replaced by a copy: its block, it and the copy
    (emptied by the lint that reports them)."""
    loose: set[int] = field(default_factory=set)
    """The blocks with loose home objects (none once pinned: see :class:`_Places`)."""
    away_owner: dict[int, int] = field(default_factory=dict)
    """The block of each away object (by id)."""

    @classmethod
    def split(cls, findings: Iterable[Finding], locator: Locator) -> _Blocks | None:
        """The findings by block, every object plain (see :meth:`pin_loose`)."""
        found = partition(findings, locator)
        if found is None:
            return None
        blocks = cls({}, {})
        for key, items in found.items():
            blocks.put(key, items, locator, None)
        return blocks

    def put(self, key: int, items: list[Finding], locator: Locator | None,
            anchor: Decl | None) -> None:
        """Keep ``items`` as the findings of block ``key``, declared by ``anchor``
        (to which their home objects are pinned); ``locator``: the one their
        plain offsets are current for (``None``: they are not current yet, and
        all plain objects are moved by their place). A finding sharing an offset
        object with another block is kept as a copy (see :meth:`_Places.of`)."""
        self.drop(key)
        home = None
        span = next((f.span for f in items if not is_pinned(f.span)), None)
        if span is not None and locator is not None:
            found = locator.block(span.path, span.start)
            if found is not None and found[0] == key:
                home = span.path, found[1], found[2]
        items, places, replaced = _Places.of(items, home, self.owned, anchor)
        self.replaced.extend((key, finding, copy) for finding, copy in replaced)
        self._index(key, items, places)

    def in_order(self, locator: Locator, order: dict[str, int]) -> list[Finding]:
        """Every block's findings, in file order (files ranked by ``order``)."""
        found = self.found
        local: list[Finding] = []
        for path in sorted(locator.files, key=lambda p: order.get(p, len(order))):
            local.extend(chain.from_iterable(filter(None, map(found.get, locator.files[path][2]))))
        return local

    def pin_loose(self, decls: Iterable[Decl]) -> None:
        """Pin the loose home objects of every block to its declaration in
        ``decls`` (their offsets must be current)."""
        anchors = {id(decl.block): decl for decl in decls}
        for key, places in self.places.items():
            if places.home_spans or places.home_edits:
                anchor = anchors.get(key)
                if anchor is not None:
                    places.pin(anchor)
                    self.loose.discard(key)

    def free(self, places: _Places) -> bool:
        """Whether no block holds an offset object of ``places`` (those of a
        block taken out, to be given back by :meth:`restore`)."""
        return self.owned.isdisjoint(places.ids)

    def restore(self, key: int, items: list[Finding], places: _Places) -> None:
        """Keep ``items`` with their (current) ``places``, which must be
        :meth:`free`."""
        self.drop(key)
        self.owned.update(places.ids)
        self._index(key, items, places)

    def _index(self, key: int, items: list[Finding], places: _Places) -> None:
        self.found[key] = items
        self.places[key] = places
        if places.home_spans or places.home_edits:
            self.loose.add(key)
        owner = self.away_owner
        for path, spans in places.away_spans.items():
            self.away_spans.setdefault(path, {}).update(zip(map(id, spans), spans, strict=True))
            owner.update(zip(map(id, spans), repeat(key)))
        for path, edits in places.away_edits.items():
            self.away_edits.setdefault(path, {}).update(zip(map(id, edits), edits, strict=True))
            owner.update(zip(map(id, edits), repeat(key)))

    def drop(self, key: int) -> None:
        self.found.pop(key, None)
        self.loose.discard(key)
        places = self.places.pop(key, None)
        if places is not None:
            self.owned.difference_update(places.ids)
            owner = self.away_owner
            for path, spans in places.away_spans.items():
                deque(map(self.away_spans[path].pop, map(id, spans)), maxlen=0)
                deque(map(owner.pop, map(id, spans)), maxlen=0)
            for path, edits in places.away_edits.items():
                deque(map(self.away_edits[path].pop, map(id, edits)), maxlen=0)
                deque(map(owner.pop, map(id, edits)), maxlen=0)


_START = attrgetter("start")
_END = attrgetter("end")
_HOME_SPANS = attrgetter("home_spans")
_HOME_EDITS = attrgetter("home_edits")


def _bulk_move(items: Sequence[Span | Edit], setters: OffsetSetters, delta: int) -> None:
    """Move every one of ``items`` by ``delta`` (a plain loop: on CPython 3.11 it
    beats mapping the slot setters over them)."""
    set_start, set_end = setters
    for item in items:
        set_start(item, item.start + delta)
        set_end(item, item.end + delta)


def _move_by_place(items: Sequence[Span | Edit], setters: OffsetSetters,
                   shifter: Shifter) -> list[Span | Edit]:
    """Move those of ``items`` (all in the edited file) that lie after what the
    edit replaced; the ones left are those that overlap it (or are an empty
    place at its boundary: before or after the new text, nobody can say).

    A place in the re-parsed region but clear of the edit is the same text as
    before, moved or not: whether its finding still holds is for the rules to
    say (the declarations it reads ran again, see :func:`_relint`)."""
    if not items:
        return []
    low, high = shifter.edit_start, shifter.edit_end
    starts = list(map(_START, items))
    ends = list(map(_END, items))
    movers: list[Span | Edit] = list(compress(items, map(high.__lt__, starts)))
    lost: list[Span | Edit] = []
    # The few that reach the edit's bounds: end >= low and start <= high.
    for item in compress(items, map(and_, map(low.__le__, ends), map(high.__ge__, starts))):
        start, end = item.start, item.end
        if start < end and end == low:
            continue  # ends where the edit starts
        if start < end and start == high:
            movers.append(item)  # starts where the edit ended
        else:
            lost.append(item)
    if shifter.delta:
        _bulk_move(movers, setters, shifter.delta)
    return lost


def _sort_key(finding: Finding) -> tuple[int, str]:
    return finding.span.start, finding.code


def lint_again(
    analysis: Analysis,
    rules: Iterable[Enabled] | None = None,
    previous: Linted | None = None,
) -> Linted:
    """Lint ``analysis``; with the lint of the analysis it was re-analyzed from
    (same rules), model-scoped rules run on the dirty models only (see
    :mod:`analysis.reuse`), with the models their trackers name
    (:mod:`analysis.rules.tracking`), and every other model keeps its findings."""
    selected = tuple(rules if rules is not None else default_selection())
    with collector_paused():
        if previous is not None and previous.rules == selected:
            again = _relint(analysis, selected, previous)
            if again is not None:
                return again
        return _lint(analysis, selected)


def prepare(linted: Linted, analysis: Analysis) -> None:
    """Build now what the lint after the first edit needs and would otherwise build
    then: the findings by block and the rules' trackers. For a server with time on
    its hands after a first check (at 5,000 models that is ≈ 0.25 s, which the
    first keystroke after opening the file would pay)."""
    if linted.blocks is not None:
        return  # made by a lint after an edit, which built the trackers first
    with collector_paused():
        linted.blocks = blocks = _Blocks.split(linted.local, linted.locator)
        if blocks is not None:
            blocks.pin_loose(linted.schema.decls)
        files = {f.path: f for f in analysis.files}
        for enabled in _applicable(linted.rules, linted.schema.provider):
            try:
                _tracker(linted, enabled, files)
            except Exception:  # the lint after the edit builds it again, or runs whole
                log.exception("tracker of %s (%s) failed", enabled.rule.code, enabled.rule.name)


def _tracker(linted: Linted, enabled: Enabled, files: dict[str, SourceFile]) -> Tracker | None:
    """The tracker of ``enabled``'s rule (``None``: it has none) for the edits after
    ``linted``: built from the schema ``linted`` was made on the first time it is
    asked for (a one-off check never pays for it), then kept."""
    rule = enabled.rule
    track = tracker_of(rule) if rule.scope == "model" else None
    if track is None:
        return None
    tracker = linted.trackers.get(rule.code)
    if tracker is None:
        tracker = linted.trackers[rule.code] = track(
            RuleContext(linted.schema, files, enabled.severity, enabled.options))
    return tracker


def _applicable(selected: tuple[Enabled, ...], provider: str | None) -> list[Enabled]:
    return [e for e in selected
            if e.rule.providers is None or provider in e.rule.providers]


def _lint(analysis: Analysis, selected: tuple[Enabled, ...]) -> Linted:
    schema = analysis.schema
    files = {f.path: f for f in analysis.files}
    local: list[Finding] = []
    whole: list[Finding] = []
    facts: dict[str, Hashable] = {}
    for enabled in _applicable(selected, schema.provider):
        rule = enabled.rule
        ctx = RuleContext(schema, files, enabled.severity, enabled.options)
        try:
            if rule.scope == "model":
                facts[rule.code] = rule.schema_facts(ctx)
                local.extend(rule().check(ctx))
            else:
                whole.extend(rule().check(ctx))
        except Exception:  # one broken rule must not hide the others
            log.exception("rule %s (%s) failed", rule.code, rule.name)
            facts[rule.code] = _FAILED
    order = {f.path: i for i, f in enumerate(analysis.files)}
    _in_file_order(local, order)
    _in_file_order(whole, order)
    reuse = analysis.reuse
    locator = reuse.locator if reuse is not None else Locator(schema.decls)
    return Linted(schema, selected, facts, {}, whole, order, locator, in_order=local)


_OFFSET_CODE = attrgetter("span.start", "code")


def _in_file_order(findings: list[Finding], order: dict[str, int]) -> None:
    """Sort ``findings`` in place by file (in ``order``), offset and code; with a key
    made in C for a schema of one file (a lint sorts thousands), every finding of
    which lies in that file."""
    if len(order) <= 1:
        findings.sort(key=_OFFSET_CODE)
        return
    last = len(order)
    findings.sort(key=lambda f: (order.get(f.span.path, last), f.span.start, f.code))


class _Failed:
    """The facts of a rule that raised: never equal, so it runs whole again."""

    def __eq__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 0


_FAILED = _Failed()


def _relint(analysis: Analysis, selected: tuple[Enabled, ...], previous: Linted) -> Linted | None:
    """The lint after an edit from ``previous``, or ``None`` when it cannot be reused."""
    schema = analysis.schema
    reuse = analysis.reuse
    change = reuse.change if reuse is not None else None
    if reuse is None or change is None or previous.schema is not reuse.base:
        return None
    signature_kept(previous.schema, schema)  # a change means the same signature
    applicable = _applicable(selected, schema.provider)
    files = {f.path: f for f in analysis.files}
    dirty = change.dirty
    scope = Scope(
        tuple(m for m in change.entities
              if isinstance(m, Model) and schema.models.get(m.name) is m),
        (),
        tuple(c for c in change.entities
              if isinstance(c, CompositeType) and schema.composite_types.get(c.name) is c),
        tuple(e for e in change.entities
              if isinstance(e, Enum) and schema.enums.get(e.name) is e),
    )
    position = _position(analysis)
    pairing = analysis.cache.pairing

    def joining(entities: Iterable[Entity], blocks: frozenset[int]) -> tuple[Relation, ...]:
        """The relations that join the ``blocks`` (``entities``: theirs)."""
        if pairing is None:
            return tuple(touching(schema.relations, blocks))
        return tuple(touching_from(pairing, reuse.layout.referrers, entities, blocks, position))

    scope = replace(scope, relations=(tuple(change.relations) if change.relations is not None
                                      else joining(change.entities, dirty)))
    # Which rules run on which neighbours of the edited declarations (see
    # Rule.neighbours): `all` rules on every one, `relations` rules on those
    # whose view of the edited ones changed (Change.views), `own` rules on
    # none; each neighbour keeps the findings of the rules that skip it.
    models = [e for e in applicable if e.rule.scope == "model"]
    views = change.views
    names = {id(e.decl.block): e.name for e in change.entities}
    neighbours = dirty - change.edited
    viewed = neighbours if views is None else frozenset(
        key for key in neighbours if names.get(key) in views)
    reach = {"all": dirty, "relations": change.edited | viewed, "own": change.edited}
    every = {e.rule.code for e in models}
    codes: dict[int, set[str]] = {key: {e.rule.code for e in models
                                        if key in reach[e.rule.neighbours]}
                                  for key in neighbours}
    # Neighbours every rule runs on again are redone whole, as edited ones.
    edited = change.edited.union(key for key, found in codes.items() if found == every)
    reach = {kind: blocks | edited for kind, blocks in reach.items()}
    scopes = {kind: replace(scope, models=_within(scope.models, blocks),
                            composite_types=_within(scope.composite_types, blocks),
                            enums=_within(scope.enums, blocks))
              for kind, blocks in reach.items()}
    # Trackers see the changes first, and each names the other models its rule
    # must run on again. They see the edited declarations and those whose view
    # of them changed (a neighbour whose text and view are as they were has
    # nothing new to show); those of `relations` rules follow only the
    # relations that changed.
    followed = replace(scopes["relations"], views=None if views is None else Views(
        frozenset(names[key] for key in change.edited if key in names), views))
    extras: dict[str, dict[int, Model]] = {}
    facts: dict[str, Hashable] = {}
    try:
        for enabled in models:
            rule = enabled.rule
            ctx = RuleContext(schema, files, enabled.severity, enabled.options)
            tracker = _tracker(previous, enabled, files)
            if tracker is not None:
                runs_on = reach[rule.neighbours]
                seen = scope if rule.neighbours == "all" else followed
                more = {id(m.decl.block): m for m in tracker.update(ctx, seen)
                        if id(m.decl.block) not in runs_on and schema.models.get(m.name) is m}
                if more:
                    extras[rule.code] = more
                facts[rule.code] = tracker.facts()
            else:
                facts[rule.code] = rule.schema_facts(ctx)
            if facts[rule.code] != previous.facts.get(rule.code):
                return None
    except Exception:
        log.exception("tracking failed")
        return None
    if extras:
        reached = dirty.union(*extras.values())
        tracked = [m for found in extras.values() for m in found.values()]
        relations = joining([*change.entities, *tracked], reached)
        scopes = {kind: replace(found, relations=relations) for kind, found in scopes.items()}
    locator = reuse.locator
    fresh: dict[int, list[Finding]] = {}
    # Blocks where some rules ran again (a tracker added them, or they are
    # neighbours some rules skip): the codes that ran.
    rerun: dict[int, set[str]] = {key: found for key, found in codes.items()
                                  if key not in edited and found}

    def run(enabled: Enabled, scoped: Scope, owners: Callable[[int], bool]) -> bool:
        """Run a model-scoped rule on ``scoped``, keeping the findings of the blocks
        ``owners`` accepts; ``False`` when one falls outside every block."""
        ctx = RuleContext(schema, files, enabled.severity, enabled.options, scoped)
        for finding in enabled.rule().check(ctx):
            owner = locator.owner(finding.span.path, finding.span.start)
            if owner is None:
                return False
            if owners(owner):
                fresh.setdefault(owner, []).append(finding)
        return True

    whole: list[Finding] = []
    for enabled in applicable:
        rule = enabled.rule
        try:
            if rule.scope != "model":
                whole.extend(rule().check(RuleContext(schema, files, enabled.severity,
                                                      enabled.options)))
                continue
            mine, blocks_run = scopes[rule.neighbours], reach[rule.neighbours]
            added = extras.get(rule.code, {})
            if added:
                mine = replace(mine, models=tuple(
                    sorted([*mine.models, *added.values()], key=position)))
                for key in added:
                    rerun.setdefault(key, set()).add(rule.code)
            if not run(enabled, mine, blocks_run.union(added).__contains__):
                return None
        except Exception:
            log.exception("rule %s (%s) failed", rule.code, rule.name)
            return None
    blocks = previous.blocks
    split = blocks is None
    if blocks is None:
        blocks = _Blocks.split(previous.local, previous.locator)
        if blocks is None:
            return None
    anchors = {id(e.decl.block): e.decl for e in change.entities}
    for found_models in extras.values():
        anchors.update((key, m.decl) for key, m in found_models.items())
    found = blocks.found
    before_all = {key: found.get(key, _NONE) for key in {*change.removed, *dirty, *rerun}}
    # A dirty block's findings are often the ones it had (a neighbour of the
    # edit, run again in case): those objects are kept, moved like the others,
    # so that the check after the lint has nothing to redo for them.
    before = {key: (found[key], blocks.places[key]) for key in edited if key in found}
    for key in (*change.removed, *edited):
        blocks.drop(key)
    shifter = reuse.shifter
    if shifter is not None:
        stale = _shift(blocks, shifter, locator)
        if stale is None:
            return None
        if stale:  # findings that point at what the edit replaced: their models run again
            if not _run_again(stale, reuse.layout.entities, schema, models, run, fresh):
                return None
            for key in stale:
                before_all.setdefault(key, found.get(key, _NONE))
                blocks.drop(key)
                rerun.pop(key, None)
                anchors.setdefault(key, reuse.layout.entities[key].decl)
    if split:  # from here on the kept findings move with their declarations
        blocks.pin_loose(schema.decls)
    for key, items in fresh.items():
        if key in rerun:
            continue
        items.sort(key=_sort_key)
        old = before.get(key)
        if (old is not None and len(old[0]) == len(items) and blocks.free(old[1])
                and (shifter is None or _shift_block(old[1], shifter))
                and old[0] == items):
            blocks.restore(key, *old)
        else:
            blocks.put(key, items, locator, anchors.get(key))
    for key, ran in rerun.items():
        kept = found.get(key, _NONE)
        new = sorted(fresh.get(key, ()), key=_sort_key)
        if [f for f in kept if f.code in ran] == new:
            continue  # the same findings: the block keeps its objects, moved
        items = [*(f for f in kept if f.code not in ran), *new]
        items.sort(key=_sort_key)
        blocks.put(key, items, locator, anchors.get(key))
    order = {f.path: i for i, f in enumerate(analysis.files)}
    _in_file_order(whole, order)
    changed = None
    if not whole and not previous.whole:
        changed = _changed(before_all, found)
        if blocks.replaced:
            _report_copies(changed, blocks.replaced, found)
    blocks.replaced.clear()
    return Linted(schema, selected, facts, previous.trackers, whole, order, locator, blocks,
                  changed=changed)


_NONE: list[Finding] = []


def _within(entities: tuple[_E, ...], blocks: frozenset[int]) -> tuple[_E, ...]:
    return tuple(e for e in entities if id(e.decl.block) in blocks)


def _run_again(keys: set[int], entities: dict[int, Entity], schema: Schema,
               models: list[Enabled], run: Callable[[Enabled, Scope, Callable[[int], bool]], bool],
               fresh: dict[int, list[Finding]]) -> bool:
    """Run every model-scoped rule on the declarations of ``keys`` (their
    findings, replacing what ``fresh`` held for them); ``False`` when one cannot."""
    found = [entities.get(key) for key in keys]
    if any(e is None for e in found):
        return False
    scoped = Scope(tuple(e for e in found if isinstance(e, Model)), (),
                   tuple(e for e in found if isinstance(e, CompositeType)),
                   tuple(e for e in found if isinstance(e, Enum)))
    scoped = replace(scoped, relations=tuple(touching(schema.relations, frozenset(keys))))
    for key in keys:
        fresh.pop(key, None)
    try:
        return all(run(enabled, scoped, keys.__contains__) for enabled in models)
    except Exception:
        log.exception("running the rules again failed")
        return False


def _changed(before: dict[int, list[Finding]], found: dict[int, list[Finding]],
             ) -> tuple[list[Finding], list[Finding]]:
    """The findings of the blocks in ``before`` (their lists then) that went, and
    those their lists in ``found`` (now) hold that are new."""
    gone: list[Finding] = []
    new: list[Finding] = []
    for key, old in before.items():
        now = found.get(key, _NONE)
        if now is old:
            continue
        kept = set(map(id, now)).intersection(map(id, old))
        gone.extend(f for f in old if id(f) not in kept)
        new.extend(f for f in now if id(f) not in kept)
    return gone, new


def _report_copies(changed: tuple[list[Finding], list[Finding]],
                   replaced: list[tuple[int, Finding, Finding]],
                   found: dict[int, list[Finding]]) -> None:
    """Add to ``changed`` the findings the blocks replaced by copies (gone:
    the check may show them) and the copies they still hold (new)."""
    gone, new = changed
    went, came = set(map(id, gone)), set(map(id, new))
    for key, finding, copy in replaced:
        if id(finding) not in went:
            went.add(id(finding))
            gone.append(finding)
        if any(f is copy for f in found.get(key, ())) and id(copy) not in came:
            came.add(id(copy))
            new.append(copy)


def _position(analysis: Analysis) -> Callable[[Model], tuple[int, int]]:
    """Where a model is declared: the order of ``schema.decls`` (files in order)."""
    order = {f.path: i for i, f in enumerate(analysis.files)}
    return lambda m: (order.get(m.decl.path, len(order)), m.decl.offset)


def _shift(blocks: _Blocks, shifter: Shifter, locator: Locator) -> set[int] | None:
    """Move the kept findings past the edit. Returns the blocks whose findings
    point at what the edit replaced (to run again); ``None`` when a kept block
    lies in the re-parsed region.

    Home objects pinned to their declaration have moved with it. The loose
    ones of the blocks after the edit (found by bisection in ``locator``, the
    one of the edited analysis) move in bulk; only the away objects in the
    edited file are looked at one by one.
    """
    path, first, after, delta = shifter.path, shifter.start, shifter.after, shifter.delta
    places = blocks.places
    placed = locator.files.get(path)
    if placed is not None:
        starts, ends, ids = placed
        low = bisect_right(ends, first)  # the first block not wholly before the edit
        high = bisect_left(starts, after + delta)  # the first block after it
        if any(map(places.__contains__, ids[low:high])):
            return None  # a kept block in the re-parsed region: its offsets are ambiguous
        if delta and blocks.loose:
            moved = list(filter(None, map(places.get, ids[high:])))
            home_spans: list[Span] = list(chain.from_iterable(map(_HOME_SPANS, moved)))
            home_edits: list[Edit] = list(chain.from_iterable(map(_HOME_EDITS, moved)))
            _bulk_move(home_spans, SPAN_SETTERS, delta)
            _bulk_move(home_edits, EDIT_SETTERS, delta)
    spans: list[Span] = list(blocks.away_spans.get(path, {}).values())
    edits: list[Edit] = list(blocks.away_edits.get(path, {}).values())
    lost = [*_move_by_place(spans, SPAN_SETTERS, shifter),
            *_move_by_place(edits, EDIT_SETTERS, shifter)]
    return {blocks.away_owner[id(item)] for item in lost}


def _shift_block(places: _Places, shifter: Shifter) -> bool:
    """:func:`_shift` for the findings of one block taken out of :class:`_Blocks`
    (each object by its place); ``False`` when some point at what the edit
    replaced (the block's findings are then no longer usable)."""
    path = shifter.path
    spans: list[Span] = list(places.away_spans.get(path, ()))
    edits: list[Edit] = list(places.away_edits.get(path, ()))
    home: list[Span | Edit] = [*places.home_spans, *places.home_edits]
    if home and home[0].path == path:  # the block is in the edited file
        spans.extend(places.home_spans)
        edits.extend(places.home_edits)
    return (not _move_by_place(spans, SPAN_SETTERS, shifter)
            and not _move_by_place(edits, EDIT_SETTERS, shifter))


@dataclass(frozen=True)
class Selection:
    """What the settings enable: the rules to run, and per selectable code
    (rules and ``PAS001``) whether it is on and how severe it is."""

    enabled: tuple[Enabled, ...]
    codes: frozenset[str]
    severities: dict[str, Severity]
    problems: tuple[str, ...]
    """Unknown selectors and bad options in settings that were not loaded from a
    file (a loaded file's problems are reported, with their place, at load time)."""


_selected: tuple[Settings, dict[str, type[Rule]], Selection] | None = None
"""The last settings selected from (a copy: settings are mutable), the rules
registered then, and their selection."""


def select_rules(settings: Settings) -> Selection:
    """The rules ``settings`` enable, with their severities and options.

    Enabled = (``select`` ∪ ``extend-select``) − ``ignore``: ignore beats select.
    Severity overrides apply from the least to the most specific selector
    (``ALL``, group, prefix by length, code or name), so the most specific wins.

    Every keystroke's check asks again with the same settings: the last answer
    is kept and given again while the settings are equal (the same
    :class:`Enabled` objects, so a re-lint sees the same rules at once).
    """
    global _selected
    rules = all_rules()
    last = _selected
    if last is not None and last[1] is rules and last[0] == settings:
        return last[2]
    selection = _select(settings, rules)
    _selected = settings.model_copy(deep=True), rules, selection
    return selection


def _select(settings: Settings, rules: dict[str, type[Rule]]) -> Selection:
    problems: list[str] = []

    def codes_of(selectors: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for selector in selectors:
            resolved = resolve(selector, rules)
            if resolved is None:
                problems.append(unknown_message(selector, rules))
            else:
                out |= resolved.codes
        return out

    on = (codes_of(settings.select) | codes_of(settings.extend_select)) - codes_of(settings.ignore)
    severities = {code: rule.severity for code, rule in rules.items()}
    severities[UNUSED_SUPPRESSION] = Severity.WARNING
    overrides = []
    for order, (selector, level) in enumerate(settings.severity.items()):
        resolved = resolve(selector, rules)
        if resolved is None:
            problems.append(unknown_message(selector, rules))
        elif level in SEVERITIES:
            overrides.append((resolved.specificity, order, resolved.codes, SEVERITIES[level]))
    for _, _, codes, severity in sorted(overrides, key=lambda o: (o[0], o[1])):
        for code in codes:
            severities[code] = severity
    options: dict[str, dict[str, object]] = {}
    for key, values in settings.rules.items():
        found = find_rule(key)
        if found is None:
            problems.append(f"Unknown rule `{key}` in `rules`")
            continue
        options.setdefault(found.code, {}).update(values)
    enabled = []
    for code, rule in rules.items():
        if code not in on:
            continue
        configured = options.get(code, {})
        problems.extend(message for _, message, _ in check_options(rule, configured)[1])
        enabled.append(Enabled(rule, severities[code], rule_options(rule, configured)))
    return Selection(tuple(enabled), frozenset(on), severities, tuple(problems))


def enabled_rules(settings: Settings) -> list[Enabled]:
    """The rules to pass to :func:`lint` for ``settings``."""
    return list(select_rules(settings).enabled)
