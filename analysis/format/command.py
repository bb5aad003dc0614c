"""``prisma-architect format PATH... [--check] [--diff]``: the formatter on files.

Each PATH is one schema (a file, or a folder whose `.prisma` files are
formatted together, as `prisma format` does with a schema folder). Files are
rewritten atomically, and only when their text changes. Exit status as
ruff's `format`: 0 when all is well (with ``--check``/``--diff``: nothing
would change), 1 with ``--check``/``--diff`` when a file would change, 2 when
a file cannot be read, written or formatted (syntax errors).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from analysis.fix_apply import unified_diff, write_atomically
from analysis.format.api import Formatted, format_files
from analysis.text import LineIndex, SourceFile
from analysis.workspace import ReadError, read_source, schema_files

EXIT_OK, EXIT_WOULD_CHANGE, EXIT_ERROR = 0, 1, 2


def format_command(
    paths: Sequence[Path], *, check: bool, diff: bool, out: TextIO, err: TextIO
) -> int:
    errors = 0
    results: list[Formatted] = []
    for path in paths:
        files = schema_files(path)
        if not files:
            print(f"{path}: error: no .prisma files in this folder", file=err)
            errors += 1
            continue
        sources = [read_source(p) for p in files]
        for failure in sources:
            if isinstance(failure, ReadError):
                print(f"{failure.path}: error: {failure.message}", file=err)
                errors += 1
        readable = [s for s in sources if isinstance(s, SourceFile)]
        if len(readable) < len(sources):
            continue  # a schema with a missing file would be completed wrongly
        results.extend(format_files(readable))
    changed = 0
    for result in results:
        if result.errors:
            errors += 1
            lines = LineIndex(result.source)
            for problem in result.errors:
                at = lines.position(problem.offset)
                print(
                    f"{result.path}:{at.line + 1}:{at.column + 1}: error: cannot format: "
                    f"{problem.message}",
                    file=err,
                )
            continue
        if not result.changed:
            continue
        changed += 1
        if diff:
            out.write(unified_diff(result.path, result.source, result.text))
        elif check:
            print(f"Would reformat: {result.path}", file=out)
        else:
            try:
                write_atomically(Path(result.path), result.text)
            except OSError as exc:
                print(f"{result.path}: error: cannot write: {exc.strerror or exc}", file=err)
                errors += 1
                changed -= 1
    unchanged = sum(1 for r in results if not r.errors and not r.changed)
    summary = _summary(changed, unchanged, would=check or diff)
    print(summary, file=err if diff else out)
    if errors:
        return EXIT_ERROR
    return EXIT_WOULD_CHANGE if changed and (check or diff) else EXIT_OK


def _summary(changed: int, unchanged: int, *, would: bool) -> str:
    def files(n: int) -> str:
        return f"{n} file" if n == 1 else f"{n} files"

    verb = "would be reformatted" if would else "reformatted"
    parts = []
    if changed:
        parts.append(f"{files(changed)} {verb}")
    if unchanged:
        parts.append(f"{files(unchanged)} {'already formatted' if would else 'left unchanged'}")
    return ", ".join(parts) or "No files formatted"
