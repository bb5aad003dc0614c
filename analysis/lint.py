"""Running the architect rules over an analysis.

Rules run on whatever the model holds, errors or not, so that findings do not
flicker while the user types; a rule that raises is logged and skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace

from pydantic import BaseModel

from analysis.api import Analysis, collector_paused
from analysis.config import SEVERITIES, Settings, check_options, rule_options
from analysis.diagnostics import Diagnostic, Severity
from analysis.model.schema import CompositeType, Enum, Model, Schema
from analysis.reuse import Locator, partition, touches, update
from analysis.rules import all_rules, find_rule
from analysis.rules.base import Finding, Rule, RuleContext, Scope
from analysis.selectors import UNUSED_SUPPRESSION, resolve, unknown_message

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
    return lint_again(analysis, rules).findings


@dataclass(slots=True)
class Kept:
    """A model-scoped rule's findings, split by owning block only when an edit
    needs it (a first check, say from the command line, never pays for it)."""

    facts: Hashable
    """The rule's :meth:`~analysis.rules.base.Rule.schema_facts` when it ran."""
    found: list[Finding]
    by_block: dict[int, list[Finding]] | None

    def blocks(self, locator: Locator) -> dict[int, list[Finding]] | None:
        """The findings by owning block (``None``: one lies outside every block)."""
        if self.by_block is None:
            self.by_block = partition(self.found, locator)
        return self.by_block


@dataclass(slots=True)
class Linted:
    """The findings of one lint, and what the lint after the next edit can reuse."""

    findings: list[Finding]
    schema: Schema
    rules: tuple[Enabled, ...]
    parts: dict[str, Kept]
    """What each model-scoped rule found."""
    locator: Locator
    """Which block of the linted analysis holds a finding."""
    shown: dict[int, tuple[Finding, Diagnostic]] = field(default_factory=dict)
    """The diagnostic of each finding the check kept (by finding id), for reuse."""


def lint_again(
    analysis: Analysis,
    rules: Iterable[Enabled] | None = None,
    previous: Linted | None = None,
) -> Linted:
    """Lint ``analysis``; with the lint of the analysis it was re-analyzed from
    (same rules), model-scoped rules run on the dirty models only (see
    :mod:`analysis.reuse`) and keep their other findings."""
    schema = analysis.schema
    provider = schema.provider
    files = {f.path: f for f in analysis.files}
    selected = tuple(rules if rules is not None else default_selection())
    reuse = analysis.reuse
    change = reuse.change if reuse is not None else None
    if (previous is None or reuse is None or previous.schema is not reuse.base
            or previous.rules != selected):
        change = None
    scope: Scope | None = None
    if change is not None:
        scope = Scope(
            tuple(m for m in change.entities
                  if isinstance(m, Model) and schema.models.get(m.name) is m),
            tuple(r for r in schema.relations if touches(r, change.dirty)),
            tuple(c for c in change.entities
                  if isinstance(c, CompositeType) and schema.composite_types.get(c.name) is c),
            tuple(e for e in change.entities
                  if isinstance(e, Enum) and schema.enums.get(e.name) is e),
        )
    locator = reuse.locator if reuse is not None else Locator(schema.decls)
    shifter = reuse.shifter if reuse is not None else None
    findings: list[Finding] = []
    parts: dict[str, Kept] = {}
    with collector_paused():
        for enabled in selected:
            rule = enabled.rule
            if rule.providers is not None and provider not in rule.providers:
                continue
            ctx = RuleContext(schema, files, enabled.severity, enabled.options)
            found: list[Finding] | None = None
            try:
                if rule.scope == "model":
                    facts = rule.schema_facts(ctx)
                    old = previous.parts.get(rule.code) if previous is not None else None
                    if (change is not None and scope is not None and old is not None
                            and previous is not None and old.facts == facts):
                        blocks = old.blocks(previous.locator)
                        fresh = rule().check(replace(ctx, scope=scope))
                        if blocks is not None and update(blocks, fresh, locator, change, shifter):
                            parts[rule.code] = Kept(facts, [], blocks)
                            found = [f for items in blocks.values() for f in items]
                    if found is None:
                        found = list(rule().check(ctx))
                        parts[rule.code] = Kept(facts, found, None)
                else:
                    found = list(rule().check(ctx))
            except Exception:  # one broken rule must not hide the others
                log.exception("rule %s (%s) failed", rule.code, rule.name)
                continue
            findings.extend(found)
        order = {f.path: i for i, f in enumerate(analysis.files)}
        findings.sort(key=lambda f: (order.get(f.span.path, len(order)), f.span.start, f.code))
    return Linted(findings, schema, selected, parts, locator)


@dataclass(frozen=True)
class Selection:
    """What the settings enable: the rules to run, and per selectable code
    (rules and ``PAS001``) whether it is on and how severe it is."""

    enabled: tuple[Enabled, ...]
    codes: frozenset[str]
    severities: dict[str, Severity]
    problems: tuple[str, ...]
    """Unknown selectors and bad options in settings that were not loaded from a
    file (a loaded file's problems are reported, with their place, at load time)."""


def select_rules(settings: Settings) -> Selection:
    """The rules ``settings`` enable, with their severities and options.

    Enabled = (``select`` ∪ ``extend-select``) − ``ignore``: ignore beats select.
    Severity overrides apply from the least to the most specific selector
    (``ALL``, group, prefix by length, code or name), so the most specific wins.
    """
    rules = all_rules()
    problems: list[str] = []

    def codes_of(selectors: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for selector in selectors:
            resolved = resolve(selector, rules)
            if resolved is None:
                problems.append(unknown_message(selector, rules))
            else:
                out |= resolved.codes
        return out

    on = (codes_of(settings.select) | codes_of(settings.extend_select)) - codes_of(settings.ignore)
    severities = {code: rule.severity for code, rule in rules.items()}
    severities[UNUSED_SUPPRESSION] = Severity.WARNING
    overrides = []
    for order, (selector, level) in enumerate(settings.severity.items()):
        resolved = resolve(selector, rules)
        if resolved is None:
            problems.append(unknown_message(selector, rules))
        elif level in SEVERITIES:
            overrides.append((resolved.specificity, order, resolved.codes, SEVERITIES[level]))
    for _, _, codes, severity in sorted(overrides, key=lambda o: (o[0], o[1])):
        for code in codes:
            severities[code] = severity
    options: dict[str, dict[str, object]] = {}
    for key, values in settings.rules.items():
        found = find_rule(key)
        if found is None:
            problems.append(f"Unknown rule `{key}` in `rules`")
            continue
        options.setdefault(found.code, {}).update(values)
    enabled = []
    for code, rule in rules.items():
        if code not in on:
            continue
        configured = options.get(code, {})
        problems.extend(message for _, message, _ in check_options(rule, configured)[1])
        enabled.append(Enabled(rule, severities[code], rule_options(rule, configured)))
    return Selection(tuple(enabled), frozenset(on), severities, tuple(problems))


def enabled_rules(settings: Settings) -> list[Enabled]:
    """The rules to pass to :func:`lint` for ``settings``."""
    return list(select_rules(settings).enabled)
