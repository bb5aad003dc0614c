"""The renderer after ``recheck``: the pieces it takes from its last rendering (runs of
the same diagnostic objects, moved in place by the check) equal a fresh rendering,
whatever the edit, in every position encoding and across files."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.check import CheckResult, recheck, run_check
from analysis.config import default_settings
from analysis.text import LineIndex, SourceFile, TextEdit
from bench.generate import generate_schema
from server.diagnostics import DiagnosticRenderer
from server.documents import path_to_uri
from server.positions import UTF8, UTF16, UTF32

MAIN = "/project/prisma/schema/main.prisma"
OTHER = "/project/prisma/schema/other.prisma"
GENERATED = generate_schema(12, seed=3)
OTHER_TEXT = """model Tag {
  id     Int    @id @default(autoincrement())
  name   String
  userId Int
  user   User   @relation(fields: [userId], references: [id])
  /* ✨ */ label String @unique
}

model User {
  id   Int   @id
  tags Tag[]
}
"""
"""A second file whose relation and duplicate model point into the first one."""

PIECES = ["q", " ", "\n", "x\n", "é", "😀", "@id", "@unique ", "}", "model Z {\n}\n", "\r\n"]


def _render_all(
    renderers: dict[str, DiagnosticRenderer], result: CheckResult, encoding: str
) -> dict[str, tuple[list[bytes], list[bytes]]]:
    """Per file: the renderer's pieces and a fresh renderer's."""
    sources = {f.path: f for f in result.analysis.files}
    out = {}
    for path, source in sources.items():
        diagnostics = [d for d in result.diagnostics if d.path == path]
        kept = renderers.setdefault(path, DiagnosticRenderer()).render(
            diagnostics, source, encoding, sources.__getitem__, path_to_uri
        )
        fresh = DiagnosticRenderer().render(
            diagnostics, source, encoding, sources.__getitem__, path_to_uri
        )
        out[path] = (kept, fresh)
    return out


edits = st.lists(
    st.tuples(
        st.booleans(),  # which file
        st.floats(0, 1),  # which diagnostic the edit is near (or where, without one)
        st.sampled_from(["start", "end"]),
        st.integers(-3, 3),  # how far from its start or end
        st.integers(0, 12),  # how much is removed
        st.sampled_from(["", *PIECES]),
    ),
    min_size=1,
    max_size=6,
)


def _where(result: CheckResult, path: str, near: float, anchor: str, off: int) -> int:
    """An offset near the start or end of one of the file's diagnostics, or of
    their related places: where a renderer could take a piece it must not."""
    text = next(f.text for f in result.analysis.files if f.path == path)
    places = [(d.start, d.end) for d in result.diagnostics if d.path == path]
    places += [(r.start, r.end) for d in result.diagnostics for r in d.related if r.path == path]
    if not places:
        return int(near * len(text))
    start, end = sorted(places)[min(int(near * len(places)), len(places) - 1)]
    return min(max((start if anchor == "start" else end) + off, 0), len(text))


@settings(max_examples=60, deadline=None)
@given(edits, st.sampled_from([UTF16, UTF8, UTF32]))
def test_every_keystroke_renders_as_afresh(steps: list, encoding: str) -> None:
    loaded = default_settings()
    result = run_check([SourceFile(MAIN, GENERATED), SourceFile(OTHER, OTHER_TEXT)], loaded)
    renderers: dict[str, DiagnosticRenderer] = {}
    _render_all(renderers, result, encoding)
    for other, near, anchor, off, removed, new_text in steps:
        path = OTHER if other else MAIN
        text = next(f.text for f in result.analysis.files if f.path == path)
        at = _where(result, path, near, anchor, off)
        result = recheck(result, path, [TextEdit(at, min(at + removed, len(text)), new_text)],
                         loaded)
        for kept, fresh in _render_all(renderers, result, encoding).values():
            assert kept == fresh


def test_a_letter_in_a_big_schema_takes_the_other_pieces_as_they_were() -> None:
    """Before and after the edited line, the very same bytes objects come back."""
    loaded = default_settings()
    text = generate_schema(60, seed=1)
    result = run_check([SourceFile(MAIN, text)], loaded)
    renderer = DiagnosticRenderer()
    source = result.analysis.files[0]
    sources = {MAIN: source}
    before = renderer.render(result.diagnostics, source, UTF16, sources.__getitem__, path_to_uri)
    at = text.index("\n", len(text) // 2) - 1  # the end of a line in the middle
    result = recheck(result, MAIN, [TextEdit(at, at, "q")], loaded)
    source = result.analysis.files[0]
    sources = {MAIN: source}
    after = renderer.render(result.diagnostics, source, UTF16, sources.__getitem__, path_to_uri)
    fresh = DiagnosticRenderer().render(
        result.diagnostics, source, UTF16, sources.__getitem__, path_to_uri
    )
    assert after == fresh
    old = {id(p) for p in before}
    reused = sum(id(p) in old for p in after)
    edited = [d for d in result.diagnostics if d.start <= at + 1 and d.end >= at]
    with_related = [d for d in result.diagnostics if d.related]
    assert reused >= len(after) - len(edited) - len(with_related)
    assert reused > len(after) // 2


def test_the_open_documents_line_index_is_used_when_its_text_is_the_same() -> None:
    """The file's own index is then never built (the analysis would keep editing it)."""
    loaded = default_settings()
    result = run_check([SourceFile(MAIN, GENERATED)], loaded)
    sources = {MAIN: result.analysis.files[0]}
    source = SourceFile(MAIN, GENERATED)  # its index not built yet
    parts = DiagnosticRenderer().render(
        result.diagnostics, source, UTF16, sources.__getitem__, path_to_uri, LineIndex(GENERATED)
    )
    assert "lines" not in source.__dict__
    stale = LineIndex(GENERATED + "\n")  # another text: the source's own index is used
    again = DiagnosticRenderer().render(
        result.diagnostics, source, UTF16, sources.__getitem__, path_to_uri, stale
    )
    assert "lines" in source.__dict__
    assert again == parts
