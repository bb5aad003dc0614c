"""The editor's ``prismaArchitect.*`` settings, and how they override the files'.

Lint settings use the same names as the configuration file, in the editor's
camelCase (``extendSelect`` for ``extend-select``); a key the editor sets
replaces the file's value for that key. The other keys switch the server's own
features, so users of the official Prisma extension can turn off the ones that
overlap. Unknown keys and bad values become messages; the rest still applies.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analysis.config import ConfigProblem, LoadedSettings, Settings, settings_from_data

SECTION = "prismaArchitect"
LINT_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "extendSelect": "extend-select",
    "severity": "severity",
    "perPathIgnores": "per-path-ignores",
    "rules": "rules",
    "prismaVersion": "prisma-version",
}


class Toggle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enable: bool = True


class DiagnosticsOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enable: bool = True
    delay: int = Field(default=0, ge=0, le=5000)
    """Milliseconds to wait after a change before analyzing; 0 analyzes at once
    (bursts of changes are coalesced either way)."""


class ServerOptions(BaseModel):
    """The server's own switches (not lint settings)."""

    model_config = ConfigDict(extra="forbid")
    diagnostics: DiagnosticsOptions = Field(default_factory=DiagnosticsOptions)
    validation: Toggle = Field(default_factory=Toggle)
    """Prisma's own errors (``PAE…``); off when the official extension reports them."""
    completion: Toggle = Field(default_factory=Toggle)
    hover: Toggle = Field(default_factory=Toggle)
    formatting: Toggle = Field(default_factory=Toggle)
    code_actions: Toggle = Field(default_factory=Toggle, alias="codeActions")
    server: dict[str, Any] = Field(default_factory=dict)
    """Client-side settings (``server.path``, ``interpreter``…): ignored here."""
    interpreter: Any = None
    trace: Any = None


@dataclass(frozen=True)
class EditorSettings:
    """What the editor sent, checked: lint overrides, server options, problems."""

    lint: dict[str, Any]
    options: ServerOptions
    problems: tuple[str, ...]


def parse_editor_settings(raw: object) -> EditorSettings:
    """Check the ``prismaArchitect`` section the editor sent (``None`` for none)."""
    if raw is None:
        return EditorSettings({}, ServerOptions(), ())
    if not isinstance(raw, dict):
        return EditorSettings({}, ServerOptions(), (f"`{SECTION}` must be an object",))
    lint = {LINT_KEYS[k]: v for k, v in raw.items() if k in LINT_KEYS and v is not None}
    rest = {k: v for k, v in raw.items() if k not in LINT_KEYS}
    problems: list[str] = []
    try:
        options = ServerOptions.model_validate(rest)
    except ValidationError as exc:
        options = ServerOptions()
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            if error["type"] == "extra_forbidden":
                problems.append(f"Unknown setting `{SECTION}.{where}`")
            else:
                problems.append(f"Invalid value for `{SECTION}.{where}`: {error['msg']}")
        valid = {k: v for k, v in rest.items() if k not in {str(e["loc"][0]) for e in exc.errors()}}
        with contextlib.suppress(ValidationError):
            options = ServerOptions.model_validate(valid)
    return EditorSettings(lint, options, tuple(problems))


def _camel(message: str) -> str:
    """Name keys in a message as the editor spells them."""
    for camel, kebab in LINT_KEYS.items():
        message = message.replace(f"`{kebab}", f"`{SECTION}.{camel}")
    return re.sub(r"`(select|ignore|severity|rules)\b", rf"`{SECTION}.\1", message)


def effective_settings(
    loaded: LoadedSettings, editor: EditorSettings
) -> tuple[Settings, list[str]]:
    """The file's settings with the editor's lint keys laid over them, and the
    problems of the editor's keys (the file's are reported with their place)."""
    if not editor.lint:
        return loaded.settings, []
    overrides, problems = settings_from_data(dict(editor.lint), "editor settings")
    fields = {
        name
        for name, field in Settings.model_fields.items()
        if (field.alias or name) in editor.lint
    }
    merged = loaded.settings.model_copy(update={f: getattr(overrides, f) for f in fields})
    return merged, [_camel(p.message) for p in problems]


def problem_text(problem: ConfigProblem) -> str:
    where = f"{problem.path}:{problem.line}:{problem.column}" if problem.line else problem.path
    return f"{where}: {problem.message}"
