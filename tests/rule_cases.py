"""Helpers for rule tests: run one rule on a schema text, apply its fixes.

Every rule test asserts exact findings (code, message, the text the range
covers), that the fix gives exactly the expected text, that the fixed schema
still validates, and that the fixed schema no longer triggers the rule (so a
second application changes nothing).
"""

from __future__ import annotations

from analysis.api import Analysis, analyze
from analysis.fixes import apply
from analysis.lint import Enabled, lint
from analysis.rules import find_rule
from analysis.rules.base import Finding
from analysis.text import SourceFile

POSTGRES = 'datasource db {\n  provider = "postgresql"\n}\n\n'


def run(code: str, text: str, path: str = "schema.prisma", **options: object) -> list[Finding]:
    """The findings of rule ``code`` alone on ``text``."""
    return run_analysis(code, analyze([SourceFile(path, text)]), **options)


def run_analysis(code: str, analysis: Analysis, **options: object) -> list[Finding]:
    rule = find_rule(code)
    assert rule is not None, code
    return lint(analysis, [Enabled(rule, rule.severity, rule.Options(**options))])


def covered(text: str, finding: Finding) -> str:
    return text[finding.span.start : finding.span.end]


def fixed(text: str, finding: Finding, which: int = 0) -> str:
    """``text`` after the finding's fix number ``which``.

    Also checks what every fix must guarantee: the result still validates, and
    the rule no longer reports this finding there, so applying the fix again
    changes nothing.
    """
    fix = finding.fixes[which]
    path = finding.span.path
    result = apply(text, [e for e in fix.edits if e.path == path])
    after = analyze([SourceFile(path, result)])
    errors = [d for d in after.diagnostics if d.is_error]
    assert errors == [], errors
    assert finding.message not in [f.message for f in run_analysis(finding.code, after)]
    return result


def fixed_files(texts: dict[str, str], finding: Finding, which: int = 0) -> dict[str, str]:
    """Every file of a multi-file schema after the finding's fix number ``which``
    (unchanged files included), with the same checks as :func:`fixed`."""
    fix = finding.fixes[which]
    result = {
        path: apply(text, [e for e in fix.edits if e.path == path]) for path, text in texts.items()
    }
    after = analyze([SourceFile(p, t) for p, t in result.items()])
    errors = [d for d in after.diagnostics if d.is_error]
    assert errors == [], errors
    assert finding.message not in [f.message for f in run_analysis(finding.code, after)]
    return result


def explanation_examples(code: str) -> tuple[str, str]:
    """The `## Example` and `## Use instead` schemas of rule ``code``'s explanation, each
    after a PostgreSQL datasource (for a check that the rule flags the one, not the other)."""
    import re

    rule = find_rule(code)
    assert rule is not None, code
    text = rule.explanation()
    blocks = []
    for section in ("Example", "Use instead"):
        found = re.search(rf"## {section}\n```prisma\n(.*?)```", text, re.S)
        assert found is not None, f"{code}: no prisma block under `## {section}`"
        blocks.append(POSTGRES + found.group(1))
    return blocks[0], blocks[1]
