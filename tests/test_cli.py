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
from analysis.api import Analysis, analyze
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


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a temporary folder so that printed paths are short and exact."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
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
    assert lines[0].startswith("schema.prisma:7:3: PAE001 ")
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
    assert out.startswith("broken.prisma:7:3: PAE001 ")
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
    assert set(document) == {"version", "diagnostics", "failures", "summary"}
    assert document["version"] == 1
    [diagnostic] = document["diagnostics"]
    assert set(diagnostic) == {"path", "code", "severity", "message", "start", "end", "related"}
    assert diagnostic["path"] == "broken.prisma"
    assert diagnostic["code"] == "PAE001"
    assert diagnostic["severity"] == "error"
    # one-based lines and columns; the end is exclusive
    assert diagnostic["start"] == {"line": 7, "column": 3}
    assert diagnostic["end"] == {"line": 7, "column": 14}
    assert diagnostic["related"] == []
    assert document["failures"] == []
    assert document["summary"] == {
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "hints": 0,
        "files_checked": 2,
        "files_with_diagnostics": 1,
        "paths_failed": 0,
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
    """Wrap the analysis: record its calls and replace its diagnostics with ``findings``
    (those whose path is among the files analyzed)."""
    calls: list[tuple[list[SourceFile], int | None]] = []

    def fake(files: Sequence[SourceFile], *, prisma_version: int | None = None) -> Analysis:
        calls.append((list(files), prisma_version))
        paths = {f.path for f in files}
        diagnostics = tuple(d for d in findings if d.path in paths)
        return replace(analyze(files, prisma_version=prisma_version), diagnostics=diagnostics)

    monkeypatch.setattr(cli, "analyze", fake)
    return calls


def test_warnings_alone_exit_0_and_severities_are_counted(
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
            Diagnostic("PAX002", "Consider a hint.", Severity.HINT, "b.prisma", 0, 0),
            Diagnostic("PAX003", "Informational.", Severity.INFO, "b.prisma", 1, 2),
            Diagnostic("PAX003", "Informational.", Severity.INFO, "b.prisma", 3, 4),
        ],
    )
    code, out, _ = run(capsys, "check", "a.prisma", "b.prisma")
    assert code == 0
    assert out.splitlines()[:3] == [
        "a.prisma:6:3: PAX001 Foreign key without an index.",
        " 6 |   id Int @id",
        "   |   ^^",
    ]
    assert out.endswith("Found 1 warning, 2 infos, 1 hint in 2 files.\n")


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
        "a.prisma:1:1: PAX001 Style.",
        " 1 | datasource db {",
        "   | ^^^^^^^^^^",
        "",
        "a.prisma:5:7: PAE009 Duplicate model.",
        " 5 | model User {",
        "   |       ^^^^",
        "  = note: a.prisma:5:1: first defined here",
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


def test_example_schema_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert detect_prisma_version(EXAMPLE) == 7  # from its package.json
    assert run(capsys, "check", str(EXAMPLE)) == (0, "All checks passed.\n", "")


@pytest.mark.parametrize(
    ("name", "text", "exit_code"),
    [("clean.prisma", CLEAN, 0), ("broken.prisma", BROKEN, 1), ("missing.prisma", None, 2)],
    ids=["clean", "errors", "missing"],
)
def test_python_m_analysis_exit_codes(
    tmp_path: Path, name: str, text: str | None, exit_code: int
) -> None:
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
    """Start-up budget: ``check`` must not import pygls, lsprotocol or pydantic."""
    write(tmp_path / "schema.prisma", BROKEN)
    code = (
        "import sys\n"
        "from analysis.cli import main\n"
        f"main(['check', {str(tmp_path / 'schema.prisma')!r}])\n"
        "print(sorted(m for m in ('pygls', 'lsprotocol', 'pydantic') if m in sys.modules))\n"
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
    assert cli.render_diagnostic(d, {}, color=False) == "<schema>: PAE100 Schema-wide problem.\n\n"
    assert "\x1b[1;31mPAE100\x1b[0m" in cli.render_diagnostic(d, {}, color=True)
