"""PAC004 field-name-style."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Post {
  id         Int      @id
  created_at DateTime @default(now())
  Author     User     @relation(fields: [author_id], references: [id])
  author_id  Int

  @@index([created_at])
}

model User {
  id    Int    @id
  posts Post[]
}
"""
)


def test_flags_a_snake_case_field_and_renames_it_keeping_the_column() -> None:
    created, relation, key = run("PAC004", SCHEMA)
    assert covered(SCHEMA, created) == "created_at"
    assert created.message == (
        "The field name `created_at` of `Post` is not camelCase: the client reads it as a "
        "property, `createdAt` like the rest of the code."
    )
    assert created.fixes[0].title == "Rename the field to `createdAt`"
    assert not created.fixes[0].safe
    assert fixed(SCHEMA, created) == SCHEMA.replace(
        "created_at DateTime @default(now())",
        'createdAt DateTime @default(now()) @map("created_at")',
    ).replace("@@index([created_at])", "@@index([createdAt])")
    assert fixed(SCHEMA, relation) == SCHEMA.replace("  Author ", "  author ")
    assert fixed(SCHEMA, key) == SCHEMA.replace(
        "author_id  Int", 'authorId  Int @map("author_id")'
    ).replace("fields: [author_id]", "fields: [authorId]")


@pytest.mark.parametrize(
    "field", ["createdAt DateTime", "refresh_token String", "utm_source String", "userID Int"]
)
def test_silent_on_camel_case_and_library_names(field: str) -> None:
    assert run("PAC004", POSTGRES + f"model Account {{\n  id Int @id\n  {field}\n}}\n") == []


def test_silent_on_an_introspected_schema_or_when_configured() -> None:
    fields = "".join(f"  field_{i} Int\n" for i in range(6))
    text = POSTGRES + f"model legacy_table {{\n  id Int @id\n{fields}}}\n"
    assert run("PAC004", text) == []
    assert len(run("PAC004", text, infer_style=False)) == 6
    assert run("PAC004", SCHEMA, keep_db_names=True) == []
