"""The text format: ``path:line:col: CODE [severity] message``, the source line
with carets under the range, notes and the fix, then a summary by rule."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from typing import TextIO

from analysis.diagnostics import Diagnostic, Severity
from analysis.output import Report, code_info
from analysis.rules.base import Fix
from analysis.text import SourceFile

EXCERPT_WIDTH = 120

_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
    Severity.HINT: "\x1b[1;36m",
}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def render(report: Report, out: TextIO, *, color: bool) -> None:
    """Each shown diagnostic with an excerpt, the count per rule, then a summary line."""
    shown = report.shown
    for d in shown:
        out.write(render_diagnostic(d, report.files, color=color, fixes=report.fixes.get(d, ())))
    if shown:
        out.write(by_rule(report))
    out.write(summary(report) + "\n")


def render_diagnostic(
    d: Diagnostic,
    files: Mapping[str, SourceFile],
    *,
    color: bool,
    fixes: tuple[Fix, ...] = (),
) -> str:
    """``path:line:col: CODE [severity] message``, the source line with carets under
    the range, a note per related location, a line per fix, and a blank line."""

    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if color else text

    style = _COLORS[d.severity]
    head = f"{paint(style, d.code)} [{d.severity.label}] {d.message}"
    source = files.get(d.path)
    if source is None:  # not a file of this run: no position to show
        return f"{paint(_BOLD, d.path + ':')} {head}\n\n"
    start = source.lines.position(d.start)
    location = f"{d.path}:{start.line + 1}:{start.column + 1}:"
    line, carets = excerpt(source, d.start, d.end)
    gutter = str(start.line + 1)
    text = [
        f"{paint(_BOLD, location)} {head}",
        f"{paint(_DIM, f' {gutter} |')} {line}",
        f"{paint(_DIM, ' ' * len(gutter) + '  |')} {paint(style, carets)}",
    ]
    for related in d.related:
        where = related.path
        if (other := files.get(related.path)) is not None:
            pos = other.lines.position(related.start)
            where += f":{pos.line + 1}:{pos.column + 1}"
        text.append(f"  {paint(_DIM, '= note:')} {where}: {related.message}")
    for fix in fixes:
        safety = "" if fix.safe else " (unsafe fix)"
        text.append(f"  {paint(_DIM, '= fix:')} {fix.title}{safety}")
    return "\n".join(text) + "\n\n"


def excerpt(source: SourceFile, start: int, end: int) -> tuple[str, str]:
    """The source line of ``start`` and a caret line under ``[start, end)`` on it.

    At least one caret, even for an empty range or one at the end of the line.
    Tabs are kept so the carets line up in any terminal, control characters
    are shown as U+FFFD, and a long line is cut to a window around the range.
    """
    lines = source.lines
    position = lines.position(start)
    text = lines.line_text(position.line)
    first = position.column
    last = min(end - lines.line_start(position.line), len(text))
    window = 0
    if len(text) > EXCERPT_WIDTH:
        window = max(0, min(first - EXCERPT_WIDTH // 3, len(text) - EXCERPT_WIDTH))
    shown = text[window : window + EXCERPT_WIDTH]
    first, last = first - window, min(last - window, len(shown))
    lead = "…" if window else ""
    tail = "…" if window + len(shown) < len(text) else ""
    shown = "".join("\ufffd" if _is_control(c) else c for c in shown)
    pad = "".join("\t" if c == "\t" else " " * _width(c) for c in shown[:first])
    carets = "^" * max(1, sum(_width(c) for c in shown[first:last]))
    return f"{lead}{shown}{tail}", f"{' ' * len(lead)}{pad}{carets}"


def _is_control(char: str) -> bool:
    return char != "\t" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def statistics_rows(report: Report) -> list[tuple[int, str, str, str]]:
    """(count, code, name, fixability) per code of the shown diagnostics, most frequent first."""
    rows = []
    for code, count in report.counts_by_code().items():
        fixes = [f for d in report.shown if d.code == code for f in report.fixes.get(d, ())]
        mark = "[*]" if any(f.safe for f in fixes) else "[-]" if fixes else "   "
        rows.append((count, code, code_info(code).name, mark))
    rows.sort(key=lambda row: (-row[0], row[1]))
    return rows


def by_rule(report: Report) -> str:
    """The count of diagnostics per code, aligned, ``[*]`` when a safe fix exists
    and ``[-]`` when only unsafe ones do; then a blank line."""
    rows = statistics_rows(report)
    width = max(len(str(count)) for count, *_ in rows)
    lines = [f"{count:>{width}}  {code}  {mark} {name}" for count, code, name, mark in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n\n"


def render_statistics(report: Report, out: TextIO) -> None:
    """``--statistics``: the count per code only, then the summary line."""
    if report.shown:
        out.write(by_rule(report))
    out.write(summary(report) + "\n")


def summary(report: Report) -> str:
    """``Found 3 errors, 1 warning in 2 files.`` or ``All checks passed.``, with
    what ``--fix`` could do, what was fixed, and what was hidden or not checked."""
    notes = []
    if report.fixed:
        notes.append(f"Fixed {_plural(report.fixed, 'finding')}.")
    if report.hidden:
        notes.append(f"{report.hidden} below --min-severity not shown.")
    if report.failures:
        notes.append(f"{_plural(len(report.failures), 'path')} could not be checked.")
    if report.problems:
        notes.append(f"{_plural(len(report.problems), 'configuration problem')}.")
    shown = report.shown
    if not shown:
        if notes:
            return " ".join(notes)
        return "All checks passed."
    counts = {s: sum(1 for d in shown if d.severity is s) for s in Severity}
    parts = [
        _plural(counts[severity], severity.label)
        for severity in sorted(Severity, reverse=True)
        if counts[severity]
    ]
    files = len({d.path for d in shown})
    text = f"Found {', '.join(parts)} in {_plural(files, 'file')}."
    safe, unsafe = report.fixable(), report.fixable(unsafe=True)
    if safe:
        text += f" {safe} fixable with --fix."
    if unsafe > safe:
        text += f" {unsafe - safe} more with --unsafe-fixes."
    return " ".join([text, *notes])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
