"""PAX006 too-many-indexes."""

from __future__ import annotations

from tests.rule_cases import POSTGRES, covered, explanation_examples, run


def schema(indexes: int) -> str:
    fields = "".join(f"  c{i} Int\n" for i in range(indexes))
    block = "".join(f"  @@index([c{i}])\n" for i in range(indexes))
    return POSTGRES + f"model Event {{\n  id Int @id\n{fields}\n{block}}}\n"


def test_flags_a_model_with_more_than_eight_indexes() -> None:
    text = schema(8).replace("  c0 Int\n", "  c0 Int @unique\n")
    (finding,) = run("PAX006", text)
    assert finding.code == "PAX006"
    assert covered(text, finding) == "Event"
    assert finding.message == (
        "`Event` has 9 indexes besides its primary key, more than 8: every insert and delete "
        "writes each of them, and every update writes those on the changed columns."
    )
    assert finding.fixes == ()


def test_silent_at_the_limit_the_primary_key_not_counted() -> None:
    assert run("PAX006", schema(8)) == []


def test_the_limit_is_an_option() -> None:
    assert len(run("PAX006", schema(4), max=3)) == 1
    assert run("PAX006", schema(9), max=9) == []


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAX006")
    assert len(run("PAX006", bad)) == 1
    assert run("PAX006", good) == []
