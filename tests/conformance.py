"""Conformance runner: our diagnostics against Prisma's own fixtures and real schemas.

Corpus (``<repo>/../shared/corpus``, see its READMEs):

* ``prisma-engines/validation/**.prisma``: schema plus a trailing ``//`` comment run holding
  Prisma 6.19's pretty-printed warnings and errors (empty run = valid, no diagnostics).
* ``prisma-engines/inline-tests/**/X.prisma`` + optional ``X.expected`` (errors only, no
  ``.expected`` = valid).
* ``real/MANIFEST.tsv``: real schemas (single files or folders), with the verdict of Prisma 6.19
  (column ``psl_6.19.0``) and of Prisma 7 (column ``psl_8.1.0``).

Fixtures are analyzed as one file called ``schema.prisma`` with ``prisma_version=6``; real schemas
with all their ``.prisma`` files (recursively, real paths) and the version of the column.

Run ``python -m tests.conformance [--verbose] [--json out.json]``. ``run()`` returns a
:class:`Report` (figures + per-fixture results) for the tests.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis.api import analyze
from analysis.diagnostics import Diagnostic, Severity
from analysis.text import SourceFile
from tests.helpers import CORPUS, real_manifest, schema_files

ENGINES = "prisma-engines"
SCHEMA_NAME = "schema.prisma"
FIXTURE_VERSION = 6
# MANIFEST column -> the ``prisma_version`` we analyze with.
REAL_COLUMNS = {"psl_6.19.0": 6, "psl_8.1.0": 7}

# --------------------------------------------------------------------------------------------
# Expected output format
# --------------------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# One pretty-printed diagnostic head, on the ANSI-stripped text (psl/diagnostics pretty_print.rs):
#
#   error: <message, possibly several lines>
#     -->  schema.prisma:<L>
#
# The head starts at column 0; every other line of a block starts with the gutter (spaces or a
# line number) so it cannot be taken for a head.
_HEAD = re.compile(
    r"^(?P<kind>error|warning): (?P<message>.*?)\n  -->  (?P<file>[^\n]*?):(?P<line>\d+)\n",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class ExpectedDiagnostic:
    severity: str  # "error" | "warning"
    message: str  # ANSI-stripped; may span several lines
    line: int  # 1-based


@dataclass(frozen=True)
class Expected:
    errors: tuple[ExpectedDiagnostic, ...]
    warnings: tuple[ExpectedDiagnostic, ...]

    @property
    def error_lines(self) -> tuple[int, ...]:
        return tuple(d.line for d in self.errors)

    @property
    def warning_lines(self) -> tuple[int, ...]:
        return tuple(d.line for d in self.warnings)

    @property
    def first_error(self) -> ExpectedDiagnostic | None:
        return self.errors[0] if self.errors else None


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def parse_pretty(output: str) -> Expected:
    """Parse concatenated pretty-printed diagnostics (with or without ANSI) in engine order."""
    plain = strip_ansi(output)
    found = [
        ExpectedDiagnostic(m["kind"], m["message"], int(m["line"])) for m in _HEAD.finditer(plain)
    ]
    if plain.strip() and not found:
        raise ValueError(f"no diagnostic found in expected output: {plain[:200]!r}")
    return Expected(
        errors=tuple(d for d in found if d.severity == "error"),
        warnings=tuple(d for d in found if d.severity == "warning"),
    )


def trailing_comment_run(text: str) -> str:
    """The expectation of a ``validation/`` fixture (psl/psl/tests/validation_tests.rs).

    The last run of consecutive lines at the end of the file that start with ``//`` (the first
    line of the file cannot belong to it: a run line must follow a newline), each stripped of
    its ``// `` prefixes (``trim_start_matches``) and ended with a newline. A final newline does
    not open a new (empty) line; a blank last line ends every run.
    """
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    run: list[str] = []
    for index in range(len(lines) - 1, 0, -1):
        if not lines[index].startswith("//"):
            break
        run.append(lines[index])
    run.reverse()
    out = []
    for line in run:
        while line.startswith("// "):
            line = line[3:]
        out.append(line + "\n")
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Syntax errors
# --------------------------------------------------------------------------------------------

# Messages of Prisma's *parser* (psl/schema-ast/src/parser/*.rs), i.e. errors that come from the
# pest grammar or from the AST builder refusing a construct, before any semantic validation.
# Matched as substrings of the expected message, which may carry a prefix such as
# "Error validating: " or 'Error validating model "M": '.
#
# Deliberately NOT included:
# * "Expected a string value, but received ..." and the like: value-type checks of attribute and
#   config arguments (parser-database / psl-core), despite the capital "Expected".
# * "Trailing commas are not valid in attribute arguments": the parser accepts the comma and
#   records it; the error comes from attribute validation.
# * The composite-type block-attribute messages ("A composite type cannot have block-level
#   attributes.", ...): emitted by the AST builder on syntactically valid input.
SYNTAX_MESSAGES: tuple[str, ...] = (
    # parse_schema.rs: top-level CATCH_ALL / arbitrary_block / type_alias
    "This line is invalid. It does not start with any known Prisma schema keyword.",
    "This block is invalid. It does not start with any known Prisma schema keyword.",
    "Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types",
    # parse_schema.rs: pest failure, new_parser_error -> "Unexpected token. Expected one of: ..."
    "Unexpected token",
    # parse_model.rs / parse_view.rs / parse_composite_type.rs: BLOCK_LEVEL_CATCH_ALL
    "This line is not a valid field or attribute definition.",
    # parse_source_and_generator.rs: "... within a datasource." / "... within a generator."
    "is not a valid definition within a",
    # parse_enum.rs: BLOCK_LEVEL_CATCH_ALL
    "This line is not an enum value definition.",
    # parse_field.rs
    "This field declaration is invalid. It is either missing a name or a type.",
    "Field declarations don't require a `:`.",
    # parse_types.rs (legacy syntax)
    "To specify a list, please use `Type[]` instead of `[Type]`.",
    "Fields are required by default, `!` is no longer required.",
    "Optional lists are not supported.",
    # parse_expression.rs: string literal escapes (lexical)
    "Unknown escape sequence.",
    "Invalid unicode escape sequence.",
)


def is_syntax_message(message: str) -> bool:
    return any(pattern in message for pattern in SYNTAX_MESSAGES)


# --------------------------------------------------------------------------------------------
# Message templates (for the histogram of misses)
# --------------------------------------------------------------------------------------------

_TEMPLATE_SUBS = (
    (re.compile(r'"[^"\n]*"'), '"…"'),
    (re.compile(r"`[^`\n]*`"), "`…`"),
)


def message_template(message: str) -> str:
    """First line of ``message`` with quoted and backticked names replaced by placeholders."""
    text = message.split("\n", 1)[0].strip()
    for pattern, placeholder in _TEMPLATE_SUBS:
        text = pattern.sub(placeholder, text)
    return text


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    suite: str  # "validation" | "inline"
    path: str  # relative to the suite folder
    text: str
    expected: Expected


def load_validation(root: Path) -> list[Fixture]:
    folder = root / ENGINES / "validation"
    fixtures = []
    for file in sorted(folder.rglob("*.prisma")):
        text = file.read_text(encoding="utf-8")
        expected = parse_pretty(trailing_comment_run(text))
        fixtures.append(Fixture("validation", file.relative_to(folder).as_posix(), text, expected))
    return fixtures


def load_inline(root: Path) -> list[Fixture]:
    folder = root / ENGINES / "inline-tests"
    fixtures = []
    for file in sorted(folder.rglob("*.prisma")):
        text = file.read_text(encoding="utf-8")
        expected_file = file.with_suffix(".expected")
        if expected_file.exists():
            expected = parse_pretty(expected_file.read_text(encoding="utf-8"))
        else:
            expected = Expected((), ())
        fixtures.append(Fixture("inline", file.relative_to(folder).as_posix(), text, expected))
    return fixtures


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ours:
    """Our first error (by offset), as 1-based line, code and message."""

    line: int
    code: str
    message: str


@dataclass(frozen=True)
class FixtureResult:
    suite: str
    path: str
    expected_errors: int
    expected_warnings: int
    expected_first_line: int | None
    expected_first_message: str | None
    expected_error_lines: tuple[int, ...]  # engine order
    expected_warning_lines: tuple[int, ...]
    syntax: bool  # Prisma's first error is a parser error
    our_errors: int
    our_warnings: int
    our_first: Ours | None
    crash: str | None = None

    @property
    def prisma_rejects(self) -> bool:
        return self.expected_errors > 0

    @property
    def we_reject(self) -> bool:
        return self.our_errors > 0 or self.crash is not None

    @property
    def verdict_ok(self) -> bool:
        return self.crash is None and self.prisma_rejects == self.we_reject

    @property
    def first_line_ok(self) -> bool:
        return (
            self.crash is None
            and self.our_first is not None
            and self.our_first.line == self.expected_first_line
        )

    @property
    def ok(self) -> bool:
        """Verdict agrees and, when Prisma rejects, our first error is on Prisma's first line."""
        return self.verdict_ok and (not self.prisma_rejects or self.first_line_ok)


@dataclass(frozen=True)
class RealResult:
    name: str
    version: int
    column: str
    prisma_ok: bool
    prisma_verdict: str
    files: int
    our_errors: int
    our_warnings: int
    our_first: str | None  # "path:line CODE message"
    crash: str | None = None

    @property
    def we_reject(self) -> bool:
        return self.our_errors > 0 or self.crash is not None


@dataclass(frozen=True)
class Ratio:
    hits: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.hits / self.total

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} ({self.percent:.1f} %)"


@dataclass(frozen=True)
class Figures:
    accepted_valid: Ratio  # of fixtures Prisma accepts, how many we accept (target 100 %)
    syntax_rejects: Ratio  # of syntax rejects, how many we reject on Prisma's first line (100 %)
    verdict: Ratio  # same has-errors verdict (target >= 90 %)
    first_line: Ratio  # of Prisma rejects, our first error on Prisma's first line (>= 80 %)
    real_schemas: Ratio  # real schema x version Prisma accepts that we accept (target 100 %)
    # Informative, no target:
    first_line_any: Ratio  # of Prisma rejects, our first error on one of Prisma's error lines
    real_rejects: Ratio  # real schema x version Prisma rejects that we reject
    crashes: int  # analyze() raised


@dataclass
class Report:
    figures: Figures
    fixtures: list[FixtureResult] = field(repr=False)
    real: list[RealResult] = field(repr=False)
    # expected first message template of missed fixtures, most frequent first
    histogram: list[tuple[str, int]] = field(repr=False)
    seconds: float = 0.0
    by_suite: dict[str, Figures] = field(default_factory=dict, repr=False)

    @property
    def misses(self) -> list[FixtureResult]:
        return [r for r in self.fixtures if not r.ok]

    @property
    def syntax_misses(self) -> list[FixtureResult]:
        return [r for r in self.fixtures if r.syntax and not r.first_line_ok]

    @property
    def real_failures(self) -> list[RealResult]:
        return [r for r in self.real if r.prisma_ok and r.we_reject]


def _first_error(diagnostics: Iterable[Diagnostic]) -> Diagnostic | None:
    """The first error; ``analyze`` gives diagnostics by file, then offset."""
    return next((d for d in diagnostics if d.severity is Severity.ERROR), None)


def _line(files: Sequence[SourceFile], diagnostic: Diagnostic) -> int:
    file = next((f for f in files if f.path == diagnostic.path), files[0])
    return file.lines.position(diagnostic.start).line + 1


def _crash_text(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def check_fixture(fixture: Fixture) -> FixtureResult:
    files = [SourceFile(SCHEMA_NAME, fixture.text)]
    first = fixture.expected.first_error
    base = dict(
        suite=fixture.suite,
        path=fixture.path,
        expected_errors=len(fixture.expected.errors),
        expected_warnings=len(fixture.expected.warnings),
        expected_first_line=first.line if first else None,
        expected_first_message=first.message if first else None,
        expected_error_lines=fixture.expected.error_lines,
        expected_warning_lines=fixture.expected.warning_lines,
        syntax=first is not None and is_syntax_message(first.message),
    )
    try:
        diagnostics = analyze(files, prisma_version=FIXTURE_VERSION).diagnostics
    except Exception as exc:  # a validator under construction must not stop the run
        return FixtureResult(**base, our_errors=0, our_warnings=0, our_first=None,
                             crash=_crash_text(exc))
    ours = _first_error(diagnostics)
    return FixtureResult(
        **base,
        our_errors=sum(d.severity is Severity.ERROR for d in diagnostics),
        our_warnings=sum(d.severity is Severity.WARNING for d in diagnostics),
        our_first=Ours(_line(files, ours), ours.code, ours.message) if ours else None,
    )


def check_real(root: Path) -> list[RealResult]:
    results = []
    for row in real_manifest(root):
        folder = root / "real" / row["dir"]
        files = schema_files(folder)
        for column, version in REAL_COLUMNS.items():
            verdict = row.get(column, "")
            base = dict(name=row["dir"], version=version, column=column,
                        prisma_ok=verdict.startswith("ok"), prisma_verdict=verdict,
                        files=len(files))
            try:
                diagnostics = analyze(files, prisma_version=version).diagnostics
            except Exception as exc:
                results.append(RealResult(**base, our_errors=0, our_warnings=0, our_first=None,
                                          crash=_crash_text(exc)))
                continue
            first = _first_error(diagnostics)
            first_text = None
            if first is not None:
                where = Path(first.path).relative_to(folder).as_posix()
                first_text = f"{where}:{_line(files, first)} {first.code} {first.message}"
            results.append(RealResult(
                **base,
                our_errors=sum(d.severity is Severity.ERROR for d in diagnostics),
                our_warnings=sum(d.severity is Severity.WARNING for d in diagnostics),
                our_first=first_text,
            ))
    return results


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def _ratio(items: Iterable[bool]) -> Ratio:
    values = list(items)
    return Ratio(sum(values), len(values))


def compute_figures(fixtures: Sequence[FixtureResult], real: Sequence[RealResult]) -> Figures:
    valid = [r for r in fixtures if not r.prisma_rejects]
    rejects = [r for r in fixtures if r.prisma_rejects]
    return Figures(
        accepted_valid=_ratio(not r.we_reject for r in valid),
        syntax_rejects=_ratio(r.first_line_ok for r in rejects if r.syntax),
        verdict=_ratio(r.verdict_ok for r in fixtures),
        first_line=_ratio(r.first_line_ok for r in rejects),
        real_schemas=_ratio(not r.we_reject for r in real if r.prisma_ok),
        first_line_any=_ratio(_first_on_any_line(r) for r in rejects),
        real_rejects=_ratio(r.we_reject for r in real if not r.prisma_ok),
        crashes=sum(r.crash is not None for r in fixtures)
        + sum(r.crash is not None for r in real),
    )


def _first_on_any_line(result: FixtureResult) -> bool:
    return (result.crash is None and result.our_first is not None
            and result.our_first.line in result.expected_error_lines)


def miss_template(result: FixtureResult) -> str:
    """The work-list key of a missed fixture."""
    if result.expected_first_message is not None:
        return message_template(result.expected_first_message)
    if result.crash is not None:
        return "(valid; we crash)"
    ours = result.our_first
    assert ours is not None
    return f"(valid; we report {ours.code}: {message_template(ours.message)})"


def histogram(fixtures: Sequence[FixtureResult]) -> list[tuple[str, int]]:
    counts = Counter(miss_template(r) for r in fixtures if not r.ok)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def run(root: Path = CORPUS) -> Report:
    started = time.perf_counter()
    fixtures = load_validation(root) + load_inline(root)
    results = [check_fixture(f) for f in fixtures]
    real = check_real(root)
    by_suite = {
        suite: compute_figures([r for r in results if r.suite == suite], [])
        for suite in ("validation", "inline")
    }
    return Report(
        figures=compute_figures(results, real),
        fixtures=results,
        real=real,
        histogram=histogram(results),
        seconds=time.perf_counter() - started,
        by_suite=by_suite,
    )


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

TARGETS = {
    "accepted_valid": 100.0,
    "syntax_rejects": 100.0,
    "verdict": 90.0,
    "first_line": 80.0,
    "real_schemas": 100.0,
}

_LABELS = {
    "accepted_valid": "accepted valid (Prisma accepts, we accept)",
    "syntax_rejects": "syntax rejects (first error on Prisma's line)",
    "verdict": "verdict agreement (has errors)",
    "first_line": "first error line agreement",
    "real_schemas": "real schemas accepted (schema x version)",
    "first_line_any": "first error on any Prisma error line (info)",
    "real_rejects": "real schemas rejected when Prisma rejects (info)",
}


def _short(message: str | None, width: int = 110) -> str:
    if message is None:
        return "-"
    text = message.split("\n", 1)[0]
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(report: Report) -> str:
    rows = [("figure", "all", "validation", "inline", "target", "")]
    for key, label in _LABELS.items():
        value: Ratio = getattr(report.figures, key)
        suites = [getattr(report.by_suite[s], key) for s in ("validation", "inline")]
        per_suite = ["" if key.startswith("real") else str(r) for r in suites]
        target = TARGETS.get(key)
        status = "" if target is None else ("ok" if value.percent >= target else "MISS")
        rows.append((label, str(value), *per_suite,
                     "" if target is None else f">= {target:.0f} %", status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.append(f"crashes: {report.figures.crashes}   fixtures: {len(report.fixtures)}   "
                 f"real runs: {len(report.real)}   time: {report.seconds:.2f} s")
    return "\n".join(lines)


def format_fixture(result: FixtureResult) -> str:
    expected = (f"L{result.expected_first_line} {_short(result.expected_first_message)}"
                if result.prisma_rejects else "valid")
    if result.crash is not None:
        ours = f"CRASH {result.crash}"
    elif result.our_first is not None:
        o = result.our_first
        ours = f"L{o.line} {o.code} {_short(o.message)}"
    else:
        ours = "no errors"
    tag = " [syntax]" if result.syntax else ""
    return (f"{result.suite}/{result.path}{tag}\n"
            f"    expected: {expected}\n"
            f"    ours:     {ours}")


def format_report(report: Report, *, verbose: bool = False, top: int = 30) -> str:
    out: list[str] = []
    if verbose:
        out.append("== mismatches ==")
        out.extend(format_fixture(r) for r in report.misses)
        out.append("")
    if report.syntax_misses:
        out.append(f"== syntax-reason fixtures missed ({len(report.syntax_misses)}) ==")
        for r in report.syntax_misses:
            ours = ("crash" if r.crash else
                    f"L{r.our_first.line} {r.our_first.code}" if r.our_first else "no errors")
            out.append(f"  {r.suite}/{r.path}: expected L{r.expected_first_line}, ours {ours}")
        out.append("")
    failures = report.real_failures
    if failures:
        out.append(f"== real schemas Prisma accepts that we reject ({len(failures)}) ==")
        for r in failures:
            out.append(f"  {r.name} (v{r.version}, {r.our_errors} errors): "
                       f"{r.crash or _short(r.our_first)}")
        out.append("")
    crashes = [r for r in report.fixtures if r.crash] + [r for r in report.real if r.crash]
    if crashes and not verbose:
        out.append(f"== crashes ({len(crashes)}), first: {crashes[0].crash}")
        out.append("")
    out.append(f"== top {top} expected first messages of missed fixtures "
               f"({len(report.misses)} misses, {len(report.histogram)} templates) ==")
    out.extend(f"  {count:4d}  {_short(template, 140)}"
               for template, count in report.histogram[:top])
    out.append("")
    out.append(format_table(report))
    return "\n".join(out)


def report_json(report: Report) -> dict[str, object]:
    return {
        "figures": {k: (asdict(v) | {"percent": round(v.percent, 2)}) if isinstance(v, Ratio)
                    else v for k, v in vars(report.figures).items()},
        "by_suite": {s: {k: asdict(v) for k, v in vars(f).items() if isinstance(v, Ratio)}
                     for s, f in report.by_suite.items()},
        "histogram": [{"template": t, "count": c} for t, c in report.histogram],
        "fixtures": [asdict(r) | {"ok": r.ok, "verdict_ok": r.verdict_ok,
                                  "first_line_ok": r.first_line_ok} for r in report.fixtures],
        "real": [asdict(r) for r in report.real],
        "seconds": round(report.seconds, 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.conformance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every mismatch")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the full report as JSON")
    parser.add_argument("--top", type=int, default=30, help="histogram rows (default 30)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"default {CORPUS}")
    args = parser.parse_args(argv)
    if not (args.corpus / ENGINES).is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    report = run(args.corpus)
    print(format_report(report, verbose=args.verbose, top=args.top))
    if args.json:
        args.json.write_text(json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
