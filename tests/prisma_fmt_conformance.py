"""Prisma's language-server scenarios (``prisma-fmt/tests``) run against our server.

Each scenario of ``../shared/corpus/prisma-engines/prisma-fmt/{hover,references,
text_document_completion,code_actions}/<name>/`` is a folder of ``.prisma``
files and ``result.json``, the official server's answer (Prisma 6.19). The
files are written, marker removed, into a folder of their own beside a
``package.json`` that declares ``prisma ^6`` (the fixtures use ``url`` in the
datasource, which only Prisma 6 accepts); the editor setting
``prismaArchitect.prismaVersion`` says 6 as well. One server process
(``python -m server`` over stdio) answers every scenario; each scenario's
documents are opened, asked about and closed.

The request is the official harness's: hover, references and completion at
the ``<|>`` marker (0-based line, character = column, the files are ASCII);
code actions over 0:0–0:0 of the target file (the only file, or
``_target.prisma``) with the official diagnostics in the context — those the
expected actions carry; for a scenario that expects no action, our own Prisma
validation errors (``PAE…``) of the target file.

Agreement, per kind:

* references — the same set of locations (URI and range);
* completion — the same set of labels (``⊇`` also counts the scenarios where
  our labels include all of theirs);
* hover — both ``null``, or every section of the official markdown (split at
  its ``___`` rules), whitespace-normalised, occurs in ours;
* code actions — for every official action, one of ours whose edit gives the
  same texts as theirs; for a scenario expecting none, no action of ours
  answers the context's diagnostics.

``python -m tests.prisma_fmt_conformance`` prints the table and the
disagreements, one line each.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

SCENARIOS = Path(
    os.environ.get(
        "PRISMA_FMT_SCENARIOS",
        Path(__file__).resolve().parents[2] / "shared/corpus/prisma-engines/prisma-fmt",
    )
)
KINDS = ("hover", "references", "text_document_completion", "code_actions")
MARKER = "<|>"
OFFICIAL_FOLDER = "file:///path/to/"
PACKAGE_JSON = '{"devDependencies": {"prisma": "^6.19.0"}}\n'
TIMEOUT = 30.0
SERVER_COMMAND = (
    shlex.split(os.environ["PRISMA_FMT_SERVER"])
    if os.environ.get("PRISMA_FMT_SERVER")
    else [sys.executable, "-m", "server"]
)
"""The server under test (``PRISMA_FMT_SERVER`` runs another command)."""


_RELATION_ATTRIBUTE = (
    "ours names the existing foreign-key field (`forumId`) or declares camelCase fields, "
    "indented, as optional as the relation field; the official adds `forumid Int?` unindented "
    "(beside an existing `forumId`; optional even for a required relation, which is an error)"
)
_SCHEMA_ATTRIBUTE = (
    'ours adds `@@schema("<name>")`, one action per schema of the datasource; the official '
    "adds an empty `@@schema()`, which is still an error"
)
_CURSOR_MENTION = (
    "ours also lists the mention under the cursor in `fields:`/`references:`; the official "
    "list leaves it out"
)
_DATASOURCE_RANGE = (
    "ours marks the datasource's name `db` in `@db.String` (what a rename changes); the "
    "official marks `db.String`"
)
_DEFAULT_FUNCTIONS = "ours also offers the `@default` functions that fit a String field"
DELIBERATE: dict[str, str] = {
    "hover/field_from_composite_field_name": "our code block shows the declaration with "
    "its type (`veryImportantField DateTime`), the official only the name",
    "hover/field_from_model_field_name": "our code block shows the declaration with its "
    "type (`veryImportantField DateTime`), the official only the name",
    "hover/model_from_model_type_on_broken_relations": "on an error's range ours explains "
    "the error; the official shows nothing",
    "references/datasource_as_attribute": _DATASOURCE_RANGE,
    "references/datasource_name": _DATASOURCE_RANGE,
    "references/model_relation_fields": _CURSOR_MENTION,
    "references/model_relation_references": _CURSOR_MENTION,
    "references/view_relation_fields": _CURSOR_MENTION,
    "references/view_relation_references": _CURSOR_MENTION,
    "text_document_completion/argument_after_trailing_comma": "ours offers the remaining "
    "`@relation` arguments after `onDelete: Casc, `; the official nothing",
    "text_document_completion/default_map_mssql": _DEFAULT_FUNCTIONS,
    "text_document_completion/default_map_mssql_multifile": _DEFAULT_FUNCTIONS,
    "text_document_completion/no_default_map_on_postgres": _DEFAULT_FUNCTIONS,
    "text_document_completion/no_default_map_on_postgres_multifile": _DEFAULT_FUNCTIONS,
    "text_document_completion/empty_schema": "ours offers the block keywords in an empty "
    "file; the official nothing",
    "text_document_completion/extended_indexes_basic": "ours offers `Asc`/`Desc` after "
    "`sort: `; the official nothing",
    "code_actions/add_missing_relation_attribute": _RELATION_ATTRIBUTE,
    "code_actions/add_missing_relation_attribute_args": _RELATION_ATTRIBUTE,
    "code_actions/add_missing_relation_attribute_args_fields": _RELATION_ATTRIBUTE,
    "code_actions/add_missing_relation_attribute_args_references_compound": _RELATION_ATTRIBUTE,
    "code_actions/add_missing_relation_attribute_args_references_single": _RELATION_ATTRIBUTE,
    "code_actions/add_missing_relation_attribute_args_self": _RELATION_ATTRIBUTE
    + "; ours makes a one-to-one foreign key `@unique`",
    "code_actions/add_missing_relation_attribute_mongodb": _RELATION_ATTRIBUTE,
    "code_actions/create_missing_block_composite_type_crlf": "the official replaces only "
    "the `\\r` of a CRLF and leaves a lone `\\n`; ours keeps the CRLF line endings",
    "code_actions/multi_schema_one_model": _SCHEMA_ATTRIBUTE,
    "code_actions/multi_schema_one_model_multifile": _SCHEMA_ATTRIBUTE,
    "code_actions/multi_schema_one_model_one_enum": _SCHEMA_ATTRIBUTE,
    "code_actions/multi_schema_one_model_one_enum_multifile": _SCHEMA_ATTRIBUTE,
    "code_actions/multi_schema_two_models": _SCHEMA_ATTRIBUTE,
    "code_actions/multi_schema_two_models_relation_mode": _SCHEMA_ATTRIBUTE
    + " (here inserted in the middle of the model's first line)",
}
"""Where we differ from the official server on purpose, and why (``kind/name``)."""


@dataclass(frozen=True)
class Scenario:
    kind: str
    name: str
    files: dict[str, str]
    """File name → text, marker removed."""
    target: str
    """The file asked about."""
    position: tuple[int, int] | None
    """The marker's line and column (``None`` for code actions)."""
    expected: Any
    """``result.json``, parsed."""

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.name}"


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    agrees: bool
    reason: str = ""
    """Why not (empty when it agrees)."""
    superset: bool = False
    """Completion: our labels include every official one."""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.scenario.kind == kind]

    def agreeing(self, kind: str) -> int:
        return sum(o.agrees for o in self.of(kind))

    def table(self) -> str:
        rows = ["| kind | agree / total | note |", "| --- | --- | --- |"]
        for kind in KINDS:
            outcomes = self.of(kind)
            note = ""
            if kind == "text_document_completion":
                note = f"ours ⊇ theirs: {sum(o.superset for o in outcomes)}"
            deliberate = sum(not o.agrees and o.scenario.key in DELIBERATE for o in outcomes)
            note = "; ".join(filter(None, [note, f"deliberate differences: {deliberate}"]))
            rows.append(f"| {kind} | {self.agreeing(kind)} / {len(outcomes)} | {note} |")
        total = len(self.outcomes)
        rows.append(f"| all | {sum(o.agrees for o in self.outcomes)} / {total} | |")
        return "\n".join(rows)

    def disagreements(self) -> list[str]:
        """One line each: the scenario, what differs and, for a deliberate
        difference, why."""
        lines = []
        for o in self.outcomes:
            if not o.agrees:
                why = DELIBERATE.get(o.scenario.key)
                note = f" [deliberate: {why}]" if why else ""
                lines.append(f"{o.scenario.key}: {o.reason}{note}")
        return lines


# --------------------------------------------------------------------------- scenarios


def load_scenarios(root: Path = SCENARIOS) -> list[Scenario]:
    scenarios = []
    for kind in KINDS:
        for folder in sorted(p for p in (root / kind).iterdir() if p.is_dir()):
            scenarios.append(_load(kind, folder))
    return scenarios


def _load(kind: str, folder: Path) -> Scenario:
    files: dict[str, str] = {}
    target, position = "", None
    for path in sorted(folder.glob("*.prisma")):
        text = _read(path)
        if MARKER in text:
            before = text[: text.index(MARKER)]
            line = before.count("\n")
            position = (line, len(before) - (before.rfind("\n") + 1))
            text = text.replace(MARKER, "", 1)
            target = path.name
        files[path.name] = text
    if kind == "code_actions":
        target = "_target.prisma" if "_target.prisma" in files else next(iter(files))
    expected = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    return Scenario(kind, folder.name, files, target, position, expected)


def _read(path: Path) -> str:
    """The file's text with its line endings kept (one scenario is CRLF)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


# --------------------------------------------------------------------------- the run


async def run(scenarios: list[Scenario], workdir: Path) -> Report:
    client = LanguageClient()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def configuration(params: types.ConfigurationParams) -> list[Any]:
        return [
            {"prismaVersion": 6} if item.section == "prismaArchitect" else None
            for item in params.items
        ]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        """File watchers: the scenarios' files never change on disk."""

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: types.PublishDiagnosticsParams) -> None:
        published[params.uri] = list(params.diagnostics)

    published: dict[str, list[types.Diagnostic]] = {}
    await client.start_io(*SERVER_COMMAND)
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                root_uri=workdir.as_uri(),
                workspace_folders=[types.WorkspaceFolder(workdir.as_uri(), "scenarios")],
            )
        )
        report = Report()
        for scenario in scenarios:
            folder = workdir / scenario.kind / scenario.name
            report.outcomes.append(await _run_one(client, scenario, folder, published))
        await client.shutdown_session()
    finally:
        await client.stop()
    return report


async def _run_one(
    client: LanguageClient,
    scenario: Scenario,
    folder: Path,
    published: dict[str, list[types.Diagnostic]],
) -> Outcome:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(PACKAGE_JSON, encoding="utf-8")
    uris: dict[str, str] = {}
    for name, text in scenario.files.items():
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        uris[name] = path.as_uri()
    for name, text in scenario.files.items():
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uris[name], "prisma", 1, text))
        )
    try:
        return await asyncio.wait_for(_ask(client, scenario, uris, published), TIMEOUT)
    except Exception as error:  # a crash or a hang is a disagreement, not the end of the run
        return Outcome(scenario, False, f"request failed: {type(error).__name__}: {error}")
    finally:
        for uri in uris.values():
            client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
            )


async def _ask(
    client: LanguageClient,
    scenario: Scenario,
    uris: dict[str, str],
    published: dict[str, list[types.Diagnostic]],
) -> Outcome:
    document = types.TextDocumentIdentifier(uris[scenario.target])
    theirs_to_ours = {OFFICIAL_FOLDER + name: uri for name, uri in uris.items()}
    ours_to_theirs = {uri: official for official, uri in theirs_to_ours.items()}
    if scenario.kind == "code_actions":
        return await _code_actions(client, scenario, document, uris, published, ours_to_theirs)
    assert scenario.position is not None
    position = types.Position(*scenario.position)
    if scenario.kind == "hover":
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=document, position=position)
        )
        return compare_hover(scenario, hover)
    if scenario.kind == "references":
        locations = await client.text_document_references_async(
            types.ReferenceParams(
                context=types.ReferenceContext(include_declaration=True),
                text_document=document,
                position=position,
            )
        )
        return compare_references(scenario, locations or [], ours_to_theirs)
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=document, position=position)
    )
    return compare_completion(scenario, completion)


async def _code_actions(
    client: LanguageClient,
    scenario: Scenario,
    document: types.TextDocumentIdentifier,
    uris: dict[str, str],
    published: dict[str, list[types.Diagnostic]],
    ours_to_theirs: Mapping[str, str],
) -> Outcome:
    context = official_diagnostics(scenario.expected)
    if not context:
        context = await _validation_errors(client, uris[scenario.target], published)
    origin = types.Range(types.Position(0, 0), types.Position(0, 0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=document,
            range=origin,
            context=types.CodeActionContext(diagnostics=context),
        )
    )
    ours = [a for a in actions or [] if isinstance(a, types.CodeAction)]
    return compare_code_actions(scenario, ours, context, ours_to_theirs)


async def _validation_errors(
    client: LanguageClient, uri: str, published: dict[str, list[types.Diagnostic]]
) -> list[types.Diagnostic]:
    """Our Prisma validation errors of ``uri`` (pulled: the push may lag)."""
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
    )
    items = list(getattr(report, "items", None) or published.get(uri, []))
    return [d for d in items if str(d.code or "").startswith("PAE")]


# --------------------------------------------------------------------------- comparisons


def compare_hover(scenario: Scenario, hover: types.Hover | None) -> Outcome:
    expected = scenario.expected
    if expected is None:
        if hover is None:
            return Outcome(scenario, True)
        return Outcome(scenario, False, "official: no hover; ours: " + _short(_hover_text(hover)))
    if hover is None:
        return Outcome(scenario, False, "ours: no hover")
    ours = _squash(_hover_text(hover))
    official = expected["contents"]["value"]
    missing = [s for s in official.split("___") if _squash(s) and _squash(s) not in ours]
    if missing:
        return Outcome(scenario, False, "missing section " + _short(_squash(missing[0])))
    return Outcome(scenario, True)


def _hover_text(hover: types.Hover) -> str:
    contents = hover.contents
    if isinstance(contents, types.MarkupContent):
        return contents.value
    if isinstance(contents, str):
        return contents
    if isinstance(contents, types.MarkedStringWithLanguage):
        return f"```{contents.language}\n{contents.value}\n```"
    return "\n".join(_hover_text(types.Hover(c)) for c in contents)


def compare_references(
    scenario: Scenario, locations: Iterable[types.Location], ours_to_theirs: Mapping[str, str]
) -> Outcome:
    ours = {(ours_to_theirs.get(loc.uri, loc.uri), *_range_key(loc.range)) for loc in locations}
    theirs = {(loc["uri"], *_json_range_key(loc["range"])) for loc in scenario.expected or []}
    if ours == theirs:
        return Outcome(scenario, True)
    extra, missing = sorted(ours - theirs), sorted(theirs - ours)
    parts = []
    if missing:
        parts.append(f"missing {len(missing)} e.g. {_loc(missing[0])}")
    if extra:
        parts.append(f"extra {len(extra)} e.g. {_loc(extra[0])}")
    return Outcome(scenario, False, "; ".join(parts))


def _range_key(r: types.Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def _json_range_key(r: dict[str, Any]) -> tuple[int, int, int, int]:
    return (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])


def _loc(key: tuple[Any, ...]) -> str:
    uri, l1, c1, l2, c2 = key
    return f"{uri.rsplit('/', 1)[-1]}:{l1}:{c1}-{l2}:{c2}"


def compare_completion(
    scenario: Scenario, completion: types.CompletionList | Sequence[types.CompletionItem] | None
) -> Outcome:
    items = completion.items if isinstance(completion, types.CompletionList) else completion or []
    ours = {item.label for item in items}
    expected = scenario.expected or {}
    theirs = {item["label"] for item in expected.get("items", [])}
    superset = ours >= theirs
    if ours == theirs:
        return Outcome(scenario, True, superset=True)
    parts = []
    if theirs - ours:
        parts.append("missing " + ", ".join(sorted(theirs - ours)[:6]))
    if ours - theirs:
        parts.append(f"extra {len(ours - theirs)}: " + ", ".join(sorted(ours - theirs)[:6]))
    return Outcome(scenario, False, "; ".join(parts), superset=superset)


def official_diagnostics(expected: list[dict[str, Any]]) -> list[types.Diagnostic]:
    """The distinct diagnostics the official actions answer, in order."""
    seen: list[types.Diagnostic] = []
    for action in expected or []:
        for raw in action.get("diagnostics") or []:
            diagnostic = types.Diagnostic(
                range=types.Range(
                    types.Position(
                        raw["range"]["start"]["line"], raw["range"]["start"]["character"]
                    ),
                    types.Position(raw["range"]["end"]["line"], raw["range"]["end"]["character"]),
                ),
                message=raw["message"],
                severity=types.DiagnosticSeverity(raw["severity"]) if "severity" in raw else None,
            )
            if diagnostic not in seen:
                seen.append(diagnostic)
    return seen


def compare_code_actions(
    scenario: Scenario,
    actions: list[types.CodeAction],
    context: list[types.Diagnostic],
    ours_to_theirs: Mapping[str, str],
) -> Outcome:
    texts = {OFFICIAL_FOLDER + name: text for name, text in scenario.files.items()}
    expected = scenario.expected or []
    if not expected:
        answering = [a for a in actions if any(d in context for d in a.diagnostics or [])]
        if answering:
            return Outcome(scenario, False, f"official: no action; ours: {answering[0].title!r}")
        return Outcome(scenario, True)
    results = []
    for action in actions:
        if action.edit is None:
            continue
        changes = _edit_changes(action.edit, ours_to_theirs)
        if changes is not None:
            results.append(_apply(texts, changes))
    for official in expected:
        changes = {
            uri: [(_json_range_key(e["range"]), e["newText"]) for e in edits]
            for uri, edits in official["edit"]["changes"].items()
        }
        if _apply(texts, changes) not in results:
            title = official["title"]
            same = any(a.title == title for a in actions)
            how = "gives another text" if same else "is missing"
            return Outcome(scenario, False, f"our {title!r} {how}")
    return Outcome(scenario, True)


Change = tuple[tuple[int, int, int, int], str]


def _edit_changes(
    edit: types.WorkspaceEdit, ours_to_theirs: Mapping[str, str]
) -> dict[str, list[Change]] | None:
    changes: dict[str, list[Change]] = {}
    for uri, edits in (edit.changes or {}).items():
        changes.setdefault(ours_to_theirs.get(uri, uri), []).extend(
            (_range_key(e.range), e.new_text) for e in edits
        )
    for change in edit.document_changes or []:
        if not isinstance(change, types.TextDocumentEdit):
            return None  # file operations: not comparable with a text edit
        uri = ours_to_theirs.get(change.text_document.uri, change.text_document.uri)
        changes.setdefault(uri, []).extend(
            (_range_key(e.range), e.new_text) for e in change.edits if isinstance(e, types.TextEdit)
        )
    return changes


def _apply(texts: Mapping[str, str], changes: Mapping[str, list[Change]]) -> dict[str, str]:
    """The texts after the edits, each edit against the original text; edits
    starting at the same place go in the given order, and an original range is
    replaced once even when two edits name it (the official server sometimes
    sends both the attribute and the new field against one range)."""
    out = dict(texts)
    for uri, edits in changes.items():
        text = out.get(uri, "")
        starts = _line_starts(text)
        spans = sorted(
            (
                (_offset(starts, text, l1, c1), _offset(starts, text, l2, c2), order, new)
                for order, ((l1, c1, l2, c2), new) in enumerate(edits)
            ),
        )
        pieces, cursor = [], 0
        for start, end, _, new in spans:
            pieces.append(text[cursor:start] if start > cursor else "")
            pieces.append(new)
            cursor = max(cursor, end)
        pieces.append(text[cursor:])
        out[uri] = "".join(pieces)
    return out


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


def _offset(starts: list[int], text: str, line: int, character: int) -> int:
    if line >= len(starts):
        return len(text)
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    return min(starts[line] + character, end)  # the scenarios are ASCII: columns are offsets


def _squash(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 90) -> str:
    text = _squash(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# --------------------------------------------------------------------------- entry point


def conformance(scenarios: list[Scenario] | None = None) -> Report:
    with tempfile.TemporaryDirectory(prefix="prisma-fmt-") as temp:
        return asyncio.run(run(scenarios or load_scenarios(), Path(temp).resolve()))


def main() -> int:
    if not SCENARIOS.is_dir():
        print(f"no scenarios at {SCENARIOS}", file=sys.stderr)
        return 2
    report = conformance()
    print(report.table())
    print()
    for line in report.disagreements():
        print("-", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
