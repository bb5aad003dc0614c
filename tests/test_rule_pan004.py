"""PAN004 json-structured-data."""

from __future__ import annotations

import pytest

from analysis.diagnostics import Severity
from tests.rule_cases import POSTGRES, covered, explanation_examples, run


def schema(field: str) -> str:
    return POSTGRES + f"model Order {{\n  id Int @id\n  {field}\n}}\n"


def test_flags_structured_data_in_json_as_a_warning() -> None:
    text = schema("lineItems Json")
    (finding,) = run("PAN004", text)
    assert finding.code == "PAN004"
    assert covered(text, finding) == "lineItems"
    assert finding.message == (
        "`lineItems` on `Order` keeps structured data in `Json`: its shape is known from its "
        "name, but no type, constraint or foreign key checks it (use columns or a child model)."
    )
    assert finding.severity == Severity.WARNING
    assert finding.fixes == ()


def test_flags_other_json_as_info() -> None:
    text = schema("dimensions Json?")
    (finding,) = run("PAN004", text)
    assert covered(text, finding) == "dimensions"
    assert finding.message == (
        "`dimensions` on `Order` is `Json`: the database checks nothing in it; if its shape is "
        "known, columns or a child model keep it typed and queryable."
    )
    assert finding.severity == Severity.INFO


@pytest.mark.parametrize(
    "field",
    [
        "metadata Json",
        "stripeMetadata Json?",
        "settings Json",
        "payload Json",
        "rawPayload Json",
        "extra Json",
        "tagsMetadata Json",  # the allow list wins
        "address String",
        "tags String[]",
    ],
)
def test_silent_for_free_form_names_and_other_types(field: str) -> None:
    assert run("PAN004", schema(field)) == []


def test_the_word_lists_are_options() -> None:
    assert run("PAN004", schema("dimensions Json"), allow=["dimensions"]) == []
    (finding,) = run("PAN004", schema("dimensions Json"), structured=["dimensions"])
    assert finding.severity == Severity.WARNING


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAN004")
    assert len(run("PAN004", bad)) == 1
    assert run("PAN004", good) == []
