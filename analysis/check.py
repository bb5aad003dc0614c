"""One check of one schema under its settings: what the CLI and the server call.

Validation, then the enabled rules with their configured severities and
options, then per-path ignores, then suppression comments (whose unused
selectors become ``PAS001`` findings).
"""

from __future__ import annotations

import fnmatch
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, itemgetter, not_
from pathlib import Path, PurePosixPath
from typing import TypeVar

from analysis.api import Analysis, analyze, collector_paused, reanalyze
from analysis.config import SEVERITIES, ConfigProblem, LoadedSettings, Settings
from analysis.diagnostics import Diagnostic, Severity
from analysis.lint import Linted, lint_again, select_rules
from analysis.reuse import place_related
from analysis.rules import all_rules
from analysis.rules.base import Finding
from analysis.selectors import resolve_all
from analysis.suppress import apply_suppressions
from analysis.text import SourceFile, TextEdit


@dataclass(frozen=True)
class CheckResult:
    analysis: Analysis
    findings: tuple[Finding, ...]
    """Rule findings after selection, severity overrides, per-path ignores and
    suppression comments, with their fixes; ``PAS001`` findings included."""
    diagnostics: tuple[Diagnostic, ...]
    """Validation diagnostics and the findings' diagnostics, in file order then offset."""
    problems: tuple[ConfigProblem, ...]
    linted: Linted | None = field(default=None, repr=False, compare=False)
    """The rules' findings before settings, for the next :func:`recheck` to reuse."""
    shown: Shown | None = field(default=None, repr=False, compare=False)
    """The sorted findings and diagnostics, for the next :func:`recheck` to update."""


@dataclass(slots=True)
class Shown:
    """What a check showed, kept for the check after the next edit.

    An edit changes a few findings and diagnostics; the others are the same
    objects, moved past the edit in place, so their sorted order still holds.
    The next check takes out the ones that went and inserts the new ones
    instead of sorting (and rebuilding the diagnostics of) everything.
    """

    settings: Settings
    paths: tuple[str, ...]
    findings: list[Finding]
    """Kept findings, sorted by :func:`_finding_key`."""
    diagnostics: list[Diagnostic]
    """Validation and finding diagnostics, sorted by :func:`_diagnostic_key`."""
    by_finding: dict[int, tuple[Finding, Diagnostic]]
    """Each kept finding's diagnostic (by finding id; holding the findings keeps
    their ids from being reused)."""
    validation: dict[int, Diagnostic]
    """The validation diagnostics among :attr:`diagnostics`, by id."""
    related: dict[int, Finding]
    """The kept findings with related places, by id."""


def fail_severity(settings: Settings) -> Severity:
    """The least severity that makes ``check`` fail."""
    return SEVERITIES.get(settings.fail_level, Severity.WARNING)


def run_check(
    files: Sequence[SourceFile], loaded: LoadedSettings, *, prisma_version: int | None = None
) -> CheckResult:
    """Analyze ``files`` (one schema) and apply the settings.

    ``prisma_version`` (say, from the command line) wins over the settings'
    ``prisma-version``; with neither, the newest Prisma is assumed.
    """
    with collector_paused():  # once for the whole check: each resume may start a collection
        analysis = analyze(files, prisma_version=prisma_version or loaded.settings.prisma_version)
        return _apply_settings(analysis, loaded)


def recheck(
    previous: CheckResult,
    path: str,
    edits: Sequence[TextEdit],
    loaded: LoadedSettings,
    *,
    prisma_version: int | None = None,
) -> CheckResult:
    """Apply LSP-style ``edits`` to the file at ``path`` of ``previous`` and check again.

    The server's path for each keystroke: only what the edits touched is
    re-parsed and re-modelled (see :func:`analysis.api.reanalyze`);
    ``previous`` must not be used afterwards.
    """
    with collector_paused():  # once for the whole check: each resume may start a collection
        analysis = reanalyze(
            previous.analysis,
            path,
            edits,
            prisma_version=prisma_version or loaded.settings.prisma_version,
        )
        return _apply_settings(analysis, loaded, previous.linted, previous.shown)


def _apply_settings(
    analysis: Analysis, loaded: LoadedSettings, previous: Linted | None = None,
    previous_shown: Shown | None = None,
) -> CheckResult:
    with collector_paused():  # tens of thousands of findings, sort keys and diagnostics
        return _settings_applied(analysis, loaded, previous, previous_shown)


def _settings_applied(
    analysis: Analysis, loaded: LoadedSettings, previous: Linted | None,
    previous_shown: Shown | None = None,
) -> CheckResult:
    settings = loaded.settings
    selection = select_rules(settings)
    root = loaded.source.parent if loaded.source is not None else Path.cwd()
    ignored = {f.path: _path_ignores(settings, root, f.path) for f in analysis.files}
    linted = lint_again(analysis, selection.enabled, previous)
    findings = linted.findings
    if any(ignored.values()):
        findings = [f for f in findings if f.code not in ignored[f.span.path]]
    rules = all_rules()
    provider = analysis.schema.provider

    def active(path: str, code: str) -> bool:
        if code not in selection.codes or code in ignored.get(path, frozenset()):
            return False
        rule = rules.get(code)
        return rule is None or rule.providers is None or provider in rule.providers

    suppressed = apply_suppressions(
        analysis.files,
        analysis.trees,
        findings,
        active=active,
        severity=selection.severities["PAS001"],
    )
    unused = [f for f in suppressed.unused if active(f.span.path, f.code)]
    order = {f.path: i for i, f in enumerate(analysis.files)}
    current = [*suppressed.findings, *unused]
    shown = None
    if (previous_shown is not None and previous_shown.settings == settings
            and previous_shown.paths == tuple(order)):
        shown = _shown_again(previous_shown, current, analysis, order)
    if shown is None:
        shown = _shown(settings, current, analysis, order)
    where = str(loaded.source) if loaded.source is not None else "<settings>"
    problems = [
        *loaded.problems,
        *(ConfigProblem(where, 0, 0, message) for message in selection.problems),
    ]
    linted.shown = shown.by_finding
    return CheckResult(analysis, tuple(shown.findings), tuple(shown.diagnostics),
                       tuple(problems), linted, shown)


def _finding_key(order: dict[str, int]) -> Callable[[Finding], tuple[int, int, int, str]]:
    def key(f: Finding) -> tuple[int, int, int, str]:
        span = f.span
        return (order.get(span.path, len(order)), span.start, span.end, f.code)

    return key


def _diagnostic_key(order: dict[str, int]) -> Callable[[Diagnostic], tuple[int, int, int, str]]:
    def key(d: Diagnostic) -> tuple[int, int, int, str]:
        return (order.get(d.path, len(order)), d.start, d.end, d.code)

    return key


def _shown(settings: Settings, current: list[Finding], analysis: Analysis,
           order: dict[str, int]) -> Shown:
    """Sort everything (a first check, or after an edit that changed too much)."""
    findings = sorted(current, key=_finding_key(order))
    by_finding = {id(f): (f, f.diagnostic()) for f in findings}
    diagnostics = sorted([*analysis.diagnostics, *(d for _, d in by_finding.values())],
                         key=_diagnostic_key(order))
    validation = {id(d): d for d in analysis.diagnostics}
    related = {id(f): f for f in findings if f.related}
    return Shown(settings, tuple(order), findings, diagnostics, by_finding, validation, related)


#: Past this many new findings or diagnostics, sorting all is cheaper than inserting.
_MOST_INSERTED = 256


def _shown_again(old: Shown, current: list[Finding], analysis: Analysis,
                 order: dict[str, int]) -> Shown | None:
    """``old`` updated to ``current`` findings and the analysis's diagnostics;
    ``None`` when the edit changed too much (or in a way order cannot survive)."""
    reuse = analysis.reuse
    shifter = reuse.shifter if reuse is not None and reuse.change is not None else None
    if shifter is None:
        return None
    by_finding = old.by_finding
    now = dict(zip(map(id, current), current, strict=True))
    gone = by_finding.keys() - now.keys()
    new_ids = now.keys() - by_finding.keys()
    validation = {id(d): d for d in analysis.diagnostics}
    gone_checks = old.validation.keys() - validation.keys()
    new_checks = validation.keys() - old.validation.keys()
    if len(new_ids) + len(new_checks) > _MOST_INSERTED:
        return None
    dropped: set[int] = {id(by_finding[key][1]) for key in gone}
    dropped.update(gone_checks)
    # Kept findings moved with the edit: their diagnostics move with them (the
    # ones that point elsewhere too, with related places, are made again).
    path, after, delta = shifter.path, shifter.after + shifter.delta, shifter.delta
    findings = _without(old.findings, gone)
    finding_key = _finding_key(order)
    if delta:
        rank = order.get(path, len(order))
        head = _head(finding_key)
        at = bisect_left(findings, (rank, after), key=head)
        end = bisect_left(findings, (rank + 1, -1), lo=at, key=head)
        # Each kept finding there moved by ``delta`` (the ones that point into
        # the edit are not kept): its diagnostic moves with it, in C loops.
        moved = findings[at:end]
        diagnostics = list(map(_SECOND, map(by_finding.__getitem__, map(id, moved))))
        spans = list(map(_SPAN, moved))
        deque(map(_DIAG_START, diagnostics, map(_START, spans)), maxlen=0)
        deque(map(_DIAG_END, diagnostics, map(_END, spans)), maxlen=0)
    for key in gone:
        del by_finding[key]
    fresh = [now[key] for key in new_ids]
    if not _insert(findings, sorted(fresh, key=finding_key), finding_key):
        return None
    added: list[Diagnostic] = []
    for finding in fresh:
        diagnostic = finding.diagnostic()
        by_finding[id(finding)] = (finding, diagnostic)
        added.append(diagnostic)
    related = {k: f for k, f in old.related.items() if k not in gone}
    for key, finding in related.items():  # their related places may have moved
        place_related(by_finding[key][1], finding.related)
    related.update((id(f), f) for f in fresh if f.related)
    added.extend(validation[key] for key in new_checks)
    diagnostics = _without(old.diagnostics, dropped)
    diagnostic_key = _diagnostic_key(order)
    if not _insert(diagnostics, sorted(added, key=diagnostic_key), diagnostic_key):
        return None
    return Shown(old.settings, old.paths, findings, diagnostics, by_finding, validation, related)


_T = TypeVar("_T")
_SECOND = itemgetter(1)
_SPAN = attrgetter("span")
_START = attrgetter("start")
_END = attrgetter("end")
_DIAG_START = Diagnostic.__dict__["start"].__set__
_DIAG_END = Diagnostic.__dict__["end"].__set__


def _without(items: list[_T], ids: AbstractSet[int]) -> list[_T]:
    """``items`` but those whose id is in ``ids`` (filtered without a Python loop)."""
    if not ids:
        return items
    return list(compress(items, map(not_, map(ids.__contains__, map(id, items)))))


def _head(key: Callable[[_T], tuple[int, int, int, str]]) -> Callable[[_T], tuple[int, int]]:
    return lambda item: key(item)[:2]


def _insert(items: list[_T], fresh: list[_T],
            key: Callable[[_T], tuple[int, int, int, str]]) -> bool:
    """Insert the sorted ``fresh`` into the sorted ``items`` (in place); ``False``
    when one ties with an item (a full sort keeps ties in input order)."""
    for item in fresh:
        k = key(item)
        at = bisect_right(items, k, key=key)
        if at > 0 and key(items[at - 1]) == k:
            return False
        items.insert(at, item)
    return True


def _path_ignores(settings: Settings, root: Path, path: str) -> frozenset[str]:
    """The codes ``per-path-ignores`` turns off for the file at ``path``."""
    if not settings.per_path_ignores:
        return frozenset()
    relative = relative_path(root, path)
    selectors = [
        selector
        for pattern, listed in settings.per_path_ignores.items()
        if path_matches(pattern, relative)
        for selector in listed
    ]
    return resolve_all(selectors)


def relative_path(root: Path, path: str) -> str:
    """``path`` relative to ``root`` as a posix path, or absolute when outside it."""
    absolute = Path(path).absolute()
    try:
        return absolute.resolve().relative_to(root.absolute().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def path_matches(pattern: str, relative: str) -> bool:
    """Whether ``relative`` matches a per-path glob (``*`` crosses folders; a
    pattern without ``/`` also matches the file name; ``**/`` matches no folder too)."""
    pattern = pattern.removeprefix("./")
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    if pattern.startswith("**/") and fnmatch.fnmatchcase(relative, pattern[3:]):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(PurePosixPath(relative).name, pattern)
