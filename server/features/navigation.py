"""Go to definition, references, highlights, rename: :mod:`analysis.ide.navigation` over LSP.

A refused rename (a keyword, a scalar type, a name already taken, an invalid
name) answers with a `RequestFailed` error carrying the reason, which editors
show to the user.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from analysis.ide.navigation import (
    RenameError,
    definition,
    highlights,
    prepare_rename,
    references,
    rename,
)
from analysis.rules.base import Edit
from server.app import ArchitectServer
from server.edits import workspace_edit


def _refused(error: RenameError) -> JsonRpcException:
    return JsonRpcException(str(error), code=types.LSPErrorCodes.RequestFailed)


def register(server: ArchitectServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def goto_definition(
        ls: ArchitectServer, params: types.DefinitionParams
    ) -> types.Location | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        span = definition(snap.analysis, snap.path, snap.offset(params.position))
        return snap.location(span.path, span.start, span.end) if span is not None else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def find_references(
        ls: ArchitectServer, params: types.ReferenceParams
    ) -> list[types.Location] | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        spans = references(
            snap.analysis,
            snap.path,
            snap.offset(params.position),
            include_declaration=params.context.include_declaration,
        )
        return [snap.location(s.path, s.start, s.end) for s in spans]

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    async def highlight(
        ls: ArchitectServer, params: types.DocumentHighlightParams
    ) -> list[types.DocumentHighlight] | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        found = highlights(snap.analysis, snap.path, snap.offset(params.position))
        return [
            types.DocumentHighlight(
                snap.range(span.start, span.end),
                types.DocumentHighlightKind.Write if declared else types.DocumentHighlightKind.Read,
            )
            for span, declared in found
        ]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare(
        ls: ArchitectServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        try:
            target = prepare_rename(snap.analysis, snap.path, snap.offset(params.position))
        except RenameError as error:
            raise _refused(error) from None
        if target is None:
            return None
        span = target.span
        return types.PrepareRenamePlaceholder(
            snap.range(span.start, span.end, span.path), target.placeholder
        )

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    async def rename_symbol(
        ls: ArchitectServer, params: types.RenameParams
    ) -> types.WorkspaceEdit | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        try:
            edits = rename(snap.analysis, snap.path, snap.offset(params.position), params.new_name)
        except RenameError as error:
            raise _refused(error) from None
        return workspace_edit(
            ls,
            snap,
            [
                Edit(path, e.start, e.end, e.new_text)
                for path, file_edits in edits.items()
                for e in file_edits
            ],
        )
