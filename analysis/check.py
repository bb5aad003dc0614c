"""One check of one schema under its settings: what the CLI and the server call.

Validation, then the enabled rules with their configured severities and
options, then per-path ignores, then suppression comments (whose unused
selectors become ``PAS001`` findings).

After an edit (:func:`recheck`) the lint says which findings went and which
are new; with what the previous check showed and silenced (:class:`Basis`),
that tells what to take out of and put into the sorted findings and
diagnostics (:mod:`analysis.shown`), without a walk over all of them.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import not_
from pathlib import Path, PurePosixPath

from analysis.api import Analysis, analyze, collector_paused, reanalyze
from analysis.config import SEVERITIES, ConfigProblem, LoadedSettings, Settings
from analysis.diagnostics import Diagnostic, Severity
from analysis.lint import Linted, Selection, lint_again, prepare, select_rules
from analysis.reuse import Shifter
from analysis.rules import all_rules
from analysis.rules.base import Finding
from analysis.selectors import resolve_all
from analysis.shown import Shown, updated
from analysis.shown import shown as show_all
from analysis.suppress import apply_suppressions, has_marker, suppressions
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
    basis: Basis | None = field(default=None, repr=False, compare=False)
    """What :attr:`shown` was selected under, for the next :func:`recheck`."""


@dataclass(frozen=True, slots=True)
class Basis:
    """What decides which findings a check shows, besides the findings: while it
    stays the same, the next check needs to look only at the findings that changed."""

    settings: Settings
    paths: tuple[str, ...]
    root: Path
    """The folder per-path ignores are relative to."""
    ignored: dict[str, frozenset[str]]
    """The codes per-path ignores turn off, by file."""
    marked: frozenset[str]
    """The files whose text holds a suppression comment (its marker, at least)."""
    hidden: dict[int, Finding] = field(default_factory=dict)
    """The rules' findings a suppression comment silenced, by id."""
    unused: tuple[Finding, ...] = ()
    """The ``PAS001`` findings shown."""


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


def prepare_edits(result: CheckResult) -> None:
    """Build what the first :func:`recheck` from ``result`` would build for the
    rules (see :func:`analysis.lint.prepare`): for the server while it is idle."""
    if result.linted is not None:
        prepare(result.linted, result.analysis)


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
        return _apply_settings(analysis, loaded, previous)


def _apply_settings(
    analysis: Analysis, loaded: LoadedSettings, previous: CheckResult | None = None,
) -> CheckResult:
    with collector_paused():  # tens of thousands of findings, sort keys and diagnostics
        return _settings_applied(analysis, loaded, previous)


def _settings_applied(
    analysis: Analysis, loaded: LoadedSettings, previous: CheckResult | None,
) -> CheckResult:
    settings = loaded.settings
    selection = select_rules(settings)
    root = loaded.source.parent if loaded.source is not None else Path.cwd()
    paths = tuple(f.path for f in analysis.files)
    order = {path: i for i, path in enumerate(paths)}
    basis = previous.basis if previous is not None else None
    old = previous.shown if previous is not None else None
    if basis is None or basis.settings != settings or basis.paths != paths or basis.root != root:
        basis = old = None
    # The same settings, files and folder ignore the same codes in each file.
    ignored = basis.ignored if basis is not None else {
        f.path: _path_ignores(settings, root, f.path) for f in analysis.files}
    linted = lint_again(analysis, selection.enabled, previous.linted if previous else None)
    reuse = analysis.reuse
    shifter = reuse.shifter if reuse is not None and reuse.change is not None else None
    shown = moved = None
    if basis is not None and old is not None and shifter is not None:
        moved = _moved(basis, old, linted, analysis, shifter, selection)
        if moved is not None:
            gone, fresh, basis = moved
            shown = updated(old, gone, fresh, analysis.diagnostics, shifter, order)
    if shown is None:
        # A copy: settings are mutable, and the next check compares with them.
        current, basis = _current(analysis, linted, selection, Basis(
            settings.model_copy(deep=True), paths, root, ignored, frozenset()))
        if old is not None and shifter is not None and moved is None:
            # The lint cannot say what changed: compare all (in C loops).
            by_finding = old.by_finding
            now = set(map(id, current))
            gone = list(compress(old.findings, map(not_, map(now.__contains__,
                                                              map(id, old.findings)))))
            fresh = list(compress(current, map(not_, map(by_finding.__contains__,
                                                          map(id, current)))))
            shown = updated(old, gone, fresh, analysis.diagnostics, shifter, order)
        if shown is None:
            shown = show_all(current, analysis.diagnostics, order)
    where = str(loaded.source) if loaded.source is not None else "<settings>"
    problems = [
        *loaded.problems,
        *(ConfigProblem(where, 0, 0, message) for message in selection.problems),
    ]
    linted.shown = shown.by_finding
    return CheckResult(analysis, tuple(shown.findings), tuple(shown.diagnostics),
                       tuple(problems), linted, shown, basis)


def _moved(basis: Basis, old: Shown, linted: Linted, analysis: Analysis, shifter: Shifter,
           selection: Selection) -> tuple[list[Finding], list[Finding], Basis] | None:
    """The shown findings that went and the new ones (and the basis after the
    edit), from what the lint says changed and what suppression comments
    silence now: no walk over all findings. ``None`` when the lint cannot say."""
    changed = linted.changed
    if changed is None:
        return None
    path = shifter.path
    source = next((f for f in analysis.files if f.path == path), None)
    if source is None:
        return None
    marked = basis.marked
    if path in marked:
        if not has_marker(source.text):
            marked = marked - {path}
    elif has_marker(source.text, shifter.start, shifter.after + shifter.delta):
        marked = marked | {path}
    by_finding = old.by_finding
    ignored = basis.ignored
    gone_linted, new_linted = changed
    gone = [f for f in gone_linted if id(f) in by_finding]  # not those ignored for their path
    fresh = [f for f in new_linted if f.code not in ignored.get(f.span.path, frozenset())]
    if not marked and not basis.marked:
        return gone, fresh, basis
    # Suppression comments: each looks up the findings on its line.
    active = _active(analysis, selection, ignored)
    silenced, unused = suppressions(analysis.files, analysis.trees, linted.findings, marked,
                                    active=active, severity=selection.severities["PAS001"])
    hidden = {id(f): f for f in silenced}
    went = set(map(id, gone_linted))
    gone.extend(f for key, f in hidden.items() if key in by_finding)  # kept, silenced now
    gone.extend(basis.unused)  # unused-suppression findings are made anew each time
    fresh = [f for f in fresh if id(f) not in hidden]
    fresh.extend(f for key, f in basis.hidden.items()  # kept, no longer silenced
                 if key not in hidden and key not in went)
    shown_unused = tuple(f for f in unused if active(f.span.path, f.code))
    fresh.extend(shown_unused)
    return gone, fresh, replace(basis, marked=marked, hidden=hidden, unused=shown_unused)


def _active(analysis: Analysis, selection: Selection,
            ignored: dict[str, frozenset[str]]) -> Callable[[str, str], bool]:
    """Whether rule ``code`` can report in the file at ``path``."""
    rules = all_rules()
    provider = analysis.schema.provider

    def active(path: str, code: str) -> bool:
        if code not in selection.codes or code in ignored.get(path, frozenset()):
            return False
        rule = rules.get(code)
        return rule is None or rule.providers is None or provider in rule.providers

    return active


def _current(analysis: Analysis, linted: Linted, selection: Selection,
             basis: Basis) -> tuple[list[Finding], Basis]:
    """All findings the check shows (in no particular order), and ``basis`` with
    what suppression comments did."""
    ignored = basis.ignored
    findings = linted.findings
    if any(ignored.values()):
        findings = [f for f in findings if f.code not in ignored[f.span.path]]
    active = _active(analysis, selection, ignored)
    suppressed = apply_suppressions(
        analysis.files,
        analysis.trees,
        findings,
        active=active,
        severity=selection.severities["PAS001"],
    )
    unused = tuple(f for f in suppressed.unused if active(f.span.path, f.code))
    marked = frozenset(f.path for f in analysis.files if has_marker(f.text))
    return [*suppressed.findings, *unused], replace(
        basis, marked=marked, hidden={id(f): f for f in suppressed.hidden}, unused=unused)


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
