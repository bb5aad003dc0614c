"""What a request handler reads: one schema's check, as of the request's text.

Handlers work in the analysis's code-point offsets and convert at the edges
with these methods, in the position encoding negotiated with the client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lsprotocol import types

from analysis.api import Analysis
from analysis.check import CheckResult
from analysis.config import LoadedSettings, Settings
from analysis.text import LineIndex, SourceFile
from server.documents import path_to_uri
from server.positions import offset_of, position_of, range_of


@dataclass(frozen=True)
class Snapshot:
    result: CheckResult
    path: str
    """The requested document's file path, as in ``analysis.files``."""
    loaded: LoadedSettings
    """The settings as the check took them (with the file they came from)."""
    encoding: str
    open_lines: Callable[[str], LineIndex | None] = field(default=lambda path: None)
    """Path → the line index of the open document, if any (the editor's text, whose
    index the server keeps anyway)."""

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def analysis(self) -> Analysis:
        return self.result.analysis

    def source(self, path: str | None = None) -> SourceFile:
        wanted = self.path if path is None else path
        for file in self.result.analysis.files:
            if file.path == wanted:
                return file
        raise KeyError(wanted)

    def lines(self, path: str | None = None) -> LineIndex:
        """The line index of a file's text: the open document's when it holds the
        same text, so that the analysis does not build (and then keep editing) one
        of its own."""
        source = self.source(path)
        return same_text_lines(self.open_lines(source.path), source)

    def offset(self, position: types.Position, path: str | None = None) -> int:
        return offset_of(self.lines(path), position, self.encoding)

    def position(self, offset: int, path: str | None = None) -> types.Position:
        return position_of(self.lines(path), offset, self.encoding)

    def range(self, start: int, end: int, path: str | None = None) -> types.Range:
        return range_of(self.lines(path), start, end, self.encoding)

    def location(self, path: str, start: int, end: int) -> types.Location:
        return types.Location(self.uri(path), self.range(start, end, path))

    def uri(self, path: str) -> str:
        return path_to_uri(path)


def same_text_lines(lines: LineIndex | None, source: SourceFile) -> LineIndex:
    """``lines`` when it indexes ``source``'s text, else the source's own index."""
    if lines is not None and (lines.text is source.text or lines.text == source.text):
        return lines
    return source.lines
