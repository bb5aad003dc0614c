"""PAT003 timestamp-without-time-zone."""

from __future__ import annotations

from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Order {
  id        Int       @id
  createdAt DateTime  @default(now()) // when
  paidAt    DateTime? @db.Timestamp(6)
  shippedAt DateTime[]
}
"""
)


def test_flags_default_and_explicit_timestamp_with_fixes() -> None:
    created, paid, shipped = run("PAT003", SCHEMA)
    assert covered(SCHEMA, created) == "DateTime"
    assert created.message == (
        "`Order.createdAt` is stored as `timestamp` (Prisma's default), without a time zone: "
        "writers in other zones store other instants; use `timestamptz`."
    )
    assert created.fixes[0].title == "Store `createdAt` as `timestamptz` (`@db.Timestamptz(3)`)"
    assert not created.fixes[0].safe
    assert fixed(SCHEMA, created) == SCHEMA.replace(
        "@default(now()) //", "@default(now()) @db.Timestamptz(3) //"
    )
    assert covered(SCHEMA, paid) == "@db.Timestamp(6)"
    assert paid.message.startswith("`Order.paidAt` is stored as `timestamp`, without")
    assert fixed(SCHEMA, paid) == SCHEMA.replace("@db.Timestamp(6)", "@db.Timestamptz(6)")
    assert fixed(SCHEMA, shipped) == SCHEMA.replace(
        "DateTime[]\n", "DateTime[] @db.Timestamptz(3)\n"
    )


def test_precision_option_and_datasource_name() -> None:
    text = SCHEMA.replace("datasource db", "datasource pg").replace("@db.", "@pg.")
    created = run("PAT003", text, precision=6)[0]
    assert fixed(text, created) == text.replace(
        "@default(now()) //", "@default(now()) @pg.Timestamptz(6) //"
    )


def test_silent_for_timestamptz_date_time_and_other_providers() -> None:
    text = (
        POSTGRES
        + """model Shop {
  id       Int      @id
  openedOn DateTime @db.Date
  opensAt  DateTime @db.Time(0)
  closesAt DateTime @db.Timetz
  seenAt   DateTime @db.Timestamptz(3)
}
"""
    )
    assert run("PAT003", text) == []
    assert (
        run(
            "PAT003",
            SCHEMA.replace('"postgresql"', '"mysql"')
            .replace("@db.Timestamp(6)", "@db.Timestamp(3)")
            .replace("DateTime[]", "DateTime"),
        )
        == []
    )
