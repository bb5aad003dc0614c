"""PAI003 dangling-reference."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from analysis.diagnostics import Severity
from analysis.fixes import after_line, line_break, line_start
from analysis.model.schema import Field, Model, Schema
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext, Scope, per_schema
from analysis.rules.field_names import fields_by_name, relation_scalars
from analysis.rules.relation_edits import (
    camel,
    columns,
    field_line,
    free_name,
    id_field,
    insert_fields,
    is_log_model,
    is_snake_style,
    plural,
    relations_between,
    snake,
    words,
)
from analysis.rules.tracking import Tracker


class DanglingReference(Rule):
    """
    ## What it does
    Flags a scalar field named `<model>Id` or `<model>_id`, where `<model>` is a model of the
    schema (compared case-insensitively) and the field's type is that model's id type, when
    no relation uses the field as its foreign key.

    ## Why is this bad?
    The column holds the id of another row, but without a relation Prisma creates no
    `FOREIGN KEY` constraint: the id may point at a row that never existed or was deleted,
    nothing happens on delete, no index comes with it, and Prisma Client offers no
    `include` to follow it. It is a foreign key in everything but the guarantee.

    ## Example
    ```prisma
    model Post {
      id     Int @id
      userId Int
    }
    ```

    ## Use instead
    ```prisma
    model Post {
      id     Int  @id
      userId Int
      user   User @relation(fields: [userId], references: [id], onDelete: Cascade)
    }
    ```
    with `posts Post[]` on `User`.

    ## Fix safety
    Unsafe: the new foreign key constraint fails to apply while rows reference missing ids,
    so clean those up first. The fixes differ in the `onDelete` action (`Cascade` or
    `Restrict`; `SetNull` or `Cascade` for an optional field); the opposite field is added
    on the target model.

    ## When to ignore
    When the referenced rows live elsewhere (another database, a different service) or the
    value must outlive the row on purpose; say so in a comment on the field that mentions
    the foreign key (`// no fk: …`, any comment with "fk", "foreign", "relation",
    "constraint" or "reference"), which silences the rule. Log models (`AuditLog`,
    `ActivityEvent`, …), a model's own `<model>Id` and models in different database schemas
    are not flagged.
    """

    code = "PAI003"
    name = "dangling-reference"
    group = Group.INTEGRITY
    severity = Severity.WARNING
    neighbours = "own"  # the models its fields name: tracked
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"})
    scope = "model"  # with the models its fields name by key: tracked

    @classmethod
    def track(cls, ctx: RuleContext) -> Tracker:
        return _NamedKeys(ctx.schema)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        targets = _targets(ctx.schema)
        models = ctx.schema.models
        named_fields = per_schema(ctx.schema, _naming_fields) if ctx.scope is None else None
        for model in ctx.models:
            if named_fields is None:
                candidates = model.fields
            else:  # its `<x>Id` fields that name a model and are no foreign key (rare)
                candidates = named_fields.get(id(model), [])
                if not candidates:
                    continue
            if model.is_view or model.is_ignored or is_log_model(model):
                continue
            # Read at the first key that names a model (the candidates are no keys).
            used: frozenset[str] | None = None
            for fld in candidates:
                if fld.kind != "scalar" or fld.arity == "list":
                    continue
                named = _named_key(fld.name)
                if named is None:
                    continue
                name = targets.get(named)
                target = models.get(name) if name is not None else None
                if target is None or target is model or target.schema != model.schema:
                    continue
                if used is None:
                    used = _relation_scalars(model) if named_fields is None else frozenset()
                if fld.name in used or _deliberate(fld):
                    continue
                ident = id_field(target)
                if ident is None or ident.type_name != fld.type_name or ident is fld:
                    continue
                yield self._finding(ctx, model, fld, target, ident)

    def _finding(
        self, ctx: RuleContext, model: Model, fld: Field, target: Model, ident: Field
    ) -> Finding:
        actions = ["SetNull", "Cascade"] if fld.is_optional else ["Cascade", "Restrict"]
        fixes = _add_relations(ctx, model, fld, target, ident, actions)
        return self.finding(
            ctx,
            fld.name_span,
            f"`{fld.name}` of `{model.name}` looks like a foreign key to `{target.name}` but no "
            f"relation uses it: nothing stops it from pointing at a row that does not exist.",
            related=((target.decl.name_span, f"`{target.name}` is declared here"),),
            fixes=fixes,
        )


def _relation_scalars(model: Model) -> frozenset[str]:
    """The names the model's relations list in `fields:`."""
    return frozenset(
        name
        for fld in model.fields
        if fld.relation_attr is not None and fld.relation_attr.fields
        for name in fld.relation_attr.fields
    )


@lru_cache(maxsize=16384)
def _key(name: str) -> str:
    """The name without case or separators; cached: model names repeat across lints."""
    return "".join(words(name))


@cache
def _named_key(name: str) -> str | None:
    """The name key an `<x>Id` field name speaks of (`authorId` → `author`), ``None``
    for other names. Cached: field names repeat across models and lints."""
    w = words(name)
    return "".join(w[:-1]) if len(w) >= 2 and w[-1] == "id" else None


def _naming_fields(schema: Schema) -> dict[int, list[Field]]:
    """By model id, the fields named `<x>Id` for a model `<x>` that no relation of
    their model lists in `fields:`, in declaration order."""
    targets = _targets(schema)
    found: dict[int, list[Field]] = {}
    for name, fields in fields_by_name(schema).items():
        if _named_key(name) in targets:
            for fld in fields:
                if name not in relation_scalars(schema, fld.owner):
                    found.setdefault(id(fld.owner), []).append(fld)
    for fields in found.values():
        if len(fields) > 1:
            fields.sort(key=lambda f: f.node.start)
    return found


_last_targets: tuple[Schema, dict[str, str]] | None = None


def _targets(schema: Schema) -> dict[str, str]:
    """The model each name key stands for (`userAccount` → `UserAccount`), by name.
    Made of names, views and `@@ignore` only: the same until the declaration
    signature changes (built once per schema, passed on by the tracker)."""
    global _last_targets
    if _last_targets is not None and _last_targets[0] is schema:
        return _last_targets[1]
    targets = {
        _key(m.name): m.name
        for m in schema.models.values()
        if not m.is_view and not m.is_ignored
    }
    _last_targets = (schema, targets)
    return targets


def _keys_read(model: Model) -> set[str]:
    """The name keys of the models ``model``'s `<x>Id` fields may speak of."""
    return {
        "".join(w[:-1])
        for fld in model.fields
        if fld.kind == "scalar" and fld.name.rstrip("_").lower().endswith("id")
        and len(w := words(fld.name)) >= 2 and w[-1] == "id"
    }


class _NamedKeys(Tracker):
    """Which models have `<x>Id` fields for each name key: when a model changes,
    the models whose fields name it by key run again."""

    def __init__(self, schema: Schema) -> None:
        self.targets = _targets(schema)
        self.keys: dict[str, set[str]] = {}
        self.readers: dict[str, set[str]] = {}
        self.seen = dict(schema.models)
        """The version of each model the findings were made with."""
        for model in schema.models.values():
            self._read(model)

    def _read(self, model: Model) -> None:
        for key in self.keys.pop(model.name, ()):
            self.readers[key].discard(model.name)
        keys = self.keys[model.name] = _keys_read(model)
        for key in keys:
            self.readers.setdefault(key, set()).add(model.name)

    def update(self, ctx: RuleContext, scope: Scope) -> Iterable[Model]:
        global _last_targets
        schema = ctx.schema
        _last_targets = (schema, self.targets)
        for model in scope.models:
            self._read(model)
        out: list[Model] = []
        for model in scope.models:
            if self.seen.get(model.name) is model:
                continue  # a neighbour of the edit, not changed itself
            self.seen[model.name] = model
            for name in self.readers.get(_key(model.name), ()):
                reader = schema.models.get(name)
                if reader is not None:
                    out.append(reader)
        return out


_DELIBERATE = re.compile(r"\b(fk|foreign|relation|constraint|references?)\b", re.IGNORECASE)


def _deliberate(fld: Field) -> bool:
    """A comment on the field that talks about keys or relations: the choice is made."""
    node = fld.node
    texts = [node.doc or "", node.comment.text if node.comment is not None else ""]
    return any(_DELIBERATE.search(t) for t in texts)


def _add_relations(
    ctx: RuleContext,
    model: Model,
    fld: Field,
    target: Model,
    ident: Field,
    actions: list[str],
) -> tuple[Fix, ...]:
    """One fix per `onDelete` action. Only the relation line differs between them, so the
    names, columns and the back-relation edit are worked out once."""
    text = ctx.text(model.decl.path)
    prefix = words(fld.name)[:-1]
    rel_name = free_name(
        model, snake("_".join(prefix)) if is_snake_style(model) else camel("_".join(prefix))
    )
    relation_name = None
    if relations_between(model, target) > 0 or target is model:
        relation_name = f"{model.name}{''.join(p.capitalize() for p in prefix)}"
    optional = "?" if fld.is_optional else ""
    named = f'"{relation_name}", ' if relation_name else ""
    widths = columns(text, model, fld.node)
    start = model.decl.offset + fld.node.start
    indent = text[line_start(text, start) : start]
    eol = line_break(text)
    at = after_line(text, model.decl.offset + fld.node.end)
    unique = fld.attribute("unique") is not None or any(
        u.field_names == [fld.name] for u in model.uniques
    )
    back_base = camel(model.name) if unique else camel(plural(model.name))
    back_type = f"{model.name}?" if unique else f"{model.name}[]"
    back_attr = f'@relation("{relation_name}")' if relation_name else ""
    # Right after the new relation line on a self-relation, in the target model otherwise.
    back_line = ""
    back_edit: Edit | None = None
    if target is model:
        back = free_name(model, back_base, rel_name)
        back_line = f"{indent}{field_line(back, back_type, back_attr, widths)}{eol}"
    else:
        target_text = ctx.text(target.decl.path)
        if is_snake_style(target):
            back_base = snake(back_base)
        back = free_name(target, back_base)
        back_edit = insert_fields(
            target_text,
            target,
            [field_line(back, back_type, back_attr, columns(target_text, target))],
        )
    fixes = []
    for action in actions:
        line = field_line(
            rel_name,
            f"{target.name}{optional}",
            f"@relation({named}fields: [{fld.name}], references: [{ident.name}], "
            f"onDelete: {action})",
            widths,
        )
        edits = [Edit(model.decl.path, at, at, f"{indent}{line}{eol}{back_line}")]
        if back_edit is not None:
            edits.append(back_edit)
        fixes.append(
            Fix(
                f"Add relation `{rel_name}` on `{fld.name}` with `onDelete: {action}`",
                tuple(edits),
                safe=False,
            )
        )
    return tuple(fixes)
