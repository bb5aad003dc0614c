"""Outline, symbol search, folding and selection ranges: the shape of a schema file.

These read the syntax trees only (no name resolution), so they work on
half-typed files too. Offsets are absolute code points in the file; folding
ranges are lines, the unit the protocol folds by.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from analysis.api import Analysis, collector_paused
from analysis.ide.resolve import path_segments
from analysis.syntax.nodes import (
    ArgList,
    ArrayExpr,
    Attribute,
    Block,
    Comment,
    ConstRef,
    EnumValue,
    Expression,
    Field,
    FuncCall,
    Ident,
    KeyValue,
    Member,
    StringLit,
    Trivia,
)
from analysis.syntax.parse import SyntaxTree
from analysis.text import SourceFile

SymbolKindName = Literal[
    "model", "view", "enum", "type", "datasource", "generator", "field", "enum_value", "property"
]


@dataclass(frozen=True, slots=True)
class DocumentSymbol:
    """A block or one of its members, for the outline."""

    name: str
    kind: SymbolKindName
    detail: str | None
    """A field's type as written (`String?`, `Post[]`), a property's value, a block's keyword."""
    start: int
    end: int
    name_start: int
    name_end: int
    children: tuple[DocumentSymbol, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkspaceSymbol:
    """A block, field or enum value found by name across the schema's files."""

    name: str
    kind: SymbolKindName
    container: str | None
    path: str
    start: int
    """The declared name's span."""
    end: int


@dataclass(frozen=True, slots=True)
class FoldingRegion:
    """Lines to fold: ``start_line`` stays visible, the lines up to ``end_line`` fold."""

    start_line: int
    end_line: int
    kind: Literal["region", "comment"]


def _file(analysis: Analysis, path: str) -> tuple[SourceFile, SyntaxTree] | None:
    for source, tree in zip(analysis.files, analysis.trees, strict=True):
        if source.path == path:
            return source, tree
    return None


# ---------------------------------------------------------------------------
# Document symbols
# ---------------------------------------------------------------------------


def document_symbols(analysis: Analysis, path: str) -> list[DocumentSymbol]:
    """The blocks of ``path`` with their fields, enum values and properties.

    Built with the cyclic collector paused: an outline of 5,000 models is some
    50,000 new objects, enough to start full collections of the analysis's
    heap (seconds, measured) that free nothing.
    """
    found = _file(analysis, path)
    if found is None:
        return []
    with collector_paused():
        return _document_symbols(*found)


def _document_symbols(source: SourceFile, tree: SyntaxTree) -> list[DocumentSymbol]:
    out = []
    for base, block in tree.blocks:
        if not block.name.text:
            continue
        children = tuple(
            child
            for member in block.members
            if (child := _member_symbol(source.text, base, member)) is not None
        )
        out.append(
            DocumentSymbol(
                block.name.text,
                block.kind,
                block.kind,
                base + block.start,
                base + block.end,
                base + block.name.start,
                base + block.name.end,
                children,
            )
        )
    return out


def _member_symbol(text: str, base: int, member: Member) -> DocumentSymbol | None:
    name: Ident
    kind: SymbolKindName
    if isinstance(member, Field):
        name, kind = member.name, "field"
        ftype = member.type
        detail = text[base + ftype.start : base + ftype.end] if ftype is not None else None
    elif isinstance(member, EnumValue):
        name, kind, detail = member.name, "enum_value", None
    elif isinstance(member, KeyValue):
        name, kind = member.key, "property"
        detail = text[base + member.value.start : base + member.value.end]
    else:
        return None
    if not name.text:
        return None
    return DocumentSymbol(
        name.text,
        kind,
        detail,
        base + member.start,
        base + member.end,
        base + name.start,
        base + name.end,
    )


# ---------------------------------------------------------------------------
# Workspace symbols
# ---------------------------------------------------------------------------


def workspace_symbols(analysis: Analysis, query: str, limit: int = 500) -> list[WorkspaceSymbol]:
    """Blocks, fields and enum values whose name matches ``query``, best first.

    A name matches when it holds the query's characters in order, ignoring
    case (`usrml` matches `UserEmail`); exact names come first, then
    prefixes, then substrings, then the scattered matches, blocks before
    members. An empty query lists the blocks only (a schema of 5,000 models
    has some 70,000 fields). At most ``limit`` symbols are returned.
    """
    with collector_paused():
        return _workspace_symbols(analysis, query, limit)


def _workspace_symbols(analysis: Analysis, query: str, limit: int) -> list[WorkspaceSymbol]:
    needle = query.strip().lower()
    ranked: list[tuple[int, int, str, int, int, WorkspaceSymbol]] = []
    order = {source.path: i for i, source in enumerate(analysis.files)}
    for symbol, is_member in _all_symbols(analysis, members=bool(needle)):
        rank = _match_rank(symbol.name.lower(), needle)
        if rank is not None:
            ranked.append(
                (rank, is_member, symbol.name.lower(), order[symbol.path], symbol.start, symbol)
            )
    ranked.sort(key=lambda r: r[:5])
    return [r[5] for r in ranked[:limit]]


def _all_symbols(analysis: Analysis, *, members: bool) -> Iterator[tuple[WorkspaceSymbol, int]]:
    for source, tree in zip(analysis.files, analysis.trees, strict=True):
        path = source.path
        for base, block in tree.blocks:
            name = block.name
            if not name.text:
                continue
            yield (
                WorkspaceSymbol(
                    name.text, block.kind, None, path, base + name.start, base + name.end
                ),
                0,
            )
            if not members:
                continue
            for member in block.members:
                if isinstance(member, Field) and member.name.text:
                    kind: SymbolKindName = "field"
                elif isinstance(member, EnumValue) and member.name.text:
                    kind = "enum_value"
                else:
                    continue
                ident = member.name
                yield (
                    WorkspaceSymbol(
                        ident.text, kind, name.text, path, base + ident.start, base + ident.end
                    ),
                    1,
                )


def _match_rank(name: str, needle: str) -> int | None:
    if not needle:
        return 0
    if name == needle:
        return 0
    if name.startswith(needle):
        return 1
    if needle in name:
        return 2
    at = 0
    for char in needle:
        at = name.find(char, at) + 1
        if at == 0:
            return None
    return 3


# ---------------------------------------------------------------------------
# Folding ranges
# ---------------------------------------------------------------------------


def folding_ranges(analysis: Analysis, path: str) -> list[FoldingRegion]:
    """Blocks (their closing brace stays visible) and runs of two or more comment lines."""
    found = _file(analysis, path)
    if found is None:
        return []
    with collector_paused():
        return _folding_ranges(*found)


def _folding_ranges(source: SourceFile, tree: SyntaxTree) -> list[FoldingRegion]:
    lines = source.lines
    regions: list[FoldingRegion] = []
    for base, block in tree.blocks:
        if block.close_brace is None:
            continue
        first = lines.position(base + block.start).line
        last = lines.position(base + block.close_brace).line - 1
        if last > first:
            regions.append(FoldingRegion(first, last, "region"))
    run: list[int] = []
    for comment in _own_line_comments(source, tree):
        first = lines.position(comment.start).line
        last = lines.position(comment.end).line
        if run and first == run[-1] + 1 and first == last:
            run.append(first)
            continue
        _close_run(run, regions)
        run = [first] if first == last else []
        if first != last:  # a `/* … */` comment over several lines folds on its own
            regions.append(FoldingRegion(first, last, "comment"))
    _close_run(run, regions)
    regions.sort(key=lambda r: (r.start_line, r.end_line))
    return regions


def _close_run(run: list[int], regions: list[FoldingRegion]) -> None:
    if len(run) >= 2:
        regions.append(FoldingRegion(run[0], run[-1], "comment"))


def _own_line_comments(source: SourceFile, tree: SyntaxTree) -> Iterator[Comment]:
    """Comments (absolute offsets) with nothing but blanks before them on their line."""
    text = source.text
    for segment in tree.segments:
        node = segment.node
        comments = node.comments if isinstance(node, Block | Trivia) else ()
        for comment in comments:
            start = segment.offset + comment.start
            line_start = source.lines.line_start(source.lines.position(start).line)
            if text[line_start:start].strip():
                continue
            yield Comment(comment.text, start, segment.offset + comment.end, comment.doc)


# ---------------------------------------------------------------------------
# Selection ranges
# ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def selection_ranges(analysis: Analysis, path: str, offset: int) -> list[tuple[int, int]]:
    """Ever larger spans around ``offset``, innermost first.

    word → path or call (`email(sort: Desc)`) → list → argument → attribute →
    field (or enum value, property) → block → whole file; in a comment: word →
    comment → block → file.
    """
    found = _file(analysis, path)
    if found is None:
        return []
    source, tree = found
    text = source.text
    offset = min(max(offset, 0), len(text))
    spans: list[tuple[int, int]] = [(0, len(text))]
    for segment in tree.segments:
        if not segment.offset <= offset <= segment.end:
            continue
        node, base = segment.node, segment.offset
        if isinstance(node, Block) and base + node.start <= offset <= base + node.end:
            spans.append((base + node.start, base + node.end))
            _block_spans(text, base, node, offset - base, spans)
        if isinstance(node, Block | Trivia):
            for comment in node.comments:
                if base + comment.start <= offset <= base + comment.end:
                    spans.append((base + comment.start, base + comment.end))
                    _word(text, offset, base + comment.start, base + comment.end, spans)
        break
    out: list[tuple[int, int]] = []
    for span in reversed(spans):
        if not out or (span != out[-1] and span[0] <= out[-1][0] and out[-1][1] <= span[1]):
            out.append(span)
    return out


def _word(text: str, offset: int, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    for match in _WORD.finditer(text, start, end):
        if match.start() <= offset <= match.end():
            spans.append((match.start(), match.end()))
            return


def _inside(node: object, rel: int) -> bool:
    start: int = getattr(node, "start")  # noqa: B009 - every node has start/end
    end: int = getattr(node, "end")  # noqa: B009
    return start <= rel <= end


def _block_spans(
    text: str, base: int, block: Block, rel: int, spans: list[tuple[int, int]]
) -> None:
    for ident in (block.keyword, block.name):
        if _inside(ident, rel):
            spans.append((base + ident.start, base + ident.end))
            return
    member = next((m for m in block.members if _inside(m, rel)), None)
    if member is None:
        return
    spans.append((base + member.start, base + member.end))
    if isinstance(member, Field):
        if _inside(member.name, rel):
            spans.append((base + member.name.start, base + member.name.end))
        elif member.type is not None and _inside(member.type, rel):
            spans.append((base + member.type.start, base + member.type.end))
            name = member.type.name
            if _inside(name, rel):
                spans.append((base + name.start, base + name.end))
        _attribute_spans(text, base, member.attributes, rel, spans)
    elif isinstance(member, EnumValue):
        if _inside(member.name, rel):
            spans.append((base + member.name.start, base + member.name.end))
        _attribute_spans(text, base, member.attributes, rel, spans)
    elif isinstance(member, KeyValue):
        if _inside(member.key, rel):
            spans.append((base + member.key.start, base + member.key.end))
        else:
            _expression_spans(text, base, member.value, rel, spans)
    elif isinstance(member, Attribute):
        _attribute_spans(text, base, (member,), rel, spans)


def _attribute_spans(
    text: str, base: int, attributes: tuple[Attribute, ...], rel: int, spans: list[tuple[int, int]]
) -> None:
    attribute = next((a for a in attributes if _inside(a, rel)), None)
    if attribute is None:
        return
    spans.append((base + attribute.start, base + attribute.end))
    if _inside(attribute.name, rel):
        _path_spans(text, base, attribute.name, rel, spans)
    elif attribute.args is not None:
        _args_spans(text, base, attribute.args, rel, spans)


def _args_spans(
    text: str, base: int, args: ArgList, rel: int, spans: list[tuple[int, int]]
) -> None:
    argument = next((a for a in args.args if _inside(a, rel)), None)
    if argument is None:
        return
    spans.append((base + argument.start, base + argument.end))
    if argument.name is not None and _inside(argument.name, rel):
        spans.append((base + argument.name.start, base + argument.name.end))
    elif argument.value is not None:
        _expression_spans(text, base, argument.value, rel, spans)


def _expression_spans(
    text: str, base: int, value: Expression, rel: int, spans: list[tuple[int, int]]
) -> None:
    if not _inside(value, rel):
        return
    spans.append((base + value.start, base + value.end))
    if isinstance(value, ArrayExpr):
        item = next((i for i in value.items if _inside(i, rel)), None)
        if item is not None:
            _expression_spans(text, base, item, rel, spans)
    elif isinstance(value, FuncCall):
        if _inside(value.name, rel):
            _path_spans(text, base, value.name, rel, spans)
        else:
            _args_spans(text, base, value.args, rel, spans)
    elif isinstance(value, ConstRef):
        _path_spans(text, base, value, rel, spans)
    elif isinstance(value, StringLit) and value.end - value.start >= 2:
        inner = (base + value.start + 1, base + value.end - 1)
        if inner[0] <= base + rel <= inner[1]:
            spans.append(inner)


def _path_spans(
    text: str, base: int, ident: Ident | ConstRef, rel: int, spans: list[tuple[int, int]]
) -> None:
    """A dotted name, then the segment under the cursor."""
    start, end = base + ident.start, base + ident.end
    spans.append((start, end))
    for _name, seg_start, seg_end in path_segments(text, ident.text, start, end):
        if seg_start <= base + rel <= seg_end:
            spans.append((seg_start, seg_end))
            return
