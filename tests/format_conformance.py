"""Formatter conformance: our formatter against Prisma's reformat fixtures.

Corpus (``<repo>/../shared/corpus/prisma-engines/reformat``, see its README):

* ``reformatter/**/X.prisma`` → ``X.reformatted.prisma``: one file, formatted alone;
* ``reformatter_multi_file/D/`` → ``D.reformatted/``: the files of a folder formatted together.

A pair matches when every output file equals the expected text byte for byte
and formatting the output again changes nothing (Prisma's harness checks both).

Run ``python -m tests.format_conformance [--verbose]``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from analysis.format import format_files
from analysis.text import SourceFile
from tests.helpers import CORPUS

REFORMAT = CORPUS / "prisma-engines" / "reformat"
_SUFFIX = ".reformatted.prisma"


@dataclass(frozen=True)
class Pair:
    name: str
    inputs: tuple[SourceFile, ...]
    expected: dict[str, str]
    """Expected text by file name (the path of the input file)."""


@dataclass(frozen=True)
class Outcome:
    pair: Pair
    got: dict[str, str]
    idempotent: bool

    @property
    def matched(self) -> bool:
        return self.got == self.pair.expected and self.idempotent

    def diff(self) -> str:
        out: list[str] = []
        for name, want in self.pair.expected.items():
            have = self.got.get(name, "")
            out.extend(
                difflib.unified_diff(
                    want.splitlines(True), have.splitlines(True), f"expected/{name}", f"got/{name}"
                )
            )
        return "".join(out)


def load_pairs(root: Path = REFORMAT) -> list[Pair]:
    pairs = []
    single = root / "reformatter"
    for source in sorted(single.rglob("*.prisma")):
        if source.name.endswith(_SUFFIX):
            continue
        reformatted = source.with_name(source.name.removesuffix(".prisma") + _SUFFIX)
        name = str(source.relative_to(root))
        pairs.append(
            Pair(
                name,
                (SourceFile(source.name, source.read_text(encoding="utf-8")),),
                {source.name: reformatted.read_text(encoding="utf-8")},
            )
        )
    multi = root / "reformatter_multi_file"
    for folder in sorted(p for p in multi.iterdir() if p.is_dir()):
        if folder.name.endswith(".reformatted"):
            continue
        done = folder.with_name(folder.name + ".reformatted")
        inputs = tuple(
            SourceFile(p.name, p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.prisma"))
        )
        expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(done.glob("*.prisma"))}
        pairs.append(Pair(str(folder.relative_to(root)), inputs, expected))
    return pairs


def run_pair(pair: Pair) -> Outcome:
    first = format_files(pair.inputs)
    got = {r.path: r.text for r in first}
    again = format_files([SourceFile(r.path, r.text) for r in first])
    return Outcome(pair, got, all(r.text == got[r.path] for r in again))


def run(root: Path = REFORMAT) -> list[Outcome]:
    return [run_pair(pair) for pair in load_pairs(root)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.format_conformance")
    parser.add_argument("--verbose", action="store_true", help="print the diff of each mismatch")
    args = parser.parse_args(argv)
    if not REFORMAT.is_dir():
        print(f"reformat corpus not found at {REFORMAT}", file=sys.stderr)
        return 2
    outcomes = run()
    for outcome in outcomes:
        if not outcome.matched:
            note = "" if outcome.idempotent else " (not idempotent)"
            print(f"MISMATCH {outcome.pair.name}{note}")
            if args.verbose:
                print(outcome.diff())
    matched = sum(o.matched for o in outcomes)
    print(f"reformat pairs matched: {matched}/{len(outcomes)}")
    return 0 if matched == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
