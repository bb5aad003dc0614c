"""PAN002 repeating-group."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, run


def schema(fields: str) -> str:
    return POSTGRES + f"model Contact {{\n  id Int @id\n{fields}}}\n"


def test_flags_numbered_phone_fields() -> None:
    text = schema("  phone1 String?\n  phone2 String?\n  name   String\n")
    (finding,) = run("PAN002", text)
    assert finding.code == "PAN002"
    assert covered(text, finding) == "phone1"
    assert finding.message == (
        "`phone1`, `phone2` on `Contact` are one attribute in numbered columns: a repeating "
        "group that caps how many there can be and that no single index can search (move "
        "them to a child model with one row per value)."
    )
    ((span, note),) = finding.related
    assert text[span.start : span.end] == "phone2"
    assert note == "`phone2`, numbered copy"
    assert finding.fixes == ()


@pytest.mark.parametrize(
    ("fields", "first"),
    [
        ("  tag_1 String\n  tag_2 String\n  tag_3 String\n", "tag_1"),
        ("  image1Url String\n  image2Url String\n", "image1Url"),
        ("  phone String\n  phone2 String\n  phone3 String\n", "phone"),
        ("  touch2Days Int\n  touch3Days Int\n  touch4Days Int\n", "touch2Days"),
    ],
)
def test_flags_other_spellings(fields: str, first: str) -> None:
    text = schema(fields)
    (finding,) = run("PAN002", text)
    assert covered(text, finding) == first


@pytest.mark.parametrize(
    "fields",
    [
        # fixed domain concepts
        "  addressLine1 String\n  addressLine2 String?\n",
        "  address_line_1 String\n  address_line_2 String?\n",
        "  address1 String\n  address2 String?\n",
        "  x1 Int\n  y1 Int\n  x2 Int\n  y2 Int\n",
        "  subdivision1 String?\n  subdivision2 String?\n",
        # two of an attribute that is not a list by nature
        "  column1 String\n  column2 String\n",
        "  value Float\n  value2 Float\n",
        # numbers that are names, not positions
        "  sha1 String\n  sha256 String\n",
        "  ipv4 String\n  ipv6 String\n",
        "  phone1 String\n  phone3 String\n",
        # a single numbered field
        "  phone2 String\n",
    ],
)
def test_silent_for_fixed_concepts_and_names(fields: str) -> None:
    assert run("PAN002", schema(fields)) == []


def test_the_word_lists_are_options() -> None:
    text = schema("  column1 String\n  column2 String\n")
    assert len(run("PAN002", text, pair_words=["column"])) == 1
    text = schema("  phone1 String\n  phone2 String\n")
    assert run("PAN002", text, allow=["phone"]) == []


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAN002")
    assert len(run("PAN002", bad)) == 1
    assert run("PAN002", good) == []
