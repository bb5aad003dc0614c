"""LSP positions in every encoding ↔ code-point offsets, with text beyond ASCII."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from analysis.text import LineIndex
from server.positions import UTF8, UTF16, UTF32, offset_of, position_of, to_column, to_units

LINE = "  /* 📝 é */ author User"


@pytest.mark.parametrize(
    ("encoding", "units"),
    [(UTF32, 12), (UTF16, 13), (UTF8, 16)],  # 📝: 1, 2 or 4 units; é: 1, 1 or 2
)
def test_the_column_of_author(encoding: str, units: int) -> None:
    column = LINE.index("author")
    assert to_units(LINE, column, encoding) == units
    assert to_column(LINE, units, encoding) == column


def test_a_position_inside_a_character_lands_before_it() -> None:
    emoji = LINE.index("📝")
    assert to_column(LINE, to_units(LINE, emoji, UTF16) + 1, UTF16) == emoji
    assert to_column(LINE, to_units(LINE, emoji, UTF8) + 3, UTF8) == emoji


def test_out_of_range_positions_are_clamped() -> None:
    lines = LineIndex("model A {\n  id Int @id\n}\n")
    assert offset_of(lines, types.Position(1, 999), UTF16) == len("model A {\n  id Int @id")
    assert offset_of(lines, types.Position(99, 0), UTF16) == len(lines.text)


@given(st.text(alphabet=st.sampled_from("ab\né📝\r"), max_size=40), st.data())
def test_offsets_round_trip(text: str, data: st.DataObject) -> None:
    lines = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    if text[max(offset - 1, 0) : offset + 1] == "\r\n":
        return  # between \r and \n is not a position of any line
    for encoding in (UTF8, UTF16, UTF32):
        assert offset_of(lines, position_of(lines, offset, encoding), encoding) == offset
