"""Validation checks: native database types (`@db.VarChar(255)`).

Prisma checks native types only on an otherwise valid schema, so everything
here runs from :func:`core_checks` (called by :mod:`indexes`): the prefix
must be the datasource's name, the type must exist for the provider, take
the right number of arguments within range, and fit the field's scalar type.
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


def check(schema: Schema, report: Report) -> None:
    """Nothing at attribute time: see :func:`core_checks`."""


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


def core_checks(schema: Schema, report: Report) -> None:
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
    span = fld.decl.span(attribute)
    scope, type_name = attribute.name.text.split(".", 1)
    if scope != ds_name:
        report.error(
            NATIVE_TYPE,
            f"The prefix `{scope}` is not the name of the datasource: write "
            f"`@{ds_name}.{type_name}`.",
            span,
        )
    native = table.get(type_name)
    if native is None:
        report.error(
            NATIVE_TYPE,
            f"The {DATABASE_NAMES[provider]} connector has no native type `{type_name}`.",
            span,
        )
        return
    args = native_args(attribute)
    count = len(args)
    if count < native.required or (count > native.required and native.optional == 0):
        report.error(
            NATIVE_TYPE,
            f"The native type `{type_name}` takes {_count(native.required)}, but {count} "
            f"{'is' if count == 1 else 'are'} given.",
            span,
        )
        return
    if count > native.required + native.optional:
        report.error(
            NATIVE_TYPE,
            f"The native type `{type_name}` takes at most {_count(native.optional)}, but "
            f"{count} are given.",
            span,
        )
        return
    if fld.type_name not in native.scalars:
        expected = " or ".join(native.scalars)
        report.error(
            NATIVE_TYPE,
            f"The native type `{type_name}` does not fit a field of type `{fld.type_name}`: "
            f"it needs a field of type {expected}.",
            span,
        )
        return
    numbers: list[int | None] = []
    for arg in args:
        if arg == "Max" and provider == "sqlserver" and type_name in MAX_ALLOWED:
            numbers.append(None)
            continue
        if not arg.isdigit():
            report.error(
                NATIVE_TYPE,
                f"The arguments of `{type_name}` must be non-negative integers, not `{arg}`.",
                span,
            )
            return
        numbers.append(int(arg))
    problem = _range_problem(provider, type_name, numbers)
    if problem is not None:
        rendered = f"{type_name}({','.join(args)})"
        report.error(
            NATIVE_TYPE,
            f"`{rendered}` is out of range for {DATABASE_NAMES[provider]}: {problem}",
            span,
        )


def _count(number: int) -> str:
    return f"{number} argument" if number == 1 else f"{number} arguments"


def _range(value: int | None, low: int, high: int, what: str = "the length") -> str | None:
    if value is None or low <= value <= high:
        return None
    return f"{what} can range from {low} to {high}."


def _range_problem(provider: str, type_name: str, numbers: list[int | None]) -> str | None:
    first = numbers[0] if numbers else None
    if type_name == "Decimal" and numbers:
        limits = {"postgresql": 1000, "cockroachdb": 1000, "mysql": 65, "sqlserver": 38}
        limit = limits.get(provider)
        if limit is not None and first is not None and not 1 <= first <= limit:
            return f"the precision can range from 1 to {limit}."
        second = numbers[1] if len(numbers) == 2 else None
        if first is not None and second is not None and second > first:
            return "the scale must not be larger than the precision."
        return None
    if type_name in ("Time", "Timestamp", "Timestamptz", "Timetz", "DateTime") and provider in (
        "postgresql", "cockroachdb", "mysql"
    ):
        return _range(first, 0, 6, "the precision")
    if provider == "mysql":
        ranges = {"Bit": (1, 64), "Char": (0, 255), "VarChar": (0, 65535), "Binary": (0, 255),
                  "VarBinary": (0, 65535)}
        if type_name in ranges:
            return _range(first, *ranges[type_name])
    if provider == "sqlserver":
        ranges = {"Char": (1, 8000), "VarChar": (1, 8000), "Binary": (1, 8000),
                  "VarBinary": (1, 8000), "NChar": (1, 4000), "NVarChar": (1, 4000),
                  "Float": (1, 53)}
        if type_name in ranges:
            return _range(first, *ranges[type_name])
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
    for arg in args:
        if not (arg.isdigit() or (arg == "Max" and prefix in MAX_ALLOWED)):
            return
    notation = prefix + (f"({','.join(args)})" if args else "")
    report.error(
        NATIVE_TYPE,
        f"Prisma supports `Unsupported(\"{literal}\")` as a native type: write the field as "
        f"`{native.scalars[0]} @{ds_name}.{notation}` instead.",
        fld.span,
    )

