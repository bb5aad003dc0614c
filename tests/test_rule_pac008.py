"""PAC008 identifier-too-long."""

from __future__ import annotations

from analysis.rules.pac008_identifier_too_long import shorten
from tests.rule_cases import POSTGRES, covered, fixed, run

LONG_TABLE = "workflow_trigger_scheduled_references"  # 37 bytes
INDEX = (
    POSTGRES
    + f"""model WorkflowTriggerScheduledRef {{
  id              Int @id
  parentId        Int
  parentStepRunId Int
  childKey        Int

  @@unique([parentId, parentStepRunId, childKey])
  @@map("{LONG_TABLE}")
}}
"""
)


def test_flags_a_derived_constraint_name_prisma_shortens() -> None:
    (finding,) = run("PAC008", INDEX)
    assert covered(INDEX, finding) == "@@unique([parentId, parentStepRunId, childKey])"
    full = f"{LONG_TABLE}_parentId_parentStepRunId_childKey_key"
    assert finding.message == (
        f"The unique constraint name Prisma derives, `{full}`, is {len(full)} bytes long: it "
        f"is shortened to `{full[:59]}_key`, which no longer names its columns and can "
        "collide with another shortened name."
    )
    assert finding.fixes[0].title == (
        'Name the unique constraint "wtsr_parent_id_parent_step_run_id_child_key_key" with `map:`'
    )
    assert finding.fixes[0].safe
    assert fixed(INDEX, finding) == INDEX.replace(
        "childKey])", 'childKey], map: "wtsr_parent_id_parent_step_run_id_child_key_key")'
    )


def test_flags_a_long_column_and_a_derived_foreign_key() -> None:
    column = "x" * 70
    text = (
        POSTGRES
        + f"""model Parent {{
  id       Int     @id
  children Child[]
}}

model Child {{
  id       Int    @id
  {column} Int
  parent   Parent @relation(fields: [{column}], references: [id])

  @@index([{column}], map: "child_parent_idx")
}}
"""
    )
    findings = run("PAC008", text)
    assert [covered(text, f) for f in findings] == [
        column,
        f"@relation(fields: [{column}], references: [id])",
    ]
    assert findings[0].message == (
        f"The column name `{column}` of `Child` is 70 bytes long: PostgreSQL cuts it to 63 bytes."
    )
    assert not findings[0].fixes[0].safe
    assert fixed(text, findings[1]).count('references: [id], map: "child_') == 1


def test_flags_a_long_table_name() -> None:
    name = "A" + "b" * 64
    text = POSTGRES + f'model {name} {{\n  id Int @id(map: "pk")\n}}\n'
    (finding,) = run("PAC008", text)
    assert finding.message == (
        f"The table name `{name}` is 65 bytes long: PostgreSQL cuts it to 63 bytes."
    )


def test_shorten_keeps_whole_words_when_it_can() -> None:
    assert shorten(["order_items"], "idx", 63) == "order_items_idx"
    assert len(shorten(["x" * 80], "", 63)) <= 63
    assert shorten(["OrderItem", "orderId"], "fkey", 16) == "oi_order_id_fkey"
    assert shorten(["OrderItem", "orderId"], "fkey", 14) == "oi_ord_id_fkey"


def test_silent_on_short_names_explicit_maps_and_mysql() -> None:
    short = POSTGRES + "model User {\n  id Int @id\n  email String @unique\n}\n"
    assert run("PAC008", short) == []
    named = INDEX.replace("childKey])", 'childKey], map: "wtsr_unique")')
    assert run("PAC008", named) == []
    assert run("PAC008", INDEX.replace("postgresql", "mysql")) == []
