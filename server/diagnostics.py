"""Diagnostics as the client receives them, rendered straight to JSON bytes.

A schema of 5,000 models carries some 27,000 findings, 12 MB of JSON per
publish; building lsprotocol objects for them and letting the converter
unstructure them takes about a second. Each diagnostic is rendered to compact
JSON once, and a keystroke renders again only what it changed:

* The renderer keeps the text of its last rendering and finds the one region
  where the new text differs (:class:`Region`). A diagnostic that lies wholly
  before the region, or wholly on lines after it, keeps its columns; after
  it, its lines move by the number of lines the edit added or removed.
* ``recheck`` hands back the very diagnostic objects it kept, in the same
  order, moved in place. The ones before the region and the ones after it are
  found as runs of the same objects at the offsets the last rendering saw
  (moved by the edit's length after it), compared in C a chunk at a time, and
  their pieces are taken as slices: a keystroke does not look at each of
  27,000 diagnostics in Python.
* The rest are looked at one by one: the ones between the runs, the ones
  reaching into the region, the ones with related places (which may move on
  their own). Their last rendering is found by object (where the object was)
  or, for one made again, by content; a diagnostic on the edited lines, or
  new, is rendered afresh.
* A moved diagnostic gets its new line numbers spliced into its bytes.

Each rendering ends with a comma, so a publish is one ``bytes.join`` of the
pieces (:func:`json_array`).
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, is_

from analysis.diagnostics import Diagnostic, Related, Severity
from analysis.ide.links import rule_url
from analysis.text import LineIndex, SourceFile
from server.positions import UTF32, to_units

SOURCE = "prisma-architect"
LSP_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3, Severity.HINT: 4}
UNNECESSARY = 1
_compact = json.JSONEncoder(separators=(",", ":")).encode  # ensure_ascii: bytes are ASCII

Rendered = tuple[bytes, int, int, int, int, int]
"""JSON text with a trailing comma, its range (lines, columns) and the length of
the range's own JSON at its start."""


@dataclass(frozen=True, slots=True)
class Region:
    """Where two versions of a text differ: ``[start, old_end)`` of the old text
    became ``[start, new_end)`` of the new one, the rest is the same.

    ``after`` is where the first line wholly after the difference starts, so
    that a position at or before ``start`` has the same line and column in both
    texts, and one at or after ``after`` the same column on a line ``lines``
    further on. (``start`` stops short of a ``\\r`` just before the difference:
    an inserted ``\\n`` would join it.)
    """

    start: int
    delta: int
    after: int
    lines: int

    @classmethod
    def between(cls, old: str, new: str, old_starts: int, new_starts: Sequence[int]) -> Region:
        """``old_starts``: the old text's line count; ``new_starts``: the new text's
        line starts."""
        if old is new:  # a file the edit was not in
            return cls(len(new), 0, len(new) + 1, 0)
        prefix = _common_prefix(old, new)
        if prefix == len(old) == len(new):
            return cls(prefix, 0, prefix + 1, 0)
        suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
        new_end = len(new) - suffix
        following = bisect_right(new_starts, new_end)
        after = new_starts[following] if following < len(new_starts) else len(new) + 1
        if prefix and old[prefix - 1] == "\r":
            prefix -= 1  # an inserted "\n" would join the "\r" before it
        return cls(prefix, len(new) - len(old), after, len(new_starts) - old_starts)


_CHUNK = 1 << 14


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix, compared chunk by chunk."""
    n = min(len(a), len(b))
    i = 0
    while i < n:
        j = min(i + _CHUNK, n)
        if a[i:j] != b[i:j]:
            lo, hi = i, j  # a[i:lo] == b[i:lo]; a[lo:hi] != b[lo:hi]
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[lo:mid] == b[lo:mid]:
                    lo = mid
                else:
                    hi = mid
            return lo
        i = j
    return n


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    la, lb = len(a), len(b)
    i = 0
    while i < limit:
        j = min(i + _CHUNK, limit)
        if a[la - j : la - i] != b[lb - j : lb - i]:
            lo, hi = i, j  # the last lo characters agree; not the last hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
                    lo = mid
                else:
                    hi = mid
            return lo
        i = j
    return limit


_START = attrgetter("start")
_END = attrgetter("end")
_CHUNK_ITEMS = 512
"""Diagnostics compared at once when looking for the runs a keystroke kept."""


Places = tuple[tuple[str, int, int, str], ...]
"""A diagnostic's related places: file, offsets and message of each."""


@dataclass(slots=True)
class _Rendering:
    """One file's last rendering: the diagnostics in order, their offsets then
    (the check moves kept diagnostics in place, so the objects alone do not say
    where they were), their pieces, and the related places they had."""

    text: str
    line_count: int
    encoding: str
    diagnostics: list[Diagnostic]
    starts: list[int]
    ends: list[int]
    pieces: list[Rendered]
    parts: list[bytes]
    related: list[Places]
    """Per diagnostic, its related places as rendered (``()`` when it has none)."""
    others: dict[str, str]
    """Other files that related places point into, with their text then."""



class DiagnosticRenderer:
    """Renders one file's diagnostics; keeps the pieces of its last rendering.

    ``recheck`` hands back the very diagnostic objects of the last check for
    everything an edit did not touch (moving their offsets in place, never
    changing their content), in the same order. So the diagnostics before the
    edit and those after it are found in two runs of the same objects, compared
    in C a chunk at a time, and their pieces are taken as a slice; only the few
    between (and those with related places, whose places may have moved on
    their own) are looked at one by one, and only new ones are rendered.
    """

    def __init__(self) -> None:
        self._last: _Rendering | None = None
        """The last rendering: one value, so that a rendering on another thread (a
        pull) reads it consistently."""

    def render(
        self,
        diagnostics: Sequence[Diagnostic],
        source: SourceFile,
        encoding: str,
        sources: Callable[[str], SourceFile],
        uri: Callable[[str], str],
        lines: LineIndex | None = None,
    ) -> list[bytes]:
        """The JSON of each of ``diagnostics`` (all in ``source``, in order of their
        start), each followed by a comma (see :func:`json_array`). ``lines``: the
        index of ``source``'s text when the caller has one (the editor's document),
        so that the analysis need not keep its own."""
        text = source.text
        last = self._last
        if last is not None and _unchanged(last, diagnostics, text, encoding):
            return last.parts  # a file the edit was not in, say: the same list again
        if lines is None or (lines.text is not text and lines.text != text):
            lines = source.lines
        if last is None or last.encoding != encoding:
            rendering = _afresh(list(diagnostics), source.path, text, lines, encoding, sources, uri)
        else:
            rendering = _Again(last, list(diagnostics), source.path, text, lines, encoding,
                               sources, uri).rendering()
        self._last = rendering
        return rendering.parts


def _unchanged(
    last: _Rendering, diagnostics: Sequence[Diagnostic], text: str, encoding: str
) -> bool:
    """Whether ``diagnostics`` render as ``last`` did: the same text, the same
    diagnostics at the same offsets, none with related places (those may point
    into a file that changed)."""
    return (
        text is last.text
        and encoding == last.encoding
        and len(diagnostics) == len(last.diagnostics)
        and not any(last.related)
        and list(diagnostics) == last.diagnostics
        and list(map(_START, diagnostics)) == last.starts
        and list(map(_END, diagnostics)) == last.ends
    )


def _afresh(
    diagnostics: list[Diagnostic],
    path: str,
    text: str,
    lines: LineIndex,
    encoding: str,
    sources: Callable[[str], SourceFile],
    uri: Callable[[str], str],
) -> _Rendering:
    starts = lines.line_starts
    pieces = [_render(d, text, starts, encoding, sources, uri) for d in diagnostics]
    related = [_places(d) for d in diagnostics]
    return _Rendering(
        text, len(starts), encoding, diagnostics, list(map(_START, diagnostics)),
        list(map(_END, diagnostics)), pieces, [p[0] for p in pieces], related,
        _other_texts(related, path, sources),
    )


_PLACE = attrgetter("path", "start", "end", "message")


def _places(d: Diagnostic) -> Places:
    return tuple(map(_PLACE, d.related))


def _other_texts(
    related: Sequence[Places], path: str, sources: Callable[[str], SourceFile]
) -> dict[str, str]:
    others: dict[str, str] = {}
    for places in compress(related, related):
        for where, *_ in places:
            if where != path and where not in others:
                others[where] = sources(where).text
    return others


class _Again:
    """A rendering made from the last one (see :class:`DiagnosticRenderer`)."""

    def __init__(
        self,
        last: _Rendering,
        diagnostics: list[Diagnostic],
        path: str,
        text: str,
        lines: LineIndex,
        encoding: str,
        sources: Callable[[str], SourceFile],
        uri: Callable[[str], str],
    ) -> None:
        self.last = last
        self.diagnostics = diagnostics
        self.path = path
        self.text = text
        self.line_starts = lines.line_starts
        self.encoding = encoding
        self.sources = sources
        self.uri = uri
        region = Region.between(last.text, text, last.line_count, self.line_starts)
        self.start, self.delta, self.after, self.moved = (
            region.start, region.delta, region.after, region.lines,
        )
        self._same_other: dict[str, bool] = {}
        self._by_content: dict[tuple[object, ...], int] | None = None
        self._unmatched: list[int] = []
        """Indexes of the last rendering's diagnostics that no run took."""
        self.starts: list[int] = []
        self.ends: list[int] = []

    def rendering(self) -> _Rendering:
        last, now = self.last, self.diagnostics
        old = last.diagnostics
        n, n_old, start, delta = len(now), len(old), self.start, self.delta
        starts = list(map(_START, now))
        new_end, old_end = bisect_left(starts, start), bisect_left(last.starts, start)
        # The ends of the ones after the edit are taken from the runs (moved with
        # their starts) or from the ones looked at alone.
        ends = list(map(_END, now[:new_end]))
        self.starts, self.ends = starts, ends
        pieces: list[Rendered | None] = []
        parts: list[bytes] = []
        related: list[Places] = []
        single: list[tuple[int, int]] = []
        """(new index, old index or -1): the diagnostics looked at one by one."""

        # Before the edit: runs of the same objects in the same places.
        i = j = 0
        while i < new_end:
            k = (self._run_before(i, j, min(new_end - i, old_end - j))
                 if j < old_end and now[i] is old[j] else 0)
            if k:
                pieces += last.pieces[j : j + k]
                parts += last.parts[j : j + k]
                related += last.related[j : j + k]
                # Alone: the ones with related places, and the ones reaching into the edit.
                alone = {
                    *compress(range(k), last.related[j : j + k]),
                    *compress(range(k), map(start.__lt__, ends[i : i + k])),
                }
                single += ((i + x, j + x) for x in sorted(alone))
                i, j = i + k, j + k
                continue
            j = self._single(i, j, old_end, single, pieces, parts, related)
            i += 1
        # On the edited lines: one by one.
        new_end = bisect_left(starts, self.after)
        old_end = bisect_left(last.starts, self.after - delta)
        while i < new_end:
            j = self._single(i, j, old_end, single, pieces, parts, related)
            i += 1
        self._unmatched.extend(range(j, old_end))
        j = max(j, old_end)
        # After the edit: runs of the same objects, moved by the edit's length.
        while i < n:
            k = (self._run_after(i, j, min(n - i, n_old - j))
                 if j < n_old and now[i] is old[j] else 0)
            if k:
                if self.moved:
                    pieces += (_moved(p, self.moved) for p in last.pieces[j : j + k])
                    parts += (p[0] for p in pieces[i : i + k])  # type: ignore[index]
                else:
                    pieces += last.pieces[j : j + k]
                    parts += last.parts[j : j + k]
                ends += map(delta.__add__, last.ends[j : j + k]) if delta else last.ends[j : j + k]
                related += last.related[j : j + k]
                single += ((x + i, x + j) for x in compress(range(k), last.related[j : j + k]))
                i, j = i + k, j + k
                continue
            j = self._single(i, j, n_old, single, pieces, parts, related)
            i += 1
        self._unmatched.extend(range(j, n_old))
        for i, j in single:
            d = now[i]
            places = _places(d) if d.related else ()
            piece = self._kept(j, starts[i], ends[i], places) if j >= 0 else None
            if piece is None:
                piece = self._same_content(d, starts[i], ends[i], places)
            if piece is None:
                piece = _render(d, self.text, self.line_starts, self.encoding, self.sources,
                                self.uri)
            pieces[i] = piece
            parts[i] = piece[0]
            related[i] = places
        done: list[Rendered] = pieces  # type: ignore[assignment]  # every None replaced
        return _Rendering(
            self.text, len(self.line_starts), self.encoding, now, starts, ends,
            done, parts, related, _other_texts(related, self.path, self.sources),
        )

    def _single(
        self,
        i: int,
        j: int,
        old_end: int,
        single: list[tuple[int, int]],
        pieces: list[Rendered | None],
        parts: list[bytes],
        related: list[Places],
    ) -> int:
        """Put diagnostic ``i`` aside to be looked at alone, with its object's index in
        the last rendering; return where the runs go on in the last rendering
        (after that index when it lies ahead, below ``old_end``)."""
        found = self._find(i)
        single.append((i, found))
        if i == len(self.ends):
            self.ends.append(self.diagnostics[i].end)
        pieces.append(None)
        parts.append(b"")
        related.append(())
        if j <= found < old_end:
            self._unmatched.extend(range(j, found))
            return found + 1
        return j

    def _find(self, i: int) -> int:
        """The index of diagnostic ``i``'s object in the last rendering, looked up
        where it was if the edit moved it along (``-1``: not there)."""
        d, s = self.diagnostics[i], self.starts[i]
        last_starts, old = self.last.starts, self.last.diagnostics
        if s < self.start:
            lo = hi = s
        elif s >= self.after:
            lo = hi = s - self.delta
        else:  # on the edited lines: anywhere the old ones were
            lo, hi = self.start, self.after - self.delta - 1
        k = bisect_left(last_starts, lo)
        while k < len(old) and last_starts[k] <= hi:
            if old[k] is d:
                return k
            k += 1
        return -1

    def _run_before(self, i: int, j: int, limit: int) -> int:
        """How many diagnostics from ``i`` are the last rendering's from ``j``, in the
        same places (all before the edit)."""
        last, now, starts, ends = self.last, self.diagnostics, self.starts, self.ends

        def same(a: int, b: int) -> bool:
            return (
                starts[i + a : i + b] == last.starts[j + a : j + b]
                and ends[i + a : i + b] == last.ends[j + a : j + b]
                and all(map(is_, now[i + a : i + b], last.diagnostics[j + a : j + b]))
            )

        return _run(limit, same)

    def _run_after(self, i: int, j: int, limit: int) -> int:
        """How many diagnostics from ``i`` are the last rendering's from ``j``, moved
        by the edit's length (all on lines after it). Their starts are compared:
        the check moves a kept diagnostic's end with its start."""
        last, now, starts, delta = self.last, self.diagnostics, self.starts, self.delta

        def same(a: int, b: int) -> bool:
            old_starts = last.starts[j + a : j + b]
            if delta:
                old_starts = list(map(delta.__add__, old_starts))
            return starts[i + a : i + b] == old_starts and all(
                map(is_, now[i + a : i + b], last.diagnostics[j + a : j + b])
            )

        return _run(limit, same)

    def _kept(self, j: int, s: int, e: int, places: Places) -> Rendered | None:
        """The last rendering's piece ``j``, when the diagnostic now at ``[s, e)``
        with ``places`` renders the same (its lines moved, maybe)."""
        last = self.last
        s0, e0 = last.starts[j], last.ends[j]
        if e0 <= self.start and s == s0 and e == e0:
            shift = 0
        elif s0 >= self.after - self.delta and s == s0 + self.delta and e == e0 + self.delta:
            shift = self.moved
        else:
            return None
        if places and not self._places_kept(places, last.related[j]):
            return None
        piece = last.pieces[j]
        return _moved(piece, shift) if shift else piece

    def _places_kept(self, now: Places, old: Places) -> bool:
        """Whether related places at ``now`` render as they did at ``old``."""
        if len(now) != len(old):
            return False
        path, start, after, delta = self.path, self.start, self.after, self.delta
        for (p, s, e, m), (p0, s0, e0, m0) in zip(now, old, strict=True):
            if p != p0 or m != m0:
                return False
            if p != path:
                if s != s0 or e != e0 or not self._other_same(p):
                    return False
            elif e0 <= start:
                if s != s0 or e != e0:
                    return False
            elif s0 < after - delta or self.moved or s != s0 + delta or e != e0 + delta:
                return False
        return True

    def _other_same(self, path: str) -> bool:
        same = self._same_other.get(path)
        if same is None:
            old = self.last.others.get(path)
            try:
                text = self.sources(path).text
            except KeyError:
                text = None
            same = old is not None and (text is old or text == old)
            self._same_other[path] = same
        return same

    def _same_content(self, d: Diagnostic, s: int, e: int, places: Places) -> Rendered | None:
        """A piece of the last rendering for a diagnostic made again with the same
        content (a new object), found by content and where it was."""
        if self._by_content is None:
            last = self.last
            self._by_content = {
                _content(last.diagnostics[j], last.starts[j], last.ends[j], last.related[j]): j
                for j in self._unmatched
            }
        if not self._by_content:
            return None
        start, after, delta = self.start, self.after, self.delta
        if e <= start:
            s0, e0 = s, e
        elif s >= after:
            s0, e0 = s - delta, e - delta
        else:
            return None
        old_places: list[tuple[str, int, int, str]] = []
        for p, ps, pe, m in places:
            if p != self.path or pe <= start:
                old_places.append((p, ps, pe, m))
            elif ps >= after and not self.moved:
                old_places.append((p, ps - delta, pe - delta, m))
            else:
                return None
        j = self._by_content.get(_content(d, s0, e0, tuple(old_places)))
        return None if j is None else self._kept(j, s, e, places)


def _content(d: Diagnostic, s: int, e: int, places: Places) -> tuple[object, ...]:
    return (d.code, d.message, d.severity, d.fixes, d.unnecessary, s, e, places)


def _run(limit: int, same: Callable[[int, int], bool]) -> int:
    """The largest ``k <= limit`` with ``same(0, k)``, where ``same(i, j)`` says
    items ``i`` to ``j`` agree; compared a chunk at a time."""
    i = 0
    while i < limit:
        j = min(i + _CHUNK_ITEMS, limit)
        if not same(i, j):
            lo, hi = i, j  # items i..lo agree; not all of lo..hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if same(lo, mid):
                    lo = mid
                else:
                    hi = mid
            return lo
        i = j
    return limit


def json_array(parts: Sequence[bytes]) -> list[bytes]:
    """Pieces whose concatenation is the JSON array of ``parts`` (renderings that end
    with a comma): no copy of the parts is made."""
    if not parts:
        return [b"[]"]
    return [b"[", *parts[:-1], parts[-1][:-1], b"]"]


def _moved(old: Rendered, lines: int) -> Rendered:
    """``old`` on a line ``lines`` further on (columns and the rest unchanged)."""
    text, sl, sc, el, ec, cut = old
    head = _range_json(sl + lines, sc, el + lines, ec)
    return head + text[cut:], sl + lines, sc, el + lines, ec, len(head)


def _position(text: str, starts: list[int], offset: int, encoding: str) -> tuple[int, int]:
    """The LSP line and character of a code-point offset."""
    offset = min(max(offset, 0), len(text))
    line = bisect_right(starts, offset) - 1
    begin = starts[line]
    prefix = text[begin:offset]
    if encoding == UTF32 or prefix.isascii():
        return line, offset - begin
    return line, to_units(prefix, len(prefix), encoding)


def _where(
    r: Related,
    sources: Callable[[str], SourceFile],
    encoding: str,
    path: str,
    text: str,
    starts: list[int],
) -> tuple[int, ...]:
    """A related place's range; in the rendered file (``path``) with the index given
    (the analysis's own is not built for it)."""
    if r.path != path:
        source = sources(r.path)
        text, starts = source.text, source.lines.line_starts
    return (*_position(text, starts, r.start, encoding), *_position(text, starts, r.end, encoding))


def _range_json(sl: int, sc: int, el: int, ec: int) -> bytes:
    return b'{"range":{"start":{"line":%d,"character":%d},"end":{"line":%d,"character":%d}}' % (
        sl,
        sc,
        el,
        ec,
    )


def _range(where: Sequence[int]) -> dict[str, object]:
    sl, sc, el, ec = where
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def _render(
    d: Diagnostic,
    text: str,
    starts: list[int],
    encoding: str,
    sources: Callable[[str], SourceFile],
    uri: Callable[[str], str],
) -> Rendered:
    sl, sc = _position(text, starts, d.start, encoding)
    el, ec = _position(text, starts, d.end, encoding)
    rest: dict[str, object] = {
        "severity": LSP_SEVERITY[d.severity],
        "code": d.code,
        "codeDescription": {"href": rule_url(d.code)},
        "source": SOURCE,
        "message": d.message,
    }
    if d.unnecessary:
        rest["tags"] = [UNNECESSARY]
    if d.related:
        rest["relatedInformation"] = [
            {
                "location": {
                    "uri": uri(r.path),
                    "range": _range(_where(r, sources, encoding, d.path, text, starts)),
                },
                "message": r.message,
            }
            for r in d.related
        ]
    if d.fixes:
        rest["data"] = {"fixes": d.fixes}
    head = _range_json(sl, sc, el, ec)
    return head + b"," + _compact(rest)[1:].encode("ascii") + b",", sl, sc, el, ec, len(head)
