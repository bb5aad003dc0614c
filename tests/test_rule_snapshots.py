"""Findings of all rules on five reviewed real schemas, as committed snapshots.

A change in what the rules find on real schemas must be a visible decision:
the snapshot files in ``tests/snapshots/`` list every finding
(`file:line:col CODE message`), were reviewed by hand, and a test fails when
the findings differ. After an intended change, regenerate them with
``PRISMA_ARCHITECT_UPDATE_SNAPSHOTS=1 pytest tests/test_rule_snapshots.py`` and
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.api import analyze
from analysis.lint import lint
from tests.helpers import CORPUS, schema_files

SNAPSHOTS = Path(__file__).with_name("snapshots")

#: Chosen for variety: large PostgreSQL, MySQL multi-file, SQLite, MongoDB,
#: PostgreSQL multi-file.
SCHEMAS = (
    "civitai__civitai",
    "dubinc__dub",
    "epicweb-dev__epic-stack",
    "pdovhomilja__nextcrm-app__mongodb",
    "lukevella__rallly",
)


def render(name: str) -> str:
    folder = CORPUS / "real" / name
    files = schema_files(folder)
    analysis = analyze(files)
    lines = []
    for finding in lint(analysis):
        source = next(f for f in analysis.files if f.path == finding.span.path)
        position = source.lines.position(finding.span.start)
        path = Path(finding.span.path).relative_to(folder)
        lines.append(
            f"{path}:{position.line + 1}:{position.column + 1} {finding.code} {finding.message}"
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", SCHEMAS)
def test_findings_match_the_reviewed_snapshot(name: str) -> None:
    if not (CORPUS / "real" / name).is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    snapshot = SNAPSHOTS / f"{name}.txt"
    actual = render(name)
    if os.environ.get("PRISMA_ARCHITECT_UPDATE_SNAPSHOTS"):
        snapshot.write_text(actual, encoding="utf-8")
    assert actual == snapshot.read_text(encoding="utf-8")
