"""The ``prisma-architect`` command line.

``prisma-architect check PATH... [--format text|json] [--prisma-version 6|7]``

Each PATH is one schema: a file, or a folder whose ``.prisma`` files are
analyzed together. Exit status: 0 no errors (warnings allowed), 1 errors
found, 2 usage or I/O error. This module stays light to import: the check
path never loads the language server's dependencies.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from analysis.api import analyze
from analysis.diagnostics import Diagnostic, Severity
from analysis.text import SourceFile
from analysis.workspace import ReadError, detect_prisma_version, read_source, schema_files

EXIT_OK, EXIT_ERRORS, EXIT_FAILURE = 0, 1, 2
JSON_FORMAT_VERSION = 1
_EXCERPT_WIDTH = 120


@dataclass
class CheckResult:
    """Everything one ``check`` run found, across all its PATHs."""

    files: dict[str, SourceFile] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failures: list[ReadError] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.failures:
            return EXIT_FAILURE
        return EXIT_ERRORS if any(d.is_error for d in self.diagnostics) else EXIT_OK


# ---------------------------------------------------------------- arguments


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (importlib.metadata is slow to load)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("prisma-architect")
        except PackageNotFoundError:
            installed = "(not installed)"
        print(f"{parser.prog} {installed}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prisma-architect",
        description="Lint Prisma schemas like a senior PostgreSQL architect.",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="report problems in schemas",
        description="Report problems in Prisma schemas. Each PATH is a schema file, or a "
        "folder whose .prisma files form one multi-file schema.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--prisma-version",
        type=int,
        choices=(6, 7),
        help="the Prisma major version to check against "
        "(default: read from the nearest package.json, else 7)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_FAILURE
    for stream in (sys.stdout, sys.stderr):  # never fail on a character the console lacks
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    result = check(args.paths, prisma_version=args.prisma_version, err=sys.stderr)
    if args.format == "json":
        json.dump(to_json(result), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        render_text(result, sys.stdout, color=_use_color(sys.stdout))
    return result.exit_code


# ---------------------------------------------------------------- checking


def check(paths: Sequence[Path], *, prisma_version: int | None, err: TextIO) -> CheckResult:
    """Analyze each PATH as one schema; unreadable ones are reported to ``err``."""
    result = CheckResult()
    for path in paths:
        files = schema_files(path)
        if not files:
            _fail(result, ReadError(str(path), "no .prisma files in this folder"), err)
            continue
        sources = [read_source(p) for p in files]
        failed = [s for s in sources if isinstance(s, ReadError)]
        for failure in failed:
            _fail(result, failure, err)
        if failed:  # a multi-file schema with a missing part would give false findings
            continue
        texts = [s for s in sources if isinstance(s, SourceFile)]
        version = prisma_version or detect_prisma_version(path)
        analysis = analyze(texts, prisma_version=version)
        result.files.update((f.path, f) for f in analysis.files)
        result.diagnostics.extend(sorted(analysis.diagnostics, key=_order(texts)))
    return result


def _order(files: list[SourceFile]) -> Callable[[Diagnostic], tuple[int, int, int, str]]:
    """Diagnostics in file order, then by position."""
    rank = {f.path: i for i, f in enumerate(files)}
    return lambda d: (rank.get(d.path, len(rank)), d.start, d.end, d.code)


def _fail(result: CheckResult, failure: ReadError, err: TextIO) -> None:
    result.failures.append(failure)
    print(f"{failure.path}: error: {failure.message}", file=err)


# ---------------------------------------------------------------- text output


_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
    Severity.HINT: "\x1b[1;36m",
}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _use_color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def render_text(result: CheckResult, out: TextIO, *, color: bool) -> None:
    """Each diagnostic with an excerpt, then a summary line."""
    for d in result.diagnostics:
        out.write(render_diagnostic(d, result.files, color=color))
    out.write(summary(result) + "\n")


def render_diagnostic(d: Diagnostic, files: Mapping[str, SourceFile], *, color: bool) -> str:
    """``path:line:col: CODE message``, the source line with carets under the range,
    a note per related location, and a blank line."""

    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if color else text

    style = _COLORS[d.severity]
    source = files.get(d.path)
    if source is None:  # not a file of this run: no position to show
        return f"{paint(_BOLD, d.path + ':')} {paint(style, d.code)} {d.message}\n\n"
    start = source.lines.position(d.start)
    location = f"{d.path}:{start.line + 1}:{start.column + 1}:"
    line, carets = excerpt(source, d.start, d.end)
    gutter = str(start.line + 1)
    text = [
        f"{paint(_BOLD, location)} {paint(style, d.code)} {d.message}",
        f"{paint(_DIM, f' {gutter} |')} {line}",
        f"{paint(_DIM, ' ' * len(gutter) + '  |')} {paint(style, carets)}",
    ]
    for related in d.related:
        where = related.path
        if (other := files.get(related.path)) is not None:
            pos = other.lines.position(related.start)
            where += f":{pos.line + 1}:{pos.column + 1}"
        text.append(f"  {paint(_DIM, '= note:')} {where}: {related.message}")
    return "\n".join(text) + "\n\n"


def excerpt(source: SourceFile, start: int, end: int) -> tuple[str, str]:
    """The source line of ``start`` and a caret line under ``[start, end)`` on it.

    At least one caret, even for an empty range or one at the end of the line.
    Tabs are kept so the carets line up in any terminal, control characters
    are shown as U+FFFD, and a long line is cut to a window around the range.
    """
    lines = source.lines
    position = lines.position(start)
    text = lines.line_text(position.line)
    first = position.column
    last = min(end - lines.line_start(position.line), len(text))
    window = 0
    if len(text) > _EXCERPT_WIDTH:
        window = max(0, min(first - _EXCERPT_WIDTH // 3, len(text) - _EXCERPT_WIDTH))
    shown = text[window : window + _EXCERPT_WIDTH]
    first, last = first - window, min(last - window, len(shown))
    lead = "…" if window else ""
    tail = "…" if window + len(shown) < len(text) else ""
    shown = "".join("\ufffd" if _is_control(c) else c for c in shown)
    pad = "".join("\t" if c == "\t" else " " * _width(c) for c in shown[:first])
    carets = "^" * max(1, sum(_width(c) for c in shown[first:last]))
    return f"{lead}{shown}{tail}", f"{' ' * len(lead)}{pad}{carets}"


def _is_control(char: str) -> bool:
    return char != "\t" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def summary(result: CheckResult) -> str:
    """``Found 3 errors, 1 warning in 2 files.`` or ``All checks passed.``"""
    failed = len(result.failures)
    note = f" {_plural(failed, 'path')} could not be checked." if failed else ""
    if not result.diagnostics:
        return note.strip() if note else "All checks passed."
    counts = Counter(d.severity for d in result.diagnostics)
    parts = [
        _plural(counts[severity], severity.label)
        for severity in sorted(Severity, reverse=True)
        if counts[severity]
    ]
    files = len({d.path for d in result.diagnostics})
    return f"Found {', '.join(parts)} in {_plural(files, 'file')}.{note}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ---------------------------------------------------------------- JSON output


def to_json(result: CheckResult) -> dict[str, Any]:
    """The ``--format json`` document.

    Lines and columns are one-based, columns count code points, ends are
    exclusive; a position is ``null`` for a path outside the files checked.
    """

    def position(path: str, offset: int) -> dict[str, int] | None:
        if (source := result.files.get(path)) is None:
            return None
        pos = source.lines.position(offset)
        return {"line": pos.line + 1, "column": pos.column + 1}

    counts = Counter(d.severity for d in result.diagnostics)
    return {
        "version": JSON_FORMAT_VERSION,
        "diagnostics": [
            {
                "path": d.path,
                "code": d.code,
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
            }
            for d in result.diagnostics
        ],
        "failures": [{"path": f.path, "message": f.message} for f in result.failures],
        "summary": {
            **{f"{s.label}s": counts[s] for s in sorted(Severity, reverse=True)},
            "files_checked": len(result.files),
            "files_with_diagnostics": len({d.path for d in result.diagnostics}),
            "paths_failed": len(result.failures),
            "exit_code": result.exit_code,
        },
    }
