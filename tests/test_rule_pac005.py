"""PAC005 enum-style."""

from __future__ import annotations

from tests.rule_cases import POSTGRES, covered, fixed, run

MYSQL = 'datasource db {\n  provider = "mysql"\n}\n\n'

TASKS = """enum TaskStatus {
  todo
  inProgress
}

model Task {
  id     Int        @id
  status TaskStatus @default(inProgress)

  @@map("tasks")
}
"""


def test_flags_values_not_upper_snake_and_renames_them_keeping_the_data() -> None:
    text = MYSQL + TASKS
    (finding,) = run("PAC005", text)
    assert covered(text, finding) == "todo"
    assert finding.message == (
        "The values `todo`, `inProgress` of enum `TaskStatus` are not UPPER_SNAKE: enum "
        "values read as constants in application code, in one case."
    )
    assert finding.fixes[0].title == (
        "Rename the values of `TaskStatus` to UPPER_SNAKE (keeping their database values "
        "with `@map`)"
    )
    assert not finding.fixes[0].safe
    assert fixed(text, finding) == MYSQL + TASKS.replace(
        "  todo\n  inProgress\n", '  TODO @map("todo")\n  IN_PROGRESS @map("inProgress")\n'
    ).replace("@default(inProgress)", "@default(IN_PROGRESS)")


def test_flags_the_postgresql_type_name_with_its_map() -> None:
    text = POSTGRES + "enum Role {\n  ADMIN\n  MEMBER\n}\n"
    (finding,) = run("PAC005", text)
    assert covered(text, finding) == "Role"
    assert finding.message == (
        "The database type `Role` of enum `Role` is not snake_case: PostgreSQL folds "
        "unquoted names to lower case, so every cast and raw query must quote it."
    )
    assert finding.fixes[0].title == 'Add `@@map("role")`'
    assert fixed(text, finding) == POSTGRES + (
        'enum Role {\n  ADMIN\n  MEMBER\n\n  @@map("role")\n}\n'
    )


def test_flags_an_enum_name_not_pascal_case_and_renames_its_uses() -> None:
    text = MYSQL + TASKS.replace("TaskStatus", "task_status")
    (name, _values) = run("PAC005", text)
    assert covered(text, name) == "task_status"
    assert name.message == (
        "The enum name `task_status` is not PascalCase: it becomes a type of the generated "
        "client, which reads best as `TaskStatus`."
    )
    assert fixed(text, name) == MYSQL + TASKS.replace(
        "  inProgress\n}", '  inProgress\n\n  @@map("task_status")\n}'
    )


def test_follows_the_case_most_values_of_the_schema_use() -> None:
    enums = (
        "".join(f"enum E{i} {{\n  Draft\n  Published\n}}\n\n" for i in range(3))
        + "enum Odd {\n  Active\n  in_review\n  ARCHIVED\n}\n"
    )
    (finding,) = run("PAC005", MYSQL + enums)
    assert finding.message == (
        "The value `in_review` of enum `Odd` is not PascalCase: most enum values of this "
        "schema are, and one case reads as one API."
    )
    assert len(run("PAC005", MYSQL + enums, infer_value_case=False)) == 4


def test_silent_on_a_well_named_enum() -> None:
    text = POSTGRES + 'enum TaskStatus {\n  TODO\n  IN_PROGRESS\n\n  @@map("task_status")\n}\n'
    assert run("PAC005", text) == []
    assert run("PAC005", MYSQL + "enum Role {\n  ADMIN\n}\n") == []


def test_an_empty_enum_still_being_typed_is_renamed_without_a_map_line() -> None:
    text = POSTGRES + "enum order_status {"
    (finding,) = run("PAC005", text)
    assert (finding.code, finding.span.start, covered(text, finding)) == (
        "PAC005",
        text.index("order_status"),
        "order_status",
    )
    assert finding.message == (
        "The enum name `order_status` is not PascalCase: it becomes a type of the generated "
        "client, which reads best as `OrderStatus`."
    )
    assert [(f.title, [(e.start, e.end, e.new_text) for e in f.edits]) for f in finding.fixes] == [
        ("Rename the enum to `OrderStatus`", [(50, 62, "OrderStatus")])
    ]
