"""Hover: :func:`analysis.ide.hover.hover` over LSP.

The markdown and its range come from the analysis; this module only turns
the LSP position into a code-point offset, the range back into the
negotiated encoding, and honours `prismaArchitect.hover.enable` and a client
that reads plain text only (it gets the markdown source, which reads well).
"""

from __future__ import annotations

from lsprotocol import types

from analysis.ide.hover import hover
from server.app import ArchitectServer


def _markup_kind(ls: ArchitectServer) -> types.MarkupKind:
    text = ls.client_capabilities.text_document
    formats = text.hover.content_format if text is not None and text.hover is not None else None
    if formats and types.MarkupKind.Markdown not in formats:
        return types.MarkupKind.PlainText
    return types.MarkupKind.Markdown


def register(server: ArchitectServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: ArchitectServer, params: types.HoverParams) -> types.Hover | None:
        if not ls.editor.options.hover.enable:
            return None
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        info = hover(snap.result, snap.path, snap.offset(params.position))
        if info is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(_markup_kind(ls), info.markdown),
            range=snap.range(info.start, info.end),
        )
