"""What every editor must show on the example schema, shared by the editor tests.

The example (``examples/task-management``) has one unindexed foreign key,
``Comment.authorId``; the tests open it with the setting ``ignore = ["PAC002"]``
and apply that finding's quick fix.
"""

from __future__ import annotations

from analysis.ide.links import rule_url
from analysis.rules import all_rules

# The example's unindexed foreign key, as every client must show it.
FINDING_LINE = 213  # 0-based: `  author User @relation(fields: [authorId], references: [id])`
FINDING_START = 24
FINDING_END = 42
FINDING_CODE = "PAX001"
FINDING_MESSAGE = (
    "The foreign key `authorId` of relation `author` has no index: every join from `User`"
    " and every referential action scans `comments`."
)
FIX_TITLE = "Add `@@index([authorId])` for the foreign key"

SETTINGS = {"ignore": ["PAC002"]}
"""Sent as ``settings.prismaArchitect``: the 13 PAC002 findings must disappear."""
CODES = ["PAI001", "PAI001", "PAI004", "PAN001", "PAN004", "PAT008", "PAX001", "PAX002"]
"""The example's findings but PAC002."""
CODES_AFTER_FIX = [code for code in CODES if code != "PAX001"]
ACTIONS = [
    "Add `onDelete: Cascade` (unsafe)",
    "Add `onDelete: Restrict`",
    "Ignore PAI001 for this line",
    "Show documentation for PAI001",
    FIX_TITLE,
    f"Ignore {FINDING_CODE} for this line",
    f"Show documentation for {FINDING_CODE}",
]
"""The code-action menu at the finding: both findings' fixes and actions."""


PAI001_MESSAGE = (
    "Relation `author` of `Comment` does not state `onDelete`: deleting its `User` does"
    " `Restrict`, Prisma's implicit default for a required relation."
)
"""The other finding under the cursor: the relation states no ``onDelete``."""


def finding_hover(code: str, severity: str, message: str) -> str:
    rule = all_rules()[code]
    explanation = rule.explanation().replace("## ", "#### ")
    return (
        f"**{code}** `{rule.name}` ({severity}) · [documentation]({rule_url(code)})"
        f"\n\n{message}\n\n{explanation}"
    )


def expected_hover() -> str:
    """What hover shows on the finding's `fields` argument: both findings there,
    each with its rule's explanation, then the argument."""
    argument = "`fields: FieldReference[]?` of `@relation`: The foreign-key fields of this model."
    return "\n\n___\n\n".join(
        [
            finding_hover(FINDING_CODE, "warning", FINDING_MESSAGE),
            finding_hover("PAI001", "info", PAI001_MESSAGE),
            argument,
        ]
    )


def expected_after_fix(text: str) -> str:
    """The example's text once the PAX001 quick fix has added the index."""
    anchor = '  @@map("comments")\n'
    assert text.count(anchor) == 1, "the example's Comment model changed"
    return text.replace(anchor, anchor + "  @@index([authorId])\n")
