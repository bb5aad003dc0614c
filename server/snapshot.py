"""What a request handler reads: one schema's check, as of the request's text.

Handlers work in the analysis's code-point offsets and convert at the edges
with these methods, in the position encoding negotiated with the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from analysis.api import Analysis
from analysis.check import CheckResult
from analysis.config import LoadedSettings, Settings
from analysis.text import SourceFile
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

    def offset(self, position: types.Position, path: str | None = None) -> int:
        return offset_of(self.source(path).lines, position, self.encoding)

    def position(self, offset: int, path: str | None = None) -> types.Position:
        return position_of(self.source(path).lines, offset, self.encoding)

    def range(self, start: int, end: int, path: str | None = None) -> types.Range:
        return range_of(self.source(path).lines, start, end, self.encoding)

    def location(self, path: str, start: int, end: int) -> types.Location:
        return types.Location(self.uri(path), self.range(start, end, path))

    def uri(self, path: str) -> str:
        return path_to_uri(path)
