"""PAC009 reserved-word-identifier."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run


def test_flags_a_reserved_column_with_an_idiomatic_map() -> None:
    text = POSTGRES + "model Task {\n  id    Int @id\n  order Int // position\n}\n"
    (finding,) = run("PAC009", text)
    assert covered(text, finding) == "order"
    assert finding.message == (
        "The column name `order` of `Task` is a PostgreSQL reserved word: raw SQL must quote "
        "it in every query."
    )
    assert finding.fixes[0].title == 'Map the column to "sort_order"'
    assert not finding.fixes[0].safe
    assert fixed(text, finding) == text.replace("order Int //", 'order Int @map("sort_order") //')


def test_flags_a_reserved_table_and_maps_it_to_its_plural() -> None:
    text = POSTGRES + 'model User {\n  id Int @id\n\n  @@map("user")\n}\n'
    (finding,) = run("PAC009", text)
    assert covered(text, finding) == '@@map("user")'
    assert finding.message == (
        "The table name `user` is a PostgreSQL reserved word: raw SQL must quote it in every query."
    )
    assert fixed(text, finding) == text.replace('"user"', '"users"')


@pytest.mark.parametrize(
    ("field", "column"),
    [
        ("default Boolean", "is_default"),
        ("end DateTime", "end_at"),
        ("from DateTime", "from_date"),
        ("check String", "task_check"),
        ("desc String", "description"),
    ],
)
def test_fix_names_follow_the_type(field: str, column: str) -> None:
    text = POSTGRES + f"model Task {{\n  id Int @id\n  {field}\n}}\n"
    (finding,) = run("PAC009", text)
    assert fixed(text, finding) == text.replace(field, f'{field} @map("{column}")')


def test_a_reserved_foreign_key_column_becomes_an_id() -> None:
    text = (
        POSTGRES
        + "model Person {\n  id Int @id\n  tasks Task[]\n}\n\n"
        + "model Task {\n  id Int @id\n  user Int\n"
        + "  owner Person @relation(fields: [user], references: [id])\n}\n"
    )
    (finding,) = run("PAC009", text)
    assert finding.fixes[0].title == 'Map the column to "user_id"'


@pytest.mark.parametrize(
    "block",
    [
        "model Task {\n  id Int @id\n  position Int\n  time DateTime\n}\n",
        "model Task {\n  id Int @id\n  Order Int\n}\n",
        'model Task {\n  id Int @id\n  order Int @map("sort_order")\n}\n',
        "model User {\n  id Int @id\n}\n",
    ],
)
def test_silent_on_unreserved_mapped_or_mixed_case_names(block: str) -> None:
    assert run("PAC009", POSTGRES + block) == []


def test_silent_on_mysql() -> None:
    text = 'datasource db {\n  provider = "mysql"\n}\n\nmodel T {\n  id Int @id\n  order Int\n}\n'
    assert run("PAC009", text) == []
