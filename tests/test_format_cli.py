"""``prisma-architect format PATH... [--check] [--diff]``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis import cli

UGLY = "model User {\n    id Int @id\n  name String\n}\n"
PRETTY = "model User {\n  id   Int    @id\n  name String\n}\n"
BROKEN = "model User {\n  id Int @id\n\nmodel Post {\n  id Int @id\n}\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["format", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_format_rewrites_changed_files_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ugly = write(tmp_path / "ugly.prisma", UGLY)
    pretty = write(tmp_path / "pretty.prisma", PRETTY)
    os.utime(pretty, (1_000_000, 1_000_000))
    code, out, err = run(capsys, str(ugly), str(pretty))
    assert (code, out, err) == (0, "1 file reformatted, 1 file left unchanged\n", "")
    assert ugly.read_text() == PRETTY
    assert pretty.stat().st_mtime == 1_000_000  # never rewritten


def test_check_reports_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ugly = write(tmp_path / "ugly.prisma", UGLY)
    code, out, _ = run(capsys, "--check", str(ugly))
    assert code == 1
    assert out == f"Would reformat: {ugly}\n1 file would be reformatted\n"
    assert ugly.read_text() == UGLY
    write(ugly, PRETTY)
    assert run(capsys, "--check", str(ugly)) == (0, "1 file already formatted\n", "")


def test_diff_prints_a_unified_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ugly = write(tmp_path / "ugly.prisma", UGLY)
    code, out, err = run(capsys, "--diff", str(ugly))
    assert code == 1
    assert out == (
        f"--- a/{ugly}\n+++ b/{ugly}\n"
        "@@ -1,4 +1,4 @@\n"
        " model User {\n"
        "-    id Int @id\n"
        "+  id   Int    @id\n"
        "   name String\n"
        " }\n"
    )
    assert err == "1 file would be reformatted\n"
    assert ugly.read_text() == UGLY


def test_syntax_errors_are_reported_and_the_file_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path / "broken.prisma", BROKEN)
    ugly = write(tmp_path / "ugly.prisma", UGLY)
    code, out, err = run(capsys, str(broken), str(ugly))
    assert code == 2
    assert err == (
        f"{broken}:1:1: error: cannot format: The model `User` is missing its closing `}}`; "
        "it ends before the next declaration.\n"
    )
    assert out == "1 file reformatted\n"
    assert broken.read_text() == BROKEN
    assert ugly.read_text() == PRETTY  # the other files are still formatted


def test_unreadable_paths_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "missing.prisma"))
    assert code == 2
    assert err.startswith(f"{tmp_path / 'missing.prisma'}: error: cannot read")
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, str(tmp_path / "empty"))
    assert (code, err) == (2, f"{tmp_path / 'empty'}: error: no .prisma files in this folder\n")


def test_a_folder_is_one_schema_whose_relations_are_completed_across_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = write(tmp_path / "schema" / "user.prisma", "model User {\n  id Int @id\n  post Post\n}")
    post = write(tmp_path / "schema" / "post.prisma", "model Post {\n  id Int @id\n}\n")
    code, out, err = run(capsys, str(tmp_path / "schema"))
    assert (code, out, err) == (0, "2 files reformatted\n", "")
    assert post.read_text() == "model Post {\n  id    Int    @id\n  users User[]\n}\n"
    assert user.read_text() == (
        "model User {\n"
        "  id     Int  @id\n"
        "  post   Post @relation(fields: [postId], references: [id])\n"
        "  postId Int\n"
        "}\n"
    )


def test_crlf_and_byte_order_mark_survive_a_rewrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "win.prisma", b"\xef\xbb\xbfmodel A {\r\n    id Int\r\n}\r\n")
    assert run(capsys, str(path))[0] == 0
    assert path.read_bytes() == b"\xef\xbb\xbfmodel A {\r\n  id Int\r\n}\r\n"
