"""The ``--format json`` document (version 1; later versions only add keys).

Lines and columns are one-based, columns count code points, ends are
exclusive; a position is ``null`` for a path outside the files checked.
Each diagnostic's ``fixes`` are indexes into the document's ``fixes`` table,
where a fix that many findings share is listed once.
"""

from __future__ import annotations

from typing import Any

from analysis.diagnostics import Severity
from analysis.output import Report, code_info
from analysis.rules.base import Fix

JSON_FORMAT_VERSION = 1


def to_json(report: Report) -> dict[str, Any]:
    def position(path: str, offset: int) -> dict[str, int] | None:
        if (source := report.files.get(path)) is None:
            return None
        pos = source.lines.position(offset)
        return {"line": pos.line + 1, "column": pos.column + 1}

    shown = report.shown
    fixes: list[dict[str, Any]] = []
    ids: dict[int, int] = {}

    def fix_id(fix: Fix) -> int:
        """The index of ``fix`` in the document's fix table (a fix shared by many
        findings, such as one that maps a whole schema, is listed once)."""
        if (known := ids.get(id(fix))) is not None:
            return known
        ids[id(fix)] = len(fixes)
        fixes.append(
            {
                "title": fix.title,
                "safe": fix.safe,
                "edits": [
                    {
                        "path": e.path,
                        "start": position(e.path, e.start),
                        "end": position(e.path, e.end),
                        "new_text": e.new_text,
                    }
                    for e in fix.edits
                ],
            }
        )
        return ids[id(fix)]

    document = {
        "version": JSON_FORMAT_VERSION,
        "diagnostics": [
            {
                "path": d.path,
                "code": d.code,
                "name": code_info(d.code).name,
                "severity": d.severity.label,
                "message": d.message,
                "start": position(d.path, d.start),
                "end": position(d.path, d.end),
                "related": [
                    {
                        "path": r.path,
                        "message": r.message,
                        "start": position(r.path, r.start),
                        "end": position(r.path, r.end),
                    }
                    for r in d.related
                ],
                "fixes": [fix_id(fix) for fix in report.fixes.get(d, ())],
            }
            for d in shown
        ],
        "fixes": fixes,
        "failures": [{"path": f.path, "message": f.message} for f in report.failures],
        "problems": [
            {"path": p.path, "line": p.line, "column": p.column, "message": p.message}
            for p in report.problems
        ],
        "summary": {
            **{
                f"{s.label}s": sum(1 for d in shown if d.severity is s)
                for s in sorted(Severity, reverse=True)
            },
            "files_checked": len(report.files),
            "files_with_diagnostics": len({d.path for d in shown}),
            "paths_failed": len(report.failures),
            "fixable": report.fixable(),
            "fixed": report.fixed,
            "hidden": report.hidden,
            "exit_code": report.exit_code,
        },
    }
    return document


def statistics(report: Report) -> list[dict[str, Any]]:
    """``--statistics --format json``: one entry per code, most frequent first."""
    from analysis.output.text import statistics_rows

    return [
        {"code": code, "name": name, "count": count, "fixable": mark == "[*]"}
        for count, code, name, mark in statistics_rows(report)
    ]
