"""The ``prisma-architect`` command line.

``prisma-architect check PATH... [--format text|json|sarif|github] [--fix] ...``
runs validation and the architect rules; ``prisma-architect rule CODE|NAME``
explains a rule, ``rule --all`` lists them; ``prisma-architect format PATH...
[--check] [--diff]`` formats schemas (:mod:`analysis.format.command`).

Each PATH is one schema: a file, or a folder whose ``.prisma`` files are
analyzed together, with the settings of the nearest configuration file.
Exit status: 0 clean, 1 findings at or above the fail level (default
``warning``), 2 usage, configuration or I/O error. This module stays light to
import: the check path never loads the language server's dependencies.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from analysis.check import fail_severity, run_check
from analysis.config import load_settings
from analysis.diagnostics import Severity
from analysis.fix_apply import fix_files, unified_diff, write_atomically
from analysis.output import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Problem, Report, severity_of
from analysis.output.text import EXCERPT_WIDTH as _EXCERPT_WIDTH
from analysis.output.text import excerpt, render_diagnostic, summary
from analysis.output.text import use_color as _use_color
from analysis.rules.base import Finding
from analysis.text import SourceFile
from analysis.workspace import ReadError, detect_prisma_version, read_source, schema_files

__all__ = [
    "EXIT_FAILURE",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "_EXCERPT_WIDTH",
    "_use_color",
    "check",
    "excerpt",
    "main",
    "render_diagnostic",
    "summary",
]

FORMATS = ("text", "json", "sarif", "github")
SEVERITIES = ("error", "warning", "info", "hint")


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
        help="report problems in schemas (validation and rules)",
        description="Report problems in Prisma schemas: what Prisma rejects and the "
        "architect rules' findings. Each PATH is a schema file, or a folder whose .prisma "
        "files form one multi-file schema.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument(
        "--prisma-version",
        type=int,
        choices=(6, 7),
        help="the Prisma major version to check against (default: the configuration's "
        "prisma-version, else read from the nearest package.json, else 7)",
    )
    check.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, apply the unsafe fixes too (they may change data)",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the unified diff of what --fix would change, and write nothing",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings fail the run"
    )
    check.add_argument(
        "--statistics", action="store_true", help="print the number of findings per rule only"
    )
    check.add_argument(
        "--min-severity",
        choices=SEVERITIES,
        default="hint",
        help="print only findings at or above this severity (default: hint, all of them)",
    )
    check.add_argument(
        "--fail-level",
        choices=SEVERITIES,
        help="findings at or above this severity make the exit status 1 "
        "(default: the configuration's fail-level, else warning)",
    )
    fmt = commands.add_parser(
        "format",
        help="format schemas as `prisma format` does",
        description="Format Prisma schemas in place, as `prisma format` does. Each PATH is "
        "a schema file, or a folder whose .prisma files form one multi-file schema.",
    )
    fmt.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    fmt.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a file would be reformatted",
    )
    fmt.add_argument(
        "--diff",
        action="store_true",
        help="print the diff of what would change, write nothing; exit 1 when a file would "
        "be reformatted",
    )
    rule = commands.add_parser(
        "rule",
        help="explain a rule, or list them all",
        description="Print a rule's explanation (by code or name), or list every rule.",
    )
    rule.add_argument("rule", nargs="?", metavar="CODE|NAME")
    rule.add_argument("--all", action="store_true", help="list every rule")
    commands.add_parser(
        "server",
        help="run the language server (stdio; --tcp HOST:PORT for debugging)",
        description="Run the language server; `prisma-architect server --help` lists its options.",
        add_help=False,
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `prisma-architect check … | head`: the reader is gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit flush does not fail again
        return EXIT_FAILURE


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["server"]:  # its options are the server's own (see server.main)
        from server.main import main as serve  # the server's dependencies load only here

        return serve(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_FAILURE
    for stream in (sys.stdout, sys.stderr):  # never fail on a character the console lacks
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if args.command == "rule":
        return rule_command(args.rule, list_all=args.all, out=sys.stdout, err=sys.stderr)
    if args.command == "format":
        from analysis.format.command import format_command

        return format_command(
            args.paths, check=args.check, diff=args.diff, out=sys.stdout, err=sys.stderr
        )
    mode: FixMode = "diff" if args.diff else "fix" if args.fix else None
    run = check(
        args.paths,
        prisma_version=args.prisma_version,
        err=sys.stderr,
        fix=mode,
        unsafe=args.unsafe_fixes,
        fail_level=severity_of(args.fail_level) if args.fail_level else None,
    )
    report = run.report
    report.min_severity = severity_of(args.min_severity)
    report.exit_zero = args.exit_zero
    if mode == "diff":
        sys.stdout.write("".join(run.diffs))
        noun = "finding" if report.fixed == 1 else "findings"
        print(f"Would fix {report.fixed} {noun}.", file=sys.stderr)
        if report.failures or report.problems:
            return EXIT_FAILURE
        return EXIT_FINDINGS if run.diffs and not args.exit_zero else EXIT_OK
    write_output(report, args.format, statistics=args.statistics, out=sys.stdout)
    return report.exit_code


def write_output(report: Report, fmt: str, *, statistics: bool, out: TextIO) -> None:
    """Render ``report`` in ``fmt`` (``--statistics``: the count per rule only)."""
    from analysis.output import github, json_format, sarif, text

    if fmt == "json":
        document: Any = (
            json_format.statistics(report) if statistics else json_format.to_json(report)
        )
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "sarif":
        json.dump(sarif.to_sarif(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "github":
        github.render(report, out)
    elif statistics:
        text.render_statistics(report, out)
    else:
        text.render(report, out, color=_use_color(out))


# ---------------------------------------------------------------- checking


FixMode = Literal["fix", "diff"] | None


@dataclass
class CheckRun:
    """A report, and with ``--diff`` the diffs of the files the fixes change."""

    report: Report = field(default_factory=Report)
    diffs: list[str] = field(default_factory=list)


def check(
    paths: Sequence[Path],
    *,
    prisma_version: int | None,
    err: TextIO,
    fix: FixMode = None,
    unsafe: bool = False,
    fail_level: Severity | None = None,
) -> CheckRun:
    """Check each PATH as one schema with its settings; unreadable ones and
    configuration problems are reported to ``err``."""
    run = CheckRun()
    report = run.report
    for path in paths:
        files = schema_files(path)
        if not files:
            _fail(report, ReadError(str(path), "no .prisma files in this folder"), err)
            continue
        sources = [read_source(p) for p in files]
        failed = [s for s in sources if isinstance(s, ReadError)]
        for failure in failed:
            _fail(report, failure, err)
        if failed:  # a multi-file schema with a missing part would give false findings
            continue
        texts = [s for s in sources if isinstance(s, SourceFile)]
        loaded = load_settings(path)
        version = prisma_version or loaded.settings.prisma_version or detect_prisma_version(path)
        if fix is not None:
            texts = _fix(run, texts, loaded, version, fix=fix, unsafe=unsafe, err=err)
        result = run_check(texts, loaded, prisma_version=version)
        for p in (*loaded.problems, *result.problems):
            problem = Problem(p.path, p.line, p.column, p.message)
            if problem not in report.problems:
                report.problems.append(problem)
                where = p.path + (f":{p.line}:{p.column}" if p.line else "")
                print(f"{where}: error: {p.message}", file=err)
        report.files.update((f.path, f) for f in result.analysis.files)
        report.add(result.diagnostics, result.findings)
        level = fail_level or fail_severity(loaded.settings)
        report.failing += sum(1 for d in result.diagnostics if d.severity >= level)
    return run


def _fix(
    run: CheckRun,
    texts: list[SourceFile],
    loaded: Any,
    version: int,
    *,
    fix: Literal["fix", "diff"],
    unsafe: bool,
    err: TextIO,
) -> list[SourceFile]:
    """Fix one schema's files: write them (``fix``) or record their diffs (``diff``);
    returns the files as they are now (on disk for ``fix``)."""

    def checker(files: Sequence[SourceFile]) -> tuple[Sequence[Finding], int]:
        result = run_check(files, loaded, prisma_version=version)
        return result.findings, sum(1 for d in result.analysis.diagnostics if d.is_error)

    fixed = fix_files(texts, checker, unsafe=unsafe)
    if fixed.stopped:
        print(f"{texts[0].path}: warning: {fixed.stopped}; they were not applied", file=err)
    changed = [
        (before, after)
        for before, after in zip(texts, fixed.files, strict=True)
        if before.text != after.text
    ]
    if fix == "diff":
        run.diffs.extend(unified_diff(b.path, b.text, a.text) for b, a in changed)
        run.report.fixed += fixed.count
        return texts
    for before, after in changed:
        try:
            write_atomically(Path(before.path), after.text)
        except OSError as exc:
            _fail(run.report, ReadError(before.path, f"cannot write: {exc.strerror or exc}"), err)
            return texts
    run.report.fixed += fixed.count
    return list(fixed.files)


def _fail(report: Report, failure: ReadError, err: TextIO) -> None:
    report.failures.append(failure)
    print(f"{failure.path}: error: {failure.message}", file=err)


# ---------------------------------------------------------------- rule


def rule_command(selector: str | None, *, list_all: bool, out: TextIO, err: TextIO) -> int:
    """``rule CODE|NAME``: the rule's metadata and explanation; ``rule --all``: a table."""
    from analysis.docs import fix_availability, providers_text
    from analysis.output import code_info, validation_codes
    from analysis.rules import all_rules, find_rule

    if list_all == (selector is not None):
        print("prisma-architect rule: give a rule's CODE or NAME, or --all", file=err)
        return EXIT_FAILURE
    if list_all:
        rules = all_rules().values()
        width = max((len(r.name) for r in rules), default=0)
        for r in rules:
            line = f"{r.code}  {r.name:<{width}}  {r.group.value:<13}  {r.severity.label:<7}  "
            out.write((line + r.summary()).rstrip() + "\n")
        return EXIT_OK
    assert selector is not None
    rule = find_rule(selector)
    if rule is None:
        if selector.upper() in validation_codes() or selector.upper() == "PAS001":
            info = code_info(selector.upper())
            out.write(f"# {info.code} {info.name}\n\n{info.explanation}\n")
            return EXIT_OK
        print(f"prisma-architect rule: unknown rule {selector!r}", file=err)
        return EXIT_FAILURE
    out.write(
        f"# {rule.code} {rule.name}\n\n"
        f"Group: {rule.group.value}. Default severity: {rule.severity.label}. "
        f"Providers: {providers_text(rule)}. Fix: {fix_availability(rule)}.\n\n"
        f"{rule.explanation()}\n"
    )
    return EXIT_OK
