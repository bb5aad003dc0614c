"""Hover: :func:`analysis.ide.hover.hover` over LSP.

The markdown and its range come from the analysis; this module only turns
the LSP position into a code-point offset, the range back into the
negotiated encoding, and honours `prismaArchitect.hover.enable` and a client
that reads plain text only (it gets the text without the markup).
"""

from __future__ import annotations

from lsprotocol import types

from analysis.ide.hover import hover
from analysis.ide.plain_text import plain_text
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
        kind = _markup_kind(ls)
        text = info.markdown if kind == types.MarkupKind.Markdown else plain_text(info.markdown)
        return types.Hover(
            contents=types.MarkupContent(kind, text),
            range=snap.range(info.start, info.end),
        )
