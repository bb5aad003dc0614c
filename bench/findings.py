"""Findings of every rule over the real schemas of the corpus (a review aid, not a test).

`python -m bench.findings [--details] [--rule CODE]` analyzes every schema of
`../shared/corpus/real/` (a folder is one schema, its `.prisma` files together),
runs all rules with their defaults, and prints the number of findings per rule
and per schema; `--details` lists each finding (`schema/file:line:col CODE
message`) for review. `bench/findings.md` records the reviewed counts.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from analysis.api import Analysis, analyze
from analysis.lint import lint
from analysis.rules import all_rules
from analysis.rules.base import Finding
from analysis.text import SourceFile

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


def schemas(root: Path = REAL) -> list[tuple[str, list[SourceFile]]]:
    """Each real schema's name and files (relative paths, sorted)."""
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = [
            SourceFile(str(p.relative_to(folder)), p.read_text(encoding="utf-8"))
            for p in sorted(folder.rglob("*.prisma"))
        ]
        if files:
            out.append((folder.name, files))
    return out


def location(analysis: Analysis, finding: Finding) -> str:
    source = next(f for f in analysis.files if f.path == finding.span.path)
    position = source.lines.position(finding.span.start)
    return f"{finding.span.path}:{position.line + 1}:{position.column + 1}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every finding")
    parser.add_argument("--rule", action="append", default=[], help="only these codes")
    args = parser.parse_args(argv)
    if not REAL.is_dir():
        print(f"corpus not found at {REAL}", file=sys.stderr)
        return 2
    per_rule: Counter[str] = Counter()
    per_schema: dict[str, Counter[str]] = {}
    for name, files in schemas():
        analysis = analyze(files)
        findings = [f for f in lint(analysis) if not args.rule or f.code in args.rule]
        per_schema[name] = Counter(f.code for f in findings)
        per_rule.update(per_schema[name])
        if args.details:
            for finding in findings:
                print(f"{name}/{location(analysis, finding)} {finding.code} {finding.message}")
    rules = all_rules()
    print("\n| rule | name | findings | schemas |\n|---|---|---:|---:|")
    for code, rule in rules.items():
        if args.rule and code not in args.rule:
            continue
        hit = sum(1 for counts in per_schema.values() if counts[code])
        print(f"| {code} | {rule.name} | {per_rule[code]} | {hit} |")
    print(f"\n{sum(per_rule.values())} findings over {len(per_schema)} schemas.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
