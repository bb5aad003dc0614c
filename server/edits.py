"""Edits as the client applies them: one ``WorkspaceEdit`` for edits in any files.

Shared by code actions and rename. Each file's edits carry the version of its open
document when the client takes ``documentChanges``, so a client refuses an edit
computed against text that has changed since (files that are not open have no
version).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lsprotocol import types

from analysis.rules.base import Edit
from server.app import ArchitectServer
from server.snapshot import Snapshot


def workspace_edit(
    ls: ArchitectServer, snap: Snapshot, edits: Iterable[Edit]
) -> types.WorkspaceEdit:
    """Edits (possibly in several files) as a ``WorkspaceEdit``, with document
    versions when the client takes ``documentChanges``."""
    by_path: dict[str, list[types.TextEdit]] = {}
    for edit in sorted(edits, key=lambda e: (e.path, e.start, e.end)):
        by_path.setdefault(edit.path, []).append(
            types.TextEdit(snap.range(edit.start, edit.end, edit.path), edit.new_text)
        )
    workspace = ls.client_capabilities.workspace
    capability = workspace.workspace_edit if workspace is not None else None
    if capability is not None and capability.document_changes:
        changes: list[Any] = []
        for path, text_edits_ in by_path.items():
            uri = snap.uri(path)
            document = ls.documents.get(uri)
            version = document.version if document is not None else None
            changes.append(
                types.TextDocumentEdit(
                    types.OptionalVersionedTextDocumentIdentifier(uri, version), text_edits_
                )
            )
        return types.WorkspaceEdit(document_changes=changes)
    return types.WorkspaceEdit(changes={snap.uri(p): e for p, e in by_path.items()})
