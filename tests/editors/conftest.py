"""Real editors, headless, against the installed server (``editors/install-clients.sh``).

Each test runs one editor process with a driver script that records what the
editor saw as JSON; the test asserts on that record. Every run is bounded by
:data:`TIMEOUT` seconds: a hung editor or server is killed with its whole
process group and the test fails with what was recorded so far.

A missing editor skips its tests, with the command that installs it, unless
``PRISMA_ARCHITECT_EDITORS=required`` (CI sets it): then it fails them, so a
broken install cannot turn the suite green by skipping.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "task-management"
EDITORS = ROOT / "editors"
HERE = Path(__file__).resolve().parent
TIMEOUT = 60.0
"""Seconds one editor run may take (a run takes about one second)."""
WAIT_MS = 20_000
"""How long a driver waits for one thing (diagnostics, a reply, an edit)."""
INSTALL = "editors/install-clients.sh"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "editors: end-to-end tests in real editors (editors/install-clients.sh)"
    )


def require(program: str | Path | None, what: str) -> str:
    """The path of ``program`` (a command on PATH, or a file); skips (or fails,
    when editors are required) if it is missing."""
    if program is None:
        found = None
    elif isinstance(program, Path):
        found = str(program) if program.is_file() else None
    else:
        found = shutil.which(program)
    if found is None:
        message = f"{what} is not installed: run {INSTALL}"
        if os.environ.get("PRISMA_ARCHITECT_EDITORS") == "required":
            pytest.fail(message + " (PRISMA_ARCHITECT_EDITORS=required)")
        pytest.skip(message)
    return found


def server_path() -> str:
    """A PATH that finds the installed server first: the editors then run the
    configurations' own command, ``prisma-architect server``, as a user's would."""
    scripts = Path(sys.executable).parent
    if not (scripts / "prisma-architect").is_file():
        pytest.fail(
            f"{scripts / 'prisma-architect'} is missing: install the project (pip install -e .)"
        )
    return os.pathsep.join([str(scripts), os.environ.get("PATH", os.defpath)])


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example schema's folder (examples/ itself is never touched)."""
    folder = tmp_path / "task-management"
    shutil.copytree(EXAMPLE, folder)
    return folder


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of an editor run: the installed server on PATH, its own
    HOME and XDG folders (logs land there)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "NVIM", "EMACS"))}
    env["HOME"] = str(home)
    env["PATH"] = server_path()
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env.update(extra)
    return env


@dataclass(frozen=True)
class Run:
    returncode: int
    seconds: float
    stderr: str
    record: dict[str, Any]


def run_client(argv: list[str], env: dict[str, str], out: Path, cwd: Path) -> Run:
    """Run an editor until it exits or :data:`TIMEOUT` passes (then kill its
    process group, server included, and fail)."""
    start = time.monotonic()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        pytest.fail(
            f"{argv[0]} hung for {TIMEOUT:.0f} s and was killed; recorded: {_read(out)}\n"
            f"stderr: {stderr.decode(errors='replace')[-2000:]}"
        )
    finally:
        with_group_gone(process.pid)
    seconds = time.monotonic() - start
    record = _read(out)
    text = stderr.decode(errors="replace")
    assert process.returncode == 0, (
        f"{argv[0]} exited {process.returncode}; recorded: {record}\nstderr: {text[-2000:]}"
    )
    return Run(process.returncode, seconds, text, record)


def with_group_gone(pgid: int) -> None:
    """Kill what is left of the run's process group (a server the editor did not stop)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def _read(out: Path) -> dict[str, Any]:
    try:
        data = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
