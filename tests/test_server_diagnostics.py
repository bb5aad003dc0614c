"""The server's diagnostics JSON: what lsprotocol would send, and the same after any
edit whether it was rendered afresh or from the pieces of the last rendering."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types
from lsprotocol.converters import get_converter

from analysis.check import CheckResult, run_check
from analysis.config import default_settings
from analysis.diagnostics import Severity
from analysis.ide.links import rule_url
from analysis.text import SourceFile
from server.diagnostics import DiagnosticRenderer, Region, json_array
from server.documents import path_to_uri
from server.positions import UTF8, UTF16, UTF32, range_of
from server.protocol import ArchitectProtocol

PATH = "/project/prisma/schema.prisma"
SCHEMA = """datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
  /* 📝 note */ price Float
}

model Post {
  id       Int  @id @default(autoincrement())
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int // ✨ the author
  /* ✨ */ title String

  @@index([id])
}
"""
"""Rule findings with related places (PAX001), a greyed-out redundant index
(PAX002), fixes, and non-ASCII text before diagnostics on their lines."""

ENCODINGS = [UTF16, UTF8, UTF32]


def check(text: str) -> CheckResult:
    return run_check([SourceFile(PATH, text)], default_settings())


def render(renderer: DiagnosticRenderer, text: str, encoding: str) -> tuple[bytes, list[bytes]]:
    result = check(text)
    sources = {f.path: f for f in result.analysis.files}
    parts = renderer.render(
        result.diagnostics, sources[PATH], encoding, sources.__getitem__, path_to_uri
    )
    return b"".join(json_array(parts)), parts


SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def through_lsprotocol(text: str, encoding: str, result: CheckResult | None = None) -> object:
    """The diagnostics (of ``result``, else of checking ``text``) as lsprotocol objects,
    unstructured by its converter."""
    result = result or check(text)
    lines = result.analysis.files[0].lines
    out = [
        types.Diagnostic(
            range=range_of(lines, d.start, d.end, encoding),
            message=d.message,
            severity=SEVERITY[d.severity],
            code=d.code,
            code_description=types.CodeDescription(href=rule_url(d.code)),
            source="prisma-architect",
            tags=[types.DiagnosticTag.Unnecessary] if d.unnecessary else None,
            related_information=[
                types.DiagnosticRelatedInformation(
                    types.Location(path_to_uri(r.path), range_of(lines, r.start, r.end, encoding)),
                    r.message,
                )
                for r in d.related
            ]
            or None,
            data={"fixes": d.fixes} if d.fixes else None,
        )
        for d in result.diagnostics
    ]
    return get_converter().unstructure(out)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_json_is_what_lsprotocol_would_send(encoding: str) -> None:
    body, _ = render(DiagnosticRenderer(), SCHEMA, encoding)
    sent = json.loads(body)
    assert sent == through_lsprotocol(SCHEMA, encoding)
    codes = {d["code"] for d in sent}
    assert {"PAX001", "PAX002", "PAT001"} <= codes  # related places, a tag, fixes
    assert any("tags" in d for d in sent) and any("relatedInformation" in d for d in sent)
    body.decode("ascii")  # what goes on the wire needs no encoding


def test_columns_after_non_ascii_text_count_the_clients_units() -> None:
    line = SCHEMA.split("\n").index("  /* 📝 note */ price Float")
    columns = {
        encoding: next(
            d["range"]["start"]["character"]
            for d in json.loads(render(DiagnosticRenderer(), SCHEMA, encoding)[0])
            if d["range"]["start"]["line"] == line
        )
        for encoding in ENCODINGS
    }
    # `Float` (PAT001) is code point 21; 📝 before it is two UTF-16 units, four UTF-8 bytes
    assert columns == {UTF16: 22, UTF8: 24, UTF32: 21}


def insert(text: str, anchor: str, new: str, after: bool = True) -> str:
    at = text.index(anchor) + (len(anchor) if after else 0)
    return text[:at] + new + text[at:]


EDITS = [
    pytest.param(lambda t: insert(t, "  email", "q"), id="letter in a name"),
    pytest.param(lambda t: insert(t, "model Post {", "\n  flag Boolean"), id="line added"),
    pytest.param(lambda t: t.replace("  email String @unique\n", ""), id="line removed"),
    pytest.param(lambda t: insert(t, "  authorId Int", "😀", after=False), id="emoji before"),
    pytest.param(lambda t: t.replace("title", "ti\ne", 1), id="same length, new line"),
    pytest.param(lambda t: t.replace("Post", "Article"), id="renamed everywhere"),
    pytest.param(lambda t: t + "model Tag {\n  id Int @id\n}\n", id="appended"),
    pytest.param(lambda t: t[: t.index("model Post")], id="cut"),
    pytest.param(lambda t: "", id="emptied"),
    pytest.param(lambda t: t, id="unchanged"),
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("edit", EDITS)
def test_after_an_edit_the_reused_pieces_equal_a_fresh_rendering(edit, encoding: str) -> None:
    for base in (SCHEMA, SCHEMA.replace("\n", "\r\n")):
        renderer = DiagnosticRenderer()
        render(renderer, base, encoding)
        edited = edit(base)
        again, _ = render(renderer, edited, encoding)
        assert again == render(DiagnosticRenderer(), edited, encoding)[0]
        back, _ = render(renderer, base, encoding)  # and undone
        assert back == render(DiagnosticRenderer(), base, encoding)[0]


def test_a_carriage_return_joined_by_an_inserted_line_feed() -> None:
    text = SCHEMA.replace("  authorId Int // ✨ the author\n", "  authorId Int\r")
    renderer = DiagnosticRenderer()
    render(renderer, text, UTF16)
    edited = text.replace("authorId Int\r", "authorId Int\r\n")
    assert render(renderer, edited, UTF16)[0] == render(DiagnosticRenderer(), edited, UTF16)[0]


def test_a_letter_typed_in_a_line_reuses_every_other_lines_pieces() -> None:
    renderer = DiagnosticRenderer()
    _, before = render(renderer, SCHEMA, UTF16)
    # in the comment of `authorId`: after its diagnostic on that line, before all below
    _, after = render(renderer, insert(SCHEMA, "the auth", "q"), UTF16)
    assert len(after) == len(before) > 10
    for old, new in zip(before, after, strict=True):
        assert new is old  # the very same bytes: nothing rendered, nothing copied


def test_a_space_typed_in_a_line_renders_only_that_lines_diagnostics() -> None:
    renderer = DiagnosticRenderer()
    _, before = render(renderer, SCHEMA, UTF16)
    _, after = render(renderer, insert(SCHEMA, "  id    ", " "), UTF16)  # `User.id`'s type
    line = SCHEMA.split("\n").index("  id    Int    @id @default(autoincrement())")
    fresh = [new for new in after if all(new is not old for old in before)]
    assert fresh == [p for p in after if b'"start":{"line":%d,' % line in p]
    assert b'"start":{"line":5,"character":9},"end":{"line":5,"character":12}' in fresh[0]


def test_a_line_added_moves_the_diagnostics_below_it() -> None:
    renderer = DiagnosticRenderer()
    first, _ = render(renderer, SCHEMA, UTF16)
    again, _ = render(renderer, insert(SCHEMA, "Float\n}\n", "\n"), UTF16)  # after `User`
    old, new = json.loads(first), json.loads(again)
    below = [d for d in old if d["range"]["start"]["line"] > 9]
    assert below
    for d in below:
        d["range"]["start"]["line"] += 1
        d["range"]["end"]["line"] += 1
        for r in d.get("relatedInformation", []):
            if r["location"]["range"]["start"]["line"] > 9:
                r["location"]["range"]["start"]["line"] += 1
                r["location"]["range"]["end"]["line"] += 1
    assert new == old


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("abc\ndef\nghi\n", "abc\ndXef\nghi\n", Region(5, 1, 9, 0)),
        ("abc\ndef\nghi\n", "abc\nd\nef\nghi\n", Region(5, 1, 9, 1)),
        ("abc\ndef\nghi\n", "abc\nghi\n", Region(4, -4, 8, -1)),
        ("abc\n", "abc\n", Region(4, 0, 5, 0)),
        ("ab\rcd", "ab\r\ncd", Region(2, 1, 7, 0)),  # the "\r" no longer ends a line alone
        ("", "x", Region(0, 1, 2, 0)),
    ],
)
def test_region_of_a_change(old: str, new: str, expected: Region) -> None:
    from analysis.text import LineIndex

    region = Region.between(old, new, LineIndex(old).line_count, LineIndex(new).line_starts)
    assert region == expected


def test_a_long_text_compares_in_chunks() -> None:
    from analysis.text import LineIndex

    old = "model A {\n  id Int @id\n}\n" * 5000
    at = len(old) * 2 // 3 + 3
    new = old[:at] + "é" + old[at:]
    region = Region.between(old, new, LineIndex(old).line_count, LineIndex(new).line_starts)
    assert (region.start, region.delta, region.lines) == (at, 1, 0)
    assert region.after == new.index("\n", at) + 1


def test_a_message_is_one_piece_of_bytes_with_its_length() -> None:
    protocol = ArchitectProtocol.__new__(ArchitectProtocol)
    params = [b'{"uri":"file:///s.prisma","diagnostics":', *json_array([b"{},", b"[1],"]), b"}"]
    message = protocol.message_bytes("textDocument/publishDiagnostics", params)
    header, body = message.split(b"\r\n\r\n", 1)
    assert header.split(b"\r\n")[0] == b"Content-Length: %d" % len(body)
    assert json.loads(body) == {
        "jsonrpc": "2.0",
        "method": "textDocument/publishDiagnostics",
        "params": {"uri": "file:///s.prisma", "diagnostics": [{}, [1]]},
    }
    assert b"".join(json_array([])) == b"[]"


def test_keystrokes_through_recheck_render_as_afresh() -> None:
    """Kept diagnostics come back from ``recheck`` moved in place; every keystroke's
    JSON still equals a fresh rendering of the same check."""
    from analysis.check import recheck
    from analysis.text import TextEdit

    loaded = default_settings()
    result = check(SCHEMA)
    text = SCHEMA
    renderer = DiagnosticRenderer()
    at = text.index("  authorId Int")
    steps = [
        TextEdit(at + 4, at + 4, "q"),  # a letter in a name: its relation breaks
        TextEdit(at + 4, at + 5, ""),  # and is mended
        TextEdit(at, at, "\n"),  # a line: everything below moves
        TextEdit(text.index("email"), text.index("email"), "😀"),  # columns on one line
        TextEdit(at, at + 1, ""),
    ]
    for edit in steps:
        result = recheck(result, PATH, [edit], loaded)
        text = text[: edit.start] + edit.new_text + text[edit.end :]
        source = result.analysis.files[0]
        assert source.text == text
        sources = {PATH: source}
        parts = renderer.render(result.diagnostics, source, UTF16, sources.__getitem__, path_to_uri)
        fresh = DiagnosticRenderer().render(
            result.diagnostics, source, UTF16, sources.__getitem__, path_to_uri
        )
        assert parts == fresh
        sent = json.loads(b"".join(json_array(parts)))
        assert sent == through_lsprotocol(text, UTF16, result)
