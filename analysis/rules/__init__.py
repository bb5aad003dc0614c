"""The architect rules (codes ``PAI``, ``PAN``, ``PAX``, ``PAC``, ``PAT``).

One module per rule (or per small family) in this package; each defines a
:class:`~analysis.rules.base.Rule` subclass, which registers it. Importing
this package imports every module once, so :func:`all_rules` is the only
list of rules there is.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from analysis.rules.base import REGISTRY, Rule, rule_by_name


@cache
def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule by code, in code order."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base":
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(REGISTRY.items()))


def find_rule(code_or_name: str) -> type[Rule] | None:
    """A rule by code (`PAX001`, any case) or name (`fk-missing-index`)."""
    rules = all_rules()
    return rules.get(code_or_name.upper()) or rule_by_name(code_or_name)
