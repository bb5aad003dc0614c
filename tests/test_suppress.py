"""Suppression comments: by line, by end of line, by file; unused ones are PAS001."""

from __future__ import annotations

from analysis.check import CheckResult, run_check
from analysis.config import LoadedSettings, Settings
from analysis.diagnostics import Severity
from analysis.fixes import apply
from analysis.rules.base import Finding
from analysis.text import SourceFile
from tests.rule_cases import POSTGRES, covered

PATH = "schema.prisma"
USER = """model User {
  id       Int       @id
  posts    Post[]
  comments Comment[]
}

"""
RELATION = "author   User @relation(fields: [authorId], references: [id])"


def schema(post: str = "", comment: str = "", tail: str = "") -> str:
    """Two unindexed foreign keys (PAX001 twice), with comments put around them."""
    return (
        POSTGRES
        + USER
        + "model Post {\n  id       Int  @id\n  authorId Int\n"
        + post
        + "}\n\nmodel Comment {\n  id       Int  @id\n  authorId Int\n"
        + comment
        + "}\n"
        + tail
    )


PLAIN = f"  {RELATION}\n"


def check(text: str, *selectors: str) -> CheckResult:
    settings = Settings(select=list(selectors or ("PAX001", "PAS001")))
    return run_check([SourceFile(PATH, text)], LoadedSettings(settings, None, ()))


def summary(text: str, findings: tuple[Finding, ...]) -> list[tuple[str, str, str]]:
    return [(f.code, covered(text, f), f.message) for f in findings]


def pax001(model: str) -> tuple[str, str, str]:
    return (
        "PAX001",
        "fields: [authorId]",
        "The foreign key `authorId` of relation `author` has no index: every join from "
        f"`User` and every referential action scans `{model}`.",
    )


def test_without_comments_both_findings_stand() -> None:
    text = schema(PLAIN, PLAIN)
    assert summary(text, check(text).findings) == [pax001("Post"), pax001("Comment")]


def test_comment_on_the_line_before() -> None:
    text = schema("  // prisma-architect-ignore PAX001 — a ten-row table\n" + PLAIN, PLAIN)
    assert summary(text, check(text).findings) == [pax001("Comment")]


def test_comment_before_skips_blank_comment_and_doc_lines() -> None:
    post = (
        "  // prisma-architect-ignore PAX001\n\n  // why: see ADR 12\n  /// The writer.\n" + PLAIN
    )
    text = schema(post, PLAIN)
    assert summary(text, check(text).findings) == [pax001("Comment")]


def test_comment_at_the_end_of_the_line() -> None:
    text = schema(PLAIN, f"  {RELATION} // prisma-architect-ignore PAX001 — append-only\n")
    assert summary(text, check(text).findings) == [pax001("Post")]


def test_the_comment_silences_only_its_line() -> None:
    # at the end of `authorId Int`, not of the line the finding starts on
    text = schema(PLAIN, "").replace(
        "authorId Int\n  author", "authorId Int // prisma-architect-ignore PAX001\n  author"
    )
    result = check(text)
    assert [f.code for f in result.findings] == ["PAS001", "PAX001"]


def test_file_level_comment() -> None:
    text = schema(PLAIN, PLAIN, tail="\n// prisma-architect-ignore-file PAX001 — legacy schema\n")
    assert check(text).findings == ()


def test_several_selectors_codes_names_and_groups() -> None:
    post = "  // prisma-architect-ignore PAX001, fk-missing-index: small\n" + PLAIN
    comment = f"  {RELATION} // prisma-architect-ignore indexing\n"
    text = schema(post, comment)
    assert check(text).findings == ()  # every selector that names the finding is used


def test_unused_suppression_is_reported_at_the_selector_with_a_fix() -> None:
    post = "  // prisma-architect-ignore PAX001, PAX002 — reason\n" + PLAIN
    text = schema(post, "  authorId2 Int // prisma-architect-ignore PAX001\n" + PLAIN)
    result = check(text, "PAX", "PAS001")
    (pax002, line_comment, remaining) = result.findings
    assert summary(text, (pax002,)) == [
        ("PAS001", "PAX002", "Unused suppression: no `PAX002` finding here")
    ]
    assert pax002.severity is Severity.WARNING
    assert pax002.unnecessary
    assert pax002.fixes[0].title == "Remove `PAX002` from the suppression comment"
    assert apply(text, list(pax002.fixes[0].edits)) == text.replace(", PAX002", "")
    assert summary(text, (line_comment, remaining)) == [
        ("PAS001", "PAX001", "Unused suppression: no `PAX001` finding here"),
        pax001("Comment"),
    ]
    assert line_comment.fixes[0].title == "Remove the unused suppression comment"
    assert apply(text, list(line_comment.fixes[0].edits)) == text.replace(
        " // prisma-architect-ignore PAX001\n", "\n"
    )


def test_unused_own_line_comment_is_removed_with_its_line() -> None:
    text = schema("  // prisma-architect-ignore PAC001\n  id2 Int\n" + PLAIN, PLAIN)
    result = check(text, "PAX001", "PAC001", "PAS001")
    unused = [f for f in result.findings if f.code == "PAS001"]
    assert summary(text, tuple(unused)) == [
        ("PAS001", "PAC001", "Unused suppression: no `PAC001` finding here")
    ]
    assert apply(text, list(unused[0].fixes[0].edits)) == text.replace(
        "  // prisma-architect-ignore PAC001\n", ""
    )


def test_unknown_selector_and_missing_code() -> None:
    text = schema(
        PLAIN, PLAIN, tail="// prisma-architect-ignore-file PAX9999\n// prisma-architect-ignore\n"
    )
    unused = [f for f in check(text).findings if f.code == "PAS001"]
    assert summary(text, tuple(unused)) == [
        ("PAS001", "PAX9999", "Unused suppression: `PAX9999` is not a rule code or name"),
        (
            "PAS001",
            "// prisma-architect-ignore",
            "Unused suppression: it names no rule; write "
            "`// prisma-architect-ignore CODE — reason`",
        ),
    ]


def test_suppressions_of_rules_that_do_not_run_are_not_unused() -> None:
    post = "  // prisma-architect-ignore PAX001\n" + PLAIN
    text = schema(post, PLAIN)
    assert "PAS001" not in [f.code for f in check(text, "PAC", "PAS001").findings]
    # not for the provider: MySQL creates the index itself
    mysql = text.replace('"postgresql"', '"mysql"')
    assert [f.code for f in check(mysql).findings] == []


def test_unused_suppressions_are_not_reported_when_pas001_is_off() -> None:
    text = schema("  // prisma-architect-ignore PAX002\n" + PLAIN, "")
    assert [f.code for f in check(text, "PAX001").findings] == ["PAX001"]


def test_doc_comments_and_other_text_are_not_directives() -> None:
    post = "  /// prisma-architect-ignore PAX001\n  // prisma-architect-ignored PAX001\n" + PLAIN
    text = schema(post, "")
    assert [f.code for f in check(text).findings] == ["PAX001"]
