"""The ``--format github`` output: GitHub Actions workflow commands, one per
diagnostic, which the runner shows as annotations on the pull request."""

from __future__ import annotations

from typing import TextIO

from analysis.diagnostics import Severity
from analysis.output import Report, code_info

_COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, out: TextIO) -> None:
    """``::warning title=…,file=…,line=…,col=…,endLine=…,endColumn=…::CODE message``."""
    for d in report.shown:
        props = [f"title={_escape_property(f'{d.code} {code_info(d.code).name}')}"]
        props.append(f"file={_escape_property(d.path)}")
        if (source := report.files.get(d.path)) is not None:
            start = source.lines.position(d.start)
            end = source.lines.position(d.end)
            props += [
                f"line={start.line + 1}",
                f"col={start.column + 1}",
                f"endLine={end.line + 1}",
                f"endColumn={end.column + 1}",
            ]
        message = _escape_data(f"{d.code} [{d.severity.label}] {d.message}")
        out.write(f"::{_COMMANDS[d.severity]} {','.join(props)}::{message}\n")
    for failure in report.failures:
        out.write(
            f"::error file={_escape_property(failure.path)}::{_escape_data(failure.message)}\n"
        )
    for problem in report.problems:
        out.write(
            f"::error file={_escape_property(problem.path)},line={problem.line},"
            f"col={problem.column}::{_escape_data(problem.message)}\n"
        )
