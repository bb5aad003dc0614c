"""PAC003 model-name-style."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Tasks {
  id      Int      @id
  project Project? @relation(fields: [projectId], references: [id])
  projectId Int?
}

model Project {
  id    Int     @id
  tasks Tasks[]
}
"""
)


def test_flags_a_plural_model_and_renames_it_keeping_the_table() -> None:
    (finding,) = run("PAC003", SCHEMA)
    assert covered(SCHEMA, finding) == "Tasks"
    assert finding.message == (
        "The model name `Tasks` is plural: a model names one record in the generated client, "
        "which reads best as `Task`."
    )
    assert finding.fixes[0].title == "Rename the model to `Task`"
    assert not finding.fixes[0].safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace("model Tasks {", "model Task {").replace(
        "Tasks[]", "Task[]"
    ).replace("projectId Int?\n}", 'projectId Int?\n\n  @@map("Tasks")\n}')


def test_flags_a_snake_case_model() -> None:
    text = POSTGRES + "model order_item {\n  id Int @id\n}\n"
    (finding,) = run("PAC003", text)
    assert finding.message == (
        "The model name `order_item` is not PascalCase: a model names one record in the "
        "generated client, which reads best as `OrderItem`."
    )
    assert fixed(text, finding) == POSTGRES + (
        'model OrderItem {\n  id Int @id\n\n  @@map("order_item")\n}\n'
    )


def test_keeps_acronyms_when_only_the_number_changes() -> None:
    text = POSTGRES + "model AIRouterLogs {\n  id Int @id\n}\n"
    (finding,) = run("PAC003", text)
    assert finding.fixes[0].title == "Rename the model to `AIRouterLog`"


def test_no_fix_when_an_implicit_many_to_many_names_its_join_table() -> None:
    text = (
        POSTGRES
        + "model Tags {\n  id Int @id\n  posts Post[]\n}\n\n"
        + "model Post {\n  id Int @id\n  tags Tags[]\n}\n"
    )
    (finding,) = run("PAC003", text)
    assert finding.fixes == ()


@pytest.mark.parametrize(
    "name", ["Task", "UserSettings", "EventData", "Canvas", "TagsOnPosts", "Status", "News"]
)
def test_silent_on_singular_pascal_case_names(name: str) -> None:
    assert run("PAC003", POSTGRES + f"model {name} {{\n  id Int @id\n}}\n") == []


def test_silent_on_an_introspected_schema() -> None:
    tables = "".join(f"model {n} {{\n  id Int @id\n}}\n\n" for n in ("res_users", "sale", "stock"))
    assert run("PAC003", POSTGRES + tables) == []
    assert len(run("PAC003", POSTGRES + tables, infer_style=False)) == 3
