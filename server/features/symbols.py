"""Outline, workspace symbols, folding and selection ranges: :mod:`analysis.ide.symbols` over LSP.

Workspace symbols search every schema the server knows (each schema of the
open documents, all its files), as of its latest analysis.
"""

from __future__ import annotations

from lsprotocol import types

from analysis.ide.symbols import (
    DocumentSymbol,
    SymbolKindName,
    document_symbols,
    folding_ranges,
    selection_ranges,
    workspace_symbols,
)
from server.app import ArchitectServer
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


def _document_symbol(snap: Snapshot, symbol: DocumentSymbol) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name,
        kind=SYMBOL_KINDS[symbol.kind],
        range=snap.range(symbol.start, symbol.end),
        selection_range=snap.range(symbol.name_start, symbol.name_end),
        detail=symbol.detail,
        children=[_document_symbol(snap, child) for child in symbol.children],
    )


def _selection(snap: Snapshot, spans: list[tuple[int, int]]) -> types.SelectionRange:
    """Nested selection ranges from ``spans`` (innermost first)."""
    parent: types.SelectionRange | None = None
    for start, end in reversed(spans):
        parent = types.SelectionRange(snap.range(start, end), parent)
    assert parent is not None
    return parent


def register(server: ArchitectServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def outline(
        ls: ArchitectServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        return [_document_symbol(snap, s) for s in document_symbols(snap.analysis, snap.path)]

    @server.feature(types.WORKSPACE_SYMBOL)
    async def search(
        ls: ArchitectServer, params: types.WorkspaceSymbolParams
    ) -> list[types.WorkspaceSymbol]:
        out: list[types.WorkspaceSymbol] = []
        for state in list(ls.states.values()):
            result = await state.wait()
            if result is None:
                continue
            for symbol in workspace_symbols(result.analysis, params.query, WORKSPACE_SYMBOL_LIMIT):
                snap = Snapshot(result, symbol.path, state.loaded.settings, ls.encoding)
                out.append(
                    types.WorkspaceSymbol(
                        location=snap.location(symbol.path, symbol.start, symbol.end),
                        name=symbol.name,
                        kind=SYMBOL_KINDS[symbol.kind],
                        container_name=symbol.container,
                    )
                )
        return out[:WORKSPACE_SYMBOL_LIMIT]

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding(
        ls: ArchitectServer, params: types.FoldingRangeParams
    ) -> list[types.FoldingRange] | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        return [
            types.FoldingRange(
                start_line=region.start_line,
                end_line=region.end_line,
                kind=types.FoldingRangeKind.Comment if region.kind == "comment" else None,
            )
            for region in folding_ranges(snap.analysis, snap.path)
        ]

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
