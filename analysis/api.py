"""The one entry point the CLI and the server share: files in, analysis out."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from analysis.diagnostics import Diagnostic, Severity
from analysis.model.build import ModelCache, build_schema
from analysis.model.schema import Schema
from analysis.reuse import Change, Layout, Locator, Region, Shifter, compare, layout, region
from analysis.syntax.parse import SyntaxTree, parse, reparse
from analysis.text import SourceFile, TextEdit
from analysis.validate import Validation, validate_again
from analysis.validate.codes import SYNTAX

LATEST_PRISMA = 7


@dataclass(frozen=True)
class Analysis:
    """The result of analyzing one schema (one file or a multi-file folder)."""

    files: tuple[SourceFile, ...]
    trees: tuple[SyntaxTree, ...]
    schema: Schema
    diagnostics: tuple[Diagnostic, ...]
    cache: ModelCache = field(repr=False, compare=False)
    reuse: Reuse | None = field(default=None, repr=False, compare=False)
    """What the next :func:`reanalyze` (and the next check) can reuse."""

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass(slots=True)
class Reuse:
    """The incremental state an analysis hands to the next one."""

    layout: Layout
    validation: Validation
    change: Change | None
    """What changed since the previous analysis (``None``: analyzed whole)."""
    shifter: Shifter | None
    """Moves results kept from the previous analysis past the edit."""
    locator: Locator
    """Which block holds a result."""
    base: Schema | None
    """The schema of the analysis this one was re-analyzed from (what ``change`` is relative to)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building a large tree.

    Analysis (and linting, which keeps tens of thousands of findings with their
    fixes) allocates millions of small, long-lived objects and almost no
    garbage cycles; with the collector running, its repeated scans of the
    growing heap cost 40 % of a 5,000-model analysis (measured in bench/).
    Reference counting still frees everything that is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def analyze(files: Sequence[SourceFile], *, prisma_version: int | None = None) -> Analysis:
    """Parse, model and validate the files of one schema."""
    with collector_paused():
        trees = tuple(parse(f.text) for f in files)
        return _analyze_trees(tuple(files), trees, ModelCache(), prisma_version=prisma_version)


def _analyze_trees(
    files: tuple[SourceFile, ...],
    trees: tuple[SyntaxTree, ...],
    cache: ModelCache,
    *,
    prisma_version: int | None,
    previous: Reuse | None = None,
    where: Region | None = None,
    base: Schema | None = None,
    texts: tuple[str, str] | None = None,
) -> Analysis:
    schema = build_schema(
        [(f.path, t) for f, t in zip(files, trees, strict=True)],
        prisma_version=prisma_version or LATEST_PRISMA,
        cache=cache,
        edited=where,
    )
    # The build knows whether any segment has a syntax error: without one
    # (most keystrokes) the trees are not walked for them.
    diagnostics = [
        Diagnostic(SYNTAX, issue.message, Severity.ERROR, f.path, issue.start, issue.end)
        for f, tree in zip(files, trees, strict=True)
        for issue in tree.issues()
    ] if schema.syntax_errors else []
    compared = (compare(previous.layout, schema, where, cache.pairing, texts)
                if previous and where else None)
    if previous is None or where is None:
        validation = validate_again(schema, built=cache)
        reuse = Reuse(layout(schema), validation, None, None, validation.locator, None)
    elif compared is None:
        # Declarations changed their names: local results are not reused, but
        # the schema-wide name index is updated (its kept results moved).
        validation = validate_again(schema, previous.validation, None, Shifter(where), cache)
        reuse = Reuse(layout(schema), validation, None, None, validation.locator, None)
    else:
        change, new_layout = compared
        shifter = Shifter(where)
        validation = validate_again(schema, previous.validation, change, shifter, cache)
        reuse = Reuse(new_layout, validation, change, shifter, validation.locator, base)
    diagnostics.extend(validation.diagnostics)
    order = {f.path: i for i, f in enumerate(files)}
    diagnostics.sort(key=lambda d: (order.get(d.path, len(order)), d.start, d.end))
    return Analysis(tuple(files), trees, schema, tuple(diagnostics), cache, reuse)


def reanalyze(
    previous: Analysis,
    path: str,
    edits: Sequence[TextEdit],
    *,
    prisma_version: int | None = None,
) -> Analysis:
    """Apply LSP-style edits to one file of ``previous`` and analyze again.

    Only the segments the edits touch are re-parsed, and only their
    declarations are re-modelled; ``previous`` must not be used afterwards
    (its model objects are shared with the new analysis).
    """
    files = list(previous.files)
    trees = list(previous.trees)
    index = next(i for i, f in enumerate(files) if f.path == path)
    with collector_paused():
        old = trees[index]
        tree = reparse(old, tuple(edits))
        files[index] = files[index].edited(edits, tree.text)
        trees[index] = tree
        return _analyze_trees(
            tuple(files),
            tuple(trees),
            previous.cache,
            prisma_version=prisma_version,
            previous=previous.reuse,
            where=_touched(region(path, old, tree), edits),
            base=previous.schema,
            texts=(old.text, tree.text),
        )


def _touched(where: Region, edits: Sequence[TextEdit]) -> Region:
    """``where`` with the range one edit replaced (several edits: the whole region)."""
    if len(edits) != 1:
        return where
    edit = edits[0]
    return replace(where, touched=(edit.start, edit.end))
