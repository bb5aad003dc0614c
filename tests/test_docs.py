"""docs/rules.md is generated from the registry (analysis.docs) and kept current."""

from __future__ import annotations

from pathlib import Path

from analysis import docs
from analysis.rules import all_rules
from analysis.rules.base import Group, Rule

RULES_MD = Path(__file__).resolve().parents[1] / "docs" / "rules.md"

#: prisma-lint 0.13.1's rules (the files of its dist/rules/).
PRISMA_LINT_RULES = {
    "ban-unbounded-string-type",
    "enum-name-pascal-case",
    "enum-value-case",
    "enum-value-snake-case",
    "field-name-camel-case",
    "field-name-grammatical-number",
    "field-name-mapping-snake-case",
    "field-order",
    "forbid-field",
    "forbid-required-ignored-field",
    "model-name-grammatical-number",
    "model-name-mapping-snake-case",
    "model-name-pascal-case",
    "model-name-prefix",
    "require-default-empty-arrays",
    "require-field-index",
    "require-field-type",
    "require-field",
}


def test_rules_md_is_current() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == docs.render(), (
        "docs/rules.md is stale: run `python -m analysis.docs > docs/rules.md`"
    )


def test_every_rule_has_a_row() -> None:
    text = docs.render()
    for rule in all_rules().values():
        assert f"| {rule.code} | `{rule.name}` | {rule.group.value} |" in text


def test_every_prisma_lint_rule_is_mapped_or_said_to_have_no_equivalent() -> None:
    assert set(docs.PRISMA_LINT_0_13) == PRISMA_LINT_RULES
    text = docs.render()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    for name in PRISMA_LINT_RULES:
        [row] = [r for r in rows if r.startswith(f"| `{name}` |")]
        ours = row.split(" | ")[1]
        assert ours == "no equivalent yet" or ours.startswith("PA"), row
    assert "| `require-field-index` | PAX001 `fk-missing-index`" in text


def fake_rule(fix_safety: str) -> type[Rule]:
    """A rule class that is not registered (built without the registering base hook)."""

    class Fake:
        code, name, group, providers = "PAX999", "fake", Group.INDEXING, None

        @classmethod
        def explanation(cls) -> str:
            return (
                f"## What it does\nX.\n\n## Fix safety\n{fix_safety}\n\n## When to ignore\nNever."
            )

    return Fake  # type: ignore[return-value]


def test_fix_availability_reads_the_fix_safety_section() -> None:
    cases = {
        "Safe: adding an index changes no data.": "safe",
        "Unsafe: the column type changes.": "unsafe",
        "The `@map` fix is safe; the rename is unsafe.": "safe, unsafe",
        "There is no fix: the change needs a migration.": "none",
        "No automatic fix.": "none",
        "None.": "none",
        "Hint only: explains the partial index.": "none",
        "": "none",
    }
    for text, expected in cases.items():
        assert docs.fix_availability(fake_rule(text)) == expected, text
