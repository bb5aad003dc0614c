"""Applying fixes (analysis.fix_apply): choice per finding, conflicts, rounds, diffs, writes."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest

from analysis import fix_apply
from analysis.diagnostics import Severity
from analysis.fix_apply import (
    apply_fixes,
    choose,
    fix_files,
    select,
    unified_diff,
    write_atomically,
)
from analysis.model.schema import Span
from analysis.rules.base import Edit, Finding, Fix
from analysis.text import SourceFile


def insert(at: int, text: str, *, safe: bool = True, path: str = "a.prisma") -> Fix:
    return Fix(f"insert {text!r}", (Edit(path, at, at, text),), safe)


def finding(*fixes: Fix) -> Finding:
    return Finding("PAX999", "m", Severity.WARNING, Span("a.prisma", 0, 0), fixes=fixes)


def test_choose_takes_the_first_safe_fix_or_with_unsafe_the_first() -> None:
    unsafe, safe = insert(0, "u", safe=False), insert(0, "s")
    assert choose([unsafe, safe], unsafe=False) is safe
    assert choose([unsafe, safe], unsafe=True) is unsafe
    assert choose([unsafe], unsafe=False) is None


def test_select_skips_fixes_that_overlap_one_already_taken() -> None:
    first = Fix("replace", (Edit("a.prisma", 2, 6, "x"),))
    inside = Fix("inside", (Edit("a.prisma", 4, 5, "y"),))
    same_point = Fix("same point", (Edit("a.prisma", 2, 2, "z"),))
    touching = Fix("after", (Edit("a.prisma", 6, 6, "w"),))
    other_file = Fix("other", (Edit("b.prisma", 2, 6, "v"),))
    findings = [finding(f) for f in (first, inside, same_point, touching, other_file)]
    assert select(findings, unsafe=False) == [first, touching, other_file]


def test_the_same_fix_from_two_findings_is_applied_once() -> None:
    fix = insert(3, "@@index([a])")
    assert select([finding(fix), finding(fix)], unsafe=False) == [fix]


def test_apply_fixes_per_file() -> None:
    texts = {"a.prisma": "abcdef", "b.prisma": "xyz"}
    fixes = [insert(1, "1"), insert(4, "4"), insert(0, "B", path="b.prisma")]
    assert apply_fixes(texts, fixes) == {"a.prisma": "a1bcd4ef", "b.prisma": "Bxyz"}


def test_fix_files_runs_rounds_until_nothing_is_left() -> None:
    """A checker that wants the text to start with three `#`, one per round, and
    offers a conflicting second fix each time (taken the next round, if still needed)."""
    calls: list[str] = []

    def checker(files: Sequence[SourceFile]) -> tuple[list[Finding], int]:
        text = files[0].text
        calls.append(text)
        missing = 3 - len(text) + len(text.lstrip("#"))
        return [finding(insert(0, "#")) for _ in range(missing)], 0

    fixed = fix_files([SourceFile("a.prisma", "x")], checker, unsafe=False)
    assert [f.text for f in fixed.files] == ["###x"]
    assert fixed.count == 3
    assert fixed.stopped is None
    assert calls == ["x", "#x", "##x", "###x"]


def code_finding(code: str, fix: Fix) -> Finding:
    return Finding(code, "m", Severity.WARNING, Span("a.prisma", 0, 0), fixes=(fix,))


def test_fix_files_leaves_out_the_rules_whose_fixes_add_errors() -> None:
    """PAX901 inserts `!` (an error each), PAX902 appends `#` once."""

    def checker(files: Sequence[SourceFile]) -> tuple[list[Finding], int]:
        text = files[0].text
        findings = [code_finding("PAX901", insert(0, "!"))]
        if not text.endswith("#"):
            findings.append(code_finding("PAX902", insert(len(text), "#")))
        return findings, text.count("!")

    fixed = fix_files([SourceFile("a.prisma", "x")], checker, unsafe=False)
    assert [f.text for f in fixed.files] == ["x#"]
    assert fixed.count == 1
    assert fixed.stopped == "the fixes of PAX901 would add validation errors"


def test_fix_files_keeps_the_text_when_every_fix_adds_errors() -> None:
    def checker(files: Sequence[SourceFile]) -> tuple[list[Finding], int]:
        return [finding(insert(0, "!"))], files[0].text.count("!")

    fixed = fix_files([SourceFile("a.prisma", "x")], checker, unsafe=False)
    assert [f.text for f in fixed.files] == ["x"]
    assert fixed.count == 0
    assert fixed.stopped == "the fixes of PAX999 would add validation errors"


def test_fix_files_stops_after_max_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fix_apply, "MAX_ROUNDS", 2)

    def checker(files: Sequence[SourceFile]) -> tuple[list[Finding], int]:
        return [finding(insert(0, "#"))], 0  # never satisfied

    assert fix_files([SourceFile("a.prisma", "x")], checker, unsafe=False).count == 2


def test_unified_diff() -> None:
    before = "model A {\n  id Int @id\n}\n"
    after = "model A {\n  id Int @id\n\n  @@index([id])\n}\n"
    assert unified_diff("s.prisma", before, after) == (
        "--- a/s.prisma\n"
        "+++ b/s.prisma\n"
        "@@ -1,3 +1,5 @@\n"
        " model A {\n"
        "   id Int @id\n"
        "+\n"
        "+  @@index([id])\n"
        " }\n"
    )
    assert unified_diff("s.prisma", "a", "b").endswith("+b\n\\ No newline at end of file\n")


def test_write_atomically_keeps_bom_line_endings_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "s.prisma"
    path.write_bytes(b"\xef\xbb\xbfmodel A {\r\n}\r\n")
    path.chmod(0o640)
    write_atomically(path, "model B {\r\n}\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbfmodel B {\r\n}\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["s.prisma"]  # no temporary file left


def test_write_atomically_leaves_the_file_alone_when_replacing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.prisma"
    path.write_text("old")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, "new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["s.prisma"]
