"""The scopes that incremental checking relies on hold on real schemas.

A model-scoped rule, or a local validation check, run on one declaration (as
:func:`analysis.check.recheck` runs it on the dirty ones) must give exactly
the findings a whole run gives inside that declaration: it reports only
inside what it looks at, and reads nothing else that an edit could change
unseen. Property tests in ``test_incremental_analysis.py`` check the outcome
after edits; these check the premise, declaration by declaration, on every
real schema of the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.api import analyze
from analysis.lint import Enabled, default_selection
from analysis.model.schema import CompositeType, Enum, Model
from analysis.reuse import Change, Locator, Region, partition, restricted, touches
from analysis.rules.base import RuleContext, Scope
from analysis.text import SourceFile
from analysis.validate import LOCAL, Report
from tests.helpers import CORPUS


def _selection() -> list[Enabled]:
    """Every rule; PAC007 with index naming on (off by default, it would report nothing)."""
    return [
        Enabled(e.rule, e.severity, e.rule.Options(index_naming=True))
        if e.rule.code == "PAC007"
        else e
        for e in default_selection()
    ]


def _schemas() -> list[Path]:
    real = CORPUS / "real"
    return sorted(p for p in real.iterdir() if p.is_dir()) if real.is_dir() else []


def _files(folder: Path) -> list[SourceFile]:
    return [SourceFile(str(p), p.read_text(encoding="utf-8"))
            for p in sorted(folder.rglob("*.prisma"))]


@pytest.mark.parametrize("folder", _schemas(), ids=lambda p: p.name)
def test_model_scoped_rules_and_local_checks_work_declaration_by_declaration(
    folder: Path,
) -> None:
    analysis = analyze(_files(folder))
    schema = analysis.schema
    files = {f.path: f for f in analysis.files}
    locator = Locator(schema.decls)
    entities = [*schema.all_models, *schema.all_enums, *schema.all_composite_types]
    counted = [e for e in entities if schema.type_decl(e.name) is e]
    for enabled in _selection():
        rule = enabled.rule
        if rule.scope != "model" or (
            rule.providers is not None and schema.provider not in rule.providers
        ):
            continue
        ctx = RuleContext(schema, files, enabled.severity, enabled.options)
        whole = partition(rule().check(ctx), locator)
        assert whole is not None, f"{rule.code} reports outside every declaration"
        for entity in counted:
            key = id(entity.decl.block)
            scope = Scope(
                (entity,) if isinstance(entity, Model) else (),
                tuple(r for r in schema.relations if touches(r, frozenset({key}))),
                (entity,) if isinstance(entity, CompositeType) else (),
                (entity,) if isinstance(entity, Enum) else (),
            )
            alone = [
                f for f in rule().check(RuleContext(
                    schema, files, enabled.severity, enabled.options, scope))
                if locator.owner(f.span.path, f.span.start) == key
            ]
            assert alone == whole.get(key, []), (rule.code, entity.name)
    for check in LOCAL:
        report = Report()
        check(schema, report)
        whole = partition(report.diagnostics, locator)
        assert whole is not None, f"{check.__qualname__} reports outside every declaration"
        for entity in entities:
            key = id(entity.decl.block)
            change = Change(Region("", 0, 0, 0), frozenset({key}), frozenset(), [entity])
            report = Report()
            check(restricted(schema, change), report)
            alone = [d for d in report.diagnostics if locator.owner(d.path, d.start) == key]
            assert alone == whole.get(key, []), (check.__qualname__, entity.name)
