"""PAC007 index-name."""

from __future__ import annotations

from tests.rule_cases import POSTGRES, covered, fixed, run

TEXT = (
    POSTGRES
    + """model Task {
  id        Int    @id
  projectId Int
  status    String
  slug      String @unique

  @@index([projectId, status])
}
"""
)


def test_silent_by_default() -> None:
    assert run("PAC007", TEXT) == []


def test_flags_unnamed_indexes_when_enabled() -> None:
    unique, index = run("PAC007", TEXT, index_naming=True)
    assert covered(TEXT, unique) == "@unique"
    assert unique.message == (
        "The unique constraint on `slug` of `Task` has no explicit name: Prisma names it "
        "`Task_slug_key`."
    )
    assert covered(TEXT, index) == "@@index([projectId, status])"
    assert index.fixes[0].title == 'Name the index "idx_task_project_id_status"'
    assert index.fixes[0].safe
    assert fixed(TEXT, index) == TEXT.replace(
        "status])", 'status], map: "idx_task_project_id_status")'
    )
    assert fixed(TEXT, unique) == TEXT.replace(
        "String @unique", 'String @unique(map: "uniq_task_slug")'
    )


def test_silent_on_named_indexes() -> None:
    text = TEXT.replace("@unique", '@unique(map: "u")').replace("status])", 'status], map: "i")')
    assert run("PAC007", text, index_naming=True) == []
