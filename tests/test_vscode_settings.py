"""The VS Code extension's settings (editors/vscode/package.json) against the server.

VS Code sends the ``prismaArchitect`` section as one nested object built from
the contributed settings; with nothing set by the user that object is the
defaults. They must be exactly what the server accepts and mean exactly the
server's own defaults, and every server setting must be offered in the editor.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from annotated_types import Ge, Le

from analysis.config import SEVERITIES, Settings, default_settings
from analysis.ide.links import RULES_PAGE
from server.settings import (
    LINT_KEYS,
    SECTION,
    DiagnosticsOptions,
    ServerOptions,
    effective_settings,
    parse_editor_settings,
)

EXTENSION = Path(__file__).resolve().parents[1] / "editors" / "vscode"
MANIFEST = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
PROPERTIES: dict[str, dict[str, Any]] = MANIFEST["contributes"]["configuration"]["properties"]
CLIENT_ONLY = {"server.path", "interpreter", "trace.server"}
"""Read by the extension (which server to run, message tracing), ignored by the server."""
CLIENT_FIELDS = {"server", "interpreter", "trace"}
"""ServerOptions fields that hold the client-only keys."""


def nested(values: dict[str, Any]) -> dict[str, Any]:
    """``{"prismaArchitect.a.b": 1}`` as VS Code sends the section: ``{"a": {"b": 1}}``."""
    section: dict[str, Any] = {}
    for key, value in values.items():
        assert key.startswith(SECTION + "."), key
        *parents, last = key.removeprefix(SECTION + ".").split(".")
        node = section
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return section


def keys() -> set[str]:
    return {key.removeprefix(SECTION + ".") for key in PROPERTIES}


def server_keys() -> set[str]:
    """The dotted keys the server reads: lint keys and each toggle of ServerOptions."""
    result = set(LINT_KEYS)
    for name, field in ServerOptions.model_fields.items():
        if name in CLIENT_FIELDS:
            continue
        assert field.default_factory is not None, name
        group = field.alias or name
        result.update(f"{group}.{sub}" for sub in field.default_factory().model_dump())  # type: ignore[call-arg]
    return result


DEFAULTS = nested({key: spec["default"] for key, spec in PROPERTIES.items()})


def test_defaults_are_accepted_without_problems() -> None:
    editor = parse_editor_settings(DEFAULTS)
    assert editor.problems == ()
    assert editor.lint == {}  # every lint key defaults to null: the configuration file decides
    settings, problems = effective_settings(default_settings(), editor)
    assert problems == []
    assert settings == Settings()


def test_defaults_equal_the_servers_defaults() -> None:
    options = parse_editor_settings(DEFAULTS).options
    assert options.model_dump(exclude=CLIENT_FIELDS) == ServerOptions().model_dump(
        exclude=CLIENT_FIELDS
    )


def test_every_server_setting_is_contributed_and_nothing_else() -> None:
    assert keys() - CLIENT_ONLY == server_keys()


@pytest.mark.parametrize("key", sorted(PROPERTIES))
def test_each_setting_is_described_scoped_and_typed(key: str) -> None:
    spec = PROPERTIES[key]
    assert spec.get("description") or spec.get("markdownDescription")
    assert spec["scope"] in {"window", "machine-overridable"}
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    python_types = {
        "string": str,
        "boolean": bool,
        "integer": int,
        "array": list,
        "object": dict,
        "null": type(None),
    }
    assert isinstance(spec["default"], tuple(python_types[t] for t in types))


def test_delay_bounds_match_the_server() -> None:
    metadata = DiagnosticsOptions.model_fields["delay"].metadata
    ge = int(next(m.ge for m in metadata if isinstance(m, Ge)))  # type: ignore[call-overload]
    le = int(next(m.le for m in metadata if isinstance(m, Le)))  # type: ignore[call-overload]
    spec = PROPERTIES[f"{SECTION}.diagnostics.delay"]
    assert (spec["minimum"], spec["maximum"]) == (ge, le)
    for value in (ge, le):
        assert parse_editor_settings({"diagnostics": {"delay": value}}).problems == ()
    assert parse_editor_settings({"diagnostics": {"delay": le + 1}}).problems != ()


def test_offered_severities_are_the_servers() -> None:
    offered = PROPERTIES[f"{SECTION}.severity"]["additionalProperties"]["enum"]
    assert set(offered) == set(SEVERITIES)
    for severity in offered:
        editor = parse_editor_settings({"severity": {"PAX001": severity}})
        settings, problems = effective_settings(default_settings(), editor)
        assert problems == []
        assert settings.severity == {"PAX001": severity}


def test_offered_prisma_versions_are_accepted() -> None:
    for version in PROPERTIES[f"{SECTION}.prismaVersion"]["enum"]:
        editor = parse_editor_settings({"prismaVersion": version})
        settings, problems = effective_settings(default_settings(), editor)
        assert problems == []
        assert settings.prisma_version == version


def test_documented_rule_option_example_is_accepted() -> None:
    """The `rules` description shows naming options; they must be real ones."""
    text = PROPERTIES[f"{SECTION}.rules"]["markdownDescription"]
    example = json.loads(re.search(r"`(\{ \"PAC.*?\} \})`", text)[1])  # type: ignore[index]
    settings, problems = effective_settings(
        default_settings(), parse_editor_settings({"rules": example})
    )
    assert problems == []
    assert settings.rules == example


def test_extension_links_to_the_same_rule_documentation() -> None:
    source = (EXTENSION / "src" / "settings.ts").read_text(encoding="utf-8")
    assert f"export const RULES_PAGE = '{RULES_PAGE}';" in source


def test_readme_documents_every_setting_and_command() -> None:
    readme = (EXTENSION / "README.md").read_text(encoding="utf-8")
    for key in PROPERTIES:
        assert f"| `{key}` |" in readme, key
    for command in MANIFEST["contributes"]["commands"]:
        assert f"| {command['category']}: {command['title']} |" in readme, command["command"]
