"""The language-server benchmark's client: framing, parsing, answers to the server, and the
text arithmetic its edits and positions rely on. No server and no node: timings are never
tested."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

from bench.lsp import (
    _change,
    _diagnostics_for,
    edit_points,
    offset_of,
    position,
    prisma7_text,
    relation_type_spans,
)
from bench.lsp_rpc import (
    METHOD_NOT_FOUND,
    FrameParser,
    ProtocolError,
    Received,
    ServerExited,
    StdioClient,
    answer_server_request,
    decode,
    encode,
)


def test_encode_counts_utf8_bytes_not_characters() -> None:
    data = encode({"jsonrpc": "2.0", "method": "m", "params": {"text": "é😀"}})
    header, body = data.split(b"\r\n\r\n", 1)
    assert header == b"Content-Length: %d" % len(body)
    assert body == '{"jsonrpc":"2.0","method":"m","params":{"text":"é😀"}}'.encode()
    assert (len(body), len(body.decode())) == (57, 53)  # é is 2 bytes, 😀 is 4


def test_parser_splits_two_messages_in_one_chunk() -> None:
    parser = FrameParser()
    one, two = {"id": 1, "result": None}, {"method": "x", "params": [1, 2]}
    bodies = parser.feed(encode(one) + encode(two))
    assert [decode(b) for b in bodies] == [one, two]
    assert parser.pending == 0


def test_parser_assembles_a_message_fed_byte_by_byte() -> None:
    message = {"jsonrpc": "2.0", "id": 7, "result": {"contents": "ü" * 10}}
    parser = FrameParser()
    data = encode(message)
    out = []
    for i in range(len(data)):
        out += parser.feed(data[i:i + 1])
        if i < len(data) - 1:
            assert out == []
    assert [decode(b) for b in out] == [message]


def test_parser_keeps_the_start_of_the_next_message() -> None:
    parser = FrameParser()
    first, second = encode({"id": 1}), encode({"id": 2})
    assert parser.feed(first + second[:5]) == [b'{"id":1}']
    assert parser.pending == 5
    assert parser.feed(second[5:]) == [b'{"id":2}']


def test_parser_reads_headers_case_insensitively_and_ignores_others() -> None:
    parser = FrameParser()
    data = (b"content-type: application/vscode-jsonrpc; charset=utf-8\r\n"
            b"CONTENT-LENGTH:   2\r\n\r\n{}")
    assert parser.feed(data) == [b"{}"]


@pytest.mark.parametrize("header", [b"Content-Type: x", b"Content-Length: abc",
                                    b"Content-Length: -1"])
def test_parser_rejects_a_header_without_a_usable_length(header: bytes) -> None:
    with pytest.raises(ProtocolError):
        FrameParser().feed(header + b"\r\n\r\n{}")


@pytest.mark.parametrize("body", [b"[1]", b"{", b"\xff"])
def test_decode_rejects_what_is_not_a_json_object(body: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode(body)


def test_configuration_is_answered_with_one_empty_object_per_item() -> None:
    params = {"items": [{"section": "prisma"}, {"scopeUri": "file:///a", "section": "b"}]}
    assert answer_server_request("workspace/configuration", params) == ([{}, {}], None)


@pytest.mark.parametrize("method", ["client/registerCapability",
                                    "window/workDoneProgress/create"])
def test_registration_and_progress_are_accepted(method: str) -> None:
    assert answer_server_request(method, {}) == (None, None)


def test_unknown_server_requests_get_method_not_found() -> None:
    result, error = answer_server_request("x/unknown", None)
    assert result is None
    assert error == {"code": METHOD_NOT_FOUND, "message": "unhandled: x/unknown"}


# A fake server: answers one request, asks the client for configuration, then publishes
# diagnostics carrying what the client answered. It checks the client end to end.
FAKE_SERVER = r"""
import json, sys
def read():
    length = None
    while True:
        line = sys.stdin.buffer.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(sys.stdin.buffer.read(length))
def write(msg):
    body = json.dumps(msg).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()
req = read()
write({"jsonrpc": "2.0", "id": req["id"], "result": {"echo": req["params"]}})
write({"jsonrpc": "2.0", "id": "s1", "method": "workspace/configuration",
       "params": {"items": [{"section": "prisma"}]}})
answer = read()
write({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
       "params": {"uri": "file:///a", "version": 3, "diagnostics": answer["result"]}})
shutdown = read()
write({"jsonrpc": "2.0", "id": shutdown["id"], "result": None})
read()
"""


def test_client_round_trip_with_a_fake_server(tmp_path: Path) -> None:
    script = tmp_path / "fake.py"
    script.write_text(FAKE_SERVER, encoding="utf-8")

    async def scenario() -> tuple[object, Received, dict[str, int], int | None]:
        client = StdioClient([sys.executable, str(script)])
        await client.start()
        _, result = await client.request("initialize", {"x": "ü"}, timeout=30)
        _, note = await client.wait_notification(0, _diagnostics_for("file:///a", 3), 30)
        code = await client.close(timeout=30)
        return result, note, client.server_requests.counts, code

    result, note, requests, code = asyncio.run(scenario())
    assert result == {"echo": {"x": "ü"}}
    assert note.method == "textDocument/publishDiagnostics"
    assert note.params == {"uri": "file:///a", "version": 3, "diagnostics": [{}]}
    assert requests == {"workspace/configuration": 1}
    assert code == 0


def test_waiting_for_a_notification_that_never_comes_times_out(tmp_path: Path) -> None:
    script = tmp_path / "silent.py"
    script.write_text("import sys\nsys.stdin.read()\n", encoding="utf-8")

    async def scenario() -> None:
        client = StdioClient([sys.executable, str(script)])
        await client.start()
        try:
            with pytest.raises(TimeoutError):
                await client.wait_notification(0, lambda note: True, timeout=0.2)
            with pytest.raises(TimeoutError):
                await client.request("textDocument/hover", {}, timeout=0.2)
        finally:
            client.proc.stdin.close()  # type: ignore[union-attr]
            await client.close(timeout=10)

    asyncio.run(scenario())


def test_a_server_that_exits_ends_the_wait_instead_of_hanging(tmp_path: Path) -> None:
    script = tmp_path / "dies.py"
    script.write_text("import sys\nsys.stderr.write('boom')\nsys.exit(3)\n", encoding="utf-8")

    async def scenario() -> tuple[str, int | None]:
        client = StdioClient([sys.executable, str(script)])
        await client.start()
        with pytest.raises(ServerExited) as exc:
            await client.wait_notification(0, lambda note: True, timeout=30)
        return str(exc.value), await client.close(timeout=30)

    message, code = asyncio.run(scenario())
    assert code == 3
    assert message.startswith("server closed its output")


# ---------------------------------------------------------------------------
# Text arithmetic
# ---------------------------------------------------------------------------


def test_positions_count_utf16_code_units() -> None:
    text = "// 😀 é\nmodel A {\n  id Int @id // 😀x\n}\n"
    offset = text.index("x")
    assert position(text, offset) == {"line": 2, "character": 18}  # 😀 is two units
    assert offset_of(text, {"line": 2, "character": 18}) == offset
    assert position(text, text.index("é")) == {"line": 0, "character": 6}
    assert offset_of(text, {"line": 0, "character": 99}) == text.index("\n")


def test_diagnostics_match_skips_older_versions_but_takes_unversioned() -> None:
    match = _diagnostics_for("file:///a", 5)
    publish = "textDocument/publishDiagnostics"
    assert not match(Received(0.0, publish, {"uri": "file:///a", "version": 4}))
    assert match(Received(0.0, publish, {"uri": "file:///a", "version": 5}))
    assert match(Received(0.0, publish, {"uri": "file:///a", "diagnostics": []}))
    assert not match(Received(0.0, publish, {"uri": "file:///b", "version": 5}))
    assert not match(Received(0.0, "window/logMessage", {"uri": "file:///a"}))


SCHEMA = """datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id
  posts Post[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""


def test_prisma7_text_drops_only_datasource_urls() -> None:
    assert prisma7_text(SCHEMA) == SCHEMA.replace('  url      = env("DATABASE_URL")\n', "")


def test_edit_points_are_inside_field_names_of_spread_models() -> None:
    points = edit_points(SCHEMA, 2)
    assert [SCHEMA[p - 1:p + 4] for p in points] == ["posts", "autho"]


def test_relation_type_spans_name_the_referenced_models() -> None:
    spans = relation_type_spans(SCHEMA, 5)
    assert [(SCHEMA[s:e], name) for s, e, name in spans] == [("Post", "Post"),
                                                             ("User", "User")]


def test_changes_are_incremental_or_full_by_sync_kind() -> None:
    text = "ab\ncd"
    after, event = _change(text, 4, 4, "q", 2)
    assert after == "ab\ncqd"
    assert event == {"range": {"start": {"line": 1, "character": 1},
                               "end": {"line": 1, "character": 1}}, "text": "q"}
    after, event = _change(after, 4, 5, "", 1)
    assert (after, event) == ("ab\ncd", {"text": "ab\ncd"})
    assert json.dumps(event)


def test_real_takes_a_number_or_all() -> None:
    import argparse

    from bench.lsp import real_count

    assert real_count("5") == 5
    assert real_count("all") is None
    assert real_count(" ALL ") is None
    with pytest.raises(argparse.ArgumentTypeError):
        real_count("most")
