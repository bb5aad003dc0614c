"""Formatting (`textDocument/formatting`): :mod:`analysis.format` over LSP.

The document is formatted as `prisma format` would (relations completed with
what the other files of its schema declare), from the snapshot's parse, and
answered with the few line edits that turn the text into the formatted one,
so that the editor keeps its cursor and undo history sensible. A document
with syntax errors gets no edits (like Prisma, we do not format it), and the
reason goes to the client's log. `prismaArchitect.formatting.enable` turns
the feature off. The client's tab size is not used: Prisma's layout is fixed.
"""

from __future__ import annotations

from lsprotocol import types

from analysis.format import format_analysis
from analysis.text import text_edits
from server.app import ArchitectServer


def register(server: ArchitectServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    async def on_formatting(
        ls: ArchitectServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        if not ls.editor.options.formatting.enable:
            return None
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        result = format_analysis(snap.analysis, snap.path)
        if result.errors:
            first = result.errors[0]
            at = snap.position(first.offset)
            ls.window_log_message(
                types.LogMessageParams(
                    types.MessageType.Info,
                    f"{snap.path}:{at.line + 1}:{at.character + 1}: not formatted: {first.message}",
                )
            )
            return []
        return [
            types.TextEdit(snap.range(edit.start, edit.end), edit.new_text)
            for edit in text_edits(result.source, result.text)
        ]
