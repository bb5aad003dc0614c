"""The ``--format sarif`` document: SARIF 2.1.0, for code scanning services.

One run; the driver lists every registered rule and every other code that
occurs (validation, unused suppressions) with its description and its
explanation as help text. Columns count code points (``columnKind``), ends
are exclusive, as SARIF's ``endColumn`` is. Each result carries its fixes,
except the large ones (more than :data:`MAX_FIX_EDITS` edits).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from analysis.diagnostics import Diagnostic, Severity
from analysis.output import Report, code_info
from analysis.rules import all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

MAX_FIX_EDITS = 20
"""Fixes with more edits (one that maps a whole model or schema, offered on each of
its findings) are left out: SARIF has no way to share one fix between results."""

_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}


def _uri(path: str) -> str:
    """A URI reference for a file path: relative paths stay relative."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("prisma-architect")
    except PackageNotFoundError:
        return "0.0.0"


def _descriptor(code: str) -> dict[str, Any]:
    info = code_info(code)
    first = info.summary.split(". ", 1)[0].rstrip(".") + "." if info.summary else info.name
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": first},
        "fullDescription": {"text": info.summary or info.name},
        "help": {
            "text": info.explanation or info.summary or info.name,
            "markdown": info.explanation or info.summary or info.name,
        },
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
        "properties": {"tags": [info.group], "severity": info.severity.label},
    }


def to_sarif(report: Report) -> dict[str, Any]:
    shown = report.shown
    codes = sorted(set(all_rules()) | {d.code for d in shown})
    index = {code: i for i, code in enumerate(codes)}

    def region(path: str, start: int, end: int) -> dict[str, int] | None:
        if (source := report.files.get(path)) is None:
            return None
        first, last = source.lines.position(start), source.lines.position(end)
        return {
            "startLine": first.line + 1,
            "startColumn": first.column + 1,
            "endLine": last.line + 1,
            "endColumn": last.column + 1,
        }

    def location(path: str, start: int, end: int, message: str | None = None) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
        if (r := region(path, start, end)) is not None:
            physical["region"] = r
        result: dict[str, Any] = {"physicalLocation": physical}
        if message is not None:
            result["message"] = {"text": message}
        return result

    def result(d: Diagnostic) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVELS[d.severity],
            "message": {"text": d.message},
            "locations": [location(d.path, d.start, d.end)],
        }
        if d.related:
            entry["relatedLocations"] = [
                {"id": i, **location(r.path, r.start, r.end, r.message)}
                for i, r in enumerate(d.related)
            ]
        fixes = []
        for fix in report.fixes.get(d, ()):
            if len(fix.edits) > MAX_FIX_EDITS:
                continue
            changes: dict[str, list[dict[str, Any]]] = {}
            for edit in fix.edits:
                deleted = region(edit.path, edit.start, edit.end)
                if deleted is None:
                    break
                changes.setdefault(edit.path, []).append(
                    {"deletedRegion": deleted, "insertedContent": {"text": edit.new_text}}
                )
            else:
                fixes.append(
                    {
                        "description": {"text": fix.title},
                        "artifactChanges": [
                            {"artifactLocation": {"uri": _uri(path)}, "replacements": edits}
                            for path, edits in changes.items()
                        ],
                        "properties": {"safe": fix.safe},
                    }
                )
        if fixes:
            entry["fixes"] = fixes
        entry["properties"] = {"severity": d.severity.label}
        return entry

    notifications = [
        {"level": "error", "message": {"text": f"{f.path}: {f.message}"}} for f in report.failures
    ] + [
        {"level": "error", "message": {"text": f"{p.path}:{p.line}:{p.column}: {p.message}"}}
        for p in report.problems
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "prisma-architect",
                        "version": _version(),
                        "rules": [_descriptor(code) for code in codes],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [result(d) for d in shown],
            }
        ],
    }
