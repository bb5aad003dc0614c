"""Running the architect rules over an analysis.

Rules run on whatever the model holds, errors or not, so that findings do not
flicker while the user types; a rule that raises is logged and skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from analysis.api import Analysis
from analysis.diagnostics import Severity
from analysis.rules import all_rules
from analysis.rules.base import Finding, Rule, RuleContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enabled:
    """A rule to run, with its configured severity and options."""

    rule: type[Rule]
    severity: Severity
    options: BaseModel


def default_selection() -> list[Enabled]:
    """Every rule, with its default severity and options."""
    return [Enabled(rule, rule.severity, rule.Options()) for rule in all_rules().values()]


def lint(analysis: Analysis, rules: Iterable[Enabled] | None = None) -> list[Finding]:
    """The findings of ``rules`` (default: all) on ``analysis``, in file order."""
    schema = analysis.schema
    provider = schema.provider
    files = {f.path: f for f in analysis.files}
    findings: list[Finding] = []
    for enabled in rules if rules is not None else default_selection():
        rule = enabled.rule
        if rule.providers is not None and provider not in rule.providers:
            continue
        ctx = RuleContext(schema, files, enabled.severity, enabled.options)
        try:
            findings.extend(rule().check(ctx))
        except Exception:  # one broken rule must not hide the others
            log.exception("rule %s (%s) failed", rule.code, rule.name)
    order = {f.path: i for i, f in enumerate(analysis.files)}
    findings.sort(key=lambda f: (order.get(f.span.path, len(order)), f.span.start, f.code))
    return findings
