"""PAT001 money-as-float."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model LineItem {
  id        Int    @id
  unitPrice Float? @default(0) // net
  quantity  Int
}
"""
)


def test_flags_a_float_price_with_its_fix() -> None:
    (finding,) = run("PAT001", SCHEMA)
    assert finding.code == "PAT001"
    assert covered(SCHEMA, finding) == "Float?"
    assert finding.message == (
        "`LineItem.unitPrice` holds money in a `Float`: binary floating point cannot hold "
        "most cents exactly, so sums drift; use `Decimal`."
    )
    fix = finding.fixes[0]
    assert fix.title == "Change `unitPrice` to `Decimal @db.Decimal(12, 2)`"
    assert not fix.safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "Float? @default(0) //", "Decimal? @default(0) @db.Decimal(12, 2) //"
    )


def test_fix_replaces_a_native_type_and_follows_options() -> None:
    text = SCHEMA.replace("@default(0)", "@db.DoublePrecision")
    (finding,) = run("PAT001", text, precision=18, scale=4)
    assert fixed(text, finding) == text.replace(
        "Float? @db.DoublePrecision", "Decimal? @db.Decimal(18, 4)"
    )


def test_fix_on_sqlite_changes_the_type_only() -> None:
    text = SCHEMA.replace('"postgresql"', '"sqlite"')
    (finding,) = run("PAT001", text)
    assert finding.fixes[0].title == "Change `unitPrice` to `Decimal`"
    assert fixed(text, finding) == text.replace("Float? @default", "Decimal? @default")


@pytest.mark.parametrize(
    "name",
    ["price", "prices", "totalPrice", "shipping_cost", "serviceFee", "tax", "total",
     "amount", "amountPaid", "accountBalance", "grandTotal", "totalRevenue", "salary"],
)  # fmt: skip
def test_flags_money_names(name: str) -> None:
    assert len(run("PAT001", SCHEMA.replace("unitPrice", name))) == 1


@pytest.mark.parametrize(
    "name",
    ["totalCo2", "totalCount", "tokenAmount", "taxRate", "feePercent", "priceCents",
     "amountInCents", "isPriceVisible", "totalSales", "totalOrders", "score", "latitude",
     "totalTokens", "creditBalance"],
)  # fmt: skip
def test_silent_for_names_that_are_not_money(name: str) -> None:
    assert run("PAT001", SCHEMA.replace("unitPrice", name)) == []


def test_int_is_checked_only_on_request_and_never_with_minor_units() -> None:
    text = SCHEMA.replace("Float? @default(0)", "Int?   @default(0)")
    assert run("PAT001", text) == []
    (finding,) = run("PAT001", text, check_int=True)
    assert finding.message == (
        "`LineItem.unitPrice` holds money in an `Int`: the name does not say whether it counts "
        "whole units or cents; use `Decimal`."
    )
    assert run("PAT001", text.replace("unitPrice", "unitPriceCents"), check_int=True) == []
    assert run("PAT001", text.replace("quantity", "totalCount"), check_int=True) == [finding]


def test_silent_for_decimal_and_on_mongodb() -> None:
    assert run("PAT001", SCHEMA.replace("Float?", "Decimal?")) == []
    mongo = (
        'datasource db {\n  provider = "mongodb"\n}\n\n'
        'model Item {\n  id    String @id @map("_id") @db.ObjectId\n  price Float\n}\n'
    )
    assert run("PAT001", mongo) == []
