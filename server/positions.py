"""LSP positions ↔ the analysis's code-point offsets.

The analysis counts code points; a client counts UTF-16 code units unless it
offered UTF-8 or UTF-32 at initialization (the negotiated encoding is the
server's ``position_encoding``). Only the one line a position is on is
converted, so the cost does not grow with the file.
"""

from __future__ import annotations

from lsprotocol import types

from analysis.text import LineIndex, Position

UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


def _units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


def to_units(line: str, column: int, encoding: str) -> int:
    """The client's column for code-point ``column`` of ``line``."""
    if encoding == UTF32 or line.isascii():
        return column
    return sum(_units(c, encoding) for c in line[:column])


def to_column(line: str, units: int, encoding: str) -> int:
    """The code-point column of the client's ``units`` on ``line`` (clamped to the
    line; a position inside a character lands before it)."""
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    count = 0
    for column, char in enumerate(line):
        count += _units(char, encoding)
        if count > units:
            return column
    return len(line)


def offset_of(lines: LineIndex, position: types.Position, encoding: str) -> int:
    """The code-point offset of an LSP position; out-of-range positions are clamped."""
    if position.line >= lines.line_count:
        return len(lines.text)
    text = lines.line_text(position.line)
    return lines.line_start(position.line) + to_column(text, position.character, encoding)


def position_of(lines: LineIndex, offset: int, encoding: str) -> types.Position:
    """The LSP position of a code-point offset."""
    where: Position = lines.position(offset)
    if encoding == UTF32:
        return types.Position(where.line, where.column)
    text = lines.line_text(where.line)
    return types.Position(where.line, to_units(text, where.column, encoding))


def range_of(lines: LineIndex, start: int, end: int, encoding: str) -> types.Range:
    return types.Range(position_of(lines, start, encoding), position_of(lines, end, encoding))
