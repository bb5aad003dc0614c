"""PAT008 case-sensitive-email."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, run

SCHEMA = POSTGRES + "model User {\n  id    Int    @id\n  email String @unique\n}\n"


def test_flags_a_unique_email_without_citext() -> None:
    (finding,) = run("PAT008", SCHEMA)
    assert covered(SCHEMA, finding) == "email"
    assert finding.message == (
        "`User.email` is unique but compared case-sensitively: `A@x.com` and `a@x.com` are "
        "both accepted; store it as `citext` (`@db.Citext`)."
    )
    assert finding.fixes == ()


def test_points_at_a_composite_unique() -> None:
    text = SCHEMA.replace("String @unique", "String\n  orgId Int\n\n  @@unique([orgId, email])")
    (finding,) = run("PAT008", text)
    ((span, label),) = finding.related
    assert text[span.start : span.end] == "@@unique([orgId, email])"
    assert label == "the unique constraint"


@pytest.mark.parametrize("name", ["emailAddress", "contact_email", "billingEmails"])
def test_flags_email_names(name: str) -> None:
    assert len(run("PAT008", SCHEMA.replace("email ", f"{name} "))) == 1


@pytest.mark.parametrize("name", ["emailToken", "emailHash", "emailVerified", "address"])
def test_silent_for_names_that_are_not_addresses(name: str) -> None:
    assert run("PAT008", SCHEMA.replace("email ", f"{name} ")) == []


def test_silent_with_citext_without_unique_and_off_postgres() -> None:
    assert run("PAT008", SCHEMA.replace("@unique", "@unique @db.Citext")) == []
    assert run("PAT008", SCHEMA.replace(" @unique", "")) == []
    assert run("PAT008", SCHEMA.replace('"postgresql"', '"mysql"')) == []
