"""Outline, workspace symbols, folding and selection ranges: :mod:`analysis.ide.symbols` over LSP.

Workspace symbols search every schema the server knows (each schema of the
open documents, all its files), as of its latest analysis.

Outlines, folding ranges and symbol lists are rendered straight to JSON
(:class:`~server.protocol.RawJSON`): at 5,000 models an outline holds some
50,000 symbols, and building them as lsprotocol objects and converting them
back took seconds (measured: 8 s to build, 5 s to convert) where the JSON
takes a fraction of one, so the editor's outline never stalls the server.
"""

from __future__ import annotations

import bisect
import json
from typing import Any

from lsprotocol import types

from analysis.api import collector_paused
from analysis.ide.symbols import (
    DocumentSymbol,
    SymbolKindName,
    document_symbols,
    folding_ranges,
    selection_ranges,
    workspace_symbols,
)
from analysis.text import LineIndex
from server.app import ArchitectServer
from server.documents import path_to_uri
from server.positions import to_units
from server.protocol import RawJSON
from server.snapshot import Snapshot

SYMBOL_KINDS: dict[SymbolKindName, types.SymbolKind] = {
    "model": types.SymbolKind.Class,
    "view": types.SymbolKind.Interface,
    "enum": types.SymbolKind.Enum,
    "type": types.SymbolKind.Struct,
    "datasource": types.SymbolKind.Module,
    "generator": types.SymbolKind.Package,
    "field": types.SymbolKind.Field,
    "enum_value": types.SymbolKind.EnumMember,
    "property": types.SymbolKind.Property,
}

#: At most this many workspace symbols per request (best matches first).
WORKSPACE_SYMBOL_LIMIT = 500


class _Ranges:
    """LSP ranges as plain JSON data, in the client's position encoding.

    Line starts are read once, so each position is a binary search and, on a
    line that is not ASCII, a count of the line's code units.
    """

    __slots__ = ("ascii", "encoding", "starts", "text")

    def __init__(self, lines: LineIndex, encoding: str) -> None:
        self.text = lines.text
        self.starts = [lines.line_start(i) for i in range(lines.line_count)]
        self.encoding = encoding
        self.ascii: dict[int, bool] = {}

    def position(self, offset: int) -> dict[str, int]:
        starts = self.starts
        line = bisect.bisect_right(starts, offset) - 1
        column = offset - starts[line]
        if column:
            plain = self.ascii.get(line)
            if plain is None:
                end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
                plain = self.ascii[line] = self.text[starts[line] : end].isascii()
            if not plain:
                column = to_units(self.text[starts[line] : offset], column, self.encoding)
        return {"line": line, "character": column}

    def range(self, start: int, end: int) -> dict[str, Any]:
        return {"start": self.position(start), "end": self.position(end)}


_KIND_NUMBERS = {name: kind.value for name, kind in SYMBOL_KINDS.items()}


def _document_symbol(ranges: _Ranges, symbol: DocumentSymbol) -> dict[str, Any]:
    start = ranges.position(symbol.start)
    # A member's range and name start together; share the position.
    name_start = start if symbol.name_start == symbol.start else ranges.position(symbol.name_start)
    out: dict[str, Any] = {
        "name": symbol.name,
        "kind": _KIND_NUMBERS[symbol.kind],
        "range": {"start": start, "end": ranges.position(symbol.end)},
        "selectionRange": {"start": name_start, "end": ranges.position(symbol.name_end)},
        "children": [_document_symbol(ranges, child) for child in symbol.children],
    }
    if symbol.detail is not None:
        out["detail"] = symbol.detail
    return out


def _selection(snap: Snapshot, spans: list[tuple[int, int]]) -> types.SelectionRange:
    """Nested selection ranges from ``spans`` (innermost first)."""
    parent: types.SelectionRange | None = None
    for start, end in reversed(spans):
        parent = types.SelectionRange(snap.range(start, end), parent)
    assert parent is not None
    return parent


def register(server: ArchitectServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def outline(ls: ArchitectServer, params: types.DocumentSymbolParams) -> RawJSON | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        ranges = _Ranges(snap.lines(), snap.encoding)
        with collector_paused():
            symbols = document_symbols(snap.analysis, snap.path)
            return RawJSON(json.dumps([_document_symbol(ranges, s) for s in symbols]))

    @server.feature(types.WORKSPACE_SYMBOL)
    async def search(ls: ArchitectServer, params: types.WorkspaceSymbolParams) -> RawJSON:
        out: list[dict[str, Any]] = []
        for state in list(ls.states.values()):
            result = await state.wait()
            if result is None:
                continue
            ranges = {s.path: _Ranges(s.lines, ls.encoding) for s in result.analysis.files}
            with collector_paused():
                found = workspace_symbols(result.analysis, params.query, WORKSPACE_SYMBOL_LIMIT)
            for symbol in found:
                item: dict[str, Any] = {
                    "name": symbol.name,
                    "kind": _KIND_NUMBERS[symbol.kind],
                    "location": {
                        "uri": path_to_uri(symbol.path),
                        "range": ranges[symbol.path].range(symbol.start, symbol.end),
                    },
                }
                if symbol.container is not None:
                    item["containerName"] = symbol.container
                out.append(item)
        return RawJSON(json.dumps(out[:WORKSPACE_SYMBOL_LIMIT]))

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding(ls: ArchitectServer, params: types.FoldingRangeParams) -> RawJSON | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        out = []
        for region in folding_ranges(snap.analysis, snap.path):
            item: dict[str, Any] = {"startLine": region.start_line, "endLine": region.end_line}
            if region.kind == "comment":
                item["kind"] = types.FoldingRangeKind.Comment.value
            out.append(item)
        return RawJSON(json.dumps(out))

    @server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE)
    async def selection(
        ls: ArchitectServer, params: types.SelectionRangeParams
    ) -> list[types.SelectionRange] | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        return [
            _selection(snap, selection_ranges(snap.analysis, snap.path, snap.offset(position)))
            for position in params.positions
        ]
