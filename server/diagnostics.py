"""Diagnostics as the client receives them, rendered straight to JSON bytes.

A schema of 5,000 models carries some 27,000 findings, 12 MB of JSON per
publish; building lsprotocol objects for them and letting the converter
unstructure them takes about a second. Each diagnostic is rendered to compact
JSON once, and a keystroke renders again only what it changed:

* The renderer keeps the text of its last rendering and finds the one region
  where the new text differs (:class:`Region`). A diagnostic that lies wholly
  before the region, or wholly on lines after it, keeps its columns; after
  it, its lines move by the number of lines the edit added or removed.
* Its last rendering is looked up by its content and its offsets in the
  previous text (where it was before the edit), so what the analysis kept and
  what it found again cost the same: one tuple, one dictionary lookup.
  A diagnostic on the edited lines, or new, is rendered afresh.
* A moved diagnostic gets its new line numbers spliced into its bytes.

Each rendering ends with a comma, so a publish is one ``bytes.join`` of the
pieces (:func:`json_array`).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from analysis.diagnostics import Diagnostic, Related, Severity
from analysis.ide.links import rule_url
from analysis.text import SourceFile
from server.positions import UTF32, to_units

SOURCE = "prisma-architect"
LSP_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3, Severity.HINT: 4}
UNNECESSARY = 1
_compact = json.JSONEncoder(separators=(",", ":")).encode  # ensure_ascii: bytes are ASCII

RelatedKey = tuple[tuple[object, ...], ...]
Key = tuple[str, str, Severity, int, int, int, bool, RelatedKey]
"""A diagnostic's content and offsets; related places in the same file by offset,
in other files by their LSP range (another file's edits do not show here)."""
Rendered = tuple[bytes, int, int, int, int, int]
"""JSON text with a trailing comma, its range (lines, columns) and the length of
the range's own JSON at its start."""
NOT_KEPT: RelatedKey = (("not kept",),)


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


class DiagnosticRenderer:
    """Renders one file's diagnostics; keeps the pieces of its last rendering."""

    def __init__(self) -> None:
        self._last: tuple[str, int, str, dict[Key, Rendered]] | None = None
        """The last rendering's text, line count, encoding and pieces: one value, so
        that a rendering on another thread (a pull) reads them consistently."""

    def render(
        self,
        diagnostics: Sequence[Diagnostic],
        source: SourceFile,
        encoding: str,
        sources: Callable[[str], SourceFile],
        uri: Callable[[str], str],
    ) -> list[bytes]:
        """The JSON of each of ``diagnostics`` (all in ``source``), each followed by
        a comma (see :func:`json_array`)."""
        text = source.text
        lines = source.lines
        starts = lines.line_starts
        path = source.path
        previous: dict[Key, Rendered] = {}
        start, delta, after, moved = -1, 0, 0, 0
        if self._last is not None and self._last[2] == encoding:
            old_text, old_lines, _, previous = self._last
            region = Region.between(old_text, text, old_lines, starts)
            start, delta, after, moved = region.start, region.delta, region.after, region.lines
        edit = (start, delta, after, moved)
        get = previous.get
        cache: dict[Key, Rendered] = {}
        parts: list[bytes] = []
        append = parts.append
        for d in diagnostics:
            s, e = d.start, d.end
            if d.related:
                related, before = _related_keys(d, path, edit, sources, encoding)
            else:
                related = before = ()
            key = (d.code, d.message, d.severity, s, e, d.fixes, d.unnecessary, related)
            done: Rendered | None = None
            if e <= start:
                done = get(key if before is related else (*key[:7], before))
            elif s >= after:
                old = get((*key[:3], s - delta, e - delta, *key[5:7], before))
                if old is not None:
                    done = _moved(old, moved) if moved else old
            if done is None:
                done = _render(d, text, starts, encoding, sources, uri)
            cache[key] = done
            append(done[0])
        self._last = (text, len(starts), encoding, cache)
        return parts


def json_array(parts: Sequence[bytes]) -> list[bytes]:
    """Pieces whose concatenation is the JSON array of ``parts`` (renderings that end
    with a comma): no copy of the parts is made."""
    if not parts:
        return [b"[]"]
    return [b"[", *parts[:-1], parts[-1][:-1], b"]"]


def _related_keys(
    d: Diagnostic,
    path: str,
    edit: tuple[int, int, int, int],
    sources: Callable[[str], SourceFile],
    encoding: str,
) -> tuple[RelatedKey, RelatedKey]:
    """The related places now, and as they were before the edit (:data:`NOT_KEPT`
    when one was on the edited lines or on a line that moved: its range changed).

    Places in this file go by offset; places in other files by their range (the
    renderer of this file does not see the edits of others)."""
    start, delta, after, moved = edit
    now: list[tuple[object, ...]] = []
    before: list[tuple[object, ...]] = []
    kept = True
    for r in d.related:
        if r.path != path:
            item: tuple[object, ...] = (r.path, *_where(r, sources, encoding), r.message)
            now.append(item)
            before.append(item)
            continue
        now.append((r.start, r.end, r.message))
        if r.end <= start:
            before.append((r.start, r.end, r.message))
        elif r.start >= after and not moved:
            before.append((r.start - delta, r.end - delta, r.message))
        else:
            kept = False
    return tuple(now), tuple(before) if kept else NOT_KEPT


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


def _where(r: Related, sources: Callable[[str], SourceFile], encoding: str) -> tuple[int, ...]:
    source = sources(r.path)
    starts = source.lines.line_starts
    return (
        *_position(source.text, starts, r.start, encoding),
        *_position(source.text, starts, r.end, encoding),
    )


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
                "location": {"uri": uri(r.path), "range": _range(_where(r, sources, encoding))},
                "message": r.message,
            }
            for r in d.related
        ]
    if d.fixes:
        rest["data"] = {"fixes": d.fixes}
    head = _range_json(sl, sc, el, ec)
    return head + b"," + _compact(rest)[1:].encode("ascii") + b",", sl, sc, el, ec, len(head)
