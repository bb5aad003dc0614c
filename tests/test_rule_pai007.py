"""PAI007 enum-like-string."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Order {
  id     Int    @id
  status String @default("pending") @db.VarChar(20) // pending | paid | past_due
}
"""
)


def test_flags_a_state_string_and_turns_it_into_an_enum() -> None:
    (finding,) = run("PAI007", SCHEMA)
    assert finding.code == "PAI007"
    assert covered(SCHEMA, finding) == "status"
    assert finding.message == (
        "`status` of `Order` is a free `String` for a fixed set of values (`pending`, `paid`, "
        "`past_due`): nothing stops a typo from becoming a new state."
    )
    assert finding.fixes[0].title == "Create enum `OrderStatus` and use it for `status`"
    assert not finding.fixes[0].safe
    assert fixed(SCHEMA, finding) == POSTGRES + (
        """model Order {
  id     Int    @id
  status OrderStatus @default(PENDING) // pending | paid | past_due
}

enum OrderStatus {
  PENDING  @map("pending")
  PAID     @map("paid")
  PAST_DUE @map("past_due")
}
"""
    )


def test_values_from_a_quoted_list_on_an_optional_field() -> None:
    text = (
        POSTGRES
        + "model Shop {\n  id      Int     @id\n  channel String?\n"
        + '  orderKind String? // "online", "STORE"\n}\n'
    )
    (finding,) = run("PAI007", text)
    assert fixed(text, finding) == text.replace("orderKind String?", "orderKind OrderKind?") + (
        '\nenum OrderKind {\n  ONLINE @map("online")\n  STORE\n}\n'
    )


def test_a_default_alone_is_enough() -> None:
    text = SCHEMA.replace(" // pending | paid | past_due", "")
    (finding,) = run("PAI007", text)
    assert "(default `pending`)" in finding.message


@pytest.mark.parametrize(
    "field",
    [
        'status String @default("pending") @db.Text',
        'contentType String @default("application/json")',
        'label String @default("pending")',
        "status String",
        "status String // free text from the provider",
    ],
)
def test_silent(field: str) -> None:
    text = POSTGRES + f"model Order {{\n  id Int @id\n  {field}\n}}\n"
    assert run("PAI007", text) == []


def test_silent_on_views_and_on_sqlite() -> None:
    view = SCHEMA.replace("model Order", "view Order")
    assert run("PAI007", view) == []
    assert (
        run("PAI007", SCHEMA.replace('"postgresql"', '"sqlite"').replace(" @db.VarChar(20)", ""))
        == []
    )


def test_values_that_differ_only_in_case_keep_the_default() -> None:
    text = SCHEMA.replace("// pending | paid | past_due", "// pending | Pending")
    (finding,) = run("PAI007", text)
    assert 'enum OrderStatus {\n  PENDING @map("pending")\n}\n' in fixed(text, finding)


def test_no_fix_while_the_model_is_not_closed() -> None:
    # The enum goes after the model's `}`, which is not typed yet: the finding stays.
    text = SCHEMA.removesuffix("}\n")
    (finding,) = run("PAI007", text)
    assert (finding.code, finding.span.start, covered(text, finding)) == (
        "PAI007",
        text.index("status"),
        "status",
    )
    assert finding.message == (
        "`status` of `Order` is a free `String` for a fixed set of values (`pending`, `paid`, "
        "`past_due`): nothing stops a typo from becoming a new state."
    )
    assert finding.fixes == ()
