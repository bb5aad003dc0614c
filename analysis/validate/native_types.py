"""Validation checks: native database types (`@db.VarChar(255)`).

Prisma checks native types only on an otherwise valid schema, so everything
here runs from :func:`check_schema`: the prefix must be the datasource's
name, the type must exist for the provider, take the right number of
arguments within range, and fit the field's scalar type.
Also: an `Unsupported("…")` type that Prisma in fact supports natively.
"""

from __future__ import annotations

import re

from analysis.model.schema import Field, Schema
from analysis.syntax.nodes import Attribute
from analysis.validate.attributes import render
from analysis.validate.codes import NATIVE_TYPE
from analysis.validate.native_type_table import (
    DATABASE_NAMES,
    MAX_ALLOWED,
    NATIVE_TYPES,
    NativeType,
)
from analysis.validate.report import Report


def native_attribute(fld: Field) -> Attribute | None:
    """The field's first `@x.Type` attribute, whatever its prefix."""
    for attribute in fld.node.attributes:
        if "." in attribute.name.text:
            return attribute
    return None


def native_name(fld: Field) -> str | None:
    """The native type name of a field (`VarChar`), with the right prefix or not."""
    attribute = native_attribute(fld)
    return attribute.name.text.split(".", 1)[1] if attribute is not None else None


def native_args(attribute: Attribute) -> list[str]:
    if attribute.args is None:
        return []
    return [render(a.value) for a in attribute.args.args]


def check_schema(schema: Schema, report: Report) -> None:
    """Every native type attribute: Prisma checks them in its schema-wide
    validation pipeline."""
    ds = schema.datasource
    provider = schema.provider
    if ds is None or provider not in NATIVE_TYPES:
        return
    table = NATIVE_TYPES[provider]
    fields = [f for m in schema.all_models for f in m.fields]
    fields += [f for c in schema.all_composite_types for f in c.fields]
    for fld in fields:
        if fld.kind == "unsupported":
            _unsupported(provider, ds.name, table, fld, report)
        if fld.kind != "scalar":
            continue
        attribute = native_attribute(fld)
        if attribute is not None:
            _check_native(provider, ds.name, table, fld, attribute, report)


def _check_native(
    provider: str, ds_name: str, table: dict[str, NativeType], fld: Field, attribute: Attribute,
    report: Report,
) -> None:
    scope, type_name = attribute.name.text.split(".", 1)
    if scope != ds_name:
        report.error(
            NATIVE_TYPE,
            f"The prefix `{scope}` is not the name of the datasource: write "
            f"`@{ds_name}.{type_name}`.",
            fld.decl.span(attribute),
        )
    native = table.get(type_name)
    if native is None:
        report.error(
            NATIVE_TYPE,
            f"The {DATABASE_NAMES[provider]} connector has no native type `{type_name}`.",
            fld.decl.span(attribute),
        )
        return
    args = native_args(attribute)
    count = len(args)
    if count < native.required or (count > native.required and native.optional == 0):
        report.error(
            NATIVE_TYPE,
            f"The native type `{type_name}` takes {_count(native.required)}, but {count} "
            f"{'is' if count == 1 else 'are'} given.",
            fld.decl.span(attribute),
        )
        return
    if count > native.required + native.optional:
        report.error(
            NATIVE_TYPE,
            f"The native type `{type_name}` takes at most {_count(native.optional)}, but "
            f"{count} are given.",
            fld.decl.span(attribute),
        )
        return
    if fld.type_name not in native.scalars:
        expected = " or ".join(native.scalars)
        report.error(
            NATIVE_TYPE,
            f"The native type `{type_name}` does not fit a field of type `{fld.type_name}`: "
            f"it needs a field of type {expected}.",
            fld.decl.span(attribute),
        )
        return
    numbers = parse_args(provider, type_name, args)
    if numbers is None:
        if type_name == "Decimal":
            what = "two non-negative integers"
        elif provider == "sqlserver" and type_name in MAX_ALLOWED:
            what = "a non-negative integer or `Max`"
        else:
            what = "a non-negative integer"
        report.error(
            NATIVE_TYPE,
            f"`{type_name}` takes {what} as arguments, not `({', '.join(args)})`.",
            fld.decl.span(attribute),
        )
        return
    problem = _range_problem(provider, type_name, numbers, fld.type_name)
    if problem is not None:
        rendered = f"{type_name}({','.join(args)})"
        report.error(
            NATIVE_TYPE,
            f"`{rendered}` is out of range for {DATABASE_NAMES[provider]}: {problem}",
            fld.decl.span(attribute),
        )


def _count(number: int) -> str:
    return f"{number} argument" if number == 1 else f"{number} arguments"


def parse_args(provider: str, type_name: str, args: list[str]) -> list[int | None] | None:
    """The native type's arguments as numbers (``None`` for SQL Server's `Max`), or ``None``
    when they do not parse: Prisma takes `Decimal` with two arguments or none."""
    if type_name == "Decimal" and len(args) not in (0, 2):
        return None
    numbers: list[int | None] = []
    for arg in args:
        if provider == "sqlserver" and type_name in MAX_ALLOWED and arg.lower() == "max":
            numbers.append(None)
        elif arg.isdigit():
            numbers.append(int(arg))
        else:
            return None
    return numbers


def _above(value: int | None, high: int, what: str) -> str | None:
    return what if value is not None and value > high else None


def _range_problem(
    provider: str, type_name: str, numbers: list[int | None], scalar: str
) -> str | None:
    """Argument ranges, as each of Prisma's connectors checks them."""
    first = numbers[0] if numbers else None
    second = numbers[1] if len(numbers) > 1 else None
    if type_name == "Decimal" and first is not None and second is not None:
        if second > first:
            return "the scale must not be larger than the precision."
        if provider in ("postgresql", "cockroachdb") and not 1 <= first <= 1000:
            return "the precision must be positive, at most 1000."
        if provider == "mysql":
            return _above(first, 65, "the precision can range from 1 to 65.") or _above(
                second, 30, "the scale can range from 0 to 30.")
        if provider == "sqlserver":
            if not 1 <= first <= 38:
                return "the precision can range from 1 to 38."
            return _above(second, 38, "the scale can range from 0 to 38.")
        return None
    if provider in ("postgresql", "cockroachdb"):
        if type_name in ("Bit", "VarBit") and first == 0:
            return "the length must be positive."
        if type_name in ("Time", "Timestamp", "Timestamptz", "Timetz"):
            return _above(first, 6, "the precision can range from 0 to 6.")
    if provider == "mysql":
        if type_name == "Bit" and first is not None:
            if not 1 <= first <= 64:
                return "the length can range from 1 to 64."
            if first > 1 and scalar == "Boolean":
                return "only `Bit(1)` can be used for a Boolean."
        if type_name == "Char":
            return _above(first, 255, "the length can range from 0 to 255.")
        if type_name == "VarChar":
            return _above(first, 65535, "the length can range from 0 to 65,535.")
    if provider == "sqlserver":
        if type_name == "Float" and first is not None and not 1 <= first <= 53:
            return "the bits can range from 1 to 53."
        if type_name in ("NVarChar", "NChar"):
            hint = " For larger sizes, use `Max`." if type_name == "NVarChar" else ""
            return _above(first, 4000, "the length can range from 1 to 4000." + hint)
        if type_name in ("VarChar", "VarBinary", "Char", "Binary"):
            hint = " For larger sizes, use `Max`." if type_name in MAX_ALLOWED else ""
            return _above(first, 8000, "the length can range from 1 to 8000." + hint)
    return None


_UNSUPPORTED = re.compile(r"^(?P<prefix>[^(]+)(?:\((?P<params>.*?)\))?(?P<suffix>.+)?$")


def _unsupported(
    provider: str, ds_name: str, table: dict[str, NativeType], fld: Field, report: Report
) -> None:
    ftype = fld.node.type
    if ftype is None or ftype.unsupported is None:
        return
    literal = ftype.unsupported.value
    match = _UNSUPPORTED.match(literal)
    if match is None:
        return
    prefix = match["prefix"].strip()
    native = table.get(prefix)
    if native is None:
        return
    params = match["params"]
    args = [] if params is None else [p.strip() for p in params.split(",")]
    count = len(args)
    if count < native.required or count > native.required + native.optional:
        return
    if parse_args(provider, prefix, args) is None:
        return
    notation = prefix + (f"({','.join(args)})" if args else "")
    report.error(
        NATIVE_TYPE,
        f"Prisma supports `Unsupported(\"{literal}\")` as a native type: write the field as "
        f"`{native.scalars[0]} @{ds_name}.{notation}` instead.",
        fld.span,
    )

