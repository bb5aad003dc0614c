"""Reading messages from stdin with one hand-off per message.

pygls reads stdin through its thread pool, one header line or body per job:
each of a message's three or four reads wakes a pool thread and then the
event loop, and a keystroke's ``didChange`` waited for all four hops before
its handler ran (each hop also waits for the interpreter lock, which the
analyzer holds while it checks). Here one thread reads whole messages and
hands each to the loop at once; the loop finds its header lines and body
already there.

Writes keep pygls's stdout writer. The pipe to the client is widened where
the system allows, so that a large publish (12 MB at 5,000 models) goes out
in fewer wake-ups of the client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
from collections import deque
from typing import BinaryIO

log = logging.getLogger(__name__)

CONTENT_LENGTH = re.compile(rb"^Content-Length: (\d+)\r\n$")
"""The header line pygls's loop takes the length from (the same pattern)."""
PIPE_SIZE = 1 << 20
"""The pipe buffer asked for on stdout (Linux's default upper limit)."""


class MessageReader:
    """An asynchronous reader for pygls's message loop (``readline`` and
    ``readexactly``) fed by a thread that reads whole messages."""

    def __init__(self, stdin: BinaryIO) -> None:
        self._stdin = stdin
        self._ready: deque[bytes] = deque()
        """Header lines and bodies read, in order, not yet taken by the loop."""
        self._waiting: asyncio.Future[bytes] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def readline(self) -> asyncio.Future[bytes]:
        return self._next()

    def readexactly(self, n: int) -> asyncio.Future[bytes]:
        return self._next()  # the thread read the body of the header just taken

    def _next(self) -> asyncio.Future[bytes]:
        loop = asyncio.get_running_loop()
        if self._thread is None:
            self._loop = loop
            self._thread = threading.Thread(target=self._read, name="stdin", daemon=True)
            self._thread.start()
        future: asyncio.Future[bytes] = loop.create_future()
        if self._ready:
            # Resolved on the loop's next turn, not at once: the tasks a message
            # started (``initialized`` asking for the settings) run before the next
            # message is handled, as they did when each read went through a thread.
            loop.call_soon(_resolve, future, self._ready.popleft())
        else:
            self._waiting = future
        return future

    def _deliver(self, pieces: list[bytes]) -> None:
        """On the loop: the pieces of one message (or ``b""`` at the end of input)."""
        self._ready.extend(pieces)
        waiting, self._waiting = self._waiting, None
        if waiting is not None and not waiting.done():
            waiting.set_result(self._ready.popleft())

    def _read(self) -> None:
        assert self._loop is not None
        stdin, loop = self._stdin, self._loop
        try:
            while True:
                pieces = _read_message(stdin)
                loop.call_soon_threadsafe(self._deliver, pieces)
                if pieces[-1] == b"":
                    return
        except (OSError, ValueError, RuntimeError):  # closed input, or the loop ended
            log.debug("stopped reading stdin", exc_info=True)
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._deliver, [b""])


def _resolve(future: asyncio.Future[bytes], piece: bytes) -> None:
    if not future.done():
        future.set_result(piece)


def _read_message(stdin: BinaryIO) -> list[bytes]:
    """One message as pygls's loop reads it: its header lines up to the empty
    line after a length, then its body. Ends with ``b""`` when the input ends."""
    pieces: list[bytes] = []
    length = 0
    while True:
        line = stdin.readline()
        pieces.append(line)
        if not line:
            return pieces
        if not length and (match := CONTENT_LENGTH.fullmatch(line)):
            length = int(match.group(1))
        elif length and not line.strip():
            body = stdin.read(length)
            pieces.append(body)
            if len(body) < length:
                pieces.append(b"")
            return pieces


def widen_pipe(stream: BinaryIO) -> None:
    """Ask for a larger pipe buffer on ``stream`` when it is a pipe (Linux only)."""
    try:
        import fcntl

        set_size = getattr(fcntl, "F_SETPIPE_SZ", 1031)
        fcntl.fcntl(stream.fileno(), set_size, PIPE_SIZE)
    except (ImportError, OSError, ValueError, AttributeError):
        pass  # not a pipe, not Linux, or above the system's limit
