"""The official language server's scenarios against ours (see
``tests/prisma_fmt_conformance.py``): agreement may not drop, and every
scenario agrees except the differences listed as deliberate."""

from __future__ import annotations

import pytest

from tests.prisma_fmt_conformance import (
    DELIBERATE,
    KINDS,
    OFFICIAL_FOLDER,
    SCENARIOS,
    Report,
    Scenario,
    compare_code_actions,
    compare_references,
    conformance,
)

pytestmark = pytest.mark.skipif(not SCENARIOS.is_dir(), reason="no prisma-fmt scenarios")

FLOORS = {"hover": 10, "references": 11, "text_document_completion": 33, "code_actions": 33}
"""Scenarios that agree today, per kind (``python -m tests.prisma_fmt_conformance``)."""
COUNTS = {"hover": 13, "references": 17, "text_document_completion": 40, "code_actions": 47}


@pytest.fixture(scope="module")
def report() -> Report:
    return conformance()


def test_every_scenario_ran(report: Report) -> None:
    assert {kind: len(report.of(kind)) for kind in KINDS} == COUNTS
    failed = [o.reason for o in report.outcomes if o.reason.startswith("request failed")]
    assert failed == []


def test_agreement_does_not_drop(report: Report) -> None:
    for kind, floor in FLOORS.items():
        assert report.agreeing(kind) >= floor, kind


def test_only_deliberate_differences(report: Report) -> None:
    unexplained = [
        f"{o.scenario.key}: {o.reason}"
        for o in report.outcomes
        if not o.agrees and o.scenario.key not in DELIBERATE
    ]
    assert unexplained == []


def test_completion_offers_every_official_label(report: Report) -> None:
    outcomes = report.of("text_document_completion")
    assert [o.scenario.key for o in outcomes if not o.superset] == []


# --------------------------------------------------------------------------- the criteria


def _scenario(kind: str, expected: object, text: str = "ab\ncd\n") -> Scenario:
    return Scenario(kind, "x", {"schema.prisma": text}, "schema.prisma", None, expected)


def test_references_criterion_is_the_set_of_locations() -> None:
    from lsprotocol import types

    uri = OFFICIAL_FOLDER + "schema.prisma"
    expected = [
        {
            "uri": uri,
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 2}},
        }
    ]
    same = types.Location(uri, types.Range(types.Position(0, 0), types.Position(0, 2)))
    other = types.Location(uri, types.Range(types.Position(1, 0), types.Position(1, 2)))
    assert compare_references(_scenario("references", expected), [same], {}).agrees
    outcome = compare_references(_scenario("references", expected), [same, other], {})
    assert (outcome.agrees, outcome.reason) == (False, "extra 1 e.g. schema.prisma:1:0-1:2")


def test_code_action_criterion_is_the_resulting_text() -> None:
    from lsprotocol import types

    uri = OFFICIAL_FOLDER + "schema.prisma"
    whole_line = {"start": {"line": 0, "character": 2}, "end": {"line": 1, "character": 0}}
    # The official server sends two edits over one range; both texts land once.
    expected = [
        {
            "title": "T",
            "edit": {
                "changes": {
                    uri: [
                        {"range": whole_line, "newText": " X\n"},
                        {"range": whole_line, "newText": "Y\n"},
                    ]
                }
            },
        }
    ]
    ours = types.CodeAction(
        "other title",
        edit=types.WorkspaceEdit(
            changes={
                uri: [
                    types.TextEdit(types.Range(types.Position(0, 2), types.Position(0, 2)), " X\nY")
                ]
            }
        ),
    )
    wrong = types.CodeAction(
        "T",
        edit=types.WorkspaceEdit(
            changes={
                uri: [types.TextEdit(types.Range(types.Position(0, 2), types.Position(0, 2)), " X")]
            }
        ),
    )
    scenario = _scenario("code_actions", expected)
    assert compare_code_actions(scenario, [ours], [], {}).agrees
    outcome = compare_code_actions(scenario, [wrong], [], {})
    assert (outcome.agrees, outcome.reason) == (False, "our 'T' gives another text")
