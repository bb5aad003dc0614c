"""Schema-wide name checks, kept as indexes that an edit updates.

Prisma's validation pipeline rejects database names that clash: two models
mapped to one table, two enums to one database enum, constraint names
(primary keys, uniques, indexes, foreign keys, SQL Server default
constraints) given twice in the namespace the database keeps them in; and it
checks each model's `@@schema` and the `name:` of its ids and uniques.

A clash needs two declarations, but finding it needs no scan of the whole
schema: each counted model and enum *contributes* names to keyed groups
(``(schema, table)``, ``("c", schema, constraint)``, …), and a group with two
or more members is a clash. :class:`SchemaNames` keeps the groups and each
group's diagnostics; after an edit only the contributions of the declarations
the model build touched are taken out and put back, and only the groups they
touch are judged again. Everything else a declaration reports depends on it
alone (and on the datasource, whose change rebuilds the index).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from analysis.diagnostics import Diagnostic, Severity
from analysis.model.names import constraint_name
from analysis.model.schema import (
    CompositeType,
    Decl,
    Enum,
    Index,
    Model,
    Relation,
    Schema,
    argument_value,
)
from analysis.syntax.nodes import StringLit
from analysis.validate.codes import CAPABILITY, NAME_CONFLICT
from analysis.validate.config import MULTI_SCHEMA_PROVIDERS, PROVIDER_NAMES

_T = TypeVar("_T")

#: The relations a model created (its relation fields are their forward sides).
RelationsOf = Callable[[Model], Sequence[Relation]]

#: Where a name is given: the declaration and the node in it (a span is made
#: only when reported: most names do not clash).
Place = tuple[Decl, object]

#: Which constraints share one namespace, per provider: ``global`` across the
#: (database) schema, or per ``model``, and which kinds it holds.
_CONSTRAINT_SCOPES: dict[str, tuple[str, frozenset[str], str]] = {
    "postgresql": ("global", frozenset({"id", "unique", "index", "fulltext"}),
                   "primary keys, indexes and unique constraints of the database schema"),
    "cockroachdb": ("global", frozenset({"id", "unique", "index", "fulltext"}),
                    "primary keys, indexes and unique constraints of the database schema"),
    "sqlite": ("global", frozenset({"unique", "index"}),
               "indexes and unique constraints of the database"),
    "mysql": ("model", frozenset({"unique", "index", "fulltext"}),
              "indexes and unique constraints of the table"),
    "sqlserver": ("model", frozenset({"id", "unique", "index"}),
                  "primary key, indexes and unique constraints of the table"),
}
_SQL_SERVER = "primary keys, foreign keys and default constraints of the database schema"
_MYSQL_FOREIGN_KEYS = "foreign keys of the database"
_TABLE_FOREIGN_KEYS = "primary key, indexes, unique constraints and foreign keys of the table"


def counted_models(schema: Schema) -> Iterable[Model]:
    """The models and views that count: the first declaration of each name (a
    later one is reported as declared twice and otherwise ignored)."""
    return (m for m in schema.all_models if schema.models.get(m.name) is m)


def constraint_db_name(index: Index) -> str:
    if index.map is not None:
        return index.map
    if index.kind == "index" and index.name is not None:
        return index.name  # legacy: `name:` of @@index is its database name
    return index.db_name


def relations_by_owner(schema: Schema) -> RelationsOf:
    """:data:`RelationsOf` read from ``schema.relations`` (one pass)."""
    owned: dict[int, list[Relation]] = defaultdict(list)
    for relation in schema.relations:
        owned[id(relation.forward.owner)].append(relation)
    return lambda model: owned.get(id(model), ())


def _error(message: str, decl: Decl, node: object) -> Diagnostic:
    span = decl.span(node)
    return Diagnostic(NAME_CONFLICT, message, Severity.ERROR, span.path, span.start, span.end)


def _clash(name: str, description: str, place: Place) -> Diagnostic:
    return _error(f"The constraint name `{name}` is used more than once: it must be unique "
                  f"among the {description}. Give the constraints different names with the "
                  "`map` argument.", *place)


def _facts(schema: Schema) -> tuple[object, ...]:
    """What every declaration's names are judged against: the datasource."""
    ds = schema.datasource
    declared = tuple(ds.schemas) if ds is not None and "schemas" in ds.properties else None
    return (ds is None, schema.provider, schema.relation_mode, declared)


class _Entry:
    """What one counted model or enum contributes."""

    __slots__ = ("entity", "keys", "skipped", "table")

    def __init__(self, entity: Model | Enum, table: tuple[object, ...] | None) -> None:
        self.entity = entity
        self.table = table
        """Its key in the table (or database enum) groups."""
        self.skipped = False
        """Whether its constraint names were left out (its table clashes)."""
        self.keys: list[tuple[object, ...]] = []
        """The constraint groups it put places in."""


class SchemaNames:
    """The name groups of one schema and the diagnostics they give."""

    __slots__ = ("clashing", "entries", "facts", "found", "groups", "places", "tables")

    def __init__(self, schema: Schema) -> None:
        self.facts = _facts(schema)
        self.entries: dict[int, _Entry] = {}
        self.tables: dict[tuple[object, ...], list[Model | Enum]] = {}
        """(kind, database schema, name) → the models (tables) or enums giving it."""
        self.clashing: dict[tuple[object, ...], set[int]] = {}
        """Table key → ids of the models whose table clashes (their constraint
        names are not judged: they clash as a consequence)."""
        self.groups: dict[tuple[object, ...], list[Place]] = {}
        """Schema-wide constraint namespace key → where each name is given."""
        self.places: dict[int, list[tuple[tuple[object, ...], Place]]] = {}
        """Model id → its places in :attr:`groups`."""
        self.found: dict[object, list[Diagnostic]] = {}
        """The diagnostics, by what gives them (a declaration, a group); no empty lists."""

    # -- building and updating ------------------------------------------------

    @classmethod
    def whole(cls, schema: Schema, relations_of: RelationsOf) -> SchemaNames:
        index = cls(schema)
        counted: list[Model | Enum] = [*counted_models(schema)]
        counted += [e for e in schema.all_enums if schema.enums.get(e.name) is e]
        index._apply(schema, relations_of, {id(e): e for e in counted})
        return index

    def update(self, schema: Schema, relations_of: RelationsOf,
               changed: Iterable[Model | Enum | CompositeType],
               move: Callable[[list[Diagnostic]], bool] | None = None) -> bool:
        """Take in an edit: ``changed`` holds every declaration (current or gone)
        whose names, relations or first-of-its-name status may have changed;
        ``move`` moves the kept diagnostics past the edit. ``False`` (the index
        is then unusable) when the datasource changed or a kept diagnostic
        cannot be moved."""
        if _facts(schema) != self.facts:
            return False
        by_id = {id(e): e for e in changed if not isinstance(e, CompositeType)}
        found = self.found
        for key in by_id:  # judged again below: not moved
            found.pop(key, None)
            found.pop(("local", key), None)
            entry = self.entries.get(key)
            if entry is not None and entry.table is not None:
                found.pop(entry.table, None)
            for group, _ in self.places.get(key, ()):
                found.pop(group, None)
        if move is not None and not all(move(kept) for kept in found.values()):
            return False
        self._apply(schema, relations_of, by_id)
        return True

    def diagnostics(self) -> list[Diagnostic]:
        """In a canonical order (place, then code and message): an updated index
        holds them in another order than a new one."""
        return sorted((d for found in self.found.values() for d in found),
                      key=lambda d: (d.path, d.start, d.end, d.code, d.message))

    def _apply(self, schema: Schema, relations_of: RelationsOf,
               changed: dict[int, Model | Enum]) -> None:
        tables_touched: set[tuple[object, ...]] = set()
        constraints = dict(changed)
        for key in changed:
            entry = self.entries.pop(key, None)
            if entry is not None and entry.table is not None:
                _remove(self.tables[entry.table], entry.entity)
                tables_touched.add(entry.table)
            self.found.pop(key, None)
        for key, entity in changed.items():
            table: tuple[object, ...] | None
            if isinstance(entity, Model):
                if schema.models.get(entity.name) is not entity:
                    continue
                table = None if entity.is_view else ("table", entity.schema, entity.db_name)
            else:
                if schema.enums.get(entity.name) is not entity:
                    continue
                table = (None if schema.provider in (None, "sqlserver")
                         else ("enum", entity.schema, entity.db_name))
            self.entries[key] = _Entry(entity, table)
            if table is not None:
                self.tables.setdefault(table, []).append(entity)
                tables_touched.add(table)
            own = self._own(schema, entity)
            if own:
                self.found[key] = own
        positions: dict[int, int] | None = None
        for touched in tables_touched:
            members = self.tables.get(touched)
            before = self.clashing.pop(touched, set())
            self.found.pop(touched, None)
            if not members:
                self.tables.pop(touched, None)
            elif len(members) > 1:
                if positions is None:
                    positions = {id(d.block): i for i, d in enumerate(schema.decls)}
                order = positions
                members.sort(key=lambda e: order.get(id(e.decl.block), -1))
                found, clashing = _judge_table(members)
                if found:
                    self.found[touched] = found
                if clashing:
                    self.clashing[touched] = clashing
            after = self.clashing.get(touched, set())
            for key in before ^ after:
                entry = self.entries.get(key)
                if entry is not None:
                    constraints[key] = entry.entity
        self._constraints(schema, relations_of, constraints)

    def _own(self, schema: Schema, entity: Model | Enum) -> list[Diagnostic]:
        """What a declaration reports whatever the others are: `@@schema`, and the
        `name:` of a model's ids and uniques."""
        out = _schema_attribute(schema, entity)
        if isinstance(entity, Model) and not entity.is_view:
            out.extend(_client_names(entity))
        return out

    def _constraints(self, schema: Schema, relations_of: RelationsOf,
                     changed: dict[int, Model | Enum]) -> None:
        touched: set[tuple[object, ...]] = set()
        for key in changed:
            for group, place in self.places.pop(key, ()):
                _remove(self.groups[group], place)
                touched.add(group)
            self.found.pop(("local", key), None)
        skip = {key for clashing in self.clashing.values() for key in clashing}
        for key, entity in changed.items():
            entry = self.entries.get(key)
            if entry is None or not isinstance(entity, Model) or entity.is_view:
                continue
            entry.skipped = key in skip
            if entry.skipped:
                continue
            local, places = _constraint_names(schema, entity, relations_of(entity))
            if local:
                self.found[("local", key)] = local
            if places:
                self.places[key] = places
                for group, place in places:
                    self.groups.setdefault(group, []).append(place)
                    touched.add(group)
        for group in touched:
            self.found.pop(group, None)
            given = self.groups.get(group)
            if not given:
                self.groups.pop(group, None)
            elif len(given) > 1:
                self.found[group] = [_clash(str(group[-1]), _description(group), p)
                                     for p in given]


def _description(group: tuple[object, ...]) -> str:
    """The namespace a constraint group's key names, for the message."""
    if group[0] == "sqlserver":
        return _SQL_SERVER
    if group[0] == "mysql-fk":
        return _MYSQL_FOREIGN_KEYS
    return _CONSTRAINT_SCOPES[str(group[1])][2]  # ("constraint", provider, schema, name)


def _remove(items: list[_T], item: _T) -> None:
    """Remove ``item`` itself (not an equal one) from ``items``."""
    for i, candidate in enumerate(items):
        if candidate is item:
            del items[i]
            return


def _judge_table(members: list[Model | Enum]) -> tuple[list[Diagnostic], set[int]]:
    """Models mapped to one table (or enums to one database enum), in declaration order."""
    out: list[Diagnostic] = []
    clashing: set[int] = set()
    existing = members[0]
    for entity in members[1:]:
        if isinstance(entity, Enum):
            out.append(_error(f'The enum "{entity.name}" has the database name '
                              f'"{entity.db_name}", like the enum "{existing.name}": each enum '
                              "needs its own database name.", entity.decl, entity.decl.block.name))
            continue
        assert isinstance(existing, Model)
        holder = entity if entity.attribute("map") is not None else existing
        map_attr = holder.attribute("map")
        if map_attr is None:
            continue
        clashing.update((id(entity), id(existing)))
        out.append(_error(f'The model "{entity.name}" is mapped to the table "{entity.db_name}", '
                          f'which is already the table of the model "{existing.name}": each '
                          "model needs its own table.", holder.decl, map_attr))
    return out, clashing


def _schema_attribute(schema: Schema, entity: Model | Enum) -> list[Diagnostic]:
    """`@@schema` against the datasource's `schemas`."""
    ds, provider = schema.datasource, schema.provider
    if ds is None or provider is None:
        return []
    multi = provider in MULTI_SCHEMA_PROVIDERS
    label = "enum" if isinstance(entity, Enum) else ("view" if entity.is_view else "model")
    attrs = entity.attributes.get("schema")
    decl = entity.decl
    if attrs:
        attribute = attrs[0]
        if not multi:
            name = PROVIDER_NAMES.get(provider, provider)
            span = decl.span(attribute)
            return [Diagnostic(CAPABILITY, f"`@@schema` is not supported by {name}: remove it.",
                               Severity.ERROR, span.path, span.start, span.end)]
        declared = set(ds.schemas) if "schemas" in ds.properties else None
        if entity.schema is not None and (declared is None or entity.schema not in declared):
            value = argument_value(attribute.args, "map", 0)
            node: object = value if value is not None else attribute
            listed = ("has no `schemas` property" if declared is None
                      else "does not list it in `schemas`")
            return [_error(f'The database schema "{entity.schema}" is not declared: the '
                           f"datasource {listed} (https://pris.ly/d/multi-schema).", decl, node)]
        return []
    if multi and "schemas" in ds.properties and provider != "mysql":
        return [_error(f'The {label} "{entity.name}" has no `@@schema` attribute: with '
                       "`schemas` in the datasource, every model, view and enum must say which "
                       "database schema it belongs to.", decl, decl.block.name)]
    return []


def _client_names(model: Model) -> list[Diagnostic]:
    """The `name:` of `@@id` / `@@unique` names an argument of the client: unique per model."""
    named: dict[str, list[Index]] = defaultdict(list)
    for index in model.all_indexes:
        if index.kind in ("id", "unique") and not index.on_field and index.name:
            named[index.name].append(index)
    out: list[Diagnostic] = []
    for name, indexes in named.items():
        if len(indexes) < 2:
            continue
        for index in indexes:
            arg = index.attribute.arg("name")
            node: object = arg if arg is not None else index.attribute
            out.append(_error(f"The name `{name}` is given to more than one id or unique "
                              f'constraint of model "{model.name}": each needs its own `name`.',
                              model.decl, node))
    return out


def _index_place(model: Model, index: Index) -> Place:
    map_arg = index.attribute.arg("map")
    return (model.decl, map_arg if map_arg is not None else index.attribute)


def _foreign_keys(schema: Schema, model: Model,
                  relations: Sequence[Relation]) -> list[tuple[str, Place]]:
    """The foreign keys Prisma creates for ``model``: constraint name and where."""
    if (schema.relation_mode != "foreignKeys" or schema.provider in (None, "mongodb", "sqlite")
            or model.is_ignored):
        return []
    out: list[tuple[str, Place]] = []
    for relation in relations:
        forward = relation.forward
        attr = forward.relation_attr
        if (relation.kind == "N:M" or attr is None or attr.attribute is None or not attr.fields
                or not relation.fk_fields or forward.is_ignored):
            continue
        if attr.map is not None:
            name = attr.map
        else:
            name = constraint_name(model.db_name, [f.db_name for f in relation.fk_fields],
                                   "fkey", schema.provider)
        map_arg = attr.attribute.arg("map")
        out.append((name, (model.decl, map_arg if map_arg is not None else attr.attribute)))
    return out


def _constraint_names(
    schema: Schema, model: Model, relations: Sequence[Relation]
) -> tuple[list[Diagnostic], list[tuple[tuple[object, ...], Place]]]:
    """A model's constraint names (its table does not clash): the clashes inside
    its table, and its places in the schema-wide namespaces."""
    provider = schema.provider or ""
    local: list[Diagnostic] = []
    places: list[tuple[tuple[object, ...], Place]] = []
    scope = _CONSTRAINT_SCOPES.get(provider)
    if scope is not None:
        extent, kinds, description = scope
        mine: dict[str, list[Place]] = defaultdict(list)
        for index in model.all_indexes:
            if index.kind not in kinds:
                continue
            name = constraint_db_name(index)
            if not name:
                continue
            if extent == "global":
                places.append((("constraint", provider, model.schema, name),
                               _index_place(model, index)))
            else:
                mine[name].append(_index_place(model, index))
        for name, given in mine.items():
            if len(given) > 1:
                local.extend(_clash(name, description, p) for p in given)
    if provider == "sqlserver":
        pk = model.primary_key
        if pk is not None and pk.db_name:
            places.append((("sqlserver", model.schema, constraint_db_name(pk)),
                           _index_place(model, pk)))
        for fld in model.fields:
            attribute = fld.attribute("default")
            map_arg = attribute.arg("map") if attribute is not None else None
            if map_arg is not None and isinstance(map_arg.value, StringLit):
                places.append((("sqlserver", model.schema, map_arg.value.value),
                               (model.decl, map_arg)))
    fks = _foreign_keys(schema, model, relations)
    if provider == "sqlserver":
        places.extend((("sqlserver", model.schema, name), place) for name, place in fks)
    elif provider == "mysql":
        places.extend((("mysql-fk", name), place) for name, place in fks)
    elif provider in ("postgresql", "cockroachdb") and fks:
        table: dict[str, list[Place]] = defaultdict(list)
        for name, place in fks:
            table[name].append(place)
        with_fk = set(table)
        for index in model.all_indexes:
            name = constraint_db_name(index)
            if name in with_fk:
                table[name].append(_index_place(model, index))
        for name, given in table.items():
            if len(given) > 1:
                local.extend(_clash(name, _TABLE_FOREIGN_KEYS, p) for p in given)
    return local, places
