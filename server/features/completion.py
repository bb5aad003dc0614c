"""Completion: :mod:`analysis.ide.completion` over LSP.

Items carry their documentation at once (it is short, and a list is cut at
:data:`analysis.ide.completion.MAX_ITEMS`), so there is no resolve step.
Snippets are sent only to clients that accept them; others get the same
text without tab stops. Each item replaces the word being typed, given as a
`textEdit` range so that editors filter and replace the same text.
"""

from __future__ import annotations

from lsprotocol import types

from analysis.ide.completion import CompletionItem, complete
from analysis.ide.completion_items import CompletionKind
from server.app import ArchitectServer
from server.snapshot import Snapshot

#: `@` attributes, `.` native types, `"` string values, `(` `[` `,` ` ` arguments,
#: lists and the next value.
TRIGGER_CHARACTERS = ["@", ".", '"', "(", "[", ",", " "]

KINDS: dict[CompletionKind, types.CompletionItemKind] = {
    "keyword": types.CompletionItemKind.Keyword,
    "scalar": types.CompletionItemKind.TypeParameter,
    "model": types.CompletionItemKind.Class,
    "enum": types.CompletionItemKind.Enum,
    "composite": types.CompletionItemKind.Struct,
    "attribute": types.CompletionItemKind.Property,
    "native_type": types.CompletionItemKind.TypeParameter,
    "argument": types.CompletionItemKind.Property,
    "function": types.CompletionItemKind.Function,
    "value": types.CompletionItemKind.Enum,
    "field": types.CompletionItemKind.Field,
    "property": types.CompletionItemKind.Field,
}


def _client_support(ls: ArchitectServer) -> tuple[bool, bool]:
    """Whether the client takes snippets, and markdown documentation."""
    text = ls.client_capabilities.text_document
    completion = text.completion if text is not None else None
    item = completion.completion_item if completion is not None else None
    if item is None:
        return False, False
    formats = item.documentation_format or []
    return bool(item.snippet_support), types.MarkupKind.Markdown in formats


def _item(
    snap: Snapshot, item: CompletionItem, snippets: bool, markdown: bool
) -> types.CompletionItem:
    snippet = item.snippet and snippets
    documentation: str | types.MarkupContent | None = item.documentation
    if item.documentation is not None and markdown:
        documentation = types.MarkupContent(types.MarkupKind.Markdown, item.documentation)
    return types.CompletionItem(
        label=item.label,
        kind=KINDS[item.kind],
        detail=item.detail,
        documentation=documentation,
        sort_text=item.sort_text,
        preselect=item.preselect or None,
        text_edit=types.TextEdit(
            snap.range(item.start, item.end), item.insert_text if snippet else item.plain_text
        ),
        insert_text_format=(
            types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText
        ),
    )


def register(server: ArchitectServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=False),
    )
    async def completion(
        ls: ArchitectServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        result = complete(snap.analysis, snap.path, snap.offset(params.position))
        snippets, markdown = _client_support(ls)
        return types.CompletionList(
            is_incomplete=result.incomplete,
            items=[_item(snap, i, snippets, markdown) for i in result.items],
        )
