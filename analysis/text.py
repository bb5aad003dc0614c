"""Source text: files, positions and edits.

Offsets are indexes into the Python ``str`` (code points). Lines end at
``\\r\\n``, ``\\n`` or a lone ``\\r``, as in Prisma's grammar. Conversion to an
editor's position encoding (UTF-16 by default) belongs to the server.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
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
    def line_starts(self) -> list[int]:
        """The offset where each line starts (read-only: shared, not copied)."""
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    @classmethod
    def _of(cls, text: str, starts: list[int]) -> LineIndex:
        index = cls.__new__(cls)
        index.text = text
        index._starts = starts
        return index

    def edited(self, edit: TextEdit) -> LineIndex:
        """The index of the text after ``edit``, rescanning only the lines it touches.

        A keystroke in a 70,000-line schema would otherwise rescan the whole
        text (about 20 ms); this copies the line starts and shifts those after
        the edit. Returns a full rebuild when a carriage return is involved,
        since a ``\\r`` next to the edit may pair with a ``\\n`` inside it.
        """
        text = self.text
        start = min(max(edit.start, 0), len(text))
        end = min(max(edit.end, start), len(text))
        new_text = text[:start] + edit.new_text + text[end:]
        if "\r" in edit.new_text or "\r" in text[max(start - 1, 0) : end + 1]:
            return LineIndex(new_text)
        starts = self._starts
        first = bisect.bisect_right(starts, start)  # lines starting after ``start`` ...
        last = bisect.bisect_right(starts, end)  # ... and after ``end`` (kept, shifted)
        delta = len(edit.new_text) - (end - start)
        inserted = [start + m.end() for m in LINE_BREAK.finditer(edit.new_text)]
        moved = starts[last:] if delta == 0 else map(delta.__add__, starts[last:])
        return LineIndex._of(new_text, [*starts[:first], *inserted, *moved])

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

    def edited(self, edits: Sequence[TextEdit], text: str) -> SourceFile:
        """This file after ``edits`` (whose result is ``text``), keeping the line
        index incremental when this file's index was already built."""
        result = SourceFile(self.path, text)
        built = self.__dict__.get("lines")
        if isinstance(built, LineIndex):
            for edit in edits:
                built = built.edited(edit)
            if built.text == text:
                result.__dict__["lines"] = built
        return result


def apply_edits(text: str, edits: list[TextEdit] | tuple[TextEdit, ...]) -> str:
    """Apply edits one after another, each against the text the previous one left."""
    for edit in edits:
        start = min(max(edit.start, 0), len(text))
        end = min(max(edit.end, start), len(text))
        text = text[:start] + edit.new_text + text[end:]
    return text


def text_edits(before: str, after: str) -> list[TextEdit]:
    """Line-level edits, in order and not overlapping, that turn ``before`` into ``after``."""
    if before == after:
        return []
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    # With its junk heuristic (lines as common as `}` cannot start a match,
    # only extend one), the matcher takes 16 ms instead of 160 on a
    # 7,600-line schema, for edits about as small.
    matcher = difflib.SequenceMatcher(None, old, new)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(TextEdit(starts[i1], starts[i2], "".join(new[j1:j2])))
    return edits
