"""The line index stays exact when it is updated edit by edit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.text import LineIndex, SourceFile, TextEdit, apply_edits

PIECES = st.sampled_from(["a", "\n", "\r\n", "\r", "é", "😀", " ", "model"])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@st.composite
def edits(draw: st.DrawFn, text: str) -> TextEdit:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return TextEdit(start, end, draw(TEXTS))


@given(st.data(), TEXTS)
def test_edited_index_equals_a_fresh_one(data: st.DataObject, text: str) -> None:
    index = LineIndex(text)
    for _ in range(4):
        edit = data.draw(edits(text))
        index = index.edited(edit)
        text = apply_edits(text, [edit])
        fresh = LineIndex(text)
        assert index.text == text
        assert [index.line_start(i) for i in range(index.line_count)] == [
            fresh.line_start(i) for i in range(fresh.line_count)
        ]


def test_an_edited_source_keeps_its_built_index_incremental() -> None:
    source = SourceFile("a.prisma", "model A {\n  id Int @id\n}\n")
    assert source.lines.line_count == 4
    edit = TextEdit(10, 10, "  x Int\n")
    after = source.edited([edit], apply_edits(source.text, [edit]))
    assert "lines" in after.__dict__
    assert after.lines.position(after.text.index("id Int")).line == 2
    untouched = SourceFile("b.prisma", "x").edited([], "x")
    assert "lines" not in untouched.__dict__
