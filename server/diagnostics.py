"""Diagnostics as the client receives them, rendered straight to JSON.

A schema of 5,000 models carries some 27,000 findings; building lsprotocol
objects for them and letting the converter unstructure them takes about a
second per publish. Each diagnostic is rendered to compact JSON text once, and
that text is reused while its code, message, severity and position hold, so a
keystroke re-renders only the diagnostics it moved. Positions are computed
in one pass over the sorted diagnostics; only lines with non-ASCII text need
a conversion to the client's encoding.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from analysis.diagnostics import Diagnostic, Related, Severity
from analysis.ide.links import rule_url
from analysis.text import SourceFile
from server.positions import UTF32, position_of

SOURCE = "prisma-architect"
LSP_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3, Severity.HINT: 4}
UNNECESSARY = 1
_compact = json.JSONEncoder(separators=(",", ":")).encode

Where = tuple[str, int, int, int, int, str]
"""A related location: path, range and message."""
Key = tuple[str, str, Severity, int, int, int, int, tuple[Where, ...]]


class DiagnosticRenderer:
    """Renders one file's diagnostics; keeps the texts of the last rendering."""

    def __init__(self) -> None:
        self._cache: dict[Key, str] = {}

    def render(
        self,
        diagnostics: Sequence[Diagnostic],
        source: SourceFile,
        encoding: str,
        sources: Callable[[str], SourceFile],
        uri: Callable[[str], str],
    ) -> str:
        """The JSON array of ``diagnostics`` (all in ``source``)."""
        lines = source.lines
        starts = lines.line_starts
        wide = _non_ascii_lines(source.text, starts) if encoding != UTF32 else set()
        previous = self._cache
        cache: dict[Key, str] = {}
        parts: list[str] = []
        append = parts.append
        get = previous.get
        for d in diagnostics:
            start, end = d.start, d.end
            sl = bisect_right(starts, start) - 1
            el = bisect_right(starts, end, sl) - 1
            if sl not in wide and el not in wide:
                sc, ec = start - starts[sl], end - starts[el]
            else:
                sc = position_of(lines, start, encoding).character
                ec = position_of(lines, end, encoding).character
            related = tuple(_where(r, sources, encoding) for r in d.related) if d.related else ()
            key: Key = (d.code, d.message, d.severity, sl, sc, el, ec, related)
            rendered = get(key)
            if rendered is None:
                rendered = _compact(_diagnostic(d, (sl, sc, el, ec), related, uri))
            cache[key] = rendered
            append(rendered)
        self._cache = cache
        return "[" + ",".join(parts) + "]"


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _non_ascii_lines(text: str, starts: list[int]) -> set[int]:
    """The lines whose columns differ between code points and the client's units."""
    if text.isascii():
        return set()
    return {bisect_right(starts, m.start()) - 1 for m in _NON_ASCII.finditer(text)}


def _range(sl: int, sc: int, el: int, ec: int) -> dict[str, object]:
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def _where(r: Related, sources: Callable[[str], SourceFile], encoding: str) -> Where:
    lines = sources(r.path).lines
    a, b = position_of(lines, r.start, encoding), position_of(lines, r.end, encoding)
    return (r.path, a.line, a.character, b.line, b.character, r.message)


def _diagnostic(
    d: Diagnostic,
    where: tuple[int, int, int, int],
    related: tuple[Where, ...],
    uri: Callable[[str], str],
) -> dict[str, object]:
    out: dict[str, object] = {
        "range": _range(*where),
        "severity": LSP_SEVERITY[d.severity],
        "code": d.code,
        "codeDescription": {"href": rule_url(d.code)},
        "source": SOURCE,
        "message": d.message,
    }
    if d.unnecessary:
        out["tags"] = [UNNECESSARY]
    if related:
        out["relatedInformation"] = [
            {"location": {"uri": uri(path), "range": _range(sl, sc, el, ec)}, "message": message}
            for path, sl, sc, el, ec, message in related
        ]
    if d.fixes:
        out["data"] = {"fixes": d.fixes}
    return out
