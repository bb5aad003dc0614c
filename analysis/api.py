"""The one entry point the CLI and the server share: files in, analysis out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.diagnostics import Diagnostic, Severity
from analysis.syntax.parse import SyntaxTree, parse
from analysis.text import SourceFile

SYNTAX_ERROR = "PAE001"


@dataclass(frozen=True)
class Analysis:
    """The result of analyzing one schema (one file or a multi-file folder)."""

    files: tuple[SourceFile, ...]
    trees: tuple[SyntaxTree, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def analyze(files: Sequence[SourceFile], *, prisma_version: int | None = None) -> Analysis:
    """Parse, model and validate the files of one schema."""
    trees = tuple(parse(f.text) for f in files)
    diagnostics = [
        Diagnostic(SYNTAX_ERROR, issue.message, Severity.ERROR, f.path, issue.start, issue.end)
        for f, tree in zip(files, trees, strict=True)
        for issue in tree.issues()
    ]
    return Analysis(tuple(files), trees, tuple(diagnostics))
