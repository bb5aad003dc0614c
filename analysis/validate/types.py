"""Validation checks: field types, type aliases and what the provider supports.

In Prisma's stages (when each runs is decided by
:data:`analysis.validate.STAGES`):

* parsing (:func:`check_aliases`, :func:`check_missing_types`, code
  :data:`SYNTAX`): `type A = B` aliases and fields without a type, which
  Prisma's parser rejects and ours keeps;
* type resolution (:func:`check_types`, code :data:`UNKNOWN_TYPE`): field
  types that name nothing, enums without values;
* schema-wide validation (:func:`check_schema`, code :data:`CAPABILITY`):
  scalar lists, `Json`, `Decimal`, enums and composite types on providers
  that lack them, views without the `views` preview feature or with a primary
  key (code :data:`INDEX`), composite types without fields or with cycles of
  required fields.
"""

from __future__ import annotations

from analysis.model.schema import SCALARS, CompositeType, Field, Model, Schema
from analysis.validate.codes import CAPABILITY, INDEX, SYNTAX, UNKNOWN_TYPE
from analysis.validate.config import PROVIDER_NAMES, did_you_mean
from analysis.validate.report import Report

#: Providers whose databases store lists of scalars and enums.
SCALAR_LIST_PROVIDERS = frozenset({"postgresql", "cockroachdb", "mongodb"})
#: Providers without a `Json` type.
NO_JSON_PROVIDERS = frozenset({"sqlserver"})
#: Providers without a `Decimal` type.
NO_DECIMAL_PROVIDERS = frozenset({"mongodb"})
#: Providers without enums.
NO_ENUM_PROVIDERS = frozenset({"sqlserver"})



# ---------------------------------------------------------------------------
# Type resolution
# ---------------------------------------------------------------------------


def _suggestion(schema: Schema, name: str) -> str:
    """` Did you mean "X"?` for a declared or built-in type close to ``name``."""
    declared = [decl.block.name.text for decl in schema.decls
                if decl.block.kind in ("model", "view", "enum", "type")]
    return did_you_mean(name, [*SCALARS, *declared])


def _owners(schema: Schema) -> list[Model | CompositeType]:
    return [*schema.all_models, *schema.all_composite_types]


def _unknown_types(schema: Schema, report: Report) -> None:
    for owner in _owners(schema):
        for fld in owner.fields:
            if fld.kind != "unknown" or fld.node.type is None:
                continue
            name = fld.type_name
            message = (f'Unknown type "{name}": it is neither a built-in type nor a model, view, '
                       "enum or composite type declared in this schema.")
            message += _suggestion(schema, name)
            report.error(UNKNOWN_TYPE, message, fld.type_span)


def _empty_enums(schema: Schema, report: Report) -> None:
    for enum in schema.all_enums:
        if not enum.values:
            report.error(UNKNOWN_TYPE, f'The enum "{enum.name}" has no values: an enum needs at '
                         "least one value.", enum.decl.name_span)


def _missing_types(schema: Schema, report: Report) -> None:
    """`name` alone on a line: the parser keeps it (for completion), Prisma rejects it."""
    for owner in _owners(schema):
        for fld in owner.fields:
            if fld.node.type is None:
                report.error(SYNTAX, f"The field `{fld.name}` has no type: write its type after "
                             f"the name, e.g. `{fld.name} String`.", fld.span)


def _aliases(schema: Schema, report: Report) -> None:
    for name, span in schema.aliases:
        report.error(SYNTAX, f"`type {name} = …` is not valid: Prisma has no type aliases. A "
                     "`type` block declares a composite type: `type Name { field Type }` "
                     "(https://pris.ly/d/composite-types).", span)


# ---------------------------------------------------------------------------
# Capabilities
# ---------------------------------------------------------------------------


def _field_capabilities(schema: Schema, report: Report, provider: str) -> None:
    name = PROVIDER_NAMES.get(provider, provider)
    for model in schema.all_models:
        label = "view" if model.is_view else "model"
        for fld in model.fields:
            if fld.kind == "scalar" and (
                (fld.type_name == "Json" and provider in NO_JSON_PROVIDERS)
                or (fld.type_name == "Decimal" and provider in NO_DECIMAL_PROVIDERS)
            ):
                report.error(CAPABILITY, f'The field "{fld.name}" of {label} "{model.name}" has '
                             f"the type {fld.type_name}, which {name} does not support.",
                             fld.span)
            if (fld.is_list and fld.kind in ("scalar", "enum")
                    and provider not in SCALAR_LIST_PROVIDERS):
                report.error(CAPABILITY, f'The field "{fld.name}" of {label} "{model.name}" is a '
                             f"list of {fld.type_name}, but {name} does not support lists of "
                             "scalars or enums.", fld.span)


def _enum_capability(schema: Schema, report: Report, provider: str) -> None:
    if provider not in NO_ENUM_PROVIDERS:
        return
    name = PROVIDER_NAMES.get(provider, provider)
    for enum in schema.all_enums:
        report.error(CAPABILITY, f'The enum "{enum.name}" cannot be used: {name} does not '
                     "support enums.", enum.decl.name_span)


def _composite_types(schema: Schema, report: Report, provider: str) -> None:
    if provider != "mongodb":
        name = PROVIDER_NAMES.get(provider, provider)
        for ctype in schema.all_composite_types:
            report.error(CAPABILITY, f'The composite type "{ctype.name}" cannot be used: '
                         f"composite types are only supported on MongoDB, not on {name}.",
                         ctype.decl.name_span)
        return
    for ctype in schema.all_composite_types:
        if not ctype.fields:
            report.error(CAPABILITY, f'The composite type "{ctype.name}" has no fields: a type '
                         "needs at least one field.", ctype.decl.name_span)


def _required_composite(fld: Field) -> CompositeType | None:
    target = fld.target
    if fld.arity == "required" and fld.kind == "composite" and isinstance(target, CompositeType):
        return target
    return None


def _composite_cycles(schema: Schema, report: Report) -> None:
    """Required composite fields that embed their own type, directly or not."""
    reported: set[int] = set()
    for root in schema.composite_types.values():
        for fld in root.fields:
            if _required_composite(fld) is root and id(fld) not in reported:
                reported.add(id(fld))
                report.error(CAPABILITY, f'The field "{fld.name}" of composite type '
                             f'"{root.name}" requires a value of its own type, which never ends. '
                             "Make the field optional or a list.", fld.span)
        # Types reachable from the root through required composite fields.
        paths: dict[int, list[str]] = {}
        queue: list[tuple[CompositeType, list[str]]] = []
        for fld in root.fields:
            target = _required_composite(fld)
            if target is not None and target is not root and id(target) not in paths:
                paths[id(target)] = [root.name, target.name]
                queue.append((target, [root.name, target.name]))
        while queue:
            ctype, path = queue.pop(0)
            for fld in ctype.fields:
                target = _required_composite(fld)
                if target is None:
                    continue
                if target is root:
                    if id(fld) not in reported:
                        reported.add(id(fld))
                        cycle = " → ".join([*path, root.name])
                        report.error(CAPABILITY, f'The field "{fld.name}" of composite type '
                                     f'"{ctype.name}" closes a cycle of required composite '
                                     f"fields ({cycle}), which never ends. Make one of these "
                                     "fields optional or a list.", fld.span)
                elif target is not ctype and id(target) not in paths:
                    paths[id(target)] = [*path, target.name]
                    queue.append((target, [*path, target.name]))


def _views(schema: Schema, report: Report) -> None:
    for model in schema.all_models:
        pk = model.primary_key
        if model.is_view and pk is not None:
            report.error(INDEX, f'The view "{model.name}" cannot have a primary key: a view is '
                         "not a table. Use `@unique` / `@@unique` to identify its rows.",
                         model.decl.span(pk.attribute))
    if any(f.lower() == "views" for f in schema.preview_features):
        return
    for model in schema.all_models:
        if model.is_view:
            report.error(CAPABILITY, f'The view "{model.name}" needs the `views` preview feature: '
                         'add `previewFeatures = ["views"]` to the generator.',
                         model.decl.name_span)


def check_aliases(schema: Schema, report: Report) -> None:
    """What Prisma's parser rejects but ours keeps (for completion and
    navigation): `type A = B` aliases..."""
    _aliases(schema, report)


def check_missing_types(schema: Schema, report: Report) -> None:
    """... and fields without a type (declaration by declaration)."""
    _missing_types(schema, report)


def check_types(schema: Schema, report: Report) -> None:
    """Type resolution, Prisma's second stage: field types that name nothing,
    enums without values."""
    _unknown_types(schema, report)
    _empty_enums(schema, report)


def check_schema(schema: Schema, report: Report) -> None:
    """Views, and what the provider supports (scalar lists, `Json`, `Decimal`,
    enums, composite types): part of Prisma's schema-wide validation pipeline."""
    _views(schema, report)
    provider = schema.provider
    if provider is None:
        return
    _field_capabilities(schema, report, provider)
    _enum_capability(schema, report, provider)
    _composite_types(schema, report, provider)


def check_composite_cycles(schema: Schema, report: Report) -> None:
    """Required composite fields that embed their own type (MongoDB), through any
    number of types: the part of :func:`check_schema` that needs every type
    (run right after it)."""
    if schema.provider == "mongodb":
        _composite_cycles(schema, report)
