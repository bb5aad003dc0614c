"""The fields of a schema by name, shared by the rules that judge field names.

Not a rule module: it defines no :class:`~analysis.rules.base.Rule`.

Several rules look only at fields with a telling name (`<x>Id`, `<x>Type`,
`phone2`, a name that is not camelCase). A schema has far fewer distinct field
names than fields (5,000 models: 38,000 fields, 10,000 names), and judging a
name is the same wherever it occurs: such a rule asks about each name once and
looks only at the models that have a name it cares about, instead of walking
every field of every model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from analysis.model.schema import CompositeType, Enum, Field, Model, Schema
from analysis.rules.base import computed, per_schema


def field_index(schema: Schema) -> FieldIndex:
    """All the indexes, built once per schema in one walk over every field."""
    return per_schema(schema, _field_index)


def fields_by_name(schema: Schema) -> dict[str, list[Field]]:
    """Every field of every model (views and `@@ignore`d ones included) by name, each
    list in declaration order; built once per schema."""
    return per_schema(schema, _field_index).by_name


def relation_scalars(schema: Schema, model: Model | CompositeType) -> frozenset[str]:
    """The names the model's relation fields list in `fields:` (its foreign keys,
    whether they resolve or not)."""
    return per_schema(schema, _field_index).listed.get(id(model), _NONE)


def fields_typed(schema: Schema, target: Model | Enum | CompositeType) -> list[Field]:
    """The fields whose type is ``target`` (of models, then of composite types, each in
    declaration order): where a rename of ``target`` must follow.

    Read from the index when the schema has one (a whole run builds it); a run on the
    models an edit touched asks this for one finding's fix, which the fields of the
    declarations naming ``target`` (the build's referrer index) answer more cheaply
    than building the index."""
    index = computed(schema, _field_index)
    if index is not None:
        return index.typed.get(id(target), [])
    owners: list[Model | CompositeType] = [*schema.models.values()]
    owners.extend(schema.composite_types.values())
    if schema.referrers is not None:
        naming = schema.referrers.get(target.name, {})
        owners = [owner for owner in owners if id(owner) in naming]
    return [field for owner in owners for field in owner.fields if field.target is target]


def relation_fields_of(schema: Schema, model: Model) -> list[Field]:
    """``model.relation_fields`` (its fields whose type is a model), without walking
    its other fields: listed once per schema."""
    return per_schema(schema, _field_index).relations.get(id(model), [])


def columns_by_name(schema: Schema) -> dict[str, list[Field]]:
    """The fields that are columns (not relation fields) of every model (views and
    `@@ignore`d ones included) by database name, each list in declaration order."""
    return per_schema(schema, _field_index).by_column


_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FieldIndex:
    """The fields of a schema, listed the ways the rules look for them."""

    by_name: dict[str, list[Field]]
    listed: dict[int, frozenset[str]]
    """By model id: what :func:`relation_scalars` answers (models with none left out)."""
    typed: dict[int, list[Field]]
    """By the id of a model, enum or composite type: what :func:`fields_typed` answers."""
    relations: dict[int, list[Field]]
    """By model id: what :func:`relation_fields_of` answers (models with none left out)."""
    by_column: dict[str, list[Field]]
    usable: list[Field]
    """The fields of the tables (no views, nothing `@@ignore`d), `@ignore`d ones left out."""
    usable_by_type: dict[str, list[Field]]
    """:attr:`usable` by type name."""
    table_by_type: dict[str, list[Field]]
    """The fields of the tables by type name, `@ignore`d ones included."""


def _field_index(schema: Schema) -> FieldIndex:
    """One walk over every field for all the indexes (it is the walk that costs)."""
    by_name: dict[str, list[Field]] = {}
    listed: dict[int, frozenset[str]] = {}
    typed: dict[int, list[Field]] = {}
    relations: dict[int, list[Field]] = {}
    by_column: dict[str, list[Field]] = {}
    usable: list[Field] = []
    usable_by_type: dict[str, list[Field]] = {}
    table_by_type: dict[str, list[Field]] = {}
    for model in schema.models.values():
        names: set[str] | None = None
        table = not (model.is_view or "ignore" in model.attributes)
        for field in model.fields:
            if table:
                found = table_by_type.get(field.type_name)
                if found is None:
                    table_by_type[field.type_name] = [field]
                else:
                    found.append(field)
                if "ignore" not in field.attributes:
                    usable.append(field)
                    found = usable_by_type.get(field.type_name)
                    if found is None:
                        usable_by_type[field.type_name] = [field]
                    else:
                        found.append(field)
            found = by_name.get(field.name)
            if found is None:
                by_name[field.name] = [field]
            else:
                found.append(field)
            if field.kind != "model":
                found = by_column.get(field.db_name)
                if found is None:
                    by_column[field.db_name] = [field]
                else:
                    found.append(field)
            else:
                _add(relations, id(model), field)
            if field.target is not None:
                _add(typed, id(field.target), field)
                attr = field.relation_attr
                if attr is not None and attr.fields:
                    if names is None:
                        names = set()
                    names.update(attr.fields)
        if names is not None:
            listed[id(model)] = frozenset(names)
    for composite in schema.composite_types.values():
        for field in composite.fields:
            if field.target is not None:
                _add(typed, id(field.target), field)
    return FieldIndex(
        by_name, listed, typed, relations, by_column, usable, usable_by_type, table_by_type
    )


def _add(lists: dict[int, list[Field]], key: int, field: Field) -> None:
    found = lists.get(key)
    if found is None:
        lists[key] = [field]
    else:
        found.append(field)


def owners_named(schema: Schema, telling: Callable[[str], object]) -> set[int]:
    """The ids of the models with a field whose name is ``telling`` (a truthy answer)."""
    return {
        id(field.owner)
        for name, fields in fields_by_name(schema).items()
        if telling(name)
        for field in fields
    }


def with_owners(models: Iterable[Model], owners: set[int]) -> list[Model]:
    """The ``models`` among ``owners`` (ids), in their order."""
    return [m for m in models if id(m) in owners]
