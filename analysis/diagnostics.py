"""Findings as data: what the CLI prints and the server publishes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """Ordered so that ``>=`` compares seriousness."""

    HINT = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a diagnostic (the other duplicate, the target model)."""

    path: str
    start: int
    end: int
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding at ``[start, end)`` of ``path`` (absolute code-point offsets)."""

    code: str
    message: str
    severity: Severity
    path: str
    start: int
    end: int
    related: tuple[Related, ...] = field(default=())
    fixes: int = 0
    """How many fixes the finding offers (the editor's quick fixes)."""
    unnecessary: bool = False
    """The flagged code is redundant (editors grey it out)."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
