"""A hung editor fails its test in :data:`TIMEOUT` seconds, server and all."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.editors import conftest

pytestmark = pytest.mark.editors


def gone(pid: int, within: float) -> bool:
    """Whether ``pid`` has ended within ``within`` seconds.

    A killed process whose parent died is handed to the machine's init; where
    that init never reaps (a bare container's PID 1), the process stays a
    zombie, which ``kill(pid, 0)`` still finds. A zombie runs nothing, so it
    counts as gone."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if _state(pid) in ("Z", "X", None):
            return True
        time.sleep(0.02)
    return False


def _state(pid: int) -> str | None:
    """The process state letter from ``/proc`` (``None`` once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[0]


def test_a_hung_client_is_killed_with_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest, "TIMEOUT", 1.0)
    pid_file = tmp_path / "server.pid"
    # An "editor" that starts a "server" and never exits.
    argv = ["bash", "-c", f"sleep 300 & echo $! > {pid_file}; wait"]
    start = time.monotonic()
    with pytest.raises(pytest.fail.Exception, match="hung for 1 s and was killed"):
        conftest.run_client(argv, dict(os.environ), tmp_path / "none.json", tmp_path)
    assert time.monotonic() - start < 5
    assert gone(int(pid_file.read_text()), within=5.0)


def test_a_failing_client_fails_with_its_record(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    out.write_text('{"steps": ["connect"], "error": "no server"}')
    argv = ["bash", "-c", "echo oops >&2; exit 2"]
    with pytest.raises(AssertionError, match=r"exited 2; recorded: .*no server.*\n.*oops"):
        conftest.run_client(argv, dict(os.environ), out, tmp_path)
