"""After a check from scratch, the analyzer prepares the schema for the first
keystroke while it has nothing else to do (``check.prepare_edits``)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

import server.analyzer as analyzer_module
from analysis.check import CheckResult
from analysis.config import default_settings
from server.analyzer import Analyzer, SchemaState

SCHEMA = (
    'datasource db {\n  provider = "postgresql"\n}\n\n'
    "model User {\n  id    Int    @id\n  posts Post[]\n}\n\n"
    "model Post {\n  id       Int  @id\n  authorId Int\n"
    "  author   User @relation(fields: [authorId], references: [id])\n}\n"
)


class _Published:
    """The results the analyzer publishes, and a way to wait for the n-th."""

    def __init__(self) -> None:
        self.results: list[CheckResult] = []
        self._changed = threading.Condition()

    def __call__(self, state: SchemaState, result: CheckResult, *args: object) -> None:
        with self._changed:
            self.results.append(result)
            self._changed.notify_all()

    def wait(self, count: int) -> CheckResult:
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.results) >= count, 30)
            return self.results[count - 1]


@contextmanager
def _analyzer(published: _Published) -> Iterator[Analyzer]:
    loop = asyncio.new_event_loop()
    try:
        yield Analyzer(loop, published)
    finally:
        loop.close()


def _eventually(condition: Callable[[], object], seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        threading.Event().wait(0.02)
    return False


def test_the_first_check_is_prepared_for_edits_once_published() -> None:
    published = _Published()
    with _analyzer(published) as analyzer:
        analyzer.submit(SchemaState("/s.prisma", None, default_settings(), None,
                                    {"/s.prisma": SCHEMA}))
        linted = published.wait(1).linted
        assert linted is not None
        assert _eventually(lambda: linted.blocks is not None and linted.trackers)


def test_a_failure_to_prepare_is_logged_and_the_analyzer_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(result: CheckResult) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(analyzer_module, "prepare_edits", broken)
    published = _Published()
    with _analyzer(published) as analyzer:
        state = SchemaState("/s.prisma", None, default_settings(), None, {"/s.prisma": SCHEMA})
        analyzer.submit(state)
        published.wait(1)
        assert _eventually(lambda: "preparing /s.prisma for edits failed" in caplog.text)
        state.replace_all({"/s.prisma": SCHEMA.replace("authorId", "writerId")})
        analyzer.submit(state)
        assert "writerId" in published.wait(2).analysis.files[0].text
