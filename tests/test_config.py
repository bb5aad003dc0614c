"""Settings: finding the file, reading it, and locating every bad key and value."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from analysis.config import (
    ConfigProblem,
    Settings,
    find_config,
    load_config_file,
    load_settings,
    parse_settings,
    rule_options,
)
from analysis.diagnostics import Severity
from analysis.rules import all_rules, find_rule
from analysis.rules.base import _NAMES, REGISTRY, Group, Rule
from analysis.tomlpos import Positions


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def top(text: str) -> tuple[Settings, list[ConfigProblem]]:
    """Settings from a `prisma-architect.toml` text."""
    return parse_settings(text, "prisma-architect.toml", pyproject=False)


def pyproject(text: str) -> tuple[Settings, list[ConfigProblem]]:
    return parse_settings(text, "pyproject.toml", pyproject=True)


# ---------------------------------------------------------------- finding the file


def test_reads_prisma_architect_toml_found_upward_from_the_schema(tmp_path: Path) -> None:
    config = write(tmp_path / "prisma-architect.toml", 'select = ["PAX"]\nfail-level = "error"\n')
    schema = write(tmp_path / "app" / "prisma" / "schema.prisma", "")
    loaded = load_settings(schema)
    assert loaded.source == config
    assert loaded.problems == ()
    assert loaded.settings.select == ["PAX"]
    assert loaded.settings.fail_level == "error"
    assert load_settings(schema.parent).source == config  # a folder as start works too


def test_reads_the_tool_table_of_pyproject(tmp_path: Path) -> None:
    config = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.prisma-architect]\nignore = ["naming"]\n'
        'extend-select = ["PAX001"]\n\n[tool.prisma-architect.severity]\nPAX001 = "error"\n',
    )
    loaded = load_settings(write(tmp_path / "schema.prisma", ""))
    assert loaded.source == config
    assert loaded.problems == ()
    assert loaded.settings.ignore == ["naming"]
    assert loaded.settings.extend_select == ["PAX001"]
    assert loaded.settings.severity == {"PAX001": "error"}


def test_the_nearest_file_wins(tmp_path: Path) -> None:
    write(tmp_path / "prisma-architect.toml", 'select = ["ALL"]\n')
    nearer = write(
        tmp_path / "app" / "pyproject.toml", '[tool.prisma-architect]\nselect = ["PAX"]\n'
    )
    schema = write(tmp_path / "app" / "prisma" / "schema.prisma", "")
    assert find_config(schema) == nearer
    assert load_settings(schema).settings.select == ["PAX"]


def test_prisma_architect_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    own = write(tmp_path / "prisma-architect.toml", 'select = ["PAC"]\n')
    write(tmp_path / "pyproject.toml", '[tool.prisma-architect]\nselect = ["PAX"]\n')
    assert find_config(tmp_path / "schema.prisma") == own


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    own = write(tmp_path / "prisma-architect.toml", 'select = ["PAC"]\n')
    write(tmp_path / "app" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path / "app" / "schema.prisma") == own


def test_no_file_means_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "schema.prisma")
    assert (loaded.source, loaded.problems) == (None, ())
    assert loaded.settings == Settings()
    assert loaded.settings.select == ["ALL"]
    assert loaded.settings.fail_level == "warning"


def test_an_unreadable_file_is_one_problem(tmp_path: Path) -> None:
    config = tmp_path / "prisma-architect.toml"
    config.write_bytes(b'select = ["\xff"]\n')
    loaded = load_config_file(config)
    assert loaded.settings == Settings()
    (problem,) = loaded.problems
    assert (problem.path, problem.line, problem.column) == (str(config), 1, 1)
    assert problem.message.startswith("Cannot read: ")


# ---------------------------------------------------------------- problems, located


def test_invalid_toml_is_one_problem_where_tomllib_stops() -> None:
    settings, problems = top('select = ["ALL"]\nfail-level = "error\n')
    assert settings == Settings()
    assert problems == [
        ConfigProblem("prisma-architect.toml", 2, 20, "Invalid TOML: Illegal character '\\n'")
    ]


def test_unknown_key_in_the_file() -> None:
    settings, problems = top('select = ["PAX"]\n  selct = ["ALL"]\n')
    assert settings.select == ["PAX"]
    assert problems == [
        ConfigProblem(
            "prisma-architect.toml", 2, 3, "Unknown setting `selct`; did you mean `select`?"
        )
    ]


def test_unknown_key_in_the_pyproject_table() -> None:
    text = '[tool.ruff]\nselect = ["E"]\n\n[tool.prisma-architect]\nfail_level = "error"\n'
    settings, problems = pyproject(text)
    assert settings.fail_level == "warning"  # keys are kebab-case only
    assert problems == [
        ConfigProblem(
            "pyproject.toml", 5, 1, "Unknown setting `fail_level`; did you mean `fail-level`?"
        )
    ]


def test_bad_value_types_are_located_at_the_value_and_defaulted() -> None:
    text = 'select = "ALL"\nfail-level = "fatal"\nprisma-version = 5\nignore = ["PAC", 3]\n'
    settings, problems = top(text)
    assert settings.select == ["ALL"]
    assert settings.fail_level == "warning"
    assert settings.prisma_version is None
    assert settings.ignore == ["PAC"]
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 10, "Invalid value for `select`: Input should be a valid list"),
        (
            2,
            14,
            "Invalid value for `fail-level`: expected one of error, warning, info, hint, "
            "got `fatal`",
        ),
        (3, 18, "Invalid value for `prisma-version`: expected 6 or 7, got 5"),
        (4, 18, "Invalid value for `ignore[1]`: Input should be a valid string"),
    ]


def test_bad_severity_in_a_table_and_in_an_inline_table() -> None:
    text = (
        "[tool.prisma-architect]\n"
        'severity = { PAX001 = "error", naming = "loud" }\n'
        "\n"
        "[tool.prisma-architect.per-path-ignores]\n"
        '"legacy/*.prisma" = "PAX001"\n'
    )
    settings, problems = pyproject(text)
    assert settings.severity == {"PAX001": "error"}
    assert settings.per_path_ignores == {}
    assert [(p.line, p.column, p.message) for p in problems] == [
        (
            2,
            41,
            "Invalid value for `severity.naming`: expected one of error, warning, info, hint, "
            "got `loud`",
        ),
        (
            5,
            21,
            "Invalid value for `per-path-ignores.legacy/*.prisma`: Input should be a valid list",
        ),
    ]


def test_unknown_selectors_are_located_and_left_out() -> None:
    text = (
        'select = [\n  "PAX",\n  "PAX999",\n]\nignore = ["fk-missing-indx"]\n'
        'severity = { indexng = "error" }\n'
        '[per-path-ignores]\n"old/*.prisma" = ["PAX001", "nope"]\n'
    )
    settings, problems = top(text)
    assert settings.select == ["PAX"]
    assert settings.ignore == []
    assert settings.severity == {}
    assert settings.per_path_ignores == {"old/*.prisma": ["PAX001"]}
    assert [(p.line, p.column, p.message) for p in problems] == [
        (3, 3, "Unknown rule selector `PAX999`"),
        (5, 11, "Unknown rule selector `fk-missing-indx`; did you mean `fk-missing-index`?"),
        (6, 14, "Unknown rule selector `indexng`; did you mean `indexing`?"),
        (8, 29, "Unknown rule selector `nope`"),
    ]


def test_unknown_rule_and_unknown_option_of_a_rule_without_options() -> None:
    text = (
        "[tool.prisma-architect.rules.PAX001]\n"
        "columns = 2\n"
        "\n"
        "[tool.prisma-architect.rules.fk-missing-indexes]\n"
        "x = 1\n"
    )
    settings, problems = pyproject(text)
    assert settings.rules == {"PAX001": {}}
    assert problems == [
        ConfigProblem(
            "pyproject.toml",
            2,
            1,
            "Unknown option `columns` for rule PAX001 (fk-missing-index) (it has no options)",
        ),
        ConfigProblem(
            "pyproject.toml",
            4,
            30,
            "Unknown rule `fk-missing-indexes` in `rules`; did you mean `fk-missing-index`?",
        ),
    ]


# ---------------------------------------------------------------- a rule with options


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_length: int = 63
    words: tuple[str, ...] = ("data",)


@pytest.fixture
def optioned() -> Iterator[type[Rule]]:
    """A rule with options, registered for the test only."""

    class Optioned(Rule):
        """A rule for tests."""

        code = "PAM999"
        name = "test-optioned-rule"
        group = Group.MIGRATIONS
        severity = Severity.INFO
        Options = _Options

    all_rules.cache_clear()
    try:
        yield Optioned
    finally:
        del REGISTRY["PAM999"], _NAMES["test-optioned-rule"]
        all_rules.cache_clear()


def test_rule_options_by_code_or_name_in_kebab_case(optioned: type[Rule]) -> None:
    text = (
        "[rules.PAM999]\nmax-length = 30\n\n"
        '[rules]\ntest-optioned-rule = { words = ["blob", "payload"] }\n'
    )
    settings, problems = top(text)
    assert problems == []
    assert settings.rules == {
        "PAM999": {"max-length": 30},
        "test-optioned-rule": {"words": ["blob", "payload"]},
    }
    assert find_rule("PAM999") is optioned
    options = rule_options(optioned, settings.rules["PAM999"])
    assert options == _Options(max_length=30)


def test_bad_and_unknown_options_are_located(optioned: type[Rule]) -> None:
    text = (
        "[tool.prisma-architect.rules.PAM999]\n"
        'max-length = "long"\n'
        "max_length = 12\n"
        "wordz = []\n"
        'words = ["ok"]\n'
    )
    settings, problems = pyproject(text)
    assert settings.rules == {"PAM999": {"words": ["ok"]}}
    known = "(its options: `max-length`, `words`)"
    assert [(p.line, p.column, p.message) for p in problems] == [
        (
            2,
            14,
            "Invalid value for option `max-length` of rule PAM999 (test-optioned-rule): "
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        (3, 1, f"Unknown option `max_length` for rule PAM999 (test-optioned-rule) {known}"),
        (4, 1, f"Unknown option `wordz` for rule PAM999 (test-optioned-rule) {known}"),
    ]
    assert rule_options(optioned, settings.rules["PAM999"]) == _Options(words=("ok",))


def test_options_that_are_not_a_table(optioned: type[Rule]) -> None:
    settings, problems = top("rules = { PAM999 = 3 }\n")
    assert settings.rules == {}
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 20, "Invalid value for `rules.PAM999`: Input should be a valid dictionary"),
    ]


# ---------------------------------------------------------------- positions


def test_positions_of_dotted_keys_headers_arrays_and_strings() -> None:
    text = (
        "# a comment [not.a.table]\n"
        'a.b = """x\n"y"\n"""  # done\n'
        "[t . 'q.k']\n"
        'arr = [ 1, [2, 3], { in = "}" } ]\n'
        "[[aot]]\nk = 1\n[[aot]]\nk = 2\n"
    )
    positions = Positions(text)
    assert positions.key(("a",)) == (2, 1)
    assert positions.key(("a", "b")) == (2, 3)
    assert positions.value(("a", "b")) == (2, 7)
    assert positions.key(("t", "q.k")) == (5, 6)
    assert positions.value(("t", "q.k", "arr", 1, 1)) == (6, 16)
    assert positions.key(("t", "q.k", "arr", 2, "in")) == (6, 22)
    assert positions.key(("aot", 1, "k")) == (10, 1)
    assert positions.value(("t", "q.k", "nothing")) == (5, 6)  # the nearest enclosing key
