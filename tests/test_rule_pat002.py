"""PAT002 date-as-string."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Contact {
  id        Int     @id
  birthday  String? @db.VarChar(10) // as typed
  createdAt Int
}
"""
)


def test_flags_string_and_int_dates_with_fixes() -> None:
    birthday, created = run("PAT002", SCHEMA)
    assert covered(SCHEMA, birthday) == "String?"
    assert birthday.message == (
        "`Contact.birthday` holds a date as text (`String`): the database cannot validate, "
        "compare or compute with it; use `DateTime`."
    )
    fix = birthday.fixes[0]
    assert fix.title == "Change `birthday` to `DateTime`"
    assert not fix.safe
    assert fixed(SCHEMA, birthday) == SCHEMA.replace("String? @db.VarChar(10) //", "DateTime? //")
    assert created.message == (
        "`Contact.createdAt` holds a date as a number (`Int`): the database cannot validate, "
        "compare or compute with it; use `DateTime`."
    )
    assert fixed(SCHEMA, created) == SCHEMA.replace("createdAt Int", "createdAt DateTime")


def test_no_fix_when_the_default_does_not_fit() -> None:
    text = SCHEMA.replace("createdAt Int", "createdAt Int @default(0)")
    assert run("PAT002", text)[1].fixes == ()


@pytest.mark.parametrize(
    "name",
    ["expires_at", "publishedOn", "dueDate", "date_of_birth", "dob", "startDates",
     "lastSeenAt", "timestamp"],
)  # fmt: skip
def test_flags_date_names(name: str) -> None:
    text = SCHEMA.replace("birthday ", f"{name} ").replace("createdAt Int", "createdAt DateTime")
    assert len(run("PAT002", text)) == 1


@pytest.mark.parametrize(
    "name",
    ["dateFormat", "date_format", "notifyOn", "basedOn", "addOn", "format", "status",
     "createdBy", "at", "timeZone", "updateDate_type"],
)  # fmt: skip
def test_silent_for_names_that_do_not_hold_a_date(name: str) -> None:
    text = SCHEMA.replace("birthday ", f"{name} ").replace("createdAt Int", "createdAt DateTime")
    assert run("PAT002", text) == []


@pytest.mark.parametrize("name", ["createdAtEpoch", "expiresAtMs", "unixCreatedAt"])
def test_silent_for_documented_epoch_ints(name: str) -> None:
    text = SCHEMA.replace("birthday  String? @db.VarChar(10)", "birthday  DateTime?")
    assert run("PAT002", text.replace("createdAt Int", f"{name} Int")) == []


def test_timestamp_is_checked_on_strings_only() -> None:
    text = SCHEMA.replace("birthday  String? @db.VarChar(10)", "thumbnailTimestamp Int")
    assert [f.message.split("`")[1] for f in run("PAT002", text)] == ["Contact.createdAt"]


def test_silent_for_the_auth_js_account_token_times() -> None:
    text = (
        POSTGRES
        + """model Account {
  id                String @id
  provider          String
  providerAccountId String
  expires_at        Int?
  created_at        Int?

  @@unique([provider, providerAccountId])
}
"""
    )
    assert run("PAT002", text) == []
    assert len(run("PAT002", text.replace("expires_at        Int?", "expires_at String?"))) == 1


def test_silent_for_datetime() -> None:
    text = SCHEMA.replace("String? @db.VarChar(10)", "DateTime? @db.Date")
    assert run("PAT002", text.replace("createdAt Int", "createdAt DateTime")) == []
