"""The one entry point the CLI and the server share: files in, analysis out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.diagnostics import Diagnostic, Severity
from analysis.model.build import build_schema
from analysis.model.schema import Schema
from analysis.syntax.parse import SyntaxTree, parse, reparse
from analysis.text import SourceFile, TextEdit
from analysis.validate import validate
from analysis.validate.codes import SYNTAX

LATEST_PRISMA = 7


@dataclass(frozen=True)
class Analysis:
    """The result of analyzing one schema (one file or a multi-file folder)."""

    files: tuple[SourceFile, ...]
    trees: tuple[SyntaxTree, ...]
    schema: Schema
    diagnostics: tuple[Diagnostic, ...]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def analyze(files: Sequence[SourceFile], *, prisma_version: int | None = None) -> Analysis:
    """Parse, model and validate the files of one schema."""
    trees = tuple(parse(f.text) for f in files)
    return _analyze_trees(tuple(files), trees, prisma_version=prisma_version)


def _analyze_trees(files: tuple[SourceFile, ...], trees: tuple[SyntaxTree, ...], *,
                   prisma_version: int | None) -> Analysis:
    diagnostics = [
        Diagnostic(SYNTAX, issue.message, Severity.ERROR, f.path, issue.start, issue.end)
        for f, tree in zip(files, trees, strict=True)
        for issue in tree.issues()
    ]
    schema = build_schema(
        [(f.path, t) for f, t in zip(files, trees, strict=True)],
        prisma_version=prisma_version or LATEST_PRISMA,
    )
    diagnostics.extend(validate(schema))
    order = {f.path: i for i, f in enumerate(files)}
    diagnostics.sort(key=lambda d: (order.get(d.path, len(order)), d.start, d.end))
    return Analysis(tuple(files), trees, schema, tuple(diagnostics))


def reanalyze(previous: Analysis, path: str, edits: Sequence[TextEdit], *,
              prisma_version: int | None = None) -> Analysis:
    """Apply LSP-style edits to one file of ``previous`` and analyze again,
    re-parsing only the segments the edits touch."""
    files = list(previous.files)
    trees = list(previous.trees)
    index = next(i for i, f in enumerate(files) if f.path == path)
    tree = reparse(trees[index], tuple(edits))
    files[index] = SourceFile(path, tree.text)
    trees[index] = tree
    return _analyze_trees(tuple(files), tuple(trees), prisma_version=prisma_version)
