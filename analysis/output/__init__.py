"""What ``check`` prints: one report, several formats (text, json, sarif, github).

:class:`Report` is everything one run found across its PATHs; each module of
this package renders it. :func:`code_info` gives the metadata of any code a
diagnostic can carry: a rule of the registry, a validation code (``PAE``,
``PAW``) or the unused-suppression code ``PAS001``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from analysis.diagnostics import Diagnostic, Severity
from analysis.rules import find_rule
from analysis.rules.base import Finding, Fix
from analysis.text import SourceFile
from analysis.workspace import ReadError

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
UNUSED_SUPPRESSION = "PAS001"


@dataclass(frozen=True)
class Problem:
    """A configuration problem, at a 1-based line and column of the config file."""

    path: str
    line: int
    column: int
    message: str


@dataclass
class Report:
    """Everything one ``check`` run found, across all its PATHs."""

    files: dict[str, SourceFile] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Every diagnostic, each PATH's in file order then by position."""
    fixes: dict[Diagnostic, tuple[Fix, ...]] = field(default_factory=dict)
    """The fixes of the diagnostics that come from rule findings."""
    failures: list[ReadError] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failing: int = 0
    """How many diagnostics are at or above their PATH's fail level."""
    min_severity: Severity = Severity.HINT
    exit_zero: bool = False
    fixed: int = 0
    """How many findings ``--fix`` fixed."""

    @property
    def shown(self) -> list[Diagnostic]:
        """The diagnostics at or above ``--min-severity``."""
        return [d for d in self.diagnostics if d.severity >= self.min_severity]

    @property
    def hidden(self) -> int:
        return len(self.diagnostics) - len(self.shown)

    @property
    def exit_code(self) -> int:
        if self.failures or self.problems:
            return EXIT_FAILURE
        return EXIT_FINDINGS if self.failing and not self.exit_zero else EXIT_OK

    def add(self, diagnostics: Iterable[Diagnostic], findings: Iterable[Finding]) -> None:
        """Add one PATH's diagnostics, with the fixes of the findings among them."""
        fixes = {f.diagnostic(): f.fixes for f in findings if f.fixes}
        for d in diagnostics:
            self.diagnostics.append(d)
            if (found := fixes.get(d)) is not None:
                self.fixes[d] = found

    def fixable(self, *, unsafe: bool = False) -> int:
        """How many shown diagnostics have a safe fix (or any fix, with ``unsafe``)."""
        return sum(1 for d in self.shown if any(f.safe or unsafe for f in self.fixes.get(d, ())))

    def counts_by_code(self) -> Counter[str]:
        return Counter(d.code for d in self.shown)


# ---------------------------------------------------------------- code metadata


@dataclass(frozen=True)
class CodeInfo:
    """What a diagnostic's code is: a rule's, a validation code, or PAS001."""

    code: str
    name: str
    summary: str
    explanation: str
    severity: Severity
    group: str


def code_info(code: str) -> CodeInfo:
    rule = find_rule(code) if code[:3] not in ("PAE", "PAW", "PAS") else None
    if rule is not None:
        return CodeInfo(
            rule.code,
            rule.name,
            rule.summary(),
            rule.explanation(),
            rule.severity,
            rule.group.value,
        )
    if code == UNUSED_SUPPRESSION:
        text = (
            "A `// prisma-architect-ignore` comment that suppressed nothing: the finding it "
            "named is gone or was never there. Remove the comment."
        )
        return CodeInfo(code, "unused-suppression", text, text, Severity.WARNING, "suppression")
    doc = validation_codes().get(code)
    if doc is not None:
        name, text = doc
        severity = Severity.WARNING if code.startswith("PAW") else Severity.ERROR
        return CodeInfo(code, name, text, text, severity, "validation")
    return CodeInfo(code, code.lower(), "", "", Severity.WARNING, "unknown")


@cache
def validation_codes() -> dict[str, tuple[str, str]]:
    """``PAE``/``PAW`` code → (name, description): the constants of
    :mod:`analysis.validate.codes` (the one list of codes) and their meanings."""
    from analysis.validate import codes

    return {
        value: (name.lower().replace("_", "-"), codes.MEANING.get(value, ""))
        for name, value in vars(codes).items()
        if name.isupper() and isinstance(value, str) and value in codes.MEANING
    }


def severity_of(name: str) -> Severity:
    """``error``/``warning``/``info``/``hint`` → :class:`Severity`."""
    return Severity[name.upper()]
