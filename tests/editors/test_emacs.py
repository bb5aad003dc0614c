"""Emacs in batch mode with Eglot and Flymake, against the installed server.

Debian's Emacs 28 with ``elpa-eglot`` 1.9, configured by
``editors/emacs/prisma-architect.el``; the driver is ``eglot_e2e.el``. The
finding must reach Flymake, its quick fix must change the buffer, and the
server must then drop the finding.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from analysis.ide.plain_text import plain_text
from tests.editors.conftest import (
    EDITORS,
    HERE,
    WAIT_MS,
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


def has_eglot(emacs: str) -> bool:
    """Whether this Emacs loads Eglot (Debian's elpa-eglot, or built in from Emacs 29)."""
    check = [emacs, "--batch", "-q", "--eval", "(require 'eglot)"]
    return subprocess.run(check, capture_output=True, timeout=30).returncode == 0


def test_emacs_eglot_flymake(example: Path, tmp_path: Path) -> None:
    emacs = require("emacs", "Emacs (apt emacs-nox)")
    require(emacs if has_eglot(emacs) else None, "Eglot (apt elpa-eglot)")
    original = (example / "schema.prisma").read_text(encoding="utf-8")
    out = tmp_path / "emacs-result.json"
    env = isolated_env(
        tmp_path / "home",
        PA_EL=str(EDITORS / "emacs" / "prisma-architect.el"),
        PA_SETTINGS=json.dumps(SETTINGS),
        PA_LINE=str(FINDING_LINE),
        PA_COL=str(FINDING_START),
        PA_CODE=FINDING_CODE,
        PA_ABSENT="PAC002",
        PA_TITLE=FIX_TITLE,
        PA_OUT=str(out),
        PA_TIMEOUT_MS=str(WAIT_MS),
    )
    # -q, not -Q: -Q also drops Debian's site-lisp, where elpa-eglot lives.
    argv = [emacs, "--batch", "-q", "-l", str(HERE / "eglot_e2e.el"), "schema.prisma"]
    record = run_client(argv, env, out, cwd=example).record

    assert record["steps"][-1] == "done", record
    assert record["mode"] == "prisma-mode"
    assert record["server"] == "prisma-architect"

    # Flymake has the finding, as Eglot words it: "source [code]: message".
    assert record["waited_for_diagnostics"] is True
    findings = [d for d in record["diagnostics"] if f"[{FINDING_CODE}]" in d["text"]]
    assert findings == [
        {
            "start": [FINDING_LINE, FINDING_START],
            "end": [FINDING_LINE, FINDING_END],
            "type": "eglot-warning",
            "text": f"prisma-architect [{FINDING_CODE}]: {FINDING_MESSAGE}",
        }
    ]
    assert sorted(_code(d["text"]) for d in record["diagnostics"]) == CODES

    # Eglot 1.9 asks for markdown only when markdown-mode is installed (it is not
    # here): the server then sends the text without its markup.
    assert record["hover"] == {"kind": "plaintext", "value": plain_text(expected_hover())}

    assert record["actions"] == ACTIONS
    assert record["applied"] is True
    assert record["text"] == expected_after_fix(original)
    assert record["modified"] is True
    assert (example / "schema.prisma").read_text(encoding="utf-8") == original  # not saved

    assert record["finding_gone"] is True
    assert sorted(_code(d["text"]) for d in record["diagnostics_after"]) == CODES_AFTER_FIX


def _code(text: str) -> str:
    """The rule code in Flymake's text, ``prisma-architect [CODE]: message``."""
    return text.split("[", 1)[1].split("]", 1)[0]
