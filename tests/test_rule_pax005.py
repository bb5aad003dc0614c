"""PAX005 low-selectivity-index."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, run

SCHEMA = (
    POSTGRES
    + """enum Mode {
  OPEN
  CLOSED
}

enum Stage {
  ONE
  TWO
  THREE
  FOUR
}

model Job {
  id        Int     @id
  accountId Int
  done      Boolean @default(false)
  mode      Mode
  stage     Stage
  tags      Mode[]

  @@index([done])
}
"""
)


def test_flags_an_index_on_a_boolean_alone() -> None:
    (finding,) = run("PAX005", SCHEMA)
    assert finding.code == "PAX005"
    assert covered(SCHEMA, finding) == "@@index([done])"
    assert finding.message == (
        "`@@index([done])` on `Job` indexes only the Boolean `done`: each value matches a "
        "large share of the rows, so the index rarely serves a query but costs every write "
        "(prefer a composite or a partial index)."
    )
    assert finding.fixes == ()


def test_flags_an_index_on_a_small_enum_alone() -> None:
    text = SCHEMA.replace("@@index([done])", "@@index([mode], type: Hash)")
    (finding,) = run("PAX005", text)
    assert covered(text, finding) == "@@index([mode], type: Hash)"
    assert finding.message.startswith(
        "`@@index([mode])` on `Job` indexes only `mode`, an enum `Mode` of 2 values: "
    )


def test_the_enum_size_is_an_option() -> None:
    text = SCHEMA.replace("@@index([done])", "@@index([stage])")
    assert run("PAX005", text) == []
    assert len(run("PAX005", text, max_enum_values=4)) == 1


@pytest.mark.parametrize(
    "index",
    [
        "@@index([done, accountId])",
        "@@index([accountId, done])",
        "@@index([stage])",
        "@@unique([accountId, mode])",
        "@@index([tags])",
    ],
)
def test_silent_for_more_columns_or_more_values(index: str) -> None:
    assert run("PAX005", SCHEMA.replace("@@index([done])", index)) == []


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAX005")
    assert len(run("PAX005", bad)) == 1
    assert run("PAX005", good) == []
