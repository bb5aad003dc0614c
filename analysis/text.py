"""Source text: files, positions and edits.

Offsets are indexes into the Python ``str`` (code points). Lines end at
``\\r\\n``, ``\\n`` or a lone ``\\r``, as in Prisma's grammar. Conversion to an
editor's position encoding (UTF-16 by default) belongs to the server.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

LINE_BREAK = re.compile(r"\r\n|\n|\r")
"""A line break: ``\\r\\n``, ``\\n`` or a lone ``\\r``."""


@dataclass(frozen=True, slots=True)
class Position:
    """A zero-based line and a zero-based column in code points."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``[start, end)`` of the text with ``new_text`` (LSP-style, as offsets)."""

    start: int
    end: int
    new_text: str


class LineIndex:
    """Maps offsets to line/column and back; built once per text."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        return self._starts[min(max(line, 0), len(self._starts) - 1)]

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line``, before its line break."""
        if line + 1 < len(self._starts):
            end = self._starts[line + 1]
            if self.text.startswith("\r\n", end - 2):
                return end - 2
            return end - 1
        return len(self.text)

    def position(self, offset: int) -> Position:
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line, offset - self._starts[line])

    def offset(self, position: Position) -> int:
        if position.line >= len(self._starts):
            return len(self.text)
        start = self._starts[max(position.line, 0)]
        return min(start + max(position.column, 0), self.line_end(position.line))

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_end(line)]


@dataclass(frozen=True)
class SourceFile:
    """One schema file: where it came from and its text."""

    path: str
    text: str

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)


def apply_edits(text: str, edits: list[TextEdit] | tuple[TextEdit, ...]) -> str:
    """Apply edits one after another, each against the text the previous one left."""
    for edit in edits:
        start = min(max(edit.start, 0), len(text))
        end = min(max(edit.end, start), len(text))
        text = text[:start] + edit.new_text + text[end:]
    return text
