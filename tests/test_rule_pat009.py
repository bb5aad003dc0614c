"""PAT009 json-not-jsonb, PAT010 money-native-type."""

from __future__ import annotations

from tests.rule_cases import POSTGRES, covered, fixed, run

JSON = POSTGRES + "model Event {\n  id      Int   @id\n  payload Json? @db.Json // raw\n}\n"


def test_flags_json_with_its_fix() -> None:
    (finding,) = run("PAT009", JSON)
    assert covered(JSON, finding) == "@db.Json"
    assert finding.message == (
        "`Event.payload` is stored as `json`: text that is parsed again on every read and "
        "cannot be indexed; use `jsonb`."
    )
    fix = finding.fixes[0]
    assert fix.title == "Store `payload` as `jsonb` (`@db.JsonB`)"
    assert not fix.safe
    assert fixed(JSON, finding) == JSON.replace("@db.Json ", "@db.JsonB ")


def test_json_fix_uses_the_datasource_name() -> None:
    text = JSON.replace("datasource db", "datasource pg").replace("@db.", "@pg.")
    (finding,) = run("PAT009", text)
    assert fixed(text, finding) == text.replace("@pg.Json ", "@pg.JsonB ")


def test_json_silent_for_jsonb_default_views_and_other_providers() -> None:
    assert run("PAT009", JSON.replace(" @db.Json", "")) == []
    assert run("PAT009", JSON.replace("@db.Json", "@db.JsonB")) == []
    view = JSON.replace("model Event", "view Event").replace(
        "datasource db {",
        (
            'generator client {\n  provider        = "prisma-client-js"\n'
            '  previewFeatures = ["views"]\n}\n\ndatasource db {'
        ),
    )
    assert run("PAT009", view) == []
    mysql = JSON.replace('"postgresql"', '"mysql"')
    assert run("PAT009", mysql) == []


MONEY = POSTGRES + "model Invoice {\n  id    Int      @id\n  total Decimal? @db.Money\n}\n"


def test_flags_money_with_its_fix() -> None:
    (finding,) = run("PAT010", MONEY)
    assert covered(MONEY, finding) == "@db.Money"
    assert finding.message == (
        "`Invoice.total` uses the `money` type: its fraction digits and text form depend on "
        "the server's locale; use `Decimal` with an explicit scale."
    )
    fix = finding.fixes[0]
    assert fix.title == "Store `total` as `@db.Decimal(12, 2)`"
    assert not fix.safe
    assert fixed(MONEY, finding) == MONEY.replace("@db.Money", "@db.Decimal(12, 2)")


def test_money_precision_is_configurable() -> None:
    (finding,) = run("PAT010", MONEY, precision=18, scale=4)
    assert finding.fixes[0].edits[0].new_text == "@db.Decimal(18, 4)"


def test_money_silent_for_decimal() -> None:
    assert run("PAT010", MONEY.replace("@db.Money", "@db.Decimal(12, 2)")) == []
    assert run("PAT010", MONEY.replace(" @db.Money", "")) == []
