"""PAI008 required-relation-cycle."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model, Span
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext


class RequiredRelationCycle(Rule):
    """
    ## What it does
    Flags a cycle of required relations: model `A` has a required foreign key to `B`, `B`
    one to `C`, …, and the last one back to `A` (a required self relation is a cycle of
    one).

    ## Why is this bad?
    Every row of the cycle needs an existing row of the next model before it can be
    inserted, so none can be inserted first. Prisma cannot declare deferrable constraints,
    so the only ways out are a nested create that happens to work for one shape, or
    temporarily invalid data. Seeding, restoring a backup table by table and deleting with
    `Restrict` all run into the same wall.

    ## Example
    ```prisma
    model Team {
      id        Int  @id
      ownerId   Int  @unique
      owner     User @relation("owner", fields: [ownerId], references: [id])
      members   User[] @relation("members")
    }

    model User {
      id     Int  @id
      teamId Int
      team   Team  @relation("members", fields: [teamId], references: [id])
      owns   Team? @relation("owner")
    }
    ```

    ## Use instead
    Make one edge optional (`ownerId Int?`, `owner User?`) and set it after both rows
    exist, or move the edge to a join model.

    ## Fix safety
    One fix per edge of the cycle: it makes that relation (its field and foreign key
    columns) optional. Unsafe: the column accepts `NULL` afterwards, so code that assumed a
    value must handle its absence; existing data is unchanged.

    ## When to ignore
    When rows are only ever created together in one nested write that Prisma orders
    correctly, and never restored or seeded table by table.
    """

    code = "PAI008"
    name = "required-relation-cycle"
    group = Group.INTEGRITY
    severity = Severity.WARNING
    providers = None
    scope = "schema"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        edges: dict[str, list[Field]] = {}
        for model in ctx.schema.models.values():
            if model.is_view or model.is_ignored:
                continue
            for fld in model.relation_fields:
                attr = fld.relation_attr
                target = fld.target
                if (
                    fld.arity != "required"
                    or attr is None
                    or not attr.fields
                    or not isinstance(target, Model)
                    or target.is_view
                ):
                    continue
                fks = [model.by_name.get(n) for n in attr.fields]
                if all(f is not None and f.arity == "required" for f in fks):
                    edges.setdefault(model.name, []).append(fld)
        seen: set[frozenset[int]] = set()
        for cycle in _cycles(edges):
            key = frozenset(id(f) for f in cycle)
            if key in seen:
                continue
            seen.add(key)
            yield self._finding(ctx, cycle)

    def _finding(self, ctx: RuleContext, cycle: list[Field]) -> Finding:
        names = [f.owner.name for f in cycle] + [cycle[0].owner.name]
        path = " → ".join(f"`{n}`" for n in names)
        closing = cycle[-1]
        related: tuple[tuple[Span, str], ...] = tuple(
            (f.name_span, f"`{f.owner.name}` requires a `{f.type_name}`") for f in cycle[:-1]
        )
        fixes = tuple(fix for f in reversed(cycle) if (fix := _optional(ctx, f)) is not None)
        return self.finding(
            ctx,
            closing.name_span,
            f"Required relations form a cycle {path}: no row of "
            f"{'this model' if len(cycle) == 1 else 'them'} can be inserted first.",
            related=related,
            fixes=fixes,
        )


def _cycles(edges: dict[str, list[Field]]) -> Iterator[list[Field]]:
    """One elementary cycle through each edge that lies on a cycle (DFS from each node)."""
    for start in sorted(edges):
        stack: list[tuple[str, list[Field]]] = [(start, [])]
        visited: set[str] = set()
        while stack:
            node, path = stack.pop()
            for fld in edges.get(node, []):
                target = fld.type_name
                if target == start:
                    yield _rotate([*path, fld])
                elif target not in visited and target > start:
                    visited.add(target)
                    stack.append((target, [*path, fld]))


def _rotate(cycle: list[Field]) -> list[Field]:
    """The cycle starting at its model that sorts first (one reading of each cycle)."""
    first = min(range(len(cycle)), key=lambda i: (cycle[i].owner.name, cycle[i].name))
    return cycle[first:] + cycle[:first]


def _optional(ctx: RuleContext, fld: Field) -> Fix | None:
    model = fld.owner
    assert isinstance(model, Model) and fld.relation_attr is not None
    fks = [model.by_name[n] for n in fld.relation_attr.fields or []]
    pk = set(model.primary_key.field_names) if model.primary_key is not None else set()
    if any(f.name in pk for f in fks) or fld.node.type is None:
        return None
    edits = []
    for f in [fld, *fks]:
        node = f.node.type
        assert node is not None
        at = f.decl.offset + node.end
        edits.append(Edit(f.decl.path, at, at, "?"))
    return Fix(f"Make `{model.name}.{fld.name}` optional", tuple(edits), safe=False)
