"""Pairing relation fields into relations, the way Prisma does.

Prisma (parser-database ``relations.rs``) looks at every relation field of
every model in declaration order. The *opposite* of a field is the first
relation field of the target model that points back at the field's model
with the same explicit relation name (both unnamed counts as the same); in a
self relation a field is never its own opposite. Each pair becomes exactly
one relation, created from the side Prisma calls "model A":

* both sides lists → implicit many-to-many, from the model whose name sorts
  first (the field whose name sorts first in a self relation); with
  `fields:` on either side it is MongoDB's two-way embedded many-to-many;
* a list and a single field → one-to-many, forward = the single field;
* two single fields → one-to-one, forward = the required side when one is
  required and the other optional, else the side with `fields:`, else the
  side whose ``(model name, field name)`` sorts first;
* a single field alone → one-to-one when its `fields:` are exactly a unique
  constraint (`@unique` / `@@unique`, same order), else one-to-many;
* a list alone → one-to-many known only from its back side
  (``back_only``).

A field that is the opposite of several fields (an ambiguity that
validation reports) ends up in several relations; its ``relation`` is the
last one, as in Prisma.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import chain

from analysis.model.names import default_relation_name
from analysis.model.schema import CompositeType, Enum, Field, Model, Relation, RelationKind, Schema

#: Referential actions a connector implements with foreign keys.
_FOREIGN_KEY_ACTIONS = {
    "sqlserver": frozenset({"Cascade", "NoAction", "SetNull", "SetDefault"}),
}
_ALL_ACTIONS = frozenset({"Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"})
#: Referential actions Prisma emulates with ``relationMode = "prisma"``.
_EMULATED_ACTIONS = {
    "postgresql": frozenset({"Cascade", "Restrict", "SetNull"}),
    "sqlite": frozenset({"Cascade", "Restrict", "SetNull"}),
}
_DEFAULT_EMULATED = frozenset({"Cascade", "Restrict", "NoAction", "SetNull"})


def supported_actions(schema: Schema) -> frozenset[str]:
    """The referential actions the schema's provider and relation mode allow."""
    provider = schema.provider or ""
    if schema.relation_mode == "prisma":
        return _EMULATED_ACTIONS.get(provider, _DEFAULT_EMULATED)
    return _FOREIGN_KEY_ACTIONS.get(provider, _ALL_ACTIONS)


def is_relation_field(fld: Field) -> bool:
    """A field of a model whose type is a model (or view)."""
    return fld.kind == "model" and isinstance(fld.owner, Model) and isinstance(fld.target, Model)


def relation_name_of(fld: Field) -> str | None:
    """The explicit relation name of a relation field (`@relation("…")`)."""
    return fld.relation_attr.name if fld.relation_attr is not None else None


def has_fields_arg(fld: Field) -> bool:
    return fld.relation_attr is not None and fld.relation_attr.fields is not None


class Pairing:
    """The relations each model created in the last pairing, for the next one to
    reuse (see :func:`pair_relations`)."""

    __slots__ = ("by_model", "restrict", "side_keys", "sides")

    def __init__(self, restrict: str) -> None:
        self.by_model: dict[int, tuple[Model, list[Relation]]] = {}
        """Model id → the model and the relations it created, in field order."""
        self.restrict = restrict
        """The default `onDelete` of required relations the relations were made with."""
        self.sides: Sides | None = None
        """The index of :func:`_index_sides` over the models paired (``None``: not kept)."""
        self.side_keys: dict[int, list[SideKey]] = {}
        """Model id → its keys in ``sides`` (each key belongs to one model)."""


SideKey = tuple[int, int, str | None]
Sides = dict[SideKey, list[Field]]


def pair_relations(
    schema: Schema, previous: Pairing | None = None, dirty: Collection[int] | None = None
) -> Pairing:
    """Pair the relation fields of ``schema`` into ``schema.relations``.

    With the ``previous`` pairing and the ids of the models whose relations may
    have changed (``dirty``: models whose fields, resolved types or
    first-declaration status changed, and the models with a field naming one of
    them), the other models keep the relations they created. A model's
    relations depend only on its own fields and on the fields of the models its
    relation fields name, so that is exact.
    """
    restrict = "Restrict" if "Restrict" in supported_actions(schema) else "NoAction"
    models = [m for m in schema.all_models if schema.models.get(m.name) is m]
    pairing = Pairing(restrict)
    by_model = pairing.by_model
    if previous is None or dirty is None or previous.restrict != restrict:
        sides: Sides = {}
        for model in models:
            _index_sides(model, sides, pairing.side_keys)
        pairing.sides = sides
        for model in models:
            by_model[id(model)] = (model, _created(model, sides, restrict))
    else:
        old = previous.by_model
        near: dict[tuple[int, int, str | None], list[Field]] = {}
        indexed: set[int] = set()
        for model in models:
            key = id(model)
            kept = old.pop(key, None)
            if kept is not None and kept[0] is model and key not in dirty:
                by_model[key] = kept
                continue
            if kept is not None:
                _forget(kept[1])
            for fld in model.fields:  # index the fields of the models it names, once
                target = fld.target
                if is_relation_field(fld) and id(target) not in indexed:
                    assert isinstance(target, Model)
                    indexed.add(id(target))
                    _index_sides(target, near)
            by_model[key] = (model, _created(model, near, restrict))
        for _, gone in old.values():  # models removed or no longer the first of their name
            _forget(gone)
    relations = schema.relations
    for _, created in by_model.values():
        relations.extend(created)
    for relation in relations:  # in order: a field in several relations keeps the last
        relation.forward.relation = relation
        if relation.back is not None:
            relation.back.relation = relation
    return pairing


def pair_again(
    schema: Schema,
    pairing: Pairing,
    whole: Iterable[Model],
    retargeted: Iterable[Model],
    renamed: Collection[str],
    gone: Sequence[Model | Enum | CompositeType],
    retyped: Iterable[Field],
    ordered: list[Sequence[Relation]],
    place: Callable[[Model], int | None],
) -> None:
    """Update ``pairing`` in place for an edit; every other model keeps its relations.

    The ``whole`` models (new ones, and the old and new first declarations of
    the ``renamed`` names: the names that resolve to another declaration now)
    pair all their fields again. The ``retargeted`` ones (with a field whose
    type is a renamed name) pair again only those fields: a relation depends on
    its field and on the fields of the target that point back, and only those
    fields resolved differently. The ``gone`` models drop their relations.

    ``ordered`` holds the relations each model of ``schema.all_models`` created
    (aligned with it; ``place`` finds a model's index): the entries of the
    models paired again are replaced and ``schema.relations`` becomes their
    concatenation. Only the fields whose relation can have changed are linked
    again: the sides of the relations dropped and made, and the ``retyped``
    fields (resolved again, which unlinks them).
    """
    by_model = pairing.by_model
    restrict = pairing.restrict
    keys = pairing.side_keys
    sides = pairing.sides
    models = list({id(m): m for m in whole}.values())
    redone = {id(m) for m in models}
    partial = [m for m in retargeted if id(m) not in redone]
    if sides is None:  # the index of the whole schema, kept from now on
        sides = pairing.sides = {}
        keys.clear()
        for indexed in schema.models.values():
            _index_sides(indexed, sides, keys)
    else:  # the fields resolved again replace their entries
        for entity in (*gone, *models):
            for key in keys.pop(id(entity), ()):
                del sides[key]
        for model in models:
            if schema.models.get(model.name) is model:
                _index_sides(model, sides, keys)
        for model in partial:
            if id(model) in keys:
                _index_sides_again(model, sides, keys, renamed)
    relink: dict[int, Field] = {}

    def note(relations: Iterable[Relation]) -> None:
        for relation in relations:
            relink[id(relation.forward)] = relation.forward
            if relation.back is not None:
                relink[id(relation.back)] = relation.back

    for entity in gone:
        dropped = by_model.pop(id(entity), None)
        if dropped is not None:
            note(dropped[1])
    for model in (*models, *partial):
        paired = by_model.pop(id(model), None)
        kept: list[Relation] | None = None
        if paired is not None:
            if id(model) in redone:
                note(paired[1])
            else:
                kept = paired[1]
        if schema.models.get(model.name) is not model:
            continue  # not paired: a later duplicate of its name
        if kept is None:
            made = _created(model, sides, restrict)
            note(made)
        else:
            made = _created(model, sides, restrict, renamed, kept)
            note(r for r in made if r.forward.type_name in renamed)
            note(r for r in kept if r.forward.type_name in renamed)
        by_model[id(model)] = (model, made)
        at = place(model)
        if at is not None:
            ordered[at] = made
    for model in models:  # no longer paired: its slot empties
        if id(model) not in by_model:
            at = place(model)
            if at is not None:
                ordered[at] = ()
    for fld in retyped:  # resolving unlinked them
        if is_relation_field(fld):
            relink[id(fld)] = fld
    schema.relations = list(chain.from_iterable(ordered))
    for fld in relink.values():
        fld.relation = _last_relation(fld, by_model, place)


def _last_relation(
    fld: Field,
    by_model: dict[int, tuple[Model, list[Relation]]],
    place: Callable[[Model], int | None],
) -> Relation | None:
    """The last relation of ``schema.relations`` that ``fld`` is a side of: only
    its owner (forward side) and its target (back side) create such relations."""
    found: list[tuple[Model, Relation]] = []
    for model in (fld.owner, fld.target) if fld.target is not fld.owner else (fld.owner,):
        entry = by_model.get(id(model))
        if entry is None or entry[0] is not model:
            continue
        for relation in reversed(entry[1]):
            if relation.forward is fld or relation.back is fld:
                found.append((entry[0], relation))
                break
    if len(found) < 2:
        return found[0][1] if found else None
    (one, first), (other, second) = found
    return first if (place(one) or 0) > (place(other) or 0) else second


def relations_of(pairing: Pairing, model: Model) -> Sequence[Relation]:
    """The relations ``model`` created in ``pairing`` (their forward sides are its fields)."""
    found = pairing.by_model.get(id(model))
    return found[1] if found is not None and found[0] is model else ()


def _index_sides(model: Model, sides: Sides, keys: dict[int, list[SideKey]] | None = None) -> None:
    """Add ``model`` to the index (model, target, relation name) → its relation
    fields in declaration order, so that finding an opposite costs a lookup
    instead of a scan of the target (``keys``: the keys each model added)."""
    own: list[SideKey] = []
    for fld in model.fields:
        if is_relation_field(fld):
            _add_side(model, fld, sides, own)
    if keys is not None:
        keys[id(model)] = own


def _index_sides_again(
    model: Model, sides: Sides, keys: dict[int, list[SideKey]], renamed: Collection[str]
) -> None:
    """Replace the entries of ``model``'s fields whose type is a ``renamed`` name
    (the fields of one key all name the same declaration, so share a type name)."""
    own: list[SideKey] = []
    for key in keys[id(model)]:
        if sides[key][0].type_name in renamed:
            del sides[key]
        else:
            own.append(key)
    for fld in model.fields:
        if fld.type_name in renamed and is_relation_field(fld):
            _add_side(model, fld, sides, own)
    keys[id(model)] = own


def _add_side(model: Model, fld: Field, sides: Sides, own: list[SideKey]) -> None:
    """File ``fld`` under its (model, target, relation name) key; a new key goes to ``own``."""
    key = (id(model), id(fld.target), relation_name_of(fld))
    found = sides.get(key)
    if found is None:
        sides[key] = [fld]
        own.append(key)
    else:
        found.append(fld)


def _created(
    model: Model,
    sides: Sides,
    restrict: str,
    renamed: Collection[str] | None = None,
    kept: list[Relation] | None = None,
) -> list[Relation]:
    """The relations ``model`` creates (``sides``: the index of :func:`_index_sides`, at
    least of the models it names). With the relations it ``kept`` from the last
    pairing, only its fields whose type is a ``renamed`` name pair again."""
    out: list[Relation] = []
    before = {id(r.forward): r for r in kept} if kept is not None else None
    for fld in model.fields:
        if before is not None and renamed is not None and fld.type_name not in renamed:
            found = before.get(id(fld))
            if found is not None:
                out.append(found)
            continue
        if not is_relation_field(fld):
            continue
        candidates = sides.get((id(fld.target), id(model), relation_name_of(fld)), ())
        opposite = next((c for c in candidates if c is not fld), None)
        relation = _ingest(fld, opposite)
        if relation is not None:
            _default_actions(relation, restrict)
            out.append(relation)
    return out


def _forget(relations: list[Relation]) -> None:
    """Unlink the fields of relations that are replaced (a field that is still
    part of a relation is linked again by :func:`pair_relations`)."""
    for relation in relations:
        if relation.forward.relation is relation:
            relation.forward.relation = None
        back = relation.back
        if back is not None and back.relation is relation:
            back.relation = None


def _key(fld: Field) -> tuple[str, str]:
    owner = fld.owner
    return (owner.name, fld.name)


def _ingest(fld: Field, opposite: Field | None) -> Relation | None:
    """The relation ``fld`` creates, or ``None`` when its opposite creates it."""
    model = fld.owner
    target = fld.target
    assert isinstance(model, Model) and isinstance(target, Model)
    if opposite is not None:
        if fld.is_list and opposite.is_list:
            if model.name > target.name:
                return None
            if model is target and fld.name > opposite.name:
                return None
            relation = _new(fld, opposite, "N:M")
            relation.embedded = has_fields_arg(fld) or has_fields_arg(opposite)
            return relation
        if fld.is_list:
            return None  # the single side creates the one-to-many
        if opposite.is_list:
            return _new(fld, opposite, "1:N")
        if fld.arity == "required":
            if opposite.arity == "required" and _key(fld) > _key(opposite):
                return None
            return _new(fld, opposite, "1:1")
        # fld is optional
        if opposite.arity == "required":
            return None  # the required side creates it
        if has_fields_arg(fld):
            return _new(fld, opposite, "1:1")
        if has_fields_arg(opposite) or _key(fld) > _key(opposite):
            return None
        return _new(fld, opposite, "1:1")
    if fld.is_list:
        relation = _new(fld, None, "1:N")
        relation.back_only = True
        return relation
    return _new(fld, None, "1:1" if _fields_are_unique(fld) else "1:N")


def _fields_are_unique(fld: Field) -> bool:
    """Are the `fields:` of ``fld`` exactly (in order) a `@unique` / `@@unique`?"""
    model = fld.owner
    attr = fld.relation_attr
    if attr is None or attr.fields is None or not isinstance(model, Model):
        return False
    resolved = resolve_fields(model, attr.fields)
    if not resolved:
        return False
    for index in model.uniques:
        if len(index.fields) == len(resolved) and all(
            entry.field is f and not entry.path
            for entry, f in zip(index.fields, resolved, strict=True)
        ):
            return True
    return False


def resolve_fields(model: Model, names: Sequence[str] | None) -> list[Field]:
    """The scalar fields of ``model`` that ``names`` name, in order.

    ``names`` are the field names of a `fields:` or `references:` argument; the
    result is ``[]`` when they are missing or any of them is not a scalar field.
    """
    out: list[Field] = []
    for name in names or ():
        fld = model.by_name.get(name)
        if fld is None or fld.kind == "model":
            return []
        out.append(fld)
    return out


def _new(forward: Field, back: Field | None, kind: RelationKind) -> Relation:
    owner = forward.owner
    target = forward.target
    assert isinstance(owner, Model) and isinstance(target, Model)
    name = relation_name_of(forward)
    relation = Relation(
        name=name or default_relation_name(owner.name, target.name),
        explicit_name=name is not None,
        kind=kind,
        forward=forward,
        back=back,
    )
    attr = forward.relation_attr
    if attr is not None:
        if attr.fields:
            relation.fk_fields = resolve_fields(owner, attr.fields)
        if attr.references:
            relation.referenced_fields = resolve_fields(target, attr.references)
        relation.on_delete_explicit = attr.on_delete is not None
        relation.on_update_explicit = attr.on_update is not None
        relation.on_delete = attr.on_delete
        relation.on_update = attr.on_update
    return relation


def _default_actions(relation: Relation, restrict: str) -> None:
    """Make Prisma's default referential actions explicit on a relation.

    `onUpdate` defaults to `Cascade`; `onDelete` to `SetNull` when the
    relation is optional (no required foreign-key field and an optional
    relation field), else ``restrict``: `Restrict`, or `NoAction` where the
    connector has no `Restrict` (SQL Server with foreign keys).
    """
    if relation.kind == "N:M" or relation.back_only:
        return
    if relation.on_delete is None:
        required = any(f.arity == "required" for f in relation.fk_fields) or (
            relation.forward.arity == "required"
        )
        relation.on_delete = restrict if required else "SetNull"
    if relation.on_update is None:
        relation.on_update = "Cascade"
