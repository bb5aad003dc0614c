"""PAN001 duplicated-relation-data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.fixes import remove_member
from analysis.model.schema import Field, Model, Schema
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext, per_schema
from analysis.rules.field_names import fields_by_name, relation_fields_of
from analysis.rules.naming_case import lower_words


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reasons: list[str] = [
        "denormalize",
        "denormalise",
        "denormalization",
        "denormalisation",
        "snapshot",
        "cache",
    ]
    """Text that, found in a field's comment (any case), says the copy is deliberate."""


class DuplicatedRelationData(Rule):
    """
    ## What it does
    Flags a field `<relation><Field>` (`ownerEmail`, `projectName`) on a model whose
    to-one relation `<relation>` leads to a model that has the field `<Field>` itself: a
    value copied from the related row.

    ## Why is this bad?
    The copy depends on the foreign key, not on the row's own key: a transitive dependency,
    which third normal form rules out. Every change of the original (the owner changes
    their email, the project is renamed) must now be repeated in every copy, in the same
    transaction, or the two disagree; nothing in the database keeps them in step. Reading
    the value through the relation (`include: { owner: true }`, or a `select` of
    `owner.email`) costs one indexed join.

    ## Example
    ```prisma
    model User {
      id    Int    @id
      email String @unique
      tasks Task[]
    }

    model Task {
      id         Int    @id
      ownerId    Int
      ownerEmail String
      owner      User   @relation(fields: [ownerId], references: [id])
    }
    ```

    ## Use instead
    ```prisma
    model User {
      id    Int    @id
      email String @unique
      tasks Task[]
    }

    model Task {
      id      Int  @id
      ownerId Int
      owner   User @relation(fields: [ownerId], references: [id])
    }
    ```

    ## Fix safety
    Unsafe: the fix removes the field, which drops the column and its data, and every read
    of it in the application must go through the relation instead. It is offered only when
    no index uses the field.

    ## When to ignore
    When the copy is deliberate: a snapshot of the value at the time of the event (the
    customer's address on an invoice, the price on an order line), or a measured
    performance need. Say so in a `///` comment on the field containing "denormalized" or
    "snapshot" (the words are configurable) and the rule stays silent. Not flagged either:
    the foreign key fields of a relation, `Json` fields, copies across a relation that is
    set to null when the related row is deleted (`onDelete: SetNull`, the default of an
    optional relation: the copy is then the record of a row that may be gone), and models
    documented as views (`/// @view`).
    """

    code = "PAN001"
    name = "duplicated-relation-data"
    group = Group.NORMALIZATION
    severity = Severity.WARNING
    scope = "model"  # reads the models its relations join
    Options = Options

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, Options)
        reasons = [r.lower() for r in options.reasons]
        # Built when first needed: most models copy nothing.
        keys: set[int] | None = None
        # A target's copyable fields, by model id: many relations point at the same models.
        originals: dict[int, dict[tuple[str, ...], Field]] = {}
        # A whole run reads the relation fields and the names that may be copies from
        # the schema's indexes: no walk over the other fields of every model.
        splits = per_schema(ctx.schema, _splits) if ctx.scope is None else None
        for model in ctx.tables:
            fields: _Candidates | None = None
            documented: bool | None = None
            by_names = splits is not None and len(model.by_name) == len(model.fields)
            for relation in (
                relation_fields_of(ctx.schema, model) if splits is not None else model.fields
            ):
                target = relation.target
                if relation.kind != "model" or relation.arity == "list":
                    continue
                if not isinstance(target, Model) or _keeps_copy(relation):
                    continue
                if by_names and splits is not None and _words(relation.name):
                    copies = _named_copies(relation, model, splits, target, originals)
                else:
                    if fields is None:
                        fields = _candidates(model)
                    copies = _copies(relation, fields, target, originals)
                for field, original in copies:
                    if documented is None:
                        documented = _documented_view(ctx, model)
                    if documented:
                        break
                    if keys is None:
                        keys = _key_fields(ctx)
                    if id(field) in keys or _explained(field, reasons):
                        continue
                    yield self._finding(ctx, model, relation, field, original)
                if documented:
                    break

    def _finding(
        self,
        ctx: RuleContext,
        model: Model,
        relation: Field,
        field: Field,
        original: Field,
    ) -> Finding:
        text = ctx.text(model.decl.path)
        fixes: tuple[Fix, ...] = ()
        if not _indexed(model, field):
            fixes = (
                Fix(
                    f"Remove `{field.name}` and read `{relation.name}.{original.name}` instead",
                    (remove_member(text, model.decl, field.node),),
                    safe=False,
                ),
            )
        target = original.owner.name
        return self.finding(
            ctx,
            field.name_span,
            f"`{model.name}.{field.name}` copies `{target}.{original.name}` across the relation "
            f"`{relation.name}`: the copy goes stale whenever the original changes (read it "
            "through the relation, or say why it is a snapshot in a `///` comment).",
            related=((original.name_span, f"the original `{target}.{original.name}`"),),
            fixes=fixes,
        )


def _originals(target: Model) -> dict[tuple[str, ...], Field]:
    """The fields of ``target`` a copy may duplicate (neither a relation nor part of its
    primary key), by their words."""
    key = target.primary_key
    key_fields = {id(f.field) for f in key.fields} if key is not None else set()
    return {
        _words(f.name): f
        for f in target.fields
        if f.kind in ("scalar", "enum") and id(f) not in key_fields and f.type_name != "Json"
    }


_Candidates = dict[str, list[tuple[Field, tuple[str, ...]]]]
"""A model's scalar and enum fields that may be copies, with their words, by first word."""


def _candidates(model: Model) -> _Candidates:
    by_first: _Candidates = {}
    for field in model.fields:
        if field.kind in ("scalar", "enum"):
            name = _words(field.name)
            if name:
                group = by_first.get(name[0])
                if group is None:
                    by_first[name[0]] = [(field, name)]
                else:
                    group.append((field, name))
    return by_first


def _copies(
    relation: Field,
    fields: _Candidates,
    target: Model,
    originals: dict[int, dict[tuple[str, ...], Field]],
) -> Iterator[tuple[Field, Field]]:
    """The fields of the relation's model named `<relation><Field>` for a field
    `<Field>` of the relation's target (see :func:`_originals`, computed here when
    first needed)."""
    prefix = _words(relation.name)
    size = len(prefix)
    if prefix:
        group = fields.get(prefix[0], [])
    else:  # a name without words: any field may follow it
        group = [
            (f, _words(f.name))
            for f in relation.owner.fields
            if f.kind in ("scalar", "enum") and _words(f.name)
        ]
    for field, name in group:
        if len(name) > size and name[:size] == prefix:
            found = originals.get(id(target))
            if found is None:
                found = originals[id(target)] = _originals(target)
            original = found.get(name[size:])
            if original is not None and original.type_name == field.type_name:
                yield field, original


@dataclass(frozen=True, slots=True)
class _Splits:
    """The field names of the schema by their words, read by a whole run."""

    heads: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]]
    """By leading words: the names that start with them, each with the words that
    follow (every name of two words or more, split at every word)."""
    names: dict[tuple[str, ...], list[str]]
    """By words: the names that have them (`userId`, `user_id`)."""


def _splits(schema: Schema) -> _Splits:
    heads: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
    names: dict[tuple[str, ...], list[str]] = {}
    for name in fields_by_name(schema):
        name_words = _words(name)
        names.setdefault(name_words, []).append(name)
        for at in range(1, len(name_words)):
            heads.setdefault(name_words[:at], []).append((name, name_words[at:]))
    return _Splits(heads, names)


def _original(target: Model, name_words: tuple[str, ...], splits: _Splits) -> Field | None:
    """``_originals(target).get(name_words)`` found by name, for a target whose field
    names are unique: the last field with those words that may be copied."""
    key = target.primary_key
    found: Field | None = None
    for name in splits.names.get(name_words, ()):
        f = target.by_name.get(name)
        if (
            f is not None
            and f.kind in ("scalar", "enum")
            and f.type_name != "Json"
            and not (key is not None and any(k.field is f for k in key.fields))
            and (found is None or f.node.start > found.node.start)
        ):
            found = f
    return found


def _named_copies(
    relation: Field,
    model: Model,
    splits: _Splits,
    target: Model,
    originals: dict[int, dict[tuple[str, ...], Field]],
) -> Iterator[tuple[Field, Field]]:
    """:func:`_copies` for a relation with a name of words, in a model whose field
    names are unique: the names that start with the relation's words, looked up."""
    by_name = model.by_name
    unique = len(target.by_name) == len(target.fields)
    found: list[tuple[Field, Field]] = []
    for name, rest in splits.heads.get(_words(relation.name), ()):
        field = by_name.get(name)
        if field is None or field.kind not in ("scalar", "enum"):
            continue
        if unique:
            original = _original(target, rest, splits)
        else:
            mine = originals.get(id(target))
            if mine is None:
                mine = originals[id(target)] = _originals(target)
            original = mine.get(rest)
        if original is not None and original.type_name == field.type_name:
            found.append((field, original))
    if len(found) > 1:  # in field order, as the model lists them
        found.sort(key=lambda pair: pair[0].node.start)
    return iter(found)


def _keeps_copy(relation: Field) -> bool:
    """Whether the relation is cut (`SetNull`) when the related row goes, so that a copy
    outlives the original: a record of what it was, not a cache of what it is."""
    info = relation.relation
    return (
        info is not None
        and info.forward is relation
        and bool(info.fk_fields)
        and info.on_delete == "SetNull"
    )


def _documented_view(ctx: RuleContext, model: Model) -> bool:
    """A model documented as a database view (`/// @view` right above it, a common
    convention for views declared as models)."""
    if "@view" in (model.block.doc or ""):
        return True
    text = ctx.text(model.decl.path)
    end = model.decl.offset + model.block.start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    line = text[text.rfind("\n", 0, end) + 1 : end].strip()
    return line.startswith("///") and "@view" in line


@lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    return tuple(lower_words(name))


def _key_fields(ctx: RuleContext) -> set[int]:
    """The fields that relations use as foreign keys or referenced keys (of the
    models to report on: their relations are the ones in the context)."""
    keys: set[int] = set()
    for relation in ctx.relations:
        keys.update(id(f) for f in relation.fk_fields)
        keys.update(id(f) for f in relation.referenced_fields)
    for model in ctx.models:
        for field in model.fields:
            attr = field.relation_attr
            if attr is not None and attr.fields:
                keys.update(id(model.by_name[n]) for n in attr.fields if n in model.by_name)
    return keys


def _indexed(model: Model, field: Field) -> bool:
    return any(f.field is field for index in model.all_indexes for f in index.fields)


def _explained(field: Field, reasons: list[str]) -> bool:
    """A `///` doc comment or a trailing comment on the field that gives a reason."""
    node = field.node
    text = f"{node.doc or ''} {node.comment.text if node.comment is not None else ''}".lower()
    return any(reason in text for reason in reasons)
