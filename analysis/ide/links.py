"""Where a rule's documentation lives on the web.

One address per code, shared by the server's ``codeDescription`` links, the
hover and "Show documentation": ``docs/rules.md`` of the repository has a
section per rule whose heading is the code, so the anchor is the code in lower
case.
"""

from __future__ import annotations

REPOSITORY = "https://github.com/prisma-architect/prisma-architect"
RULES_PAGE = f"{REPOSITORY}/blob/main/docs/rules.md"


def rule_url(code: str) -> str:
    """The documentation address of the rule (or validation code) ``code``."""
    return f"{RULES_PAGE}#{code.lower()}"
