"""Selection, severities, per-path ignores and run_check end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from analysis.check import fail_severity, path_matches, recheck, run_check
from analysis.config import ConfigProblem, LoadedSettings, Settings, load_settings, parse_settings
from analysis.diagnostics import Severity
from analysis.lint import enabled_rules, select_rules
from analysis.rules import all_rules
from analysis.rules.base import _NAMES, REGISTRY, Finding, Group, Rule, RuleContext
from analysis.text import SourceFile, TextEdit
from tests.rule_cases import POSTGRES

SCHEMA = (
    POSTGRES
    + """model User {
  id    Int    @id
  posts Post[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""
)
MESSAGE = (
    "The foreign key `authorId` of relation `author` has no index: every join from "
    "`User` and every referential action scans `Post`."
)


def codes(**settings: object) -> frozenset[str]:
    return select_rules(Settings.model_validate(settings)).codes


def group(name: Group) -> frozenset[str]:
    return frozenset(code for code, rule in all_rules().items() if rule.group is name)


# ---------------------------------------------------------------- selection


def test_all_is_every_rule_and_the_unused_suppression_check() -> None:
    assert codes() == frozenset({*all_rules(), "PAS001"})
    assert codes(select=["ALL"]) == codes()
    assert [e.rule.code for e in enabled_rules(Settings())] == list(all_rules())


def test_code_prefix_name_and_group() -> None:
    assert codes(select=["PAX001"]) == {"PAX001"}
    assert codes(select=["pax001"]) == {"PAX001"}
    assert codes(select=["fk-missing-index"]) == {"PAX001"}
    assert codes(select=["unused-suppression"]) == {"PAS001"}
    indexing = group(Group.INDEXING)
    assert "PAX001" in indexing
    assert codes(select=["indexing"]) == indexing
    assert codes(select=["PAX"]) == indexing
    assert codes(select=["PAX00"]) == {c for c in indexing if c.startswith("PAX00")}
    assert codes(select=["PAM"]) == group(Group.MIGRATIONS)  # a group prefix, even if empty


def test_ignore_beats_select_and_extend_select_adds() -> None:
    assert codes(select=["PAX001"], ignore=["indexing"]) == set()
    assert codes(ignore=["PAX001"]) == codes() - {"PAX001"}
    assert codes(select=["PAS001"], extend_select=["PAX001"]) == {"PAS001", "PAX001"}
    assert codes(select=["PAS001"], **{"extend-select": ["PAX"]}) == {"PAS001"} | group(
        Group.INDEXING
    )


def test_unknown_selectors_of_settings_built_in_code_are_problems() -> None:
    selection = select_rules(Settings(select=["PAX001", "BOGUS"], severity={"PAX99": "info"}))
    assert selection.codes == {"PAX001"}
    assert selection.problems == (
        "Unknown rule selector `BOGUS`",
        "Unknown rule selector `PAX99`",
    )


def test_severity_overrides_most_specific_wins() -> None:
    settings = Settings(severity={"PAX001": "error", "ALL": "hint", "indexing": "info"})
    severities = select_rules(settings).severities
    assert severities["PAX001"] is Severity.ERROR
    assert severities["PAS001"] is Severity.HINT
    assert {severities[c] for c in group(Group.INDEXING) - {"PAX001"}} <= {Severity.INFO}
    (enabled,) = [e for e in enabled_rules(settings) if e.rule.code == "PAX001"]
    assert enabled.severity is Severity.ERROR


def test_default_severities() -> None:
    severities = select_rules(Settings()).severities
    assert severities["PAX001"] is Severity.WARNING
    assert severities["PAS001"] is Severity.WARNING


def test_fail_severity() -> None:
    assert fail_severity(Settings()) is Severity.WARNING
    assert fail_severity(Settings(fail_level="error")) is Severity.ERROR
    assert fail_severity(Settings.model_validate({"fail-level": "hint"})) is Severity.HINT


# ---------------------------------------------------------------- per-path ignores


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("legacy/*.prisma", "legacy/old.prisma", True),
        ("legacy/*.prisma", "prisma/legacy/old.prisma", False),
        ("*.prisma", "prisma/legacy/old.prisma", True),
        ("**/legacy/*.prisma", "legacy/old.prisma", True),
        ("**/legacy/*.prisma", "prisma/legacy/old.prisma", True),
        ("./prisma/schema.prisma", "prisma/schema.prisma", True),
        ("schema.prisma", "prisma/schema.prisma", True),
        ("prisma/schema.prisma", "other/prisma/schema.prisma", False),
    ],
)
def test_path_patterns(pattern: str, path: str, matches: bool) -> None:
    assert path_matches(pattern, path) is matches


def test_per_path_ignores_relative_to_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "prisma-architect.toml").write_text(
        'select = ["PAX001"]\n[per-path-ignores]\n"legacy/*.prisma" = ["indexing"]\n'
    )
    loaded = load_settings(tmp_path / "legacy" / "old.prisma")
    assert loaded.problems == ()
    old = SourceFile(str(tmp_path / "legacy" / "old.prisma"), SCHEMA)
    new = SourceFile(str(tmp_path / "prisma" / "schema.prisma"), SCHEMA)
    assert run_check([old], loaded).findings == ()
    assert [f.message for f in run_check([new], loaded).findings] == [MESSAGE]


# ---------------------------------------------------------------- run_check


def test_run_check_end_to_end() -> None:
    settings = Settings(select=["PAX001"], severity={"PAX001": "error"})
    source = SourceFile("schema.prisma", SCHEMA)
    loaded = LoadedSettings(settings, None, (ConfigProblem("x.toml", 1, 1, "kept"),))
    result = run_check([source], loaded)
    (finding,) = result.findings
    assert (finding.code, finding.message, finding.severity) == ("PAX001", MESSAGE, Severity.ERROR)
    assert SCHEMA[finding.span.start : finding.span.end] == "fields: [authorId]"
    assert finding.fixes[0].title == "Add `@@index([authorId])` for the foreign key"
    assert result.diagnostics == (finding.diagnostic(),)
    assert result.problems == (ConfigProblem("x.toml", 1, 1, "kept"),)
    assert result.analysis.files == (source,)


def test_run_check_keeps_validation_diagnostics_in_file_order() -> None:
    broken = SCHEMA + "model Broken {\n  id Int @id\n  x Nope\n}\n"
    other = SourceFile("b.prisma", "model Other {\n  id Int @id\n}\n")
    settings = Settings(select=["PAX001"])
    result = run_check([SourceFile("a.prisma", broken), other], LoadedSettings(settings, None, ()))
    assert [(d.path, d.code) for d in result.diagnostics] == [
        ("a.prisma", "PAX001"),
        ("a.prisma", "PAE002"),
    ]
    assert [d.start for d in result.diagnostics] == sorted(d.start for d in result.diagnostics)


def test_run_check_reports_selection_problems_of_unloaded_settings() -> None:
    result = run_check(
        [SourceFile("schema.prisma", SCHEMA)],
        LoadedSettings(Settings(select=["PAX001", "nope"]), None, ()),
    )
    assert result.problems == (ConfigProblem("<settings>", 0, 0, "Unknown rule selector `nope`"),)
    assert [f.code for f in result.findings] == ["PAX001"]


def test_prisma_version_from_settings_and_from_the_caller() -> None:
    text = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n'
    source = SourceFile("schema.prisma", text)
    six = LoadedSettings(Settings(select=[], prisma_version=6), None, ())
    assert run_check([source], six).diagnostics == ()
    seven = run_check([source], six, prisma_version=7).diagnostics
    assert [d.code for d in seven] == ["PAE010"]


# ---------------------------------------------------------------- options reach the rule


class _WordOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model_word: str = "model"


@pytest.fixture
def wordy() -> Iterator[type[Rule]]:
    """A rule that reports its option on every model, registered for the test only."""

    class Wordy(Rule):
        """A rule for tests."""

        code = "PAM998"
        name = "test-wordy-rule"
        group = Group.MIGRATIONS
        severity = Severity.HINT
        Options = _WordOptions

        def check(self, ctx: RuleContext) -> Iterator[Finding]:
            assert isinstance(ctx.options, _WordOptions)
            for model in ctx.schema.models.values():
                span = model.decl.name_span
                yield self.finding(ctx, span, f"{ctx.options.model_word} `{model.name}`")

    all_rules.cache_clear()
    try:
        yield Wordy
    finally:
        del REGISTRY["PAM998"], _NAMES["test-wordy-rule"]
        all_rules.cache_clear()


def test_options_and_severity_from_the_file_reach_the_rule(wordy: type[Rule]) -> None:
    text = (
        'select = ["migrations"]\n'
        'severity = { test-wordy-rule = "warning" }\n'
        "[rules.PAM998]\n"
        'model-word = "table"\n'
    )
    settings, problems = parse_settings(text, "prisma-architect.toml", pyproject=False)
    assert problems == []
    result = run_check([SourceFile("s.prisma", SCHEMA)], LoadedSettings(settings, None, ()))
    assert [(f.code, f.message, f.severity) for f in result.findings] == [
        ("PAM998", "table `User`", Severity.WARNING),
        ("PAM998", "table `Post`", Severity.WARNING),
    ]


def test_recheck_after_edits_equals_a_check_of_the_final_text() -> None:
    before = POSTGRES + "model Post {\n  id Int @id\n  authorId Int\n}\n"
    loaded = LoadedSettings(Settings(), None, ())
    result = run_check([SourceFile("schema.prisma", before)], loaded)
    where = before.index("authorId Int") + len("authorId Int")
    edits = [
        TextEdit(where, where, "\n  price Float"),
        TextEdit(where, where, "\n  deletedAt DateTime?"),
    ]
    after = recheck(result, "schema.prisma", edits, loaded)
    text = before[:where] + "\n  deletedAt DateTime?\n  price Float" + before[where:]
    assert after.analysis.files[0].text == text
    fresh = run_check([SourceFile("schema.prisma", text)], loaded)
    assert after.diagnostics == fresh.diagnostics
    assert after.findings == fresh.findings
    assert "PAT001" in {f.code for f in after.findings}
