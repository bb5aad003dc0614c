"""Open documents: their text, version and line index, updated change by change.

The server keeps its own store instead of pygls's: each LSP change is turned
into a code-point :class:`~analysis.text.TextEdit` (what the incremental
parser consumes) while the line index is updated in place of a rescan, so a
keystroke costs the same in a 70,000-line file as in a small one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from analysis.text import LineIndex, TextEdit
from server.positions import offset_of


def uri_to_path(uri: str) -> str:
    """The analysis path of a document: its file path, or the URI itself when it
    has none (``untitled:``)."""
    if urlparse(uri).scheme == "file":
        path = to_fs_path(uri)
        if path:
            return path
    return uri


@lru_cache(maxsize=4096)
def path_to_uri(path: str) -> str:
    """The URI of a path (kept: a publish asks it for every file of the schema)."""
    if ":" in path and not Path(path).is_absolute() and not path.startswith("/"):
        return path  # already a URI (an untitled document)
    return from_fs_path(path) or "file://" + unquote(path)


def is_file_path(path: str) -> bool:
    return Path(path).is_absolute()


@dataclass
class Document:
    uri: str
    path: str
    version: int | None
    lines: LineIndex

    @property
    def text(self) -> str:
        return self.lines.text

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> TextEdit:
        """Apply one LSP change; return it as a code-point edit of the text before it."""
        if isinstance(change, types.TextDocumentContentChangePartial):
            start = offset_of(self.lines, change.range.start, encoding)
            end = max(start, offset_of(self.lines, change.range.end, encoding))
            edit = TextEdit(start, end, change.text)
            self.lines = self.lines.edited(edit)
        else:
            edit = TextEdit(0, len(self.lines.text), change.text)
            self.lines = LineIndex(change.text)
        return edit
