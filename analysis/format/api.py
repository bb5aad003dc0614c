"""The formatter's entry points: files in, formatted text (or the reason it is not) out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.api import Analysis
from analysis.format import relations
from analysis.format.render import render
from analysis.format.scan import Unformattable, scan
from analysis.model.build import build_schema
from analysis.model.schema import Schema
from analysis.syntax.nodes import Block, TypeAlias
from analysis.syntax.parse import SyntaxTree, parse
from analysis.text import LINE_BREAK, SourceFile, TextEdit, text_edits

_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class FormatError:
    """Why a file was not formatted: a syntax error at ``offset`` of its text."""

    offset: int
    message: str


@dataclass(frozen=True, slots=True)
class Formatted:
    path: str
    source: str
    text: str
    """The formatted text; the source itself when the file cannot be formatted."""
    errors: tuple[FormatError, ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.source


def format_files(files: Sequence[SourceFile]) -> list[Formatted]:
    """Format the files of one schema together (relations are completed across files)."""
    trees = [parse(f.text) for f in files]
    schema = None
    if not any(tree.issues() for tree in trees):
        schema = build_schema([(f.path, t) for f, t in zip(files, trees, strict=True)])
    return _format(files, trees, schema)


def format_analysis(analysis: Analysis, path: str) -> Formatted:
    """Format the file ``path`` of an analyzed schema, reusing its parse and model.

    This is what an editor asks for: one document, its relations completed
    with what the other files of its schema declare (additions those other
    files would need are left to their own formatting).
    """
    index = next(i for i, f in enumerate(analysis.files) if f.path == path)
    schema = None
    if not any(tree.issues() for tree in analysis.trees):
        schema = analysis.schema
    return _format(analysis.files, analysis.trees, schema, only=index)[0]


def _format(
    files: Sequence[SourceFile],
    trees: Sequence[SyntaxTree],
    schema: Schema | None,
    only: int | None = None,
) -> list[Formatted]:
    """Format ``files`` (parsed as ``trees``); ``schema`` is their model when they
    parse without errors (relations are then completed), and ``only`` limits the
    work to one file."""
    trees = list(trees)
    picked = range(len(files)) if only is None else [only]
    if schema is not None:
        found = relations.insertions(schema, {f.path: f.text for f in files})
        for index in picked:
            own = [i for i in found if i.path == files[index].path]
            if own:
                trees[index] = parse(relations.apply(files[index].text, own))
    out = []
    for index in picked:
        source, tree = files[index], trees[index]
        errors = _blocking_issues(tree)
        if errors:
            out.append(Formatted(source.path, source.text, source.text, errors))
            continue
        try:
            text = render(scan(tree))
        except Unformattable as error:
            problem = FormatError(error.offset, error.message)
            out.append(Formatted(source.path, source.text, source.text, (problem,)))
            continue
        out.append(Formatted(source.path, source.text, _restore(source.text, text)))
    return out


def format_text(text: str, path: str = "schema.prisma") -> Formatted:
    """Format one file on its own."""
    return format_files([SourceFile(path, text)])[0]


def format_source(text: str) -> str:
    """``text`` formatted as `prisma format` would; unchanged when it has syntax errors."""
    return format_text(text).text


def format_edits(text: str) -> list[TextEdit]:
    """Small edits that turn ``text`` into :func:`format_source` of it.

    The editor then moves only what changed: the lines that differ are
    replaced (found with :class:`difflib.SequenceMatcher` over lines), not the
    whole document. Offsets are code points into ``text``.
    """
    return text_edits(text, format_source(text))


def _blocking_issues(tree: SyntaxTree) -> tuple[FormatError, ...]:
    """Syntax errors that stop formatting.

    Errors inside a member do not: either the line did not parse, and it is
    kept as written (Prisma's grammar has a catch-all line for that), or it
    parsed and the error is one Prisma reports later while its formatter
    reads the line (`Type[]?`, `Type!`, `[Type]`, `name: Type`). An error
    anywhere else (an unclosed block or comment, text outside a block)
    leaves nothing sound to format around.
    """
    out = []
    for segment in tree.segments:
        node = segment.node
        if isinstance(node, Block) and node.close_brace is not None:
            ranges = [(m.start, m.end) for m in node.members]
        elif isinstance(node, TypeAlias):
            ranges = [(node.start, node.end)]
        else:
            ranges = []
        for issue in segment.parsed.issues:
            if not any(start <= issue.start and issue.end <= end for start, end in ranges):
                out.append(FormatError(segment.offset + issue.start, issue.message))
    return tuple(out)


def _restore(source: str, text: str) -> str:
    """Give the formatted ``text`` the source's byte order mark and line breaks.

    Prisma writes `\\n` everywhere; keeping a Windows file's `\\r\\n` (the
    first line break decides, as ruff's `line-ending = "auto"`) spares an
    editor a change on every line.
    """
    first = LINE_BREAK.search(source)
    if first is not None and first.group() != "\n":
        text = text.replace("\r\n", "\n").replace("\n", first.group())
    if source.startswith(_BOM) and not text.startswith(_BOM):
        text = _BOM + text
    return text
