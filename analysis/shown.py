"""What a check shows, sorted, and how the check after an edit updates it.

A check shows its findings sorted by file then place, and their diagnostics
mixed with validation's, sorted the same way. After a keystroke almost all of
them are the same objects: the lint keeps a finding it would make again, and
moves it with the edit. So the next check only takes out the few that went,
moves the diagnostics of those past the edit and inserts the few new ones,
instead of sorting (and making the diagnostics of) everything again.

Everything that went is found by bisection where it was: each step below
reads only offsets that are current for what it reads (a diagnostic or a
related place is moved here, after its finding's span was moved by the lint).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

from analysis.diagnostics import Diagnostic, Related
from analysis.reuse import Shifter
from analysis.rules.base import Finding

Key = tuple[int, int, int, str]
"""File rank, start, end, code: the order of findings and diagnostics."""
Head = tuple[int, int]
"""File rank and start: what bisection looks for."""

#: Past this many new findings or diagnostics, sorting all is cheaper than inserting.
MOST_INSERTED = 256


@dataclass(slots=True)
class Shown:
    """The sorted findings and diagnostics of one check, kept for the next."""

    findings: list[Finding]
    """Sorted by file rank, start, end and code."""
    placed: list[Diagnostic]
    """Each finding's diagnostic, in the order of :attr:`findings` (its offsets
    are where its finding was after the check, until this module moves it)."""
    diagnostics: list[Diagnostic]
    """Validation and finding diagnostics, sorted as :attr:`findings`."""
    by_finding: dict[int, tuple[Finding, Diagnostic]]
    """Each finding's diagnostic (by finding id; holding the findings keeps their
    ids from being reused)."""
    validation: dict[int, Diagnostic]
    """The validation diagnostics among :attr:`diagnostics`, by id."""
    pointers: list[Related]
    """The related places of the findings' diagnostics, by file rank and start."""


def diagnostic_key(order: dict[str, int]) -> Callable[[Diagnostic], Key]:
    def key(d: Diagnostic) -> Key:
        return (order.get(d.path, len(order)), d.start, d.end, d.code)

    return key


def finding_key(order: dict[str, int]) -> Callable[[Finding], Key]:
    def key(f: Finding) -> Key:
        span = f.span
        return (order.get(span.path, len(order)), span.start, span.end, f.code)

    return key


def _head(order: dict[str, int]) -> Callable[[Diagnostic | Related], Head]:
    """Where a diagnostic or a related place sorts, for bisection (one call: a
    keystroke's bisections call it a few thousand times)."""
    count = len(order)
    return lambda item: (order.get(item.path, count), item.start)


def shown(current: Iterable[Finding], checks: Sequence[Diagnostic],
          order: dict[str, int]) -> Shown:
    """Sort everything (a first check, or after an edit that changed too much)."""
    findings = sorted(current, key=finding_key(order))
    placed = [f.diagnostic() for f in findings]
    by_finding = {id(f): (f, d) for f, d in zip(findings, placed, strict=True)}
    diagnostics = sorted([*checks, *placed], key=diagnostic_key(order))
    validation = {id(d): d for d in checks}
    pointers = sorted(_related(placed), key=_head(order))
    return Shown(findings, placed, diagnostics, by_finding, validation, pointers)


def _related(placed: Iterable[Diagnostic]) -> list[Related]:
    """The related places of ``placed``."""
    return [r for d in placed for r in d.related]


def updated(old: Shown, gone: Sequence[Finding], fresh: Sequence[Finding],
            checks: Sequence[Diagnostic], shifter: Shifter,
            order: dict[str, int]) -> Shown | None:
    """``old`` without the ``gone`` findings, with the ``fresh`` ones and the
    validation diagnostics ``checks``; every other finding of ``old`` is the same
    object, its offsets moved by ``shifter`` (in the lint). ``None`` when too
    much is new or a new one ties with another (a full sort keeps ties in the
    order it was given them)."""
    by_finding = old.by_finding
    validation = dict(zip(map(id, checks), checks, strict=True))
    gone_checks = [old.validation[key] for key in old.validation.keys() - validation.keys()]
    new_checks = [validation[key] for key in validation.keys() - old.validation.keys()]
    if len(fresh) + len(new_checks) > MOST_INSERTED:
        return None
    key = diagnostic_key(order)
    head = _head(order)
    was = [by_finding[id(f)][1] for f in gone]
    # Nothing moved yet among the diagnostics: find the gone ones where they are.
    cut = _positions(old.placed, was, head)
    if cut is None:
        return None
    findings, placed = _cut(old.findings, cut), _cut(old.placed, cut)
    away = [r for d in was for r in d.related]
    cut = _positions(old.pointers, away, head)
    if cut is None:
        return None
    pointers = _cut(old.pointers, cut)
    path, first, after, delta = shifter.path, shifter.start, shifter.after, shifter.delta
    rank = order.get(path, len(order))
    if delta:
        # What lies past the edit moved (a kept finding never points at what it
        # replaced, see lint._move_by_place): each diagnostic and related place
        # there moves with what it shows. A related place may lie in the
        # re-parsed region, after the edit.
        at = bisect_left(placed, (rank, after), key=head)
        end = bisect_left(placed, (rank + 1, -1), lo=at, key=head)
        _follow(placed[at:end], delta)
        at = bisect_left(pointers, (rank, shifter.edit_end), key=head)
        end = bisect_left(pointers, (rank + 1, -1), lo=at, key=head)
        _follow(pointers[at:end], delta)

    def where(d: Diagnostic) -> Head:
        """Where a gone diagnostic sorts now (no one moved it)."""
        start = d.start
        if d.path == path and start >= first:
            start = start + delta if start >= after else first
        return order.get(d.path, len(order)), start

    dropped = [*was, *gone_checks]
    cut = _positions(old.diagnostics, dropped, head, list(map(where, dropped)))
    if cut is None:
        return None
    diagnostics = _cut(old.diagnostics, cut)
    made = sorted(((f.diagnostic(), f) for f in fresh), key=lambda p: key(p[0]))
    fresh_placed = [d for d, _ in made]
    at_placed = _places(placed, fresh_placed, key)
    added = sorted([*fresh_placed, *new_checks], key=key)
    at_diagnostics = _places(diagnostics, added, key)
    if at_placed is None or at_diagnostics is None:
        return None
    findings = _put(findings, at_placed, [f for _, f in made])
    placed = _put(placed, at_placed, fresh_placed)
    diagnostics = _put(diagnostics, at_diagnostics, added)
    related = sorted(_related(fresh_placed), key=head)
    at_pointers = [bisect_right(pointers, head(r), key=head) for r in related]
    pointers = _put(pointers, at_pointers, related)
    for finding in gone:
        del by_finding[id(finding)]
    for diagnostic, finding in made:
        by_finding[id(finding)] = (finding, diagnostic)
    return Shown(findings, placed, diagnostics, by_finding, validation, pointers)


_T = TypeVar("_T")
_START = attrgetter("start")
_END = attrgetter("end")
_DIAG_START = Diagnostic.__dict__["start"].__set__
_DIAG_END = Diagnostic.__dict__["end"].__set__
_REL_START = Related.__dict__["start"].__set__
_REL_END = Related.__dict__["end"].__set__


def _follow(items: list[Diagnostic] | list[Related], delta: int) -> None:
    """Move each of ``items`` by ``delta``, as what it shows moved (in C loops:
    thousands of diagnostics lie past an edit in a big file)."""
    if not items:
        return
    set_start, set_end = ((_DIAG_START, _DIAG_END) if isinstance(items[0], Diagnostic)
                          else (_REL_START, _REL_END))
    add = delta.__add__
    deque(map(set_start, items, map(add, map(_START, items))), maxlen=0)
    deque(map(set_end, items, map(add, map(_END, items))), maxlen=0)


def _positions(items: list[_T], gone: Sequence[_T], head: Callable[[_T], Head],
               heads: Sequence[Head] | None = None) -> list[int] | None:
    """The sorted positions of ``gone`` in ``items`` (sorted by ``head``; each of
    ``gone`` taken at its head in ``heads`` when given, else at its own);
    ``None`` when one is not there."""
    if not gone:
        return []
    if len(gone) > MOST_INSERTED:
        # Many went (a big paste or cut): one walk is cheaper than bisecting each.
        wanted = set(map(id, gone))
        found = [i for i, item in enumerate(items) if id(item) in wanted]
        return found if len(found) == len(wanted) else None
    key = head
    if heads is not None:
        at_head = dict(zip(map(id, gone), heads, strict=True))

        def key(item: _T) -> Head:
            place = at_head.get(id(item))
            return head(item) if place is None else place
    else:
        heads = list(map(head, gone))
    count = len(items)
    found = []
    for item, place in zip(gone, heads, strict=True):
        at = bisect_left(items, place, key=key)
        while at < count and items[at] is not item and key(items[at]) == place:
            at += 1
        if at == count or items[at] is not item:
            return None
        found.append(at)
    found.sort()
    return found


def _cut(items: list[_T], positions: list[int]) -> list[_T]:
    """``items`` but those at the sorted ``positions`` (a copy in slices)."""
    if not positions:
        return items
    out: list[_T] = []
    begin = 0
    for at in positions:
        out.extend(items[begin:at])
        begin = at + 1
    out.extend(items[begin:])
    return out


def _places(items: list[_T], fresh: list[_T], key: Callable[[_T], Key]) -> list[int] | None:
    """Where each of the sorted ``fresh`` goes in the sorted ``items``; ``None``
    when one ties with another item."""
    out = []
    last = None
    at = 0
    for item in fresh:
        k = key(item)
        at = bisect_right(items, k, lo=at, key=key)  # after the one before
        if k == last or (at > 0 and key(items[at - 1]) == k):
            return None
        last = k
        out.append(at)
    return out


def _put(items: list[_T], positions: list[int], fresh: list[_T]) -> list[_T]:
    """``items`` with each of ``fresh`` inserted before the item at its position
    (non-decreasing, in ``items`` as given)."""
    if not fresh:
        return items
    out: list[_T] = []
    begin = 0
    for at, item in zip(positions, fresh, strict=True):
        out.extend(items[begin:at])
        out.append(item)
        begin = at
    out.extend(items[begin:])
    return out
