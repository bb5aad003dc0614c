"""PAC002 field-column-name."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model User {
  id        Int       @id
  email     String    @unique
  createdAt DateTime  @default(now()) // when it joined
  posts     Post[]
}

model Post {
  id       Int    @id
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
"""
)

WHY = "PostgreSQL folds unquoted names to lower case, so raw SQL must quote it in every query."


def test_flags_a_camel_case_column_with_its_fix_before_the_comment() -> None:
    first, second = run("PAC002", SCHEMA)
    assert covered(SCHEMA, first) == "createdAt"
    assert first.message == f"The column `createdAt` of `User` is not snake_case: {WHY}"
    assert [f.title for f in first.fixes] == ['Add `@map("created_at")` on `createdAt`']
    assert not first.fixes[0].safe
    assert fixed(SCHEMA, first) == SCHEMA.replace(
        "@default(now()) // when", '@default(now()) @map("created_at") // when'
    )
    assert covered(SCHEMA, second) == "authorId"
    assert fixed(SCHEMA, second) == SCHEMA.replace(
        "authorId Int\n", 'authorId Int @map("author_id")\n'
    )


def test_findings_of_a_model_depend_on_that_model_alone() -> None:
    """No schema-wide fix on each finding (the editor's code action offers it), so an
    edit elsewhere leaves these findings as they are."""
    assert all(
        not f.title.endswith("of the schema") for x in run("PAC002", SCHEMA) for f in x.fixes
    )


def test_model_fix_maps_every_column_of_the_model() -> None:
    text = SCHEMA.replace("  posts ", "  updatedAt DateTime @updatedAt\n  posts ")
    findings = run("PAC002", text)
    assert [covered(text, f) for f in findings] == ["createdAt", "updatedAt", "authorId"]
    titles = [f.title for f in findings[0].fixes]
    assert titles[1] == "Add @map snake_case to all fields of `User`"
    assert fixed(text, findings[0], 1) == text.replace(
        "@default(now()) //", '@default(now()) @map("created_at") //'
    ).replace("@updatedAt\n", '@updatedAt @map("updated_at")\n')


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("userID", "user_id"),
        ("HTMLBody", "html_body"),
        ("userIDs", "user_ids"),
        ("oauth2Token", "oauth2_token"),
        ("s3Key", "s3_key"),
        ("addressLine2", "address_line2"),
        ("isABTest", "is_ab_test"),
        ("Title", "title"),
    ],
)
def test_splits_acronyms_and_digits_sensibly(name: str, column: str) -> None:
    text = POSTGRES + f"model Page {{\n  id Int @id\n  {name} String\n}}\n"
    (finding,) = run("PAC002", text)
    assert fixed(text, finding) == text.replace(f"{name} String", f'{name} String @map("{column}")')


def test_replaces_a_map_that_is_not_snake_case() -> None:
    text = POSTGRES + 'model Site {\n  id Int @id\n  openDays Int @map("number_of_openDays")\n}\n'
    (finding,) = run("PAC002", text)
    assert covered(text, finding) == '@map("number_of_openDays")'
    assert finding.message.startswith("The column `number_of_openDays` of `Site`")
    assert finding.fixes[0].title == 'Change `@map("number_of_open_days")` on `openDays`'
    assert fixed(text, finding) == text.replace("number_of_openDays", "number_of_open_days")


def test_no_fix_when_the_name_is_taken() -> None:
    text = POSTGRES + "model Site {\n  id Int @id\n  userId Int\n  user_id Int\n}\n"
    (finding,) = run("PAC002", text)
    assert finding.fixes == ()


@pytest.mark.parametrize(
    "field",
    [
        "email String",
        'createdAt DateTime @map("created_at")',
        "created_at DateTime",
        'version Int @map("__v")',
        "line2 String",
        "legacyName String @ignore",
    ],
)
def test_silent_on_snake_case_columns(field: str) -> None:
    text = POSTGRES + f"model Site {{\n  id Int @id\n  {field}\n}}\n"
    assert run("PAC002", text) == []


def test_silent_on_relation_fields_and_ignored_models() -> None:
    text = SCHEMA.replace(
        "createdAt DateTime  @default(now())",
        'createdAt DateTime  @default(now()) @map("created_at")',
    )
    text = text.replace("  authorId Int\n", '  authorId Int @map("author_id")\n')
    assert run("PAC002", text) == []
    ignored = POSTGRES + "model Legacy {\n  id Int @id\n  oldName String\n\n  @@ignore\n}\n"
    assert run("PAC002", ignored) == []


def test_silent_on_mysql() -> None:
    assert run("PAC002", SCHEMA.replace("postgresql", "mysql")) == []


def test_column_case_option() -> None:
    text = POSTGRES + "model Site {\n  id Int @id\n  created_at DateTime\n  updatedAt DateTime\n}\n"
    (finding,) = run("PAC002", text, column_case="camelCase")
    assert finding.message == (
        "The column `created_at` of `Site` is not camelCase: the configured column case."
    )
    assert finding.fixes[0].title == 'Add `@map("createdAt")` on `created_at`'


def test_no_fix_onto_a_reserved_word() -> None:
    text = POSTGRES + "model Site {\n  id Int @id\n  Order Int\n}\n"
    (finding,) = run("PAC002", text)
    assert finding.fixes == ()
