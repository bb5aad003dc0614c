"""What a validation check writes to: diagnostics at model spans."""

from __future__ import annotations

from analysis.diagnostics import Diagnostic, Related, Severity
from analysis.model.schema import Span


class Report:
    """Collects the diagnostics of all checks of one validation run."""

    __slots__ = ("diagnostics",)

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(
        self,
        code: str,
        message: str,
        span: Span,
        severity: Severity = Severity.ERROR,
        related: tuple[tuple[Span, str], ...] = (),
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code,
                message,
                severity,
                span.path,
                span.start,
                span.end,
                tuple(Related(s.path, s.start, s.end, m) for s, m in related),
            )
        )

    def error(
        self, code: str, message: str, span: Span, related: tuple[tuple[Span, str], ...] = ()
    ) -> None:
        self.add(code, message, span, Severity.ERROR, related)

    def warning(
        self, code: str, message: str, span: Span, related: tuple[tuple[Span, str], ...] = ()
    ) -> None:
        self.add(code, message, span, Severity.WARNING, related)
