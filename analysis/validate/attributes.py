"""Validation checks: which attributes exist where, and their arguments.

Prisma validates attributes in one pass over each attribute list (a field's,
a model's, an enum's, an enum value's): every attribute it does not visit is
unknown, a non-repeatable attribute given twice is reported on each copy, and
each visited attribute's arguments are matched against what the attribute
takes (the default unnamed argument, named ones, their value types) with
every argument left over reported as unknown.

This module does that generic work for all attributes plus the rules that
only depend on one attribute (`@updatedAt` on DateTime, `@ignore` rules,
attributes not allowed on relation fields or composite-type fields).
:mod:`defaults`, :mod:`native_types` and :mod:`indexes` check what the values
mean.

:func:`check_attributes` is part of Prisma's attribute stage,
:func:`check_schema` of its schema-wide validation pipeline; when each runs
is decided by :data:`analysis.validate.STAGES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from analysis.model.schema import CompositeType, Decl, Enum, Field, Model, Schema, Span
from analysis.syntax.nodes import (
    ArgList,
    Argument,
    ArrayExpr,
    Attribute,
    ConstRef,
    EnumValue,
    Expression,
    FuncCall,
    NumberLit,
    StringLit,
)
from analysis.validate.codes import ATTRIBUTE
from analysis.validate.report import Report

# ---------------------------------------------------------------------------
# Shared helpers (also used by defaults, native_types and indexes)
# ---------------------------------------------------------------------------

_KIND_NAMES = {
    StringLit: "string",
    NumberLit: "numeric",
    ConstRef: "literal",
    FuncCall: "functional",
    ArrayExpr: "array",
}


def value_kind(expr: Expression) -> str:
    """How Prisma names the kind of a value in messages: `string`, `numeric`, …"""
    return _KIND_NAMES[type(expr)]


def render(expr: Expression | None) -> str:
    """A value written back the way Prisma prints it in messages."""
    if expr is None:
        return ""
    if isinstance(expr, StringLit):
        return expr.raw
    if isinstance(expr, (NumberLit, ConstRef)):
        return expr.text
    if isinstance(expr, ArrayExpr):
        return "[" + ",".join(render(item) for item in expr.items) + "]"
    return f"{expr.name.text}({render_args(expr.args)})"


def render_args(args: ArgList | None) -> str:
    if args is None:
        return ""
    parts = []
    for arg in args.args:
        value = render(arg.value)
        parts.append(f"{arg.name.text}: {value}" if arg.name is not None else value)
    return ", ".join(parts)


def attr_label(attribute: Attribute) -> str:
    return ("@@" if attribute.block_level else "@") + attribute.name.text


def int_value(expr: Expression | None) -> int | None:
    if isinstance(expr, NumberLit):
        try:
            return int(expr.text)
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------------------
# What each attribute takes
# ---------------------------------------------------------------------------

ValueType = Literal["string", "constant", "bool", "int", "fields", "constants", "any"]


@dataclass(frozen=True, slots=True)
class Arg:
    name: str
    type: ValueType = "any"
    default: bool = False
    """The argument that may be given unnamed."""
    required: bool = False


@dataclass(frozen=True, slots=True)
class Spec:
    args: tuple[Arg, ...] = ()
    repeatable: bool = False
    check_args: bool = True
    """``False``: Prisma reports the attribute itself and ignores its arguments."""


_INDEX_FIELD_ARGS = (Arg("map", "string"), Arg("length", "int"), Arg("sort", "constant"),
                     Arg("clustered", "bool"))

SCALAR_FIELD: dict[str, Spec] = {
    "map": Spec((Arg("name", "string", default=True, required=True),)),
    "ignore": Spec(),
    "relation": Spec(check_args=False),  # reported by relations: not a relation field
    "id": Spec(_INDEX_FIELD_ARGS),
    "updatedAt": Spec(),
    "default": Spec((Arg("value", default=True, required=True), Arg("map", "string"))),
    "unique": Spec(_INDEX_FIELD_ARGS),
    "shardKey": Spec(),
}

RELATION_FIELD: dict[str, Spec] = {
    "relation": Spec((Arg("name", "string", default=True), Arg("fields"), Arg("references"),
                      Arg("onDelete"), Arg("onUpdate"), Arg("map", "string"))),
    "id": Spec(check_args=False),
    "ignore": Spec(),
    "default": Spec(check_args=False),
    "map": Spec(check_args=False),
    "unique": Spec(check_args=False),
}

COMPOSITE_FIELD: dict[str, Spec] = {
    "map": Spec((Arg("name", "string", default=True, required=True),)),
    "default": Spec((Arg("value", default=True, required=True), Arg("map", "string"))),
}

ENUM_VALUE: dict[str, Spec] = {
    "map": Spec((Arg("name", "string", default=True, required=True),)),
}

ENUM_BLOCK: dict[str, Spec] = {
    "map": Spec((Arg("name", "string", default=True, required=True),)),
    "schema": Spec((Arg("map", "string", default=True, required=True),)),
}

MODEL_BLOCK: dict[str, Spec] = {
    "ignore": Spec(),
    "id": Spec((Arg("fields", "fields", default=True, required=True), Arg("name", "string"),
                Arg("map", "string"), Arg("clustered", "bool"))),
    "map": Spec((Arg("name", "string", default=True, required=True),)),
    "schema": Spec((Arg("map", "string", default=True, required=True),)),
    "index": Spec((Arg("fields", "fields", default=True, required=True), Arg("name", "string"),
                   Arg("map", "string"), Arg("type", "constant"), Arg("clustered", "bool")),
                  repeatable=True),
    "unique": Spec((Arg("fields", "fields", default=True, required=True), Arg("name", "string"),
                    Arg("map", "string"), Arg("clustered", "bool")), repeatable=True),
    "fulltext": Spec((Arg("fields", "fields", default=True, required=True),
                      Arg("map", "string")), repeatable=True),
    "shardKey": Spec((Arg("fields", "constants", default=True, required=True),)),
}

COMPOSITE_BLOCK_MESSAGES = {
    "map": "A composite type is not stored as a table of its own, so it takes no `@@map`: "
           "remove it.",
    "unique": "A unique constraint on a composite type belongs in the model that embeds it.",
    "index": "An index on a composite type belongs in the model that embeds it.",
    "fulltext": "A fulltext index on a composite type belongs in the model that embeds it.",
    "id": "A composite type cannot have an id.",
}


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------


def check_attributes(schema: Schema, report: Report) -> None:
    """Every attribute list of the schema, in Prisma's attribute stage."""
    for model in schema.all_models:
        _check_model(schema, model, report)
    for enum in schema.all_enums:
        _check_enum(enum, report)
    for ctype in schema.all_composite_types:
        _check_composite(schema, ctype, report)


def _check_model(schema: Schema, model: Model, report: Report) -> None:
    decl = model.decl
    prefix = schema.native_prefix
    for fld in model.fields:
        relation = fld.kind == "model"
        specs = RELATION_FIELD if relation else SCALAR_FIELD
        native_ok = fld.kind == "scalar"
        visited = _check_list(decl, fld.node.attributes, specs, report, native_ok=native_ok,
                              prefix=prefix)
        _field_rules(model, fld, visited, report)
    visited = _check_list(decl, model.block.attributes, MODEL_BLOCK, report)
    ignore = visited.get("ignore")
    if ignore is not None:
        for fld in model.fields:
            if fld.kind != "model" and len(fld.attributes.get("ignore", ())) == 1:
                report.error(
                    ATTRIBUTE,
                    f"The field `{fld.name}` does not need `@ignore`: its model `{model.name}` "
                    "is already ignored with `@@ignore`.",
                    fld.span,
                )


def _field_rules(model: Model, fld: Field, visited: dict[str, Attribute], report: Report) -> None:
    if not visited:
        return  # every rule here is about an attribute the field has
    decl = model.decl
    if fld.kind == "model":
        messages = {
            "id": f"The relation field `{fld.name}` cannot be marked with `@id`: only scalar "
                  "fields can be an id.",
            "default": f"The relation field `{fld.name}` cannot have a default value.",
            "map": f"The relation field `{fld.name}` cannot take `@map`: it has no column of "
                   "its own (map its scalar fields instead).",
            "unique": f"The relation field `{fld.name}` cannot be marked with `@unique`: only "
                      "scalar fields can be made unique." + _unique_suggestion(fld),
        }
        for name, message in messages.items():
            attribute = visited.get(name)
            if attribute is not None:
                report.error(ATTRIBUTE, message, decl.span(attribute))
        return
    ignore = visited.get("ignore")
    if ignore is not None and fld.kind == "unsupported":
        report.error(
            ATTRIBUTE,
            f"The field `{fld.name}` has an `Unsupported` type, which the client ignores "
            "already: remove `@ignore`.",
            decl.span(ignore),
        )
    updated_at = visited.get("updatedAt")
    if updated_at is not None:
        if not (fld.kind == "scalar" and fld.type_name == "DateTime"):
            report.error(
                ATTRIBUTE,
                f"`@updatedAt` needs a field of type DateTime, but `{fld.name}` is of type "
                f"`{fld.type_name}`.",
                decl.span(updated_at),
            )
        if fld.is_list:
            report.error(
                ATTRIBUTE,
                f"`@updatedAt` cannot be used on the list field `{fld.name}`.",
                decl.span(updated_at),
            )


def _unique_suggestion(fld: Field) -> str:
    fields = fld.relation_attr.fields if fld.relation_attr is not None else None
    if not fields:
        return ""
    if len(fields) == 1:
        return f" Did you mean to put it on `{fields[0]}`?"
    return f" Did you mean `@@unique([{', '.join(fields)}])`?"


def _check_enum(enum: Enum, report: Report) -> None:
    decl = enum.decl
    for member in decl.block.members:
        if isinstance(member, EnumValue):
            _check_list(decl, member.attributes, ENUM_VALUE, report)
    _check_list(decl, decl.block.attributes, ENUM_BLOCK, report)


def _check_composite(schema: Schema, ctype: CompositeType, report: Report) -> None:
    decl = ctype.decl
    for fld in ctype.fields:
        for attribute in fld.node.attributes:
            name = attribute.name.text
            if name in ("unique", "id"):  # `@relation`: see relations
                report.error(
                    ATTRIBUTE,
                    f"A field of a composite type cannot take `@{name}`.",
                    fld.span,
                )
        _check_list(decl, fld.node.attributes, COMPOSITE_FIELD, report,
                    native_ok=fld.kind == "scalar", prefix=schema.native_prefix)
    for attribute in decl.block.attributes:
        name = attribute.name.text
        message = COMPOSITE_BLOCK_MESSAGES.get(
            name, "A composite type cannot have block attributes (`@@…`)."
        )
        report.error(ATTRIBUTE, message, decl.span(attribute))


# ---------------------------------------------------------------------------
# One attribute list
# ---------------------------------------------------------------------------


def _check_list(
    decl: Decl,
    attributes: Sequence[Attribute],
    specs: dict[str, Spec],
    report: Report,
    *,
    native_ok: bool = False,
    prefix: str | None = None,
) -> dict[str, Attribute]:
    """Check one attribute list; return the known, non-duplicated attributes by name
    (the first of a repeatable one) whose arguments are usable."""
    visited: dict[str, Attribute] = {}
    if not attributes:
        return visited
    counts: dict[str, int] = {}
    for attribute in attributes:
        counts[attribute.name.text] = counts.get(attribute.name.text, 0) + 1
    seen_native = False
    for attribute in attributes:
        name = attribute.name.text
        if "." in name and native_ok:
            if seen_native:
                report.error(
                    ATTRIBUTE,
                    f"A field can have only one native type attribute (`@{name.split('.')[0]}.…`).",
                    decl.span(attribute),
                )
            seen_native = True
            continue
        spec = specs.get(name)
        if spec is None:
            report.error(ATTRIBUTE, f"Unknown attribute `{attr_label(attribute)}` here.",
                         decl.span(attribute))
            continue
        if counts[name] > 1 and not spec.repeatable:
            report.error(
                ATTRIBUTE,
                f"The attribute `{attr_label(attribute)}` can only be given once here.",
                decl.span(attribute),
            )
            continue
        usable = _check_syntax_of_args(decl, attribute, report)
        if usable and spec.check_args:
            _check_args(decl, attribute, spec, report)
        if usable:
            visited.setdefault(name, attribute)
    return visited


def _arg_lists(attribute: Attribute) -> Iterable[ArgList]:
    if attribute.args is None:
        return
    yield attribute.args
    for arg in attribute.args.args:
        if isinstance(arg.value, FuncCall):
            yield arg.value.args


def _check_syntax_of_args(decl: Decl, attribute: Attribute, report: Report) -> bool:
    """Empty `name:` arguments and trailing commas; ``False`` when the attribute
    cannot be validated further."""
    usable = True
    if attribute.args is None:
        return usable
    label = attr_label(attribute)
    for args in _arg_lists(attribute):
        for arg in args.args:
            if arg.value is None and arg.name is not None:
                report.error(
                    ATTRIBUTE,
                    f"The argument `{arg.name.text}` of `{label}` has no value.",
                    decl.span(arg.name),
                )
                usable = False
            if isinstance(arg.value, ArrayExpr):
                for item in arg.value.items:
                    if isinstance(item, FuncCall):
                        for inner in item.args.args:
                            if inner.value is None and inner.name is not None:
                                report.error(
                                    ATTRIBUTE,
                                    f"The argument `{inner.name.text}` of `{label}` has no value.",
                                    decl.span(inner.name),
                                )
        if args.trailing_comma and args.args:
            last = args.args[-1]
            report.error(
                ATTRIBUTE,
                f"Trailing comma in the arguments of `{label}`: remove it.",
                Span(decl.path, decl.offset + last.end, decl.offset + last.end + 1),
            )
    return usable


def _check_args(decl: Decl, attribute: Attribute, spec: Spec, report: Report) -> None:
    args = attribute.args.args if attribute.args is not None else ()
    if not args:  # the common case: only a missing required argument to report
        for spec_arg in spec.args:
            if spec_arg.default and spec_arg.required:
                report.error(
                    ATTRIBUTE,
                    f"`{attr_label(attribute)}` needs the argument `{spec_arg.name}`.",
                    decl.span(attribute),
                )
        return
    by_name: dict[str | None, Argument] = {}
    unnamed: list[Argument] = []
    for arg in args:
        key = arg.name.text if arg.name is not None else None
        if arg.name is None:
            unnamed.append(arg)
            by_name[None] = arg
            continue
        if key in by_name:
            report.error(ATTRIBUTE, f"The argument `{key}` is given twice.", decl.span(arg))
            continue
        by_name[key] = arg
    if len(unnamed) > 1:
        listed = ", ".join(render(a.value) for a in unnamed)
        report.error(
            ATTRIBUTE,
            f"`{attr_label(attribute)}` takes only one unnamed argument. Did you forget the "
            f"brackets: `[{listed}]`?",
            decl.span(attribute),
        )
    for spec_arg in spec.args:
        found = by_name.pop(spec_arg.name, None)
        if spec_arg.default:
            positional = by_name.pop(None, None)
            if found is not None and positional is not None:
                report.error(
                    ATTRIBUTE,
                    f"The argument `{spec_arg.name}` is given both unnamed and by name.",
                    decl.span(found),
                )
                continue
            found = found or positional
            if found is None:
                if spec_arg.required:
                    report.error(
                        ATTRIBUTE,
                        f"`{attr_label(attribute)}` needs the argument `{spec_arg.name}`.",
                        decl.span(attribute),
                    )
                continue
        if found is None or found.value is None:
            continue
        _check_value(decl, spec_arg, found.value, report)
    for arg in by_name.values():
        if arg.name is not None:
            message = f"`{attr_label(attribute)}` has no argument `{arg.name.text}`."
        else:
            message = f"`{attr_label(attribute)}` takes no unnamed argument."
        report.error(ATTRIBUTE, message, decl.span(arg))


def _expected(decl: Decl, what: str, expr: Expression, report: Report) -> None:
    report.error(
        ATTRIBUTE,
        f"Expected {what}, but found the {value_kind(expr)} value `{render(expr)}`.",
        decl.span(expr),
    )


def _check_value(decl: Decl, spec_arg: Arg, value: Expression, report: Report) -> None:
    kind = spec_arg.type
    if kind == "string":
        if not isinstance(value, StringLit):
            _expected(decl, "a string", value, report)
    elif kind == "constant":
        if not isinstance(value, ConstRef):
            what = "`Asc` or `Desc`" if spec_arg.name == "sort" else "a constant (a bare name)"
            _expected(decl, what, value, report)
    elif kind == "bool":
        if not (isinstance(value, ConstRef) and value.text in ("true", "false")):
            _expected(decl, "a boolean (`true` or `false`)", value, report)
    elif kind == "int":
        if int_value(value) is None:
            _expected(decl, "an integer", value, report)
    elif kind == "constants":
        items = value.items if isinstance(value, ArrayExpr) else (value,)
        for item in items:
            if not isinstance(item, ConstRef):
                _expected(decl, "a field name", item, report)
    elif kind == "fields":
        items = value.items if isinstance(value, ArrayExpr) else (value,)
        for item in items:
            if isinstance(item, FuncCall):
                _check_index_field_args(decl, item, report)
            elif not isinstance(item, ConstRef):
                _expected(decl, "a field name", item, report)


def _check_index_field_args(decl: Decl, item: FuncCall, report: Report) -> None:
    for arg in item.args.args:
        if arg.value is None:
            continue
        name = arg.name.text if arg.name is not None else None
        if name == "sort":
            if not isinstance(arg.value, ConstRef):
                _expected(decl, "`Asc` or `Desc`", arg.value, report)
        elif name == "length" and int_value(arg.value) is None:
            _expected(decl, "an integer", arg.value, report)


# ---------------------------------------------------------------------------
# Schema-wide checks (Prisma's validation pipeline)
# ---------------------------------------------------------------------------


def check_schema(schema: Schema, report: Report) -> None:
    """MongoDB field names (`@@schema` is checked by :mod:`names`): connector
    rules, which Prisma checks in its schema-wide validation pipeline."""
    if schema.provider == "mongodb":
        for model in schema.all_models:
            for fld in model.fields:
                for attribute in fld.attributes.get("map", ()):
                    name = attribute.arg("name", 0)
                    if (name is not None and isinstance(name.value, StringLit)
                            and name.value.value.startswith("$")):
                        report.error(
                            ATTRIBUTE,
                            "MongoDB field names cannot start with `$`.",
                            model.decl.span(attribute),
                        )
