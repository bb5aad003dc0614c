"""What a validation check writes to: diagnostics at model spans."""

from __future__ import annotations

from analysis.diagnostics import Diagnostic, Related, Severity
from analysis.model.schema import Span


class Report:
    """Collects the diagnostics of all checks of one validation run.

    ``error_count`` is kept as errors are added, so that the driver's stage
    gates and Prisma's few in-stage "stop if anything is wrong so far" checks
    (see :mod:`analysis.validate.relations`) need not rescan the diagnostics.
    """

    __slots__ = ("diagnostics", "error_count")

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.error_count = 0

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    def add(
        self,
        code: str,
        message: str,
        span: Span,
        severity: Severity = Severity.ERROR,
        related: tuple[tuple[Span, str], ...] = (),
    ) -> None:
        if severity is Severity.ERROR:
            self.error_count += 1
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
