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

from analysis.model.schema import (
    SCALARS,
    CompositeType,
    Decl,
    Field,
    Model,
    Schema,
    argument_value,
)
from analysis.syntax.nodes import Attribute, EnumValue, Ident, StringLit
from analysis.validate.codes import (
    DUPLICATE,
    NAME_CONFLICT,
)
from analysis.validate.name_clashes import SchemaNames, relations_by_owner
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


#: A declaration whose name may be reported: its index in ``schema.decls`` and
#: the index of the declaration of the same name before it (``-1``: none).
NameProblem = tuple[int, int]


def block_name_problems(schema: Schema) -> list[NameProblem]:
    """The declarations :func:`check_names` may report (a scan of every name).

    What it reports depends only on each declaration's file, kind and name, in
    order; an edit that keeps them all (see :func:`analysis.reuse.compare`)
    keeps these problems, and only their diagnostics are made again."""
    namespaces: dict[str, dict[str, int]] = {"tops": {}, "generator": {}, "datasource": {}}
    out: list[NameProblem] = []
    for i, decl in enumerate(schema.decls):
        block = decl.block
        kind, name = block.kind, block.name.text
        existing = namespaces[kind if kind in ("generator", "datasource") else "tops"].setdefault(
            name, i)
        if (existing != i or name in SCALARS or name in RESERVED_NAMES
                or (name and ("-" in name or not name[0].isalpha()))):
            out.append((i, existing if existing != i else -1))
    return out


def report_block_names(schema: Schema, problems: list[NameProblem], report: Report) -> None:
    decls = schema.decls
    for i, repeated in problems:
        decl = decls[i]
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
        if repeated < 0:
            continue
        existing = decls[repeated]
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


def check_names(schema: Schema, report: Report) -> None:
    """Name resolution: blocks declared twice, reserved or malformed block names.
    Prisma's first stage: its errors stop all others."""
    report_block_names(schema, block_name_problems(schema), report)


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
    schema-wide validation pipeline (see :mod:`analysis.validate.name_clashes`,
    which keeps them as indexes an edit updates)."""
    found = SchemaNames.whole(schema, relations_by_owner(schema)).diagnostics()
    report.diagnostics.extend(found)
    report.error_count += sum(1 for d in found if d.is_error)
