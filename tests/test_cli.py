"""The ``prisma-architect`` command line (analysis.cli)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from analysis import cli
from analysis.check import CheckResult, run_check
from analysis.config import LoadedSettings
from analysis.diagnostics import Diagnostic, Related, Severity
from analysis.text import SourceFile
from analysis.workspace import detect_prisma_version

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "task-management"

DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n\n'
CLEAN = DATASOURCE + "model User {\n  id Int @id\n}\n"
BROKEN = DATASOURCE + "model User {\n  id Int @id\n  foo Bar Bla\n}\n"  # line 7


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


#: Only PAX001 runs in the temporary folders, so that the other rules (which
#: come and go) do not change what these tests see.
CONFIG = 'select = ["PAX001"]\n'


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a temporary folder so that printed paths are short and exact."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    write(tmp_path / "prisma-architect.toml", CONFIG)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ text output and exit codes


def test_clean_file_passes(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "schema.prisma", CLEAN)
    assert run(capsys, "check", "schema.prisma") == (0, "All checks passed.\n", "")


def test_syntax_error_is_reported_with_location_and_carets(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "schema.prisma", BROKEN)
    code, out, err = run(capsys, "check", "schema.prisma")
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("schema.prisma:7:3: PAE001 [error] ")
    assert lines[1:4] == [" 7 |   foo Bar Bla", "   |   ^^^^^^^^^^^", ""]
    assert lines[-1] == "Found 1 error in 1 file."
    assert "\x1b" not in out  # not a terminal: no colour


def test_missing_path_is_an_io_error_and_the_other_paths_are_still_checked(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "broken.prisma", BROKEN)
    code, out, err = run(capsys, "check", "missing.prisma", "broken.prisma")
    assert code == 2
    assert err == "missing.prisma: error: cannot read: No such file or directory\n"
    assert out.startswith("broken.prisma:7:3: PAE001 [error] ")
    assert out.endswith("Found 1 error in 1 file. 1 path could not be checked.\n")


def test_non_utf8_file_is_an_io_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "latin1.prisma", "model Caf\xe9 {\n  id Int @id\n}\n".encode("latin-1"))
    code, out, err = run(capsys, "check", "latin1.prisma")
    assert code == 2
    assert err == "latin1.prisma: error: not valid UTF-8: byte 0xe9 at line 1, column 10\n"
    assert out == "1 path could not be checked.\n"


def test_folder_without_schema_files_is_an_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "empty").mkdir()
    code, _, err = run(capsys, "check", "empty")
    assert code == 2
    assert err == "empty: error: no .prisma files in this folder\n"


def test_usage_errors_exit_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert "the following arguments are required: COMMAND" in err
    code, _, err = run(capsys, "check", "--prisma-version", "5", "x.prisma")
    assert code == 2
    assert "invalid choice: 5" in err
    code, _, err = run(capsys, "check")
    assert code == 2
    assert "the following arguments are required: PATH" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("prisma-architect ")


# ------------------------------------------------------------------ multi-file schemas


def test_folder_is_one_schema_analyzed_in_one_call(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "schema" / "main.prisma", DATASOURCE)
    write(
        workdir / "schema" / "models" / "post.prisma",
        "model Post {\n  id Int @id\n  authorId Int\n"
        "  author User @relation(fields: [authorId], references: [id])\n}\n",
    )
    write(
        workdir / "schema" / "models" / "user.prisma",
        "model User {\n  id Int @id\n  posts Post[]\n}\n",
    )
    write(workdir / "schema" / "node_modules" / "junk.prisma", "model {{{")
    calls = spy_on_analyze(monkeypatch)
    assert run(capsys, "check", "schema") == (0, "All checks passed.\n", "")
    assert [[f.path for f in files] for files, _ in calls] == [
        [
            str(Path("schema/main.prisma")),
            str(Path("schema/models/post.prisma")),
            str(Path("schema/models/user.prisma")),
        ]
    ]


def test_folder_diagnostics_name_each_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "schema" / "a.prisma", BROKEN)
    write(workdir / "schema" / "b.prisma", "\nmodel Post {\n  id Int @id\n  foo Bar Bla\n}\n")
    code, out, _ = run(capsys, "check", "schema")
    assert code == 1
    locations = [line.split(" ")[0] for line in out.splitlines() if line.startswith("schema")]
    assert locations == ["schema/a.prisma:7:3:", "schema/b.prisma:4:3:"]
    assert out.endswith("Found 2 errors in 2 files.\n")


def test_folder_with_an_unreadable_file_is_not_analyzed(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "schema" / "a.prisma", BROKEN)
    write(workdir / "schema" / "b.prisma", b"\xff")
    code, out, err = run(capsys, "check", "schema")
    assert code == 2
    assert err == "schema/b.prisma: error: not valid UTF-8: byte 0xff at line 1, column 1\n"
    assert out == "1 path could not be checked.\n"  # no findings from half a schema


# ------------------------------------------------------------------ JSON


def test_json_format(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "clean.prisma", CLEAN)
    write(workdir / "broken.prisma", BROKEN)
    code, out, err = run(capsys, "check", "--format", "json", "clean.prisma", "broken.prisma")
    assert (code, err) == (1, "")
    document = json.loads(out)
    assert set(document) == {"version", "diagnostics", "fixes", "failures", "problems", "summary"}
    assert document["version"] == 1
    [diagnostic] = document["diagnostics"]
    assert set(diagnostic) == {
        "path",
        "code",
        "name",
        "severity",
        "message",
        "start",
        "end",
        "related",
        "fixes",
    }
    assert diagnostic["path"] == "broken.prisma"
    assert diagnostic["code"] == "PAE001"
    assert diagnostic["severity"] == "error"
    # one-based lines and columns; the end is exclusive
    assert diagnostic["start"] == {"line": 7, "column": 3}
    assert diagnostic["end"] == {"line": 7, "column": 14}
    assert diagnostic["related"] == []
    assert diagnostic["fixes"] == []
    assert document["failures"] == []
    assert document["problems"] == []
    assert document["summary"] == {
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "hints": 0,
        "files_checked": 2,
        "files_with_diagnostics": 1,
        "paths_failed": 0,
        "fixable": 0,
        "fixed": 0,
        "hidden": 0,
        "exit_code": 1,
    }


def test_json_format_lists_failures(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--format", "json", "missing.prisma")
    assert code == 2
    assert err == "missing.prisma: error: cannot read: No such file or directory\n"
    document = json.loads(out)
    assert document["failures"] == [
        {"path": "missing.prisma", "message": "cannot read: No such file or directory"}
    ]
    assert document["summary"]["paths_failed"] == 1


# ------------------------------------------------------------------ any code, any severity


def spy_on_analyze(
    monkeypatch: pytest.MonkeyPatch, findings: Sequence[Diagnostic] = ()
) -> list[tuple[list[SourceFile], int | None]]:
    """Wrap the check: record its calls and replace its diagnostics with ``findings``
    (those whose path is among the files analyzed)."""
    calls: list[tuple[list[SourceFile], int | None]] = []

    def fake(
        files: Sequence[SourceFile], loaded: LoadedSettings, *, prisma_version: int | None = None
    ) -> CheckResult:
        calls.append((list(files), prisma_version))
        paths = {f.path for f in files}
        order = {f.path: i for i, f in enumerate(files)}
        diagnostics = tuple(
            sorted(
                (d for d in findings if d.path in paths),
                key=lambda d: (order[d.path], d.start, d.end, d.code),
            )
        )
        result = run_check(files, loaded, prisma_version=prisma_version)
        return replace(result, findings=(), diagnostics=diagnostics)

    monkeypatch.setattr(cli, "run_check", fake)
    return calls


def test_warnings_fail_at_the_default_fail_level_and_severities_are_counted(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "a.prisma", CLEAN)
    write(workdir / "b.prisma", CLEAN)
    id_at = CLEAN.index("id Int")
    spy_on_analyze(
        monkeypatch,
        [
            Diagnostic(
                "PAX001",
                "Foreign key without an index.",
                Severity.WARNING,
                "a.prisma",
                id_at,
                id_at + 2,
            ),
            Diagnostic("PAX902", "Consider a hint.", Severity.HINT, "b.prisma", 0, 0),
            Diagnostic("PAX903", "Informational.", Severity.INFO, "b.prisma", 1, 2),
            Diagnostic("PAX903", "Informational.", Severity.INFO, "b.prisma", 3, 4),
        ],
    )
    code, out, _ = run(capsys, "check", "a.prisma", "b.prisma")
    assert code == 1
    assert out.splitlines()[:3] == [
        "a.prisma:6:3: PAX001 [warning] Foreign key without an index.",
        " 6 |   id Int @id",
        "   |   ^^",
    ]
    assert out.endswith(
        "2  PAX903      pax903\n"
        "1  PAX001      fk-missing-index\n"
        "1  PAX902      pax902\n"
        "\n"
        "Found 1 warning, 2 infos, 1 hint in 2 files.\n"
    )
    write(workdir / "prisma-architect.toml", CONFIG + 'fail-level = "error"\n')
    assert run(capsys, "check", "a.prisma", "b.prisma")[0] == 0
    assert run(capsys, "check", "--fail-level", "info", "a.prisma", "b.prisma")[0] == 1
    assert run(capsys, "check", "--exit-zero", "a.prisma", "b.prisma")[0] == 0
    code, out, _ = run(capsys, "check", "--min-severity", "warning", "a.prisma", "b.prisma")
    assert code == 0
    assert "PAX903" not in out
    assert out.endswith("Found 1 warning in 1 file. 3 below --min-severity not shown.\n")


def test_errors_and_warnings_with_related_information(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "a.prisma", CLEAN)
    model_at, name_at = CLEAN.index("model User"), CLEAN.index("User")
    related = Related("a.prisma", model_at, model_at + 5, "first defined here")
    spy_on_analyze(
        monkeypatch,
        [
            Diagnostic(
                "PAE009",
                "Duplicate model.",
                Severity.ERROR,
                "a.prisma",
                name_at,
                name_at + 4,
                (related,),
            ),
            Diagnostic("PAX001", "Style.", Severity.WARNING, "a.prisma", 0, 10),
        ],
    )
    code, out, _ = run(capsys, "check", "a.prisma")
    assert code == 1
    # sorted by position: the warning at offset 0 comes first
    assert out.splitlines() == [
        "a.prisma:1:1: PAX001 [warning] Style.",
        " 1 | datasource db {",
        "   | ^^^^^^^^^^",
        "",
        "a.prisma:5:7: PAE009 [error] Duplicate model.",
        " 5 | model User {",
        "   |       ^^^^",
        "  = note: a.prisma:5:1: first defined here",
        "",
        "1  PAE009      name-conflict",
        "1  PAX001      fk-missing-index",
        "",
        "Found 1 error, 1 warning in 1 file.",
    ]
    code, out, _ = run(capsys, "check", "--format", "json", "a.prisma")
    assert json.loads(out)["diagnostics"][1]["related"] == [
        {
            "path": "a.prisma",
            "message": "first defined here",
            "start": {"line": 5, "column": 1},
            "end": {"line": 5, "column": 6},
        }
    ]


def test_prisma_version_is_passed_or_detected(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "package.json", '{"devDependencies": {"prisma": "^6.19.0"}}')
    write(workdir / "prisma" / "schema.prisma", CLEAN)
    calls = spy_on_analyze(monkeypatch)
    run(capsys, "check", "prisma/schema.prisma")
    run(capsys, "check", "--prisma-version", "7", "prisma/schema.prisma")
    assert [version for _, version in calls] == [6, 7]


# ------------------------------------------------------------------ excerpts and colour


def excerpt(text: str, start: int, end: int) -> tuple[str, str]:
    return cli.excerpt(SourceFile("x.prisma", text), start, end)


def test_excerpt_carets_follow_tabs_and_wide_characters() -> None:
    text = "\tname String // 名前\n"
    assert excerpt(text, 1, 5) == ("\tname String // 名前", "\t^^^^")
    assert excerpt(text, 16, 18) == ("\tname String // 名前", "\t               ^^^^")


def test_excerpt_has_at_least_one_caret() -> None:
    assert excerpt("model A {", 9, 9) == ("model A {", "         ^")  # end of line
    assert excerpt("model A {\n}", 6, 11) == ("model A {", "      ^^^")  # range goes on
    assert excerpt("", 0, 0) == ("", "^")


def test_excerpt_hides_control_characters() -> None:
    assert excerpt("a\x00b\x1bc", 2, 3) == ("a\ufffdb\ufffdc", "  ^")


def test_excerpt_cuts_long_lines_around_the_range() -> None:
    text = "x" * 500 + "TARGET" + "y" * 500
    line, carets = excerpt(text, 500, 506)
    assert line.startswith("…x") and line.endswith("y…")
    assert len(line) == cli._EXCERPT_WIDTH + 2
    assert line[carets.index("^") :].startswith("TARGET")
    assert carets.strip() == "^^^^^^"


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    terminal: Any = Terminal()
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._use_color(terminal)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._use_color(terminal)


# ------------------------------------------------------------------ the example, a real process


def test_example_schema_has_design_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """The example is valid Prisma with deliberate design mistakes: it fails by design."""
    assert detect_prisma_version(EXAMPLE) == 7  # from its package.json
    code, out, err = run(capsys, "check", str(EXAMPLE))
    assert (code, err) == (1, "")
    assert "PAE" not in out  # no validation error
    assert f"{EXAMPLE / 'schema.prisma'}:214:25: PAX001 [warning] " in out


@pytest.mark.parametrize(
    ("name", "text", "exit_code"),
    [("clean.prisma", CLEAN, 0), ("broken.prisma", BROKEN, 1), ("missing.prisma", None, 2)],
    ids=["clean", "errors", "missing"],
)
def test_python_m_analysis_exit_codes(
    tmp_path: Path, name: str, text: str | None, exit_code: int
) -> None:
    write(tmp_path / "prisma-architect.toml", CONFIG)
    if text is not None:
        write(tmp_path / name, text)
    process = subprocess.run(
        [sys.executable, "-m", "analysis", "check", str(tmp_path / name)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": ""},
    )
    assert process.returncode == exit_code, process.stderr
    if exit_code == 0:
        assert process.stdout == "All checks passed.\n"
    if exit_code == 2:
        assert (
            process.stderr == f"{tmp_path / name}: error: cannot read: No such file or directory\n"
        )


def test_check_path_does_not_load_the_language_server_stack(tmp_path: Path) -> None:
    """Start-up budget: ``check`` must not import pygls or lsprotocol (pydantic it
    needs: the rules' options and the settings are pydantic models)."""
    write(tmp_path / "schema.prisma", BROKEN)
    code = (
        "import sys\n"
        "from analysis.cli import main\n"
        f"main(['check', {str(tmp_path / 'schema.prisma')!r}])\n"
        "print(sorted(m for m in ('pygls', 'lsprotocol') if m in sys.modules))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert process.stdout.splitlines()[-1] == "[]", process.stderr


def test_real_world_schemas_are_read_and_checked(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schemas = sorted(p for p in (corpus / "real").iterdir() if p.is_dir())
    code, out, err = run(capsys, "check", "--format", "json", *map(str, schemas))
    assert err == ""
    assert code in (0, 1)
    summary = json.loads(out)["summary"]
    assert summary["paths_failed"] == 0
    assert summary["files_checked"] == sum(len(list(p.rglob("*.prisma"))) for p in schemas)


def test_diagnostic_outside_the_checked_files_is_still_printed() -> None:
    d = Diagnostic("PAE100", "Schema-wide problem.", Severity.ERROR, "<schema>", 0, 0)
    assert cli.render_diagnostic(d, {}, color=False) == (
        "<schema>: PAE100 [error] Schema-wide problem.\n\n"
    )
    assert "\x1b[1;31mPAE100\x1b[0m" in cli.render_diagnostic(d, {}, color=True)


# ------------------------------------------------------------------ configuration, statistics


FK = DATASOURCE + (
    "model User {\n  id    Int    @id\n  posts Post[]\n}\n\n"
    "model Post {\n  id       Int  @id\n  authorId Int\n"
    "  author   User @relation(fields: [authorId], references: [id])\n}\n"
)
FK_FIXED = FK.replace("references: [id])\n}", "references: [id])\n\n  @@index([authorId])\n}")


def test_configuration_problems_are_usage_errors(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "prisma-architect.toml", CONFIG + "bogus = 1\n")
    write(workdir / "schema.prisma", CLEAN)
    code, out, err = run(capsys, "check", "schema.prisma")
    assert code == 2
    assert err == f"{workdir / 'prisma-architect.toml'}:2:1: error: Unknown setting `bogus`\n"
    assert out == "1 configuration problem.\n"


def test_statistics(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "fk.prisma", FK)
    write(workdir / "broken.prisma", BROKEN)
    code, out, _ = run(capsys, "check", "--statistics", "fk.prisma", "broken.prisma")
    assert code == 1
    assert out == (
        "1  PAE001      syntax\n"
        "1  PAX001  [*] fk-missing-index\n"
        "\n"
        "Found 1 error, 1 warning in 2 files. 1 fixable with --fix.\n"
    )


# ------------------------------------------------------------------ --fix, --diff, --unsafe-fixes


def test_text_shows_the_fix_and_what_fix_can_do(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir / "fk.prisma", FK)
    code, out, _ = run(capsys, "check", "fk.prisma")
    assert code == 1
    assert "  = fix: Add `@@index([authorId])` for the foreign key\n" in out
    assert out.endswith("Found 1 warning in 1 file. 1 fixable with --fix.\n")


def test_fix_writes_the_fixed_schema_and_reports_what_is_left(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(workdir / "fk.prisma", FK)
    assert run(capsys, "check", "--fix", "fk.prisma") == (0, "Fixed 1 finding.\n", "")
    assert path.read_text() == FK_FIXED
    assert run(capsys, "check", "--fix", "fk.prisma") == (0, "All checks passed.\n", "")
    assert path.read_text() == FK_FIXED


def test_diff_prints_the_fix_and_writes_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(workdir / "fk.prisma", FK)
    code, out, err = run(capsys, "check", "--diff", "fk.prisma")
    assert code == 1
    assert out == (
        "--- a/fk.prisma\n"
        "+++ b/fk.prisma\n"
        "@@ -11,4 +11,6 @@\n"
        "   id       Int  @id\n"
        "   authorId Int\n"
        "   author   User @relation(fields: [authorId], references: [id])\n"
        "+\n"
        "+  @@index([authorId])\n"
        " }\n"
    )
    assert err == "Would fix 1 finding.\n"
    assert path.read_text() == FK
    path.write_text(FK_FIXED)
    assert run(capsys, "check", "--diff", "fk.prisma") == (0, "", "Would fix 0 findings.\n")


def fake_unsafe_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a finding with an unsafe fix (append a comment) while the comment is missing."""
    from analysis.model.schema import Span
    from analysis.rules.base import Edit, Finding, Fix

    def fake(
        files: Sequence[SourceFile], loaded: LoadedSettings, *, prisma_version: int | None = None
    ) -> CheckResult:
        result = run_check(files, loaded, prisma_version=prisma_version)
        file = files[0]
        if "// reviewed" in file.text:
            return result
        end = len(file.text)
        fix = Fix("Append a review comment", (Edit(file.path, end, end, "// reviewed\n"),), False)
        finding = Finding(
            "PAX999", "Not reviewed.", Severity.WARNING, Span(file.path, 0, 5), fixes=(fix,)
        )
        return replace(
            result,
            findings=(*result.findings, finding),
            diagnostics=(*result.diagnostics, finding.diagnostic()),
        )

    monkeypatch.setattr(cli, "run_check", fake)


def test_unsafe_fixes_only_with_unsafe_fixes(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_unsafe_finding(monkeypatch)
    path = write(workdir / "schema.prisma", CLEAN)
    code, out, _ = run(capsys, "check", "schema.prisma")
    assert code == 1
    assert "  = fix: Append a review comment (unsafe fix)\n" in out
    assert out.endswith("Found 1 warning in 1 file. 1 more with --unsafe-fixes.\n")
    code, out, _ = run(capsys, "check", "--fix", "schema.prisma")
    assert code == 1
    assert path.read_text() == CLEAN
    code, out, _ = run(capsys, "check", "--fix", "--unsafe-fixes", "schema.prisma")
    assert (code, out) == (0, "Fixed 1 finding.\n")
    assert path.read_text() == CLEAN + "// reviewed\n"


# ------------------------------------------------------------------ rule


def test_rule_explains_a_rule_by_code_or_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rule", "PAX001")
    assert (code, err) == (0, "")
    assert out.startswith(
        "# PAX001 fk-missing-index\n\n"
        "Group: indexing. Default severity: warning. "
        "Providers: cockroachdb, postgresql, sqlite, sqlserver. Fix: safe.\n\n"
        "## What it does\n"
    )
    assert "## When to ignore\n" in out
    assert run(capsys, "rule", "fk-missing-index") == (0, out, "")
    assert run(capsys, "rule", "pax001") == (0, out, "")


def test_rule_explains_validation_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "PAE002")
    assert code == 0
    assert out == (
        "# PAE002 unknown-type\n\n"
        "A field type that names no scalar, model, enum or composite type.\n"
    )


def test_rule_all_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from analysis.rules import all_rules

    code, out, _ = run(capsys, "rule", "--all")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(all_rules())
    [pax001] = [line for line in lines if line.startswith("PAX001")]
    assert pax001.split()[1:4] == ["fk-missing-index", "indexing", "warning"]
    assert pax001.endswith("any index, unique constraint or primary key of the model.")


def test_rule_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "rule", "PAX998") == (
        2,
        "",
        "prisma-architect rule: unknown rule 'PAX998'\n",
    )
    code, _, err = run(capsys, "rule")
    assert code == 2
    assert "give a rule's CODE or NAME, or --all" in err
    assert run(capsys, "rule", "PAX001", "--all")[0] == 2
