"""PAI008 required-relation-cycle."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model, Schema, Span
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext, Scope
from analysis.rules.field_names import relation_fields_of
from analysis.rules.tracking import Tracker


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
    neighbours = "relations"
    providers = None
    scope = "model"  # a cycle's finding reads the models of its cycle: tracked

    @classmethod
    def track(cls, ctx: RuleContext) -> Tracker:
        return _Cycles(ctx.schema)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        models = ctx.schema.models
        if ctx.scope is None:
            cycles = list(_cycles(_all_edges(ctx.schema)))
        else:
            # A cycle lies in one strongly connected component: walk only those
            # of the models in scope.
            edges = {}

            def successors(name: str) -> list[str]:
                if name not in edges:
                    model = models.get(name)
                    edges[name] = _edges(model) if model is not None else []
                return [f.type_name for f in edges[name]]

            cycles = []
            done: set[str] = set()
            for model in ctx.models:
                if model.name in done:
                    continue
                component = _component(model.name, successors)
                done.update(component)
                if len(component) > 1 or model.name in successors(model.name):
                    cycles += _cycles({n: edges[n] for n in component if edges[n]})
            mine = {id(m) for m in ctx.models}
            cycles = [c for c in cycles if id(c[-1].owner) in mine]
        seen: set[frozenset[int]] = set()
        for cycle in cycles:
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


def _edges(model: Model, relation_fields: list[Field] | None = None) -> list[Field]:
    """The required relations of ``model`` whose foreign keys are all required
    (``relation_fields``: its relation fields, when known)."""
    if model.is_view or model.is_ignored:
        return []
    out = []
    for fld in model.relation_fields if relation_fields is None else relation_fields:
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
            out.append(fld)
    return out


def _component(start: str, successors: Callable[[str], Iterable[str]]) -> set[str]:
    """The strongly connected component of ``start``: the models it reaches that
    reach it back (``start`` alone when there is none)."""
    reached = {start}
    todo = [start]
    while todo:
        for target in successors(todo.pop()):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    preceding: dict[str, list[str]] = {}
    for name in reached:
        for target in successors(name):
            if target in reached:
                preceding.setdefault(target, []).append(name)
    component = {start}
    todo = [start]
    while todo:
        for name in preceding.get(todo.pop(), ()):
            if name not in component:
                component.add(name)
                todo.append(name)
    return component


_last_edges: tuple[Schema, dict[str, list[Field]]] | None = None


def _all_edges(schema: Schema) -> dict[str, list[Field]]:
    """The required relations of every model that has some (once per schema: the
    tracker and a whole run share them)."""
    global _last_edges
    if _last_edges is not None and _last_edges[0] is schema:
        return _last_edges[1]
    edges = {
        name: found
        for name, m in schema.models.items()
        if (found := _edges(m, relation_fields_of(schema, m)))
    }
    _last_edges = (schema, edges)
    return edges


class _Cycles(Tracker):
    """The required relations between models, by name: after an edit, the
    models of the components a dirty model was in or is in now run again
    (any of them may hold a finding about a cycle through it)."""

    def __init__(self, schema: Schema) -> None:
        self.edges = {
            name: [f.type_name for f in found] for name, found in _all_edges(schema).items()
        }

    def _successors(self, name: str) -> list[str]:
        return self.edges.get(name, [])

    def update(self, ctx: RuleContext, scope: Scope) -> Iterable[Model]:
        names: set[str] = set()
        for model in scope.models:
            names |= _component(model.name, self._successors)
        for model in scope.models:
            found = _edges(model)
            if found:
                self.edges[model.name] = [f.type_name for f in found]
            else:
                self.edges.pop(model.name, None)
        for model in scope.models:
            names |= _component(model.name, self._successors)
        models = ctx.schema.models
        return [m for name in names if (m := models.get(name)) is not None]


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
    fks = [model.by_name.get(n) for n in fld.relation_attr.fields or []]
    pk = set(model.primary_key.field_names) if model.primary_key is not None else set()
    edits = []
    for f in [fld, *fks]:
        # A key being typed (not declared yet, or still without a type) has no `?` to
        # take: no fix until it does.
        if f is None or f.node.type is None or (f is not fld and f.name in pk):
            return None
        at = f.decl.offset + f.node.type.end
        edits.append(Edit(f.decl.path, at, at, "?"))
    return Fix(f"Make `{model.name}.{fld.name}` optional", tuple(edits), safe=False)
