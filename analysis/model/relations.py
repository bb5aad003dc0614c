"""Pairing relation fields into relations, the way Prisma does.

Two relation fields form a relation when each points at the other's model
and both carry the same relation name (or none). A field left without a
partner still becomes a :class:`Relation` with ``back=None`` so validation
can report the missing opposite field at the right place.
"""

from __future__ import annotations

from analysis.model.names import default_relation_name
from analysis.model.schema import Field, Model, Relation, RelationKind, Schema


def pair_relations(schema: Schema) -> None:
    groups: dict[tuple[str, str, str | None], list[Field]] = {}
    for model in schema.all_models:
        if schema.models.get(model.name) is not model:
            continue  # a duplicate declaration: reported, not related
        for fld in model.fields:
            if fld.kind != "model" or not isinstance(fld.target, Model):
                continue
            a, b = sorted((model.name, fld.target.name))
            name = fld.relation_attr.name if fld.relation_attr is not None else None
            groups.setdefault((a, b, name), []).append(fld)
    for (a, b, name), fields in groups.items():
        for forward, back in _pairs(fields):
            relation = _relation(forward, back, name, a, b)
            schema.relations.append(relation)
            forward.relation = relation
            if back is not None:
                back.relation = relation
    _apply_defaults(schema)


def _pairs(fields: list[Field]) -> list[tuple[Field, Field | None]]:
    """Match fields of one (model pair, name) group two by two."""
    out: list[tuple[Field, Field | None]] = []
    remaining = list(fields)
    while remaining:
        first = remaining.pop(0)
        partner = next(
            (
                f
                for f in remaining
                if f.owner is first.target and f.target is first.owner and f is not first
            ),
            None,
        )
        if partner is not None:
            remaining.remove(partner)
        out.append(_orient(first, partner))
    return out


def _orient(a: Field, b: Field | None) -> tuple[Field, Field | None]:
    """The side holding `fields:` goes first; else the non-list side."""
    if b is None:
        return a, None

    def holds_fk(f: Field) -> bool:
        return f.relation_attr is not None and f.relation_attr.fields is not None

    if holds_fk(b) and not holds_fk(a):
        return b, a
    if not holds_fk(a) and a.is_list and not b.is_list:
        return b, a
    return a, b


def _relation(forward: Field, back: Field | None, name: str | None, a: str, b: str) -> Relation:
    kind: RelationKind
    if back is None:
        kind = "N:M" if forward.is_list else "1:N"
    elif forward.is_list and back.is_list:
        kind = "N:M"
    elif forward.is_list or back.is_list:
        kind = "1:N"
    else:
        kind = "1:1"
    relation = Relation(
        name=name or default_relation_name(a, b),
        explicit_name=name is not None,
        kind=kind,
        forward=forward,
        back=back,
    )
    attr = forward.relation_attr
    owner = forward.owner
    target = forward.target
    if attr is not None and isinstance(owner, Model) and isinstance(target, Model):
        if attr.fields:
            relation.fk_fields = [owner.by_name[n] for n in attr.fields if n in owner.by_name]
        if attr.references:
            relation.referenced_fields = [
                target.by_name[n] for n in attr.references if n in target.by_name
            ]
        relation.on_delete_explicit = attr.on_delete is not None
        relation.on_update_explicit = attr.on_update is not None
        relation.on_delete = attr.on_delete
        relation.on_update = attr.on_update
    return relation


def _apply_defaults(schema: Schema) -> None:
    """Make Prisma's default referential actions explicit on each relation."""
    restrict = "NoAction" if schema.provider in ("sqlserver", "mongodb") else "Restrict"
    for relation in schema.relations:
        if relation.kind == "N:M" or not relation.fk_fields:
            continue
        if relation.on_delete is None:
            optional = any(not f.arity == "required" for f in relation.fk_fields)
            relation.on_delete = "SetNull" if optional else restrict
        if relation.on_update is None:
            relation.on_update = "Cascade"
