"""Applying the rules' fixes to files: ``check --fix``, ``--unsafe-fixes``, ``--diff``.

Per finding, the first fix that applies (a safe one; any one with
``unsafe``). Fixes whose edits overlap an edit already taken wait for the next
round: the schema is analyzed again after each round, until nothing is left to
fix (at most :data:`MAX_ROUNDS` rounds). The fixes of a rule that would add
validation errors are left out. Files are written
atomically: a temporary file in the same folder, then :func:`os.replace`.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.fixes import apply
from analysis.rules.base import Edit, Finding, Fix
from analysis.text import SourceFile

MAX_ROUNDS = 10
_BOM = b"\xef\xbb\xbf"


def choose(fixes: Sequence[Fix], *, unsafe: bool) -> Fix | None:
    """The fix of a finding that ``--fix`` applies: its first safe one, or with
    ``unsafe`` its first one."""
    return next((f for f in fixes if f.safe or unsafe), None)


def _conflict(a: Edit, b: Edit) -> bool:
    """Two edits of one file that cannot both be applied in a known order."""
    return a.path == b.path and (a.start == b.start or (a.start < b.end and b.start < a.end))


def select(findings: Iterable[Finding], *, unsafe: bool) -> list[Fix]:
    """The fixes to apply in one round: per finding its chosen fix, unless one of
    its edits conflicts with an edit already taken (that one waits a round)."""
    taken: list[Edit] = []
    chosen: list[Fix] = []
    for finding in findings:
        fix = choose(finding.fixes, unsafe=unsafe)
        if fix is None or not fix.edits:
            continue
        if any(_conflict(e, t) for e in fix.edits for t in taken):
            continue
        taken.extend(fix.edits)
        chosen.append(fix)
    return chosen


def apply_fixes(texts: dict[str, str], fixes: Iterable[Fix]) -> dict[str, str]:
    """``texts`` (path → text) with the edits of ``fixes`` applied."""
    by_path: dict[str, list[Edit]] = {}
    for fix in fixes:
        for edit in fix.edits:
            by_path.setdefault(edit.path, []).append(edit)
    result = dict(texts)
    for path, edits in by_path.items():
        if path in result:
            result[path] = apply(result[path], edits)
    return result


@dataclass(frozen=True)
class Fixed:
    """The files after fixing, and how many findings the fixes addressed."""

    files: tuple[SourceFile, ...]
    count: int
    stopped: str | None = None
    """Which rules' fixes were left out because they would add validation errors."""


Checker = Callable[[Sequence[SourceFile]], tuple[Sequence[Finding], int]]
"""Analyzes files; returns their findings and their number of validation errors."""


def fix_files(files: Sequence[SourceFile], checker: Checker, *, unsafe: bool) -> Fixed:
    """Fix ``files`` in memory, round after round, until no fix is left.

    When a round's fixes together would add validation errors, each rule's fixes
    are tried on their own, and the rules whose fixes add errors are left out
    from then on (and named in :attr:`Fixed.stopped`)."""
    current = tuple(files)
    findings, errors = checker(current)
    count = 0
    broken: set[str] = set()
    for _ in range(MAX_ROUNDS):
        fixes = select((f for f in findings if f.code not in broken), unsafe=unsafe)
        if not fixes:
            break
        candidate = _applied(current, fixes)
        new_findings, new_errors = checker(candidate)
        if new_errors > errors:
            codes = {id(fix): f.code for f in findings for fix in f.fixes}
            kept: list[Fix] = []
            for code in sorted({codes[id(fix)] for fix in fixes}):
                group = [fix for fix in fixes if codes[id(fix)] == code]
                trial = _applied(current, [*kept, *group])
                if checker(trial)[1] > errors:
                    broken.add(code)
                else:
                    kept.extend(group)
            if not kept:
                break
            fixes = kept
            candidate = _applied(current, fixes)
            new_findings, new_errors = checker(candidate)
        current, findings, errors = candidate, new_findings, new_errors
        count += len(fixes)
    stopped = None
    if broken:
        stopped = f"the fixes of {', '.join(sorted(broken))} would add validation errors"
    return Fixed(current, count, stopped)


def _applied(files: tuple[SourceFile, ...], fixes: Iterable[Fix]) -> tuple[SourceFile, ...]:
    texts = apply_fixes({f.path: f.text for f in files}, fixes)
    return tuple(SourceFile(f.path, texts[f.path]) for f in files)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (``--- a/PATH``, ``+++ b/PATH``)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    missing = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith(("\n", "\r")) else line + missing for line in lines)


def write_atomically(path: Path, text: str) -> None:
    """Replace the file's text, keeping its byte order mark and permissions; the
    file is either the old or the new one, never half written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes().startswith(_BOM):
            data = _BOM + data
        mode: int | None = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
