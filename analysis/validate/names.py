"""Validation checks: names declared twice, reserved or malformed, and
database names that collide.

Three of Prisma's stages (when each runs is decided by
:data:`analysis.validate.STAGES`):

* name resolution (code :data:`DUPLICATE`, :func:`check_names`): blocks sharing a name (models,
  views, enums and composite types share one namespace, generators and
  datasources each have their own), fields and enum values declared twice,
  reserved names (scalar type names, JavaScript keywords, `PrismaClient`),
  model, field, enum and enum value names that start with a digit or contain
  `-`;
* attributes (code :data:`NAME_CONFLICT`, :func:`check_columns`): two fields
  of a model (or composite type) mapped to the same column (document field);
* schema-wide validation (code :data:`NAME_CONFLICT`, :func:`check_schema`):
  two models mapped to the same table, two enums to the same database enum,
  constraint names (primary keys, uniques, indexes, foreign keys, SQL Server
  default constraints) that clash in the namespace the database gives them,
  `name:` of ids and uniques given twice in a model; and `@@schema` against
  the datasource's `schemas` (`@@schema` where unsupported: :data:`CAPABILITY`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from analysis.model.names import constraint_name
from analysis.model.schema import (
    SCALARS,
    CompositeType,
    Decl,
    Enum,
    Field,
    Index,
    Model,
    Schema,
    Span,
    argument_value,
)
from analysis.syntax.nodes import Attribute, EnumValue, Ident, StringLit
from analysis.validate.codes import (
    CAPABILITY,
    DUPLICATE,
    NAME_CONFLICT,
)
from analysis.validate.config import MULTI_SCHEMA_PROVIDERS, PROVIDER_NAMES
from analysis.validate.report import Report

#: Names the generated client reserves for itself (prisma-client-js).
RESERVED_NAMES = frozenset({
    "PrismaClient",
    # JavaScript keywords
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
    "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
    "implements", "import", "in", "instanceof", "interface", "let", "new", "null", "package",
    "private", "protected", "public", "return", "super", "switch", "this", "throw", "true",
    "try", "typeof", "var", "void", "while", "with", "yield",
})

_KIND_LABELS = {
    "model": "model",
    "view": "view",
    "enum": "enum",
    "type": "composite type",
    "datasource": "datasource",
    "generator": "generator",
}


def _a(label: str) -> str:
    return ("an " if label[0] in "aeiou" else "a ") + label


# ---------------------------------------------------------------------------
# Name resolution
# ---------------------------------------------------------------------------


def _identifier(report: Report, decl: Decl, ident: Ident, what: str) -> None:
    """Prisma's rule for model, field, enum and enum value names."""
    name = ident.text
    if not name:
        return
    if unicodedata.category(name[0]) in ("Nd", "Nl", "No"):  # Rust's char::is_numeric
        report.error(DUPLICATE, f"The {what} name `{name}` starts with a digit: names must start "
                     "with a letter.", decl.span(ident))
    elif "-" in name:
        report.error(DUPLICATE, f"The {what} name `{name}` contains `-`, which is not allowed in "
                     "names: use `_` or camelCase instead.", decl.span(ident))


def _block_names(schema: Schema, report: Report) -> None:
    namespaces: dict[str, dict[str, Decl]] = {"tops": {}, "generator": {}, "datasource": {}}
    for decl in schema.decls:
        block = decl.block
        kind, name = block.kind, block.name.text
        label = _KIND_LABELS[kind]
        if name in SCALARS:
            report.error(DUPLICATE, f'"{name}" is the name of a scalar type and cannot be used as '
                         f"the name of {_a(label)}.", decl.name_span)
        if kind in ("model", "view"):
            _identifier(report, decl, block.name, label)
            if name in RESERVED_NAMES:
                report.error(DUPLICATE, f"The {label} name `{name}` is reserved by Prisma Client: "
                             "choose another name (https://pris.ly/d/naming-models).",
                             decl.name_span)
        elif kind == "enum":
            _identifier(report, decl, block.name, "enum")
            if name in RESERVED_NAMES:
                report.error(DUPLICATE, f"The enum name `{name}` is reserved by Prisma Client: "
                             "choose another name.", decl.name_span)
        namespace = namespaces[kind if kind in ("generator", "datasource") else "tops"]
        existing = namespace.get(name)
        if existing is None:
            namespace[name] = decl
            continue
        existing_label = _KIND_LABELS[existing.block.kind]
        report.error(
            DUPLICATE,
            f'The {label} "{name}" cannot be defined because {_a(existing_label)} with that '
            "name already exists.",
            decl.name_span,
            related=((existing.name_span, f"{existing_label.capitalize()} `{name}` is declared "
                      "here."),),
        )


def _members(schema: Schema, report: Report) -> None:
    containers: list[Model | CompositeType] = [*schema.all_models, *schema.all_composite_types]
    for owner in containers:
        if isinstance(owner, Model):
            label = "view" if owner.is_view else "model"
        else:
            label = "composite type"
        seen: dict[str, Ident] = {}
        for fld in owner.fields:
            ident = fld.node.name
            if isinstance(owner, Model):
                _identifier(report, owner.decl, ident, "field")
            first = seen.setdefault(fld.name, ident)
            if first is not ident:
                report.error(DUPLICATE, f'Field "{fld.name}" is already defined on {label} '
                             f'"{owner.name}".', fld.name_span,
                             related=((owner.decl.span(first), "First declared here."),))
    for enum in schema.all_enums:
        values: dict[str, object] = {}
        for value in enum.values:
            node = value.node
            if isinstance(node, EnumValue):
                _identifier(report, enum.decl, node.name, "enum value")
            earlier = values.setdefault(value.name, node)
            if earlier is not node:
                report.error(DUPLICATE, f'Value "{value.name}" is already defined on enum '
                             f'"{enum.name}".', enum.decl.span(node),
                             related=((enum.decl.span(earlier), "First declared here."),))


# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------


def _columns(schema: Schema, report: Report) -> None:
    owners: list[Model | CompositeType] = [*schema.all_models, *schema.all_composite_types]
    for owner in owners:
        if isinstance(owner, Model):
            label, what = ("view" if owner.is_view else "model"), "column"
        else:
            label, what = "composite type", "document field"
        scalars = [f for f in owner.fields if f.kind != "model"]
        by_name: dict[str, Field] = {}
        for fld in scalars:
            by_name.setdefault(fld.name, fld)
        mapped: dict[str, Field] = {}
        for fld in scalars:
            map_attr = fld.attribute("map")
            if map_attr is None or not _has_string_map(map_attr):
                continue
            column = fld.db_name
            first = mapped.setdefault(column, fld)
            other = by_name.get(column)
            if first is not fld:
                report.error(NAME_CONFLICT, f'Field "{fld.name}" is mapped to the {what} '
                             f'"{column}", like the field "{first.name}" of {label} '
                             f'"{owner.name}": each field needs its own {what}.', fld.span)
            elif other is not None and other is not fld and (
                not _has_map(other) or other.db_name == column
            ):
                report.error(NAME_CONFLICT, f'Field "{fld.name}" is mapped to the {what} '
                             f'"{column}", which is the {what} of the field "{other.name}" of '
                             f'{label} "{owner.name}": each field needs its own {what}.',
                             fld.span)


def _has_map(fld: Field) -> bool:
    attribute = fld.attribute("map")
    return attribute is not None and _has_string_map(attribute)


def _has_string_map(attribute: Attribute) -> bool:
    return isinstance(argument_value(attribute.args, "name", 0), StringLit)


# ---------------------------------------------------------------------------
# Tables, enums, constraints
# ---------------------------------------------------------------------------


def counted_models(schema: Schema) -> Iterable[Model]:
    """The models and views that count: the first declaration of each name (a
    later one is reported as declared twice and otherwise ignored)."""
    return (m for m in schema.all_models if schema.models.get(m.name) is m)


def _tables(schema: Schema, report: Report) -> set[int]:
    """Report models mapped to the same table; the ids of the models involved."""
    clashing: set[int] = set()
    tables: dict[tuple[str | None, str], Model] = {}
    for model in counted_models(schema):
        if model.is_view:
            continue
        key = (model.schema, model.db_name)
        existing = tables.setdefault(key, model)
        if existing is model:
            continue
        holder = model if model.attribute("map") is not None else existing
        map_attr = holder.attribute("map")
        if map_attr is None:
            continue
        clashing.update((id(model), id(existing)))
        report.error(
            NAME_CONFLICT,
            f'The model "{model.name}" is mapped to the table "{model.db_name}", which is already '
            f'the table of the model "{existing.name}": each model needs its own table.',
            holder.decl.span(map_attr),
        )
    return clashing


def _schemas(schema: Schema, report: Report) -> None:
    """`@@schema` against the datasource's `schemas`."""
    ds, provider = schema.datasource, schema.provider
    if ds is None or provider is None:
        return
    multi = provider in MULTI_SCHEMA_PROVIDERS
    declared = set(ds.schemas) if "schemas" in ds.properties else None
    entities: list[Model | Enum] = [*counted_models(schema)]
    entities += [e for e in schema.all_enums if schema.enums.get(e.name) is e]
    for entity in entities:
        label = "enum" if isinstance(entity, Enum) else ("view" if entity.is_view else "model")
        attrs = entity.attributes.get("schema")
        if attrs:
            attribute = attrs[0]
            if not multi:
                name = PROVIDER_NAMES.get(provider, provider)
                report.error(CAPABILITY, f"`@@schema` is not supported by {name}: remove it.",
                             entity.decl.span(attribute))
            elif entity.schema is not None and (declared is None or entity.schema not in declared):
                value = argument_value(attribute.args, "map", 0)
                node: object = value if value is not None else attribute
                listed = ("has no `schemas` property" if declared is None
                          else "does not list it in `schemas`")
                report.error(NAME_CONFLICT, f'The database schema "{entity.schema}" is not '
                             f"declared: the datasource {listed} "
                             "(https://pris.ly/d/multi-schema).", entity.decl.span(node))
        elif multi and declared is not None and provider != "mysql":
            report.error(NAME_CONFLICT, f'The {label} "{entity.name}" has no `@@schema` '
                         "attribute: with `schemas` in the datasource, every model, view and "
                         "enum must say which database schema it belongs to.",
                         entity.decl.name_span)


def _enums(schema: Schema, report: Report) -> None:
    if schema.provider in (None, "sqlserver"):
        return
    seen: dict[tuple[str | None, str], Enum] = {}
    for enum in schema.all_enums:
        if schema.enums.get(enum.name) is not enum:
            continue
        existing = seen.setdefault((enum.schema, enum.db_name), enum)
        if existing is not enum:
            report.error(NAME_CONFLICT, f'The enum "{enum.name}" has the database name '
                         f'"{enum.db_name}", like the enum "{existing.name}": each enum needs its '
                         "own database name.", enum.decl.name_span)


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


def _constraint_db_name(index: Index) -> str:
    if index.map is not None:
        return index.map
    if index.kind == "index" and index.name is not None:
        return index.name  # legacy: `name:` of @@index is its database name
    return index.db_name


def _constraints(schema: Schema, report: Report, skip: set[int]) -> None:
    """Constraint names that clash; ``skip``: models whose table clashes already
    (their default constraint names clash as a consequence)."""
    provider = schema.provider
    scope = _CONSTRAINT_SCOPES.get(provider or "")
    if scope is None:
        return
    extent, kinds, description = scope
    groups: dict[tuple[object, ...], list[Index]] = defaultdict(list)
    for model in counted_models(schema):
        if model.is_view or id(model) in skip:
            continue
        for index in model.all_indexes:
            if index.kind not in kinds:
                continue
            name = _constraint_db_name(index)
            if not name:
                continue
            owner: object = model.schema if extent == "global" else id(model)
            groups[(owner, name)].append(index)
    for key, indexes in groups.items():
        name = str(key[1])
        if len(indexes) < 2:
            continue
        for index in indexes:
            map_arg = index.attribute.arg("map")
            node = map_arg if map_arg is not None else index.attribute
            span: Span = index.model.decl.span(node)
            report.error(NAME_CONFLICT, f"The constraint name `{name}` is used more than once: it "
                         f"must be unique among the {description}. Give the constraints "
                         "different names with the `map` argument.", span)


def _client_names(schema: Schema, report: Report) -> None:
    """The `name:` of `@@id` / `@@unique` names an argument of the client: unique per model."""
    for model in counted_models(schema):
        if model.is_view:
            continue
        named: dict[str, list[Index]] = defaultdict(list)
        for index in model.all_indexes:
            if index.kind in ("id", "unique") and not index.on_field and index.name:
                named[index.name].append(index)
        for name, indexes in named.items():
            if len(indexes) < 2:
                continue
            for index in indexes:
                arg = index.attribute.arg("name")
                node: object = arg if arg is not None else index.attribute
                report.error(NAME_CONFLICT, f"The name `{name}` is given to more than one id or "
                             f'unique constraint of model "{model.name}": each needs its own '
                             "`name`.", model.decl.span(node))


#: Where a constraint is named: the declaration and the node in it (made a
#: span only when reported: most constraint names do not clash).
Place = tuple[Decl, object]


def _foreign_keys(schema: Schema, skip: set[int]) -> list[tuple[Model, str, Place]]:
    """The foreign keys Prisma creates: referencing model, constraint name, where."""
    if schema.relation_mode != "foreignKeys" or schema.provider in (None, "mongodb", "sqlite"):
        return []
    out: list[tuple[Model, str, Place]] = []
    for relation in schema.relations:
        forward = relation.forward
        model = forward.owner
        attr = forward.relation_attr
        if (relation.kind == "N:M" or not isinstance(model, Model) or attr is None
                or attr.attribute is None or not attr.fields or not relation.fk_fields
                or id(model) in skip or model.is_view or model.is_ignored
                or forward.is_ignored):
            continue
        if attr.map is not None:
            name = attr.map
        else:
            name = constraint_name(model.db_name, [f.db_name for f in relation.fk_fields],
                                   "fkey", schema.provider)
        map_arg = attr.attribute.arg("map")
        node: object = map_arg if map_arg is not None else attr.attribute
        out.append((model, name, (model.decl, node)))
    return out


def _report_clashes(report: Report, groups: dict[tuple[object, ...], list[Place]],
                    description: str) -> None:
    for key, places in groups.items():
        if len(places) < 2:
            continue
        for decl, node in places:
            report.error(NAME_CONFLICT, f"The constraint name `{key[-1]}` is used more than once: "
                         f"it must be unique among the {description}. Give the constraints "
                         "different names with the `map` argument.", decl.span(node))


def _foreign_key_names(schema: Schema, report: Report, skip: set[int]) -> None:
    """Foreign key names, in the namespace each database keeps them: per table with
    the primary key and indexes (PostgreSQL, CockroachDB), or across the database
    (MySQL; SQL Server: see :func:`_sql_server_global_names`)."""
    provider = schema.provider
    fks = _foreign_keys(schema, skip)
    if not fks:
        return
    groups: dict[tuple[object, ...], list[Place]] = defaultdict(list)
    if provider in ("postgresql", "cockroachdb"):
        for model, name, place in fks:
            groups[(id(model), name)].append(place)
        # Only clashes that involve a foreign key: the others are reported globally.
        with_fk = set(groups)
        for model in {id(m): m for m, _, _ in fks}.values():
            for index in model.all_indexes:
                key = (id(model), _constraint_db_name(index))
                if key in with_fk:
                    node = index.attribute.arg("map") or index.attribute
                    groups[key].append((model.decl, node))
        _report_clashes(report, groups, "primary key, indexes, unique constraints and foreign "
                        "keys of the table")
    elif provider == "mysql":
        for _, name, place in fks:
            groups[(name,)].append(place)
        _report_clashes(report, groups, "foreign keys of the database")


def _sql_server_global_names(schema: Schema, report: Report, skip: set[int]) -> None:
    """SQL Server names primary keys, foreign keys and default constraints in one
    namespace per database schema (defaults take part when named with `map:`)."""
    if schema.provider != "sqlserver":
        return
    groups: dict[tuple[object, ...], list[Place]] = defaultdict(list)
    for model in counted_models(schema):
        if model.is_view or id(model) in skip:
            continue
        decl = model.decl
        pk = model.primary_key
        if pk is not None and pk.db_name:
            node = pk.attribute.arg("map") or pk.attribute
            groups[(model.schema, _constraint_db_name(pk))].append((decl, node))
        for fld in model.fields:
            attribute = fld.attribute("default")
            map_arg = attribute.arg("map") if attribute is not None else None
            if map_arg is not None and isinstance(map_arg.value, StringLit):
                groups[(model.schema, map_arg.value.value)].append((decl, map_arg))
    for model, name, place in _foreign_keys(schema, skip):
        groups[(model.schema, name)].append(place)
    _report_clashes(report, groups, "primary keys, foreign keys and default constraints of "
                    "the database schema")


def check_names(schema: Schema, report: Report) -> None:
    """Name resolution: blocks declared twice, reserved or malformed block names.
    Prisma's first stage: its errors stop all others."""
    _block_names(schema, report)


def check_members(schema: Schema, report: Report) -> None:
    """Name resolution inside each block: fields and enum values declared twice,
    reserved or malformed (run right after :func:`check_names`)."""
    _members(schema, report)


def check_columns(schema: Schema, report: Report) -> None:
    """Two fields mapped to one column (or document field): Prisma finds these
    while reading `@map`, in its attribute stage."""
    _columns(schema, report)


def check_schema(schema: Schema, report: Report) -> None:
    """Tables, enums, `@@schema` and constraint names: part of Prisma's
    schema-wide validation pipeline."""
    _schemas(schema, report)
    clashing = _tables(schema, report)
    _enums(schema, report)
    _constraints(schema, report, clashing)
    _sql_server_global_names(schema, report, clashing)
    _foreign_key_names(schema, report, clashing)
    _client_names(schema, report)
