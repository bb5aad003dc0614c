"""PAI008 required-relation-cycle."""

from __future__ import annotations

from analysis.fixes import apply
from analysis.rules.base import Finding
from tests.rule_cases import POSTGRES, covered, fixed, run

SCHEMA = (
    POSTGRES
    + """model Team {
  id      Int    @id
  ownerId Int    @unique
  owner   User   @relation("owner", fields: [ownerId], references: [id], onDelete: Restrict)
  members User[] @relation("members")
}

model User {
  id     Int   @id
  teamId Int
  team   Team  @relation("members", fields: [teamId], references: [id], onDelete: Restrict)
  owns   Team? @relation("owner")

  @@index([teamId])
}
"""
)


def test_flags_a_cycle_of_required_relations_with_one_fix_per_edge() -> None:
    (finding,) = run("PAI008", SCHEMA)
    assert finding.code == "PAI008"
    assert covered(SCHEMA, finding) == "team"
    assert finding.message == (
        "Required relations form a cycle `Team` → `User` → `Team`: no row of them can be "
        "inserted first."
    )
    assert finding.related[0][1] == "`Team` requires a `User`"
    assert [(f.title, f.safe) for f in finding.fixes] == [
        ("Make `User.team` optional", False),
        ("Make `Team.owner` optional", False),
    ]
    assert fixed(SCHEMA, finding) == SCHEMA.replace("teamId Int\n", "teamId Int?\n").replace(
        "team   Team  @relation", "team   Team?  @relation"
    )
    assert fixed(SCHEMA, finding, 1) == SCHEMA.replace(
        "ownerId Int    @unique", "ownerId Int?    @unique"
    ).replace("owner   User   @relation", "owner   User?   @relation")


def test_flags_a_required_self_relation() -> None:
    text = POSTGRES + (
        "model Node {\n  id       Int    @id\n  parentId Int\n"
        '  parent   Node   @relation("tree", fields: [parentId], references: [id])\n'
        '  children Node[] @relation("tree")\n\n  @@index([parentId])\n}\n'
    )
    (finding,) = run("PAI008", text)
    assert finding.message == (
        "Required relations form a cycle `Node` → `Node`: no row of this model can be "
        "inserted first."
    )
    assert "  parentId Int?\n  parent   Node?   @relation" in fixed(text, finding)


def test_silent_when_one_edge_is_optional() -> None:
    text = SCHEMA.replace("ownerId Int    @unique", "ownerId Int?   @unique").replace(
        "owner   User   @relation", "owner   User?  @relation"
    )
    assert run("PAI008", text) == []


def test_no_fix_for_an_edge_whose_foreign_key_has_no_type_yet() -> None:
    # `teamId` is being typed: only the other edge can be made optional.
    text = SCHEMA.replace("  teamId Int\n", "  teamId\n")
    (finding,) = run("PAI008", text)
    assert (finding.code, covered(text, finding)) == ("PAI008", "team")
    assert finding.span.start == text.index("team   Team")
    assert finding.message == (
        "Required relations form a cycle `Team` → `User` → `Team`: no row of them can be "
        "inserted first."
    )
    assert [f.title for f in finding.fixes] == ["Make `Team.owner` optional"]
    assert applied(text, finding) == text.replace("ownerId Int ", "ownerId Int? ").replace(
        "owner   User ", "owner   User? "
    )


def applied(text: str, finding: Finding) -> str:
    """``text`` after the finding's first fix: on a schema still being typed, whose
    errors the fix does not touch (:func:`fixed` wants a valid result)."""
    return apply(text, list(finding.fixes[0].edits))
