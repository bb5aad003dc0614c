"""Rule selectors: what `select`, `ignore`, `severity` and suppression comments name.

A selector is ``ALL``, a rule code (``PAX001``, any case), a code prefix
(``PAX``, ``PAX00``), a rule name (``fk-missing-index``) or a group
(``indexing``). ``PAS001`` (unused-suppression) is not a rule class but can be
selected like one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analysis.rules import all_rules
from analysis.rules.base import Group, Rule

UNUSED_SUPPRESSION = "PAS001"
UNUSED_SUPPRESSION_NAME = "unused-suppression"
_PREFIX = re.compile(r"PA[A-Z]?\d{0,3}")
#: Prefixes that are valid even when no registered rule starts with them yet.
_GROUP_PREFIXES = frozenset({"PA", "PAS", *(g.prefix for g in Group)})


@dataclass(frozen=True, slots=True)
class Resolved:
    """The codes a selector names and how specific it is (more specific wins)."""

    codes: frozenset[str]
    specificity: int


def known_codes(rules: Mapping[str, type[Rule]] | None = None) -> dict[str, str]:
    """Every selectable code → its name (the rules and ``PAS001``)."""
    rules = all_rules() if rules is None else rules
    names = {code: rule.name for code, rule in rules.items()}
    names[UNUSED_SUPPRESSION] = UNUSED_SUPPRESSION_NAME
    return dict(sorted(names.items()))


def resolve(selector: str, rules: Mapping[str, type[Rule]] | None = None) -> Resolved | None:
    """The codes ``selector`` names, or ``None`` when it names nothing known."""
    rules = all_rules() if rules is None else rules
    codes = known_codes(rules)
    if selector == "ALL":
        return Resolved(frozenset(codes), 0)
    for group in Group:
        if selector == group.value:
            return Resolved(frozenset(c for c, r in rules.items() if r.group is group), 1)
    for code, name in codes.items():
        if selector == name:
            return Resolved(frozenset({code}), 7)
    upper = selector.upper()
    if _PREFIX.fullmatch(upper):
        matched = frozenset(c for c in codes if c.startswith(upper))
        if matched or upper in _GROUP_PREFIXES:
            return Resolved(matched, 1 + len(upper))
    return None


def resolve_all(
    selectors: Iterable[str], rules: Mapping[str, type[Rule]] | None = None
) -> frozenset[str]:
    """The union of the codes of the known ``selectors`` (unknown ones name nothing)."""
    out: set[str] = set()
    for selector in selectors:
        resolved = resolve(selector, rules)
        if resolved is not None:
            out |= resolved.codes
    return frozenset(out)


def unknown_message(selector: str, rules: Mapping[str, type[Rule]] | None = None) -> str:
    """``Unknown rule selector `X```, with a close known spelling when there is one."""
    codes = known_codes(rules)
    candidates = ["ALL", *codes, *codes.values(), *(g.value for g in Group)]
    close = difflib.get_close_matches(selector, candidates, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return f"Unknown rule selector `{selector}`{hint}"
