"""Reading whole messages on a thread, for pygls's message loop; writing a message
in pieces without another writer's bytes between them."""

from __future__ import annotations

import asyncio
import io
import json
import os
import threading
from pathlib import Path
from typing import Any

from pygls.io_ import run_async

from server.protocol import ArchitectProtocol, LockedWriter
from server.transport import PIPE_SIZE, MessageReader, _read_message, widen_pipe


def frame(body: bytes, *, content_type: bool = False) -> bytes:
    extra = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" if content_type else b""
    return b"Content-Length: %d\r\n" % len(body) + extra + b"\r\n" + body


class Collect:
    """What pygls's loop hands to the protocol, decoded."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    def structure_message(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def handle_message(self, message: Any) -> None:
        self.messages.append(message)


def run_loop(data: bytes, chunk: int) -> list[Any]:
    """Feed ``data`` through a pipe ``chunk`` bytes at a time; the messages the loop
    handled until the input ended."""
    read_fd, write_fd = os.pipe()

    def feed() -> None:
        with os.fdopen(write_fd, "wb", buffering=0) as out:
            for at in range(0, len(data), chunk):
                out.write(data[at : at + chunk])

    feeder = threading.Thread(target=feed)
    feeder.start()
    protocol = Collect()
    with os.fdopen(read_fd, "rb") as stdin:
        reader = MessageReader(stdin)
        asyncio.run(
            asyncio.wait_for(run_async(threading.Event(), reader, protocol), 10)  # type: ignore[arg-type]
        )
    feeder.join()
    return protocol.messages


def test_the_loop_gets_each_message_whole_and_stops_at_the_end_of_input() -> None:
    bodies = [
        json.dumps({"jsonrpc": "2.0", "method": "m", "params": {"n": n, "é": "✨" * n}}).encode()
        for n in range(5)
    ]
    data = b"".join(frame(b, content_type=n % 2 == 0) for n, b in enumerate(bodies))
    for chunk in (1, 7, len(data)):
        messages = run_loop(data, chunk)
        assert [m["params"]["n"] for m in messages] == [0, 1, 2, 3, 4]
        assert messages[3]["params"]["é"] == "✨✨✨"


def test_a_message_cut_short_ends_the_input() -> None:
    stdin = io.BytesIO(b"Content-Length: 10\r\n\r\n{}")
    assert _read_message(stdin) == [b"Content-Length: 10\r\n", b"\r\n", b"{}", b""]
    assert _read_message(io.BytesIO(b"")) == [b""]


def test_header_lines_before_the_length_are_passed_on_as_pygls_reads_them() -> None:
    stdin = io.BytesIO(b"X-Other: 1\r\nContent-Length: 2\r\n\r\n{}" + frame(b"[]"))
    assert _read_message(stdin) == [b"X-Other: 1\r\n", b"Content-Length: 2\r\n", b"\r\n", b"{}"]
    assert _read_message(stdin)[-1] == b"[]"


def test_the_pipe_to_the_client_is_widened() -> None:
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "rb") as _, os.fdopen(write_fd, "wb") as out:
        widen_pipe(out)
        try:
            import fcntl

            size = fcntl.fcntl(out.fileno(), getattr(fcntl, "F_GETPIPE_SZ", 1032))
        except (ImportError, OSError):
            return  # not Linux
        if int(Path("/proc/sys/fs/pipe-max-size").read_text()) >= PIPE_SIZE:
            assert size == PIPE_SIZE
    widen_pipe(io.BytesIO())  # not a pipe: nothing happens


def test_a_message_in_pieces_is_written_whole_between_other_writes() -> None:
    out = io.BytesIO()
    writer = LockedWriter(out)
    protocol = ArchitectProtocol.__new__(ArchitectProtocol)
    protocol.writer = writer
    message = protocol.message_pieces("textDocument/publishDiagnostics", [b"{", b'"a":1', b"}"])
    threads = [
        threading.Thread(target=protocol.write_message, args=(message,)) for _ in range(20)
    ] + [threading.Thread(target=writer.write, args=(b"<other>",)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    whole = b"".join(message)
    data = out.getvalue()
    assert data.count(whole) == 20
    assert data.replace(whole, b"") == b"<other>" * 20
    header, body = message
    assert header.startswith(b"Content-Length: %d\r\n" % len(body))
    assert json.loads(body) == {
        "jsonrpc": "2.0",
        "method": "textDocument/publishDiagnostics",
        "params": {"a": 1},
    }
