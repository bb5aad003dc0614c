"""The analyzer's profiling hook: with ``PRISMA_ARCHITECT_PROFILE`` set, the checks and
publishes of the analyzer's thread are profiled and written out once it is idle."""

from __future__ import annotations

import asyncio
import pstats
import threading
from pathlib import Path

import pytest

import server.analyzer as analyzer_module
from analysis.config import default_settings
from server.analyzer import PROFILE_ENV, Analyzer, SchemaState

SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id Int @id\n}\n'


def test_the_profile_of_the_checks_is_written_when_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "server.prof"
    monkeypatch.setenv(PROFILE_ENV, str(target))
    monkeypatch.setattr(analyzer_module, "IDLE_SECONDS", 0.05)
    published = threading.Event()
    loop = asyncio.new_event_loop()
    try:
        analyzer = Analyzer(loop, lambda *args: published.set())
        loaded = default_settings()
        state = SchemaState("/s.prisma", None, loaded, None, {"/s.prisma": SCHEMA})
        analyzer.submit(state)
        assert published.wait(30)
        for _ in range(200):
            if target.exists():
                break
            threading.Event().wait(0.05)
        stats = pstats.Stats(str(target))
        names = {name for _, _, name in stats.stats}  # type: ignore[attr-defined]
        assert "run_check" in names
    finally:
        loop.close()


def test_without_the_variable_nothing_is_profiled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    loop = asyncio.new_event_loop()
    try:
        assert Analyzer(loop, lambda *args: None)._profiler is None
    finally:
        loop.close()
