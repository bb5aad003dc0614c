"""Diagnostics as the client receives them, rendered straight to JSON.

A schema of 5,000 models carries some 27,000 findings; building lsprotocol
objects for them and letting the converter unstructure them takes about a
second per publish. Each diagnostic is rendered to JSON text once and that
text is reused while its code, message and position hold, so a keystroke
re-renders only the diagnostics it moved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from analysis.diagnostics import Diagnostic, Severity
from analysis.ide.links import rule_url
from analysis.rules.base import Finding
from analysis.text import SourceFile
from server.positions import UTF32, to_units

SOURCE = "prisma-architect"
LSP_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3, Severity.HINT: 4}
UNNECESSARY = 1


def finding_key(code: str, path: str, start: int, end: int) -> tuple[str, str, int, int]:
    return (code, path, start, end)


class Positions:
    """Offsets → (line, character) for one text, in the client's encoding."""

    def __init__(self, source: SourceFile, encoding: str) -> None:
        self._lines = source.lines
        self._encoding = encoding

    def __call__(self, offset: int) -> tuple[int, int]:
        where = self._lines.position(offset)
        if self._encoding == UTF32:
            return where.line, where.column
        text = self._lines.line_text(where.line)
        return where.line, to_units(text, where.column, self._encoding)


def _range(start: tuple[int, int], end: tuple[int, int]) -> dict[str, object]:
    return {
        "start": {"line": start[0], "character": start[1]},
        "end": {"line": end[0], "character": end[1]},
    }


class DiagnosticRenderer:
    """Renders one file's diagnostics; keeps the texts of the last rendering."""

    def __init__(self) -> None:
        self._cache: dict[tuple[object, ...], str] = {}

    def render(
        self,
        diagnostics: Sequence[Diagnostic],
        findings: dict[tuple[str, str, int, int], Finding],
        positions: Callable[[str], Positions],
        uri: Callable[[str], str],
    ) -> str:
        """The JSON array of ``diagnostics`` (all of one file)."""
        cache: dict[tuple[object, ...], str] = {}
        parts: list[str] = []
        for d in diagnostics:
            where = positions(d.path)
            start, end = where(d.start), where(d.end)
            finding = findings.get(finding_key(d.code, d.path, d.start, d.end))
            key = (d.code, d.message, d.severity, start, end, finding is not None)
            text = self._cache.get(key) if not d.related else None
            if text is None:
                text = json.dumps(_diagnostic(d, start, end, finding, positions, uri))
            if not d.related:
                cache[key] = text
            parts.append(text)
        self._cache = cache
        return "[" + ",".join(parts) + "]"


def _diagnostic(
    d: Diagnostic,
    start: tuple[int, int],
    end: tuple[int, int],
    finding: Finding | None,
    positions: Callable[[str], Positions],
    uri: Callable[[str], str],
) -> dict[str, object]:
    out: dict[str, object] = {
        "range": _range(start, end),
        "severity": LSP_SEVERITY[d.severity],
        "code": d.code,
        "codeDescription": {"href": rule_url(d.code)},
        "source": SOURCE,
        "message": d.message,
    }
    if finding is not None and finding.unnecessary:
        out["tags"] = [UNNECESSARY]
    if d.related:
        out["relatedInformation"] = [
            {
                "location": {
                    "uri": uri(r.path),
                    "range": _range(positions(r.path)(r.start), positions(r.path)(r.end)),
                },
                "message": r.message,
            }
            for r in d.related
        ]
    if finding is not None and finding.fixes:
        out["data"] = {"fixes": len(finding.fixes)}
    return out


def index_findings(findings: Iterable[Finding]) -> dict[tuple[str, str, int, int], Finding]:
    return {finding_key(f.code, f.span.path, f.span.start, f.span.end): f for f in findings}
