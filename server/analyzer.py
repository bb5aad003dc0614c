"""Keeping each schema's check current, off the message loop, without queues.

Every change is applied to the document at once (cheap) and recorded as an
edit; one worker thread analyzes. When it finishes, everything that arrived
meanwhile is taken together in one incremental re-check: a lone keystroke is
analyzed immediately, a burst is coalesced, and work for a version that is
already stale is never published. Requests wait for the analysis of the text
they were sent against (:meth:`SchemaState.wait`).
"""

from __future__ import annotations

import asyncio
import cProfile
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from analysis.check import CheckResult, prepare_edits, recheck, run_check
from analysis.config import LoadedSettings
from analysis.text import SourceFile, TextEdit
from server.collector import IDLE_SECONDS, Collector
from server.schemas import SchemaRoot

log = logging.getLogger(__name__)

PROFILE_ENV = "PRISMA_ARCHITECT_PROFILE"
"""When set, a file: the analyzer's thread is profiled while it checks and
publishes (cProfile), and the statistics are written there whenever it has
been idle a while (read them with ``python -m pstats``)."""


@dataclass(eq=False)
class SchemaState:
    """One schema (a file or a folder of files) as the editor sees it now."""

    key: str
    root: SchemaRoot | None
    loaded: LoadedSettings
    """The effective settings (files' and editor's), as the check takes them."""
    prisma_version: int | None
    texts: dict[str, str]
    """Path → current text of every file of the schema (open documents' text, else disk)."""
    versions: dict[str, int | None] = field(default_factory=dict)
    """Path → version of the open document whose text is in :attr:`texts`."""
    delay: float = 0.0
    result: CheckResult | None = None
    pending: list[tuple[str, TextEdit]] = field(default_factory=list)
    full: bool = True
    generation: int = 0
    done: int = -1
    lock: threading.Lock = field(default_factory=threading.Lock)
    waiters: list[tuple[int, asyncio.Future[None]]] = field(default_factory=list)
    refresh_due: bool = False
    """Diagnostics changed for a reason the client did not cause (settings, files on
    disk): a client that pulls must be told to pull again."""
    since: float = field(default_factory=time.perf_counter)
    """When the oldest edit not analyzed yet arrived (``perf_counter``, for the log)."""

    # -- called on the message loop ------------------------------------------------

    def edit(self, path: str, edit: TextEdit, text: str, version: int | None = None) -> None:
        with self.lock:
            if not self.pending:
                self.since = time.perf_counter()
            self.texts[path] = text
            self.versions[path] = version
            self.pending.append((path, edit))
            self.generation += 1

    def replace_all(self, texts: dict[str, str] | None = None) -> None:
        """Analyze from scratch (files added or removed, settings changed)."""
        with self.lock:
            self.since = time.perf_counter()
            if texts is not None:
                self.texts = texts
            self.pending.clear()
            self.full = True
            self.refresh_due = True
            self.generation += 1

    async def wait(self, generation: int | None = None) -> CheckResult | None:
        """The result once the text of ``generation`` (default: now) is analyzed."""
        wanted = self.generation if generation is None else generation
        if self.done < wanted:
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self.waiters.append((wanted, future))
            await future
        return self.result

    def release(self) -> None:
        """Wake the requests whose text is analyzed now."""
        ready = [(g, f) for g, f in self.waiters if g <= self.done]
        self.waiters = [(g, f) for g, f in self.waiters if g > self.done]
        for _, future in ready:
            if not future.done():
                future.set_result(None)

    # -- called on the worker --------------------------------------------------------

    def check_pending(self) -> tuple[CheckResult, int, dict[str, int | None], bool]:
        """Analyze what changed; also says whether a whole previous check was replaced."""
        with self.lock:
            versions = dict(self.versions)
            edits, self.pending = self.pending, []
            full, self.full = self.full or self.result is None, False
            generation = self.generation
            texts = dict(self.texts)  # read only when checking from scratch
        result = self.result
        if not full and result is not None:
            try:
                for path, group in groupby(edits, key=lambda e: e[0]):
                    result = recheck(
                        result,
                        path,
                        [edit for _, edit in group],
                        self.loaded,
                        prisma_version=self.prisma_version,
                    )
                return result, generation, versions, False
            except Exception:  # a bug in the incremental path must not stop the server
                log.exception("incremental check failed; checking %s from scratch", self.key)
        replaced = self.result is not None
        files = [SourceFile(p, t) for p, t in texts.items()]
        result = run_check(files, self.loaded, prisma_version=self.prisma_version)
        return result, generation, versions, replaced


Published = Callable[[SchemaState, CheckResult, int, dict[str, int | None]], None]


class Analyzer:
    """The worker thread: analyzes dirty schemas one at a time, in arrival order."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_result: Published) -> None:
        self._loop = loop
        self._on_result = on_result
        self._dirty: OrderedDict[str, SchemaState] = OrderedDict()
        self._wake = threading.Condition()
        self._collector = Collector()
        self._profile_to = os.environ.get(PROFILE_ENV) or None
        self._profiler = cProfile.Profile() if self._profile_to else None
        self._thread = threading.Thread(target=self._run, name="analyzer", daemon=True)
        self._thread.start()

    def submit(self, state: SchemaState) -> None:
        with self._wake:
            self._dirty[state.key] = state
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._dirty:
                    if not self._wake.wait(IDLE_SECONDS):
                        self._collector.idle()
                        self._dump_profile()
                        self._wake.wait()
                _, state = self._dirty.popitem(last=False)
            if state.delay:
                time.sleep(state.delay)
            woke, cpu = time.perf_counter(), time.thread_time()
            since = state.since
            if self._profiler is not None:
                self._profiler.enable()
            try:
                result, generation, versions, replaced_all = state.check_pending()
            except Exception:
                log.exception("checking %s failed", state.key)
                if self._profiler is not None:
                    self._profiler.disable()
                with state.lock:
                    generation = state.generation
                    state.full = True
                self._loop.call_soon_threadsafe(self._finish, state, None, generation)
                continue
            state.result = result  # before the next job of this schema reads it
            checked, checked_cpu = time.perf_counter(), time.thread_time()
            try:
                self._on_result(state, result, generation, versions)
            except Exception:
                log.exception("publishing the diagnostics of %s failed", state.key)
            if self._profiler is not None:
                self._profiler.disable()
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "checked %s: started %.1f ms after the edit, check %.1f ms (%.1f ms CPU), "
                    "render and write %.1f ms (%.1f ms CPU), %d diagnostics",
                    state.key,
                    (woke - since) * 1e3,
                    (checked - woke) * 1e3,
                    (checked_cpu - cpu) * 1e3,
                    (time.perf_counter() - checked) * 1e3,
                    (time.thread_time() - checked_cpu) * 1e3,
                    len(result.diagnostics),
                )
            self._loop.call_soon_threadsafe(self._finish, state, result, generation)
            self._prepare(state, result)
            self._collector.analyzed(replaced_all=replaced_all)

    def _prepare(self, state: SchemaState, result: CheckResult) -> None:
        """After a check from scratch, with nothing else to do, build what the first
        keystroke's check would build (``check.prepare_edits``): that keystroke then
        costs what the next ones do (at 5,000 models ≈ 0.25 s less). A keystroke that
        arrives meanwhile waits no longer than it would have built it itself."""
        with self._wake:
            if self._dirty:
                return
        try:
            prepare_edits(result)
        except Exception:  # the first keystroke's check builds it, or checks whole
            log.exception("preparing %s for edits failed", state.key)

    def _dump_profile(self) -> None:
        if self._profiler is not None and self._profile_to is not None:
            try:  # whole or not at all: a reader never sees half a file
                self._profiler.dump_stats(self._profile_to + ".part")
                os.replace(self._profile_to + ".part", self._profile_to)
            except OSError:
                log.exception("could not write the profile to %s", self._profile_to)

    def _finish(self, state: SchemaState, result: CheckResult | None, generation: int) -> None:
        state.done = max(state.done, generation)
        state.release()
