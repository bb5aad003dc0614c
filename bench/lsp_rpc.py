"""A small JSON-RPC client over a child process's stdio, for timing language servers.

The benchmark drives two servers written in different languages (ours in Python, Prisma's
in node) and must measure both through exactly the same code. A general-purpose client
(pygls's) does work between reading a message and handing it over — validation, converting
to lsprotocol objects — whose cost would land inside the measured interval and differ with
the message's shape. This one only frames and parses: each message is stamped with the
moment its last byte was read, before it is decoded.

Server-initiated requests (``workspace/configuration``, ``client/registerCapability``,
``window/workDoneProgress/create``, …) are answered at once, like an editor would, so a
server that waits for them is not stalled.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

HEADER_END = b"\r\n\r\n"
READ_SIZE = 1 << 20
"""Bytes asked of the server's stdout at once (and the stream's buffer limit): a 12 MB
publish is read in a dozen wake-ups instead of two hundred, so the client keeps the pipe
drained and stamps the last byte soon after the server wrote it."""

#: JSON-RPC error code for a method the client does not implement.
METHOD_NOT_FOUND = -32601


class ProtocolError(Exception):
    """The byte stream is not LSP's ``Content-Length`` framing."""


def encode(message: dict[str, Any]) -> bytes:
    """One message with its ``Content-Length`` header (the length counts UTF-8 bytes)."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class FrameParser:
    """Splits a byte stream into message bodies; fed with chunks of any size.

    Header names are matched case-insensitively and headers other than ``Content-Length``
    (``Content-Type``) are ignored, as the base protocol allows."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._length: int | None = None

    def feed(self, data: bytes) -> list[bytes]:
        """Append ``data``; return the bodies it completes, in order."""
        self._buffer += data
        bodies: list[bytes] = []
        while True:
            if self._length is None:
                end = self._buffer.find(HEADER_END)
                if end < 0:
                    return bodies
                self._length = _content_length(bytes(self._buffer[:end]))
                del self._buffer[: end + len(HEADER_END)]
            if len(self._buffer) < self._length:
                return bodies
            bodies.append(bytes(self._buffer[: self._length]))
            del self._buffer[: self._length]
            self._length = None

    @property
    def pending(self) -> int:
        """Bytes received but not yet part of a complete message."""
        return len(self._buffer)


def _content_length(header: bytes) -> int:
    for line in header.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if sep and name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                raise ProtocolError(f"bad Content-Length: {value!r}") from None
            if length < 0:
                raise ProtocolError(f"bad Content-Length: {length}")
            return length
    raise ProtocolError(f"no Content-Length in header {header!r}")


def decode(body: bytes) -> dict[str, Any]:
    """The JSON object of one message body."""
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"message body is not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"message is not an object: {message!r}"[:200])
    return message


def answer_server_request(method: str, params: Any) -> tuple[Any, dict[str, Any] | None]:
    """What an editor would answer to a request from the server: (result, error).

    ``workspace/configuration`` gets an empty object per item: "no settings, use your
    defaults" (Prisma's server reads properties of the answer, so ``null`` would break it)."""
    if method == "workspace/configuration":
        items = params.get("items", []) if isinstance(params, dict) else []
        return [{} for _ in items], None
    if method in ("client/registerCapability", "client/unregisterCapability",
                  "window/workDoneProgress/create", "window/showMessageRequest",
                  "window/showDocument", "workspace/diagnostic/refresh",
                  "workspace/semanticTokens/refresh", "workspace/inlayHint/refresh",
                  "workspace/codeLens/refresh", "workspace/inlineValue/refresh"):
        return None, None
    if method == "workspace/applyEdit":
        return {"applied": False, "failureReason": "benchmark client"}, None
    if method == "workspace/workspaceFolders":
        return None, None
    return None, {"code": METHOD_NOT_FOUND, "message": f"unhandled: {method}"}


@dataclass(frozen=True)
class Received:
    """A notification from the server and when its last byte arrived (perf_counter)."""

    at: float
    method: str
    params: Any


@dataclass
class ServerRequestLog:
    """Server-initiated requests seen, by method (what a server asked of the client)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, method: str) -> None:
        self.counts[method] = self.counts.get(method, 0) + 1


class RpcError(Exception):
    """The server answered a request with an error; ``code`` is its JSON-RPC code."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class ServerExited(Exception):
    """The server process ended (or closed its stdout) while we waited for it."""


class StdioClient:
    """A language server child process and the client end of its JSON-RPC stream."""

    def __init__(self, argv: Sequence[str], *, cwd: str | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.argv = list(argv)
        self.cwd = cwd
        self.env = env
        self.proc: asyncio.subprocess.Process | None = None
        self.notifications: list[Received] = []
        self.server_requests = ServerRequestLog()
        self.last_message_at = 0.0
        self.stderr_tail = bytearray()
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[tuple[float, dict[str, Any]]]] = {}
        self._arrived = asyncio.Event()
        self._closed = False
        self._tasks: list[asyncio.Task[None]] = []

    # -- process -------------------------------------------------------------

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            *self.argv, cwd=self.cwd, env=self.env, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, limit=READ_SIZE)
        self._tasks = [asyncio.create_task(self._read_stdout()),
                       asyncio.create_task(self._read_stderr())]

    async def close(self, timeout: float = 10.0) -> int | None:
        """``shutdown`` + ``exit`` if the server still runs, then wait; kill if it lingers."""
        proc = self.proc
        if proc is None:
            return None
        if proc.returncode is None and not self._closed:
            with contextlib.suppress(Exception):
                await self.request("shutdown", None, timeout=timeout)
            with contextlib.suppress(Exception):
                await self.notify("exit", None)
        try:
            await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        return proc.returncode

    async def _read_stdout(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        parser = FrameParser()
        try:
            while chunk := await self.proc.stdout.read(READ_SIZE):
                at = time.perf_counter()
                for body in parser.feed(chunk):
                    self._dispatch(at, decode(body))
        finally:
            self._closed = True
            for fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(ServerExited(self._exit_note()))
            self._arrived.set()

    async def _read_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while chunk := await self.proc.stderr.read(1 << 16):
            self.stderr_tail += chunk
            del self.stderr_tail[:-4000]

    def _exit_note(self) -> str:
        tail = self.stderr_tail.decode("utf-8", "replace").strip()[-600:]
        return f"server closed its output; stderr tail: {tail!r}"

    # -- messages ------------------------------------------------------------

    def _dispatch(self, at: float, message: dict[str, Any]) -> None:
        self.last_message_at = at
        method = message.get("method")
        if method is None:  # a response
            fut = self._pending.pop(message.get("id"), None)  # type: ignore[arg-type]
            if fut is not None and not fut.done():
                fut.set_result((at, message))
            return
        if "id" in message:  # a request from the server
            self.server_requests.add(method)
            result, error = answer_server_request(method, message.get("params"))
            reply: dict[str, Any] = {"jsonrpc": "2.0", "id": message["id"]}
            if error is None:
                reply["result"] = result
            else:
                reply["error"] = error
            self._write(reply)
            return
        self.notifications.append(Received(at, method, message.get("params")))
        self._arrived.set()

    def _write(self, message: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        if self.proc.stdin.is_closing():
            raise ServerExited(self._exit_note())
        self.proc.stdin.write(encode(message))

    async def notify(self, method: str, params: Any) -> float:
        """Send a notification; the time (perf_counter) just before it was written, so
        that the server's reading of a large message counts in what follows."""
        assert self.proc is not None and self.proc.stdin is not None
        t0 = time.perf_counter()
        self._write({"jsonrpc": "2.0", "method": method, "params": params})
        await self.proc.stdin.drain()
        return t0

    async def request(self, method: str, params: Any, timeout: float) -> tuple[float, Any]:
        """Send a request and wait for its answer: (seconds from send to answer, result).

        Raises TimeoutError, RpcError or ServerExited."""
        assert self.proc is not None and self.proc.stdin is not None
        if self._closed:
            raise ServerExited(self._exit_note())
        self._next_id += 1
        ident = self._next_id
        fut: asyncio.Future[tuple[float, dict[str, Any]]] = (
            asyncio.get_running_loop().create_future())
        self._pending[ident] = fut
        t0 = time.perf_counter()
        self._write({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        await self.proc.stdin.drain()
        try:
            at, message = await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            self._pending.pop(ident, None)
            with contextlib.suppress(Exception):
                await self.notify("$/cancelRequest", {"id": ident})
            raise
        if "error" in message:
            error = message["error"]
            code = error.get("code") if isinstance(error, dict) else None
            raise RpcError(f"{method}: {error}", code if isinstance(code, int) else None)
        return at - t0, message.get("result")

    async def wait_notification(self, start: int, match: Callable[[Received], bool],
                                timeout: float) -> tuple[int, Received]:
        """The first notification at index ``start`` or later that ``match`` accepts,
        and its index; waits for it up to ``timeout`` seconds."""
        deadline = time.perf_counter() + timeout
        index = start
        while True:
            while index < len(self.notifications):
                note = self.notifications[index]
                if match(note):
                    return index, note
                index += 1
            if self._closed:
                raise ServerExited(self._exit_note())
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)
