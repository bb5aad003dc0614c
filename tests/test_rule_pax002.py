"""PAX002 redundant-index."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, fixed, run

SCHEMA = (
    POSTGRES
    + """model Task {
  id        Int    @id
  projectId Int
  status    String
  title     String

  @@index([projectId])
  @@index([projectId, status])
}
"""
)


def with_indexes(*indexes: str) -> str:
    block = "".join(f"  {index}\n" for index in indexes)
    return SCHEMA.replace("  @@index([projectId])\n  @@index([projectId, status])\n", block)


def test_flags_a_prefix_of_another_index_with_its_fix() -> None:
    (finding,) = run("PAX002", SCHEMA)
    assert finding.code == "PAX002"
    assert covered(SCHEMA, finding) == "@@index([projectId])"
    assert finding.message == (
        "`@@index([projectId])` on `Task` is redundant: `@@index([projectId, status])` starts "
        "with `projectId` and serves the same lookups, and every write pays for both."
    )
    assert finding.unnecessary
    ((span, note),) = finding.related
    assert SCHEMA[span.start : span.end] == "@@index([projectId, status])"
    assert note == "`@@index([projectId, status])` makes `@@index([projectId])` redundant"
    fix = finding.fixes[0]
    assert fix.title == "Remove the redundant `@@index([projectId])`"
    assert not fix.safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace("  @@index([projectId])\n", "")


def test_flags_an_index_equal_to_a_field_unique() -> None:
    text = with_indexes("@@index([title])").replace("title     String", "title     String @unique")
    (finding,) = run("PAX002", text)
    assert finding.message == (
        "`@@index([title])` on `Task` is redundant: it duplicates `title @unique`, "
        "and every write pays for both."
    )
    assert text[finding.related[0][0].start : finding.related[0][0].end] == "@unique"
    # the blank line before the index goes with it: none is left before the brace
    assert fixed(text, finding) == text.replace(
        "String @unique\n\n  @@index([title])\n}", "String @unique\n}"
    )


def test_flags_the_second_of_two_equal_indexes() -> None:
    text = with_indexes("@@index([status])", '@@index([status], map: "task_status")')
    (finding,) = run("PAX002", text)
    assert covered(text, finding) == '@@index([status], map: "task_status")'
    assert finding.message == (
        "`@@index([status])` on `Task` is redundant: it duplicates `@@index([status])` declared "
        "before it, and every write pays for both."
    )


def test_names_the_constraint_that_stays_rather_than_another_redundant_index() -> None:
    text = with_indexes(
        "@@index([projectId])", "@@index([projectId, status])", "@@unique([projectId, title])"
    )
    findings = run("PAX002", text)
    assert [covered(text, f) for f in findings] == ["@@index([projectId])"]
    assert "`@@unique([projectId, title])` starts with `projectId`" in findings[0].message


def test_flags_a_prefix_of_the_primary_key_and_a_reversed_sort() -> None:
    text = with_indexes("@@id([projectId, title])", "@@index([projectId(sort: Desc)])").replace(
        "Int    @id", "Int   "
    )
    (finding,) = run("PAX002", text)
    assert covered(text, finding) == "@@index([projectId(sort: Desc)])"


def test_flags_two_equal_hash_indexes() -> None:
    text = with_indexes("@@index([status], type: Hash)", '@@index([status], type: Hash, map: "x")')
    assert len(run("PAX002", text)) == 1


def test_fix_keeps_crlf_and_the_blank_line_between_other_attributes() -> None:
    text = with_indexes("@@index([projectId])", "@@index([projectId, status])", '@@map("tasks")')
    text = text.replace("\n", "\r\n")
    (finding,) = run("PAX002", text)
    assert fixed(text, finding) == text.replace("  @@index([projectId])\r\n", "")


@pytest.mark.parametrize(
    "indexes",
    [
        # a different column order
        ("@@index([status])", "@@index([projectId, status])"),
        # the other index is not a B-tree, or this one is not
        ("@@index([projectId])", "@@index([projectId, status], type: Hash)"),
        ("@@index([projectId], type: Hash)", "@@index([projectId, status])"),
        ("@@index([projectId], type: Hash)", "@@index([projectId, status], type: Hash)"),
        ("@@index([projectId], type: Brin)", "@@index([projectId], type: Hash)"),
        # a sort order that matters (mixed directions)
        ("@@index([projectId, status(sort: Desc)])", "@@index([projectId, status, title])"),
        # a full-text index is another kind of index
        ("@@index([title])", "@@fulltext([title])"),
        # a unique constraint on a prefix is a constraint, not a spare index
        ("@@unique([projectId])", "@@index([projectId, status])"),
    ],
)
def test_silent_when_the_index_serves_other_lookups(indexes: tuple[str, ...]) -> None:
    text = with_indexes(*indexes)
    if "fulltext" in text:
        text = text.replace(POSTGRES, 'datasource db {\n  provider = "mysql"\n}\n\n')
    assert run("PAX002", text) == [], text


@pytest.mark.parametrize(
    "explained",
    [
        '@@index([projectId], map: "task_project") // used by the nightly report',
        '// the nightly report hints this index\n  @@index([projectId], map: "task_project")',
        '@@index([projectId], map: "task_project")\n  // task_project: named in raw SQL',
    ],
)
def test_silent_when_a_comment_explains_the_named_index(explained: str) -> None:
    assert run("PAX002", with_indexes(explained, "@@index([projectId, status])")) == []


def test_a_comment_without_a_map_name_does_not_silence_it() -> None:
    text = with_indexes(
        "@@index([projectId]) // for the foreign key", "@@index([projectId, status])"
    )
    (finding,) = run("PAX002", text)
    assert fixed(text, finding) == with_indexes("@@index([projectId, status])")


def test_silent_for_a_different_prefix_length_on_mysql() -> None:
    text = with_indexes("@@index([title(length: 10)])", "@@index([title, status])").replace(
        POSTGRES, 'datasource db {\n  provider = "mysql"\n}\n\n'
    )
    assert run("PAX002", text) == []


def test_fix_removes_the_dangling_blank_line_with_crlf() -> None:
    text = with_indexes("@@index([title])").replace("title     String", "title String @unique")
    text = text.replace("\n", "\r\n")
    (finding,) = run("PAX002", text)
    assert fixed(text, finding).endswith("String\r\n  title String @unique\r\n}\r\n")


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAX002")
    assert len(run("PAX002", bad)) == 1
    assert run("PAX002", good) == []
