"""PAI010 natural-key-not-unique."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model User {
  id    Int    @id
  email String
}
"""
)


def test_flags_a_natural_key_without_unique_and_adds_it() -> None:
    (finding,) = run("PAI010", SCHEMA)
    assert finding.code == "PAI010"
    assert covered(SCHEMA, finding) == "email"
    assert finding.message == (
        "`email` of `User` is a natural key but not unique: two rows can claim the same email."
    )
    assert finding.fixes[0].title == "Add `@unique`"
    assert not finding.fixes[0].safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace("email String\n", "email String @unique\n")


def test_slug_counts_on_any_model() -> None:
    text = SCHEMA.replace("User", "Article").replace("email", "slug")
    (finding,) = run("PAI010", text)
    assert covered(text, finding) == "slug"


@pytest.mark.parametrize(
    "text",
    [
        SCHEMA.replace("email String\n", "email String @unique\n"),
        # unique per tenant
        SCHEMA.replace(
            "email String\n", "email String\n  orgId Int\n\n  @@unique([orgId, email])\n"
        ),
        # an email that is not the row's identity
        SCHEMA.replace("User", "Invitation"),
        # a record about another row
        SCHEMA.replace("User", "ArticleVersion").replace("email", "slug"),
    ],
    ids=["unique", "unique-per-tenant", "not-an-identity-model", "record-model"],
)
def test_silent(text: str) -> None:
    assert run("PAI010", text) == []


def test_silent_on_a_key_copied_from_the_parent() -> None:
    text = (
        POSTGRES
        + """model Product {
  id    Int        @id
  sku   String     @unique
  lines LineItem[]
}

model LineItem {
  id        Int     @id
  sku       String
  productId Int
  product   Product @relation(fields: [productId], references: [id], onDelete: Restrict)

  @@index([productId])
}
"""
    )
    assert run("PAI010", text) == []


def test_the_word_lists_are_options() -> None:
    text = SCHEMA.replace("User", "Invitation")
    assert len(run("PAI010", text, identity_models=("invitation",))) == 1
