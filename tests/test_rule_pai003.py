# ruff: noqa: E501  (expected schema text keeps its long relation lines)
"""PAI003 dangling-reference."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model User {
  id    String @id
  email String @unique
}

model Post {
  id     String @id
  title  String
  userId String

  @@index([userId])
}
"""
)


def test_flags_an_id_field_named_after_a_model_and_adds_the_relation() -> None:
    (finding,) = run("PAI003", SCHEMA)
    assert finding.code == "PAI003"
    assert covered(SCHEMA, finding) == "userId"
    assert finding.message == (
        "`userId` of `Post` looks like a foreign key to `User` but no relation uses it: "
        "nothing stops it from pointing at a row that does not exist."
    )
    assert [(f.title, f.safe) for f in finding.fixes] == [
        ("Add relation `user` on `userId` with `onDelete: Cascade`", False),
        ("Add relation `user` on `userId` with `onDelete: Restrict`", False),
    ]
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "  email String @unique\n", "  email String @unique\n  posts Post[]\n"
    ).replace(
        "  userId String\n",
        "  userId String\n  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)\n",
    )


def test_optional_snake_case_field_gets_set_null_and_a_named_second_relation() -> None:
    text = (
        SCHEMA.replace(
            "  userId String\n",
            "  author_id String\n  editor_id String?\n  author    User    @relation(fields: [author_id], references: [id], onDelete: Cascade)\n",
        )
        .replace("  @@index([userId])\n", "  @@index([author_id])\n")
        .replace("  email String @unique\n", "  email String @unique\n  posts Post[]\n")
    )
    text = text.replace("editor_id", "user_id")
    (finding,) = run("PAI003", text)
    assert covered(text, finding) == "user_id"
    result = fixed(text, finding)
    assert (
        '  user      User?   @relation("PostUser", fields: [user_id], references: [id], onDelete: SetNull)\n'
        in result
    )
    assert '  posts2 Post[] @relation("PostUser")\n' in result


def test_a_unique_foreign_key_gets_a_one_to_one_back_field() -> None:
    text = SCHEMA.replace("  userId String\n", "  userId String @unique\n")
    (finding,) = run("PAI003", text)
    assert "  email String @unique\n  post  Post?\n" in fixed(text, finding)


@pytest.mark.parametrize(
    "text",
    [
        # used by a relation
        SCHEMA.replace(
            "  userId String\n",
            "  userId String\n  user   User   @relation(fields: [userId], references: [id])\n",
        ).replace("  email String @unique\n", "  email String @unique\n  posts Post[]\n"),
        # the model's own identifier
        SCHEMA.replace("userId", "postId"),
        # a log keeps ids of rows that may be gone
        SCHEMA.replace("Post", "ActivityLog"),
        # a comment says the choice is deliberate
        SCHEMA.replace("  userId String\n", "  userId String // no fk: users are deleted\n"),
        # another type than the model's id: not its id
        SCHEMA.replace("  userId String\n", "  userId Int\n"),
    ],
    ids=["relation", "own-id", "log-model", "comment", "other-type"],
)
def test_silent(text: str) -> None:
    assert [f.message for f in run("PAI003", text)] == []


def test_silent_across_database_schemas() -> None:
    text = SCHEMA.replace(
        'provider = "postgresql"\n',
        'provider = "postgresql"\n  schemas  = ["auth", "public"]\n',
    )
    text = text.replace(
        "  email String @unique\n", '  email String @unique\n\n  @@schema("auth")\n'
    )
    text = text.replace("  @@index([userId])\n", '  @@index([userId])\n  @@schema("public")\n')
    assert run("PAI003", text) == []
