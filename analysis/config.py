"""Settings: which rules run, how severe they are, their options, what is ignored where.

Read from ``prisma-architect.toml`` (top-level keys) or from the
``[tool.prisma-architect]`` table of a ``pyproject.toml``, whichever is found
first searching upward from the schema (``prisma-architect.toml`` wins in the
same folder). Keys are kebab-case, like ruff's::

    select = ["ALL"]                 # selectors: ALL, PAX001, PAX, fk-missing-index, indexing
    ignore = ["PAC"]
    extend-select = []
    fail-level = "warning"           # error | warning | info | hint
    prisma-version = 7

    [severity]                       # selector → severity
    PAX001 = "error"

    [per-path-ignores]               # glob (relative to the config file's folder) → selectors
    "legacy/*.prisma" = ["PAX001"]

    [rules.PAT001]                   # per-rule options, by code or name; kebab-case keys
    precision = 12

Nothing here raises on a bad configuration: unknown keys and bad values
become :class:`ConfigProblem`\\ s located at the key or value, and the
defaults stand in for what was bad.
"""

from __future__ import annotations

import copy
import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from analysis.diagnostics import Severity
from analysis.rules import find_rule
from analysis.rules.base import Rule
from analysis.selectors import resolve, unknown_message
from analysis.tomlpos import Positions

CONFIG_FILE = "prisma-architect.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "prisma-architect")
SEVERITIES: dict[str, Severity] = {s.label: s for s in sorted(Severity, reverse=True)}


def _severity_name(value: str) -> str:
    if value not in SEVERITIES:
        raise ValueError(f"expected one of {', '.join(SEVERITIES)}, got `{value}`")
    return value


def _prisma_version(value: int | None) -> int | None:
    if value is not None and value not in (6, 7):
        raise ValueError(f"expected 6 or 7, got {value}")
    return value


SeverityName = Annotated[str, AfterValidator(_severity_name)]


class Settings(BaseModel):
    """The configuration; TOML keys are the kebab-case aliases."""

    model_config = ConfigDict(extra="forbid", validate_by_alias=True, validate_by_name=True)

    select: list[str] = Field(default_factory=lambda: ["ALL"])
    ignore: list[str] = Field(default_factory=list)
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    severity: dict[str, SeverityName] = Field(default_factory=dict)
    fail_level: SeverityName = Field(default="warning", alias="fail-level")
    per_path_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-path-ignores")
    rules: dict[str, dict[str, object]] = Field(default_factory=dict)
    prisma_version: Annotated[int | None, AfterValidator(_prisma_version)] = Field(
        default=None, alias="prisma-version"
    )


@dataclass(frozen=True)
class ConfigProblem:
    """A bad key or value; ``line``/``column`` are 1-based (0 when not located)."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    source: Path | None
    problems: tuple[ConfigProblem, ...]


def default_settings() -> LoadedSettings:
    return LoadedSettings(Settings(), None, ())


# ---------------------------------------------------------------- finding the file


def find_config(start: Path) -> Path | None:
    """The nearest ``prisma-architect.toml``, or ``pyproject.toml`` with our table,
    in the folder of ``start`` (a file or a folder) or above it."""
    start = start.absolute()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_our_table(pyproject):
            return pyproject
    return None


def _has_our_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "prisma-architect" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True  # ours to report
    return isinstance(data.get("tool"), dict) and "prisma-architect" in data["tool"]


def load_settings(start: Path) -> LoadedSettings:
    """The settings that apply to the schema at ``start`` (defaults when there is no file)."""
    found = find_config(start)
    return default_settings() if found is None else load_config_file(found)


def load_config_file(path: Path) -> LoadedSettings:
    """Read one configuration file (``pyproject.toml`` reads ``[tool.prisma-architect]``)."""
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return LoadedSettings(Settings(), path, (ConfigProblem(name, 1, 1, f"Cannot read: {exc}"),))
    settings, problems = parse_settings(text, name, pyproject=path.name == PYPROJECT)
    return LoadedSettings(settings, path, tuple(problems))


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def parse_settings(
    text: str, path: str, *, pyproject: bool
) -> tuple[Settings, list[ConfigProblem]]:
    """Settings from a TOML text, with every problem located in it."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_AT.search(message)
        line, column = (int(match[1]), int(match[2])) if match else _end(text)
        message = message[: match.start()] if match else message.split(" (at ")[0]
        return Settings(), [ConfigProblem(path, line, column, f"Invalid TOML: {message}")]
    prefix: tuple[str, ...] = PYPROJECT_TABLE if pyproject else ()
    data: Any = document
    for part in prefix:
        data = data.get(part, {}) if isinstance(data, dict) else {}
    where = _Locator(path, Positions(text), prefix)
    if not isinstance(data, dict):
        return Settings(), [where.problem((), "`tool.prisma-architect` must be a table", key=True)]
    return _validate(copy.deepcopy(data), where)


def settings_from_data(data: dict[str, Any], where: str) -> tuple[Settings, list[ConfigProblem]]:
    """Settings from already-parsed data (kebab-case keys, as in TOML), such as
    an editor's; problems name the key but have no line (``0:0``)."""
    settings, problems = _validate(copy.deepcopy(data), _Locator(where, Positions(""), ()))
    return settings, [ConfigProblem(p.path, 0, 0, p.message) for p in problems]


def _end(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


class _Locator:
    def __init__(self, path: str, positions: Positions, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.positions = positions
        self.prefix = prefix

    def problem(self, loc: tuple[str | int, ...], message: str, *, key: bool) -> ConfigProblem:
        full = (*self.prefix, *loc)
        found = self.positions.key(full) if key else self.positions.value(full)
        line, column = found or self.positions.key(self.prefix) or (1, 1)
        return ConfigProblem(self.path, line, column, message)


# ---------------------------------------------------------------- validation

_DROP = object()


def _display(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _settings_keys() -> list[str]:
    return [f.alias or name for name, f in Settings.model_fields.items()]


def _close(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1)
    return f"; did you mean `{close[0]}`?" if close else ""


def _existing(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The longest prefix of ``loc`` that is a path into ``data``."""
    out: list[str | int] = []
    for part in loc:
        in_dict = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_dict or in_list):
            break
        data = data[part]
        out.append(part)
    return tuple(out)


def _mark(data: Any, loc: tuple[str | int, ...]) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = _DROP


def _purge(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _purge(v) for k, v in data.items() if v is not _DROP}
    if isinstance(data, list):
        return [_purge(v) for v in data if v is not _DROP]
    return data


def _validate(data: dict[str, Any], where: _Locator) -> tuple[Settings, list[ConfigProblem]]:
    problems: list[ConfigProblem] = []
    settings = Settings()
    for _ in range(10):  # each round drops what was bad; nested errors may surface later
        try:
            settings = Settings.model_validate(data, by_alias=True, by_name=False)
            break
        except ValidationError as exc:
            for error in exc.errors():
                loc = _existing(data, tuple(error["loc"]))
                if not loc:
                    continue
                if error["type"] == "extra_forbidden" and len(loc) == 1:
                    name = str(loc[0])
                    message = f"Unknown setting `{name}`{_close(name, _settings_keys())}"
                    problems.append(where.problem(loc, message, key=True))
                else:
                    message = f"Invalid value for `{_display(loc)}`: {_reason(error['msg'])}"
                    problems.append(where.problem(loc, message, key=False))
                _mark(data, loc)
            data = _purge(data)
    updates: dict[str, Any] = {}
    for field in ("select", "ignore", "extend_select"):
        kept = []
        key = _alias(field)
        for index, selector in enumerate(getattr(settings, field)):
            if resolve(selector) is None:
                problems.append(where.problem((key, index), unknown_message(selector), key=False))
            else:
                kept.append(selector)
        updates[field] = kept
    severity = {}
    for selector, level in settings.severity.items():
        if resolve(selector) is None:
            loc = ("severity", selector)
            problems.append(where.problem(loc, unknown_message(selector), key=True))
        else:
            severity[selector] = level
    updates["severity"] = severity
    per_path: dict[str, list[str]] = {}
    for glob, selectors in settings.per_path_ignores.items():
        per_path[glob] = []
        for index, selector in enumerate(selectors):
            if resolve(selector) is None:
                loc = ("per-path-ignores", glob, index)
                problems.append(where.problem(loc, unknown_message(selector), key=False))
            else:
                per_path[glob].append(selector)
    updates["per_path_ignores"] = per_path
    rules: dict[str, dict[str, object]] = {}
    for key, options in settings.rules.items():
        rule = find_rule(key)
        if rule is None:
            message = f"Unknown rule `{key}` in `rules`{_close(key, _rule_keys())}"
            problems.append(where.problem(("rules", key), message, key=True))
            continue
        kept_options, issues = check_options(rule, options)
        for option, message, is_key in issues:
            problems.append(where.problem(("rules", key, option), message, key=is_key))
        rules[key] = kept_options
    updates["rules"] = rules
    problems.sort(key=lambda p: (p.line, p.column))
    return settings.model_copy(update=updates), problems


def _alias(field: str) -> str:
    return Settings.model_fields[field].alias or field


def _rule_keys() -> list[str]:
    from analysis.rules import all_rules

    rules = all_rules()
    return [*rules, *(r.name for r in rules.values())]


def _reason(message: str) -> str:
    return message.removeprefix("Value error, ")


# ---------------------------------------------------------------- rule options


def option_key(field: str) -> str:
    """The TOML spelling of an option field: kebab-case."""
    return field.replace("_", "-")


def check_options(
    rule: type[Rule], options: Mapping[str, object]
) -> tuple[dict[str, object], list[tuple[str, str, bool]]]:
    """The options that validate against ``rule.Options``, and per bad option
    ``(key as written, message, whether the key itself is the problem)``."""
    label = f"{rule.code} ({rule.name})"
    fields = [option_key(f) for f in rule.Options.model_fields]
    known = ", ".join(f"`{f}`" for f in fields)
    hint = f" (its options: {known})" if fields else " (it has no options)"
    issues: list[tuple[str, str, bool]] = []
    written: dict[str, str] = {}
    data: dict[str, object] = {}
    for key, value in options.items():
        if "_" in key:  # options are spelled in kebab-case, like the settings
            issues.append((key, f"Unknown option `{key}` for rule {label}{hint}", True))
        else:
            written[key.replace("-", "_")] = key
            data[key.replace("-", "_")] = value
    for _ in range(10):
        try:
            rule.Options.model_validate(data)
            break
        except ValidationError as exc:
            bad: set[str] = set()
            for error in exc.errors():
                if not error["loc"] or not isinstance(error["loc"][0], str):
                    continue
                field = error["loc"][0]
                if field not in data or field in bad:
                    continue
                bad.add(field)
                key = written[field]
                if error["type"] == "extra_forbidden":
                    issues.append((key, f"Unknown option `{key}` for rule {label}{hint}", True))
                else:
                    reason = _reason(error["msg"])
                    message = f"Invalid value for option `{key}` of rule {label}: {reason}"
                    issues.append((key, message, False))
            if not bad:
                break
            data = {k: v for k, v in data.items() if k not in bad}
    return {written[k]: v for k, v in data.items()}, issues


def rule_options(rule: type[Rule], options: Mapping[str, object]) -> BaseModel:
    """``rule.Options`` from configured options (kebab-case keys); bad ones are left out."""
    kept, _ = check_options(rule, options)
    try:
        return rule.Options.model_validate({k.replace("-", "_"): v for k, v in kept.items()})
    except ValidationError:
        return rule.Options()
