"""Edits that change a field's type, shared by the type rules (`PAT`).

Not a rule module: it defines no :class:`~analysis.rules.base.Rule`.

A type change is three edits at most: the scalar type name (the `?`/`[]`
stay), the native type attribute (`@db.X`, replaced, added or removed), and
the `@default` value when the old one does not fit the new type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import compress, repeat
from operator import attrgetter, is_

from analysis.fixes import append_field_attribute
from analysis.model.schema import CompositeType, Field, Model, Relation, Schema
from analysis.rules.base import Edit, RuleContext, per_schema
from analysis.rules.field_names import field_index
from analysis.syntax.nodes import Attribute


def usable_fields(ctx: RuleContext) -> list[Field]:
    """The fields of the tables to report on: no views, nothing `@@ignore`d or `@ignore`d.

    Built once per schema (after an edit, only the fields of the models in the
    rule's scope)."""
    if ctx.scope is not None:
        return _usable(ctx.scope.models)
    return field_index(ctx.schema).usable


def usable_fields_of(ctx: RuleContext, type_name: str) -> list[Field]:
    """The :func:`usable_fields` whose type is ``type_name`` (`DateTime`), in the
    same order. The type rules each judge one or two types: an index built once
    per schema spares each of them a walk over every field."""
    if ctx.scope is not None:
        return [f for f in _usable(ctx.scope.models) if f.type_name == type_name]
    return field_index(ctx.schema).usable_by_type.get(type_name, [])


def table_fields_of(ctx: RuleContext, type_name: str) -> list[Field]:
    """The fields of type ``type_name`` of the tables to report on (no views, nothing
    `@@ignore`d), `@ignore`d fields included, in order; indexed once per schema."""
    if ctx.scope is not None:
        return [f for m in ctx.tables for f in m.fields if f.type_name == type_name]
    return field_index(ctx.schema).table_by_type.get(type_name, [])


def _usable(models: Iterable[Model]) -> list[Field]:
    return [
        field
        for model in models
        if not (model.is_view or model.is_ignored)
        for field in model.fields
        if not field.is_ignored
    ]


def native_attribute(field: Field) -> Attribute | None:
    """The field's `@x.Type` attribute, whatever its prefix."""
    if field.native_type is not None:
        return field.native_type
    for attribute in field.node.attributes:
        if "." in attribute.name.text:
            return attribute
    return None


def native_name(field: Field) -> str | None:
    """`VarChar` for `@db.VarChar(255)`."""
    attribute = native_attribute(field)
    return attribute.name.text.split(".", 1)[1] if attribute is not None else None


def retype(field: Field, type_name: str) -> Edit:
    """Replace the field's type name (`Float?` → `Decimal?`)."""
    assert field.node.type is not None
    span = field.decl.span(field.node.type.name)
    return Edit(span.path, span.start, span.end, type_name)


def replace_attribute(field: Field, attribute: Attribute, new_text: str) -> Edit:
    span = field.decl.span(attribute)
    return Edit(span.path, span.start, span.end, new_text)


def remove_attribute(text: str, field: Field, attribute: Attribute) -> Edit:
    """Remove a field attribute with the spaces before it."""
    span = field.decl.span(attribute)
    start = span.start
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return Edit(span.path, start, span.end, "")


def set_native_type(text: str, field: Field, native: str | None) -> list[Edit]:
    """Make the field's native type ``native`` (`@db.Decimal(12, 2)`), or none."""
    current = native_attribute(field)
    if current is None:
        return [append_field_attribute(field, native)] if native is not None else []
    if native is None:
        return [remove_attribute(text, field, current)]
    return [replace_attribute(field, current, native)]


def _orphans(schema: Schema) -> dict[int, list[Relation]]:
    """By the model of its referenced fields (id): each relation none of whose
    fields lies in that model, so that its fields do not reach it (a relation
    without an opposite field: an error Prisma reports; usually none)."""
    found: dict[int, list[Relation]] = {}
    relations = schema.relations
    # A paired relation's opposite field lies in the referenced model: only the
    # unpaired ones can be orphans (picked out in C: this runs once per keystroke).
    for relation in compress(relations, map(is_, map(_BACK, relations), repeat(None))):
        refs = relation.referenced_fields
        if not refs:
            continue
        owner = refs[0].owner
        if relation.forward.owner is not owner:
            found.setdefault(id(owner), []).append(relation)
    return found


_BACK = attrgetter("back")

_Keys = tuple[dict[int, list[Field]], dict[int, list[Field]]]
"""By field id: the foreign keys that reference it, and the fields it references."""


def _keys_at(schema: Schema, model: Model | CompositeType) -> _Keys:
    """:data:`_Keys` of the relations a field of ``model`` takes part in and of
    those that reference it without one (:func:`_orphans`)."""
    relations = {id(f.relation): f.relation for f in model.fields if f.relation is not None}
    for relation in per_schema(schema, _orphans).get(id(model), ()):
        relations.setdefault(id(relation), relation)
    return _index(relations.values())


def _no_keys(schema: Schema) -> dict[int, _Keys]:
    """:func:`_keys_at` by model id, filled as asked (once per schema)."""
    return {}


def _all_keys(schema: Schema) -> _Keys:
    """:data:`_Keys` of every relation (once per schema)."""
    return _index(schema.relations)


def _index(relations: Iterable[Relation]) -> _Keys:
    referenced_by: dict[int, list[Field]] = {}
    references: dict[int, list[Field]] = {}
    for relation in relations:
        for fk, ref in zip(relation.fk_fields, relation.referenced_fields, strict=False):
            referenced_by.setdefault(id(ref), []).append(fk)
            references.setdefault(id(fk), []).append(ref)
    return referenced_by, references


_FIELDS_PER_MODEL = 16
"""About how many fields a model holding a foreign key has (what reading it costs)."""


def _place(fld: Field) -> tuple[str, int]:
    return fld.owner.decl.path, fld.owner.decl.offset + fld.node.start


def referencing_fields(schema: Schema, field: Field) -> list[Field] | None:
    """The foreign key fields that reference ``field`` (by position in `references:`),
    and those that reference them in turn (a shared primary key referenced again).

    ``None`` when one of them is also a foreign key to a field outside that set: its
    type cannot follow both. In file order (path, then offset).

    Found from the relation fields of the models on the way (a relation is paired
    with its opposite field, which lies in the referenced model): after a keystroke
    only a few are asked for, and most have few keys to them. For a model with
    about as many relation fields as the schema has relations (`User`, referenced
    from everywhere), one pass over every relation costs less.
    """
    keys = per_schema(schema, _no_keys)

    def local(model: Model | CompositeType) -> _Keys:
        found = keys.get(id(model))
        if found is None:
            found = keys[id(model)] = _keys_at(schema, model)
        return found

    at: Callable[[Model | CompositeType], _Keys] = local
    # Each relation field of the key's model leads to a model to read.
    relation_fields = sum(1 for f in field.owner.fields if f.relation is not None)
    if relation_fields * _FIELDS_PER_MODEL > len(schema.relations):
        whole = per_schema(schema, _all_keys)
        at = lambda model: whole  # noqa: E731

    out: list[Field] = []
    seen = {id(field)}
    todo = [field]
    while todo:
        target = todo.pop()
        for fk in at(target.owner)[0].get(id(target), ()):
            if id(fk) not in seen:
                seen.add(id(fk))
                out.append(fk)
                todo.append(fk)
    out.sort(key=_place)
    # A key in the set that also references a field outside it cannot change type alone.
    for fk in out:
        if any(id(ref) not in seen for ref in at(fk.owner)[1].get(id(fk), ())):
            return None
    return out
