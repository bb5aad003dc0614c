"""One check of one schema under its settings: what the CLI and the server call.

Validation, then the enabled rules with their configured severities and
options, then per-path ignores, then suppression comments (whose unused
selectors become ``PAS001`` findings).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from analysis.api import Analysis, analyze, collector_paused, reanalyze
from analysis.config import SEVERITIES, ConfigProblem, LoadedSettings, Settings
from analysis.diagnostics import Diagnostic, Severity
from analysis.lint import Linted, lint_again, select_rules
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
        return _apply_settings(analysis, loaded, previous.linted)


def _apply_settings(
    analysis: Analysis, loaded: LoadedSettings, previous: Linted | None = None
) -> CheckResult:
    with collector_paused():  # tens of thousands of findings, sort keys and diagnostics
        return _settings_applied(analysis, loaded, previous)


def _settings_applied(
    analysis: Analysis, loaded: LoadedSettings, previous: Linted | None
) -> CheckResult:
    settings = loaded.settings
    selection = select_rules(settings)
    root = loaded.source.parent if loaded.source is not None else Path.cwd()
    ignored = {f.path: _path_ignores(settings, root, f.path) for f in analysis.files}
    linted = lint_again(analysis, selection.enabled, previous)
    findings = [f for f in linted.findings if f.code not in ignored[f.span.path]]
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
    kept = sorted(
        [*suppressed.findings, *unused],
        key=lambda f: (order.get(f.span.path, len(order)), f.span.start, f.span.end, f.code),
    )
    shown = _finding_diagnostics(kept, analysis, previous)
    diagnostics = sorted(
        [*analysis.diagnostics, *(d for _, d in shown.values())],
        key=lambda d: (order.get(d.path, len(order)), d.start, d.end, d.code),
    )
    where = str(loaded.source) if loaded.source is not None else "<settings>"
    problems = [
        *loaded.problems,
        *(ConfigProblem(where, 0, 0, message) for message in selection.problems),
    ]
    linted.shown = shown
    return CheckResult(analysis, tuple(kept), tuple(diagnostics), tuple(problems), linted)


def _finding_diagnostics(
    kept: list[Finding], analysis: Analysis, previous: Linted | None
) -> dict[int, tuple[Finding, Diagnostic]]:
    """Each kept finding's diagnostic; a finding kept from the previous check keeps
    its diagnostic too (moved past the edit like the finding)."""
    old = previous.shown if previous is not None else {}
    reuse = analysis.reuse
    shifter = reuse.shifter if reuse is not None and reuse.change is not None else None
    out: dict[int, tuple[Finding, Diagnostic]] = {}
    for finding in kept:
        entry = old.get(id(finding))
        if entry is not None and entry[0] is finding and shifter is not None:
            shifter.diagnostic(entry[1])
            out[id(finding)] = entry
        else:
            out[id(finding)] = (finding, finding.diagnostic())
    return out


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
