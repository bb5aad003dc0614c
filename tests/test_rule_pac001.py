"""PAC001 model-table-name."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

WHY = "PostgreSQL folds unquoted names to lower case, so raw SQL must quote it."


def model(name: str, extra: str = "") -> str:
    return f"model {name} {{\n  id Int @id\n{extra}}}\n"


def test_flags_a_pascal_case_table_with_its_plural_map() -> None:
    text = POSTGRES + model("OrderItem")
    (finding,) = run("PAC001", text)
    assert covered(text, finding) == "OrderItem"
    assert finding.message == (
        f"The table `OrderItem` of model `OrderItem` is not plural snake_case: {WHY}"
    )
    assert finding.fixes[0].title == 'Add `@@map("order_items")`'
    assert not finding.fixes[0].safe
    assert fixed(text, finding) == POSTGRES + model("OrderItem", '\n  @@map("order_items")\n')


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("Category", "categories"),
        ("Person", "people"),
        ("Status", "statuses"),
        ("Child", "children"),
        ("Address", "addresses"),
        ("UserSettings", "user_settings"),
        ("Media", "media"),
        ("OAuthClient", "oauth_clients"),
        ("ImageTagForReview", "image_tags_for_review"),
        ("WorkflowTriggeredBy", "workflow_triggered_by"),
        ("APIKey", "api_keys"),
    ],
)
def test_real_pluralization(name: str, table: str) -> None:
    text = POSTGRES + model(name)
    (finding,) = run("PAC001", text)
    assert fixed(text, finding) == POSTGRES + model(name, f'\n  @@map("{table}")\n')


def test_flags_a_singular_map_and_replaces_it() -> None:
    text = POSTGRES + model("StudyTag", '\n  @@map("study_tag")\n')
    (finding,) = run("PAC001", text)
    assert covered(text, finding) == '@@map("study_tag")'
    assert finding.message == (
        "The table `study_tag` of model `StudyTag` is not plural snake_case: a table holds "
        "many rows, name it for the set (`study_tags`)."
    )
    assert finding.fixes[0].title == 'Change `@@map("study_tags")`'
    assert fixed(text, finding) == text.replace('"study_tag"', '"study_tags"')


def test_no_fix_onto_a_reserved_word_or_a_taken_name() -> None:
    text = POSTGRES + model("User") + "\n" + model("Account", '\n  @@map("users")\n')
    finding = run("PAC001", text, plural=False)[0]
    assert covered(text, finding) == "User"
    assert finding.fixes == ()  # `user` is reserved
    (taken,) = run("PAC001", text)
    assert taken.fixes == ()  # `users` is the table of Account


@pytest.mark.parametrize(
    "block",
    [
        model("User", '\n  @@map("users")\n'),
        model("users_on_study"),
        model("accounts_mip"),
        model("Legacy", "\n  @@ignore\n"),
        model("news"),
    ],
)
def test_silent_on_plural_snake_case_tables(block: str) -> None:
    assert run("PAC001", POSTGRES + block) == []


def test_follows_a_singular_schema_and_checks_only_the_case() -> None:
    tables = "\n".join(model(n) for n in ("res_partner", "account_move", "sale_order"))
    assert run("PAC001", POSTGRES + tables) == []
    (finding,) = run("PAC001", POSTGRES + tables + "\n" + model("ResCompany"))
    assert finding.message == (
        f"The table `ResCompany` of model `ResCompany` is not snake_case: {WHY}"
    )
    assert finding.fixes[0].title == 'Add `@@map("res_company")`'
    strict = run("PAC001", POSTGRES + tables, infer_number=False)
    assert len(strict) == 3


def test_table_case_option() -> None:
    text = POSTGRES + model("order_item")
    (finding,) = run("PAC001", text, table_case="PascalCase")
    assert finding.message == (
        "The table `order_item` of model `order_item` is not plural PascalCase: the "
        "configured table case."
    )
    assert finding.fixes[0].title == 'Add `@@map("OrderItems")`'


def test_silent_on_mysql() -> None:
    assert run("PAC001", 'datasource db {\n  provider = "mysql"\n}\n' + model("User")) == []
