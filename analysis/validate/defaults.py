"""Validation checks: `@default` values must fit their field.

Two stages, as in Prisma (see :data:`analysis.validate.STAGES`).
:func:`check_defaults` runs with attribute validation: the shape of the value
against the field type (literal kind, list or not, enum values, which
functions fit which types and their arguments). :func:`check_schema` runs
only on an otherwise valid schema: literal contents (integers, JSON, base64,
RFC 3339 dates, decimals) and what the provider supports (`autoincrement()`,
`auto()`, `sequence()`, named defaults, MongoDB rules).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator

from analysis.model.schema import CompositeType, Enum, Field, Model, Schema, Span
from analysis.syntax.nodes import (
    ArgList,
    ArrayExpr,
    Attribute,
    ConstRef,
    Expression,
    FuncCall,
    NumberLit,
    StringLit,
)
from analysis.validate.attributes import int_value, render, value_kind
from analysis.validate.codes import CAPABILITY, DEFAULT
from analysis.validate.report import Report

KNOWN_FUNCTIONS = ("autoincrement", "ulid", "cuid", "dbgenerated", "nanoid", "now", "uuid", "auto")
FUNCTIONS_URL = "https://pris.ly/d/attribute-functions"

# Which literal kinds each scalar type takes.
_LITERALS: dict[str, tuple[type, ...]] = {
    "String": (StringLit,),
    "Json": (StringLit,),
    "Bytes": (StringLit,),
    "DateTime": (StringLit,),
    "Int": (NumberLit,),
    "BigInt": (NumberLit,),
    "Float": (NumberLit,),
    "Decimal": (NumberLit, StringLit),
}


def default_value(fld: Field) -> tuple[Attribute, Expression] | None:
    """The field's single, well-formed `@default` and its value, if any."""
    found = fld.attributes.get("default")
    if found is None or len(found) != 1:
        return None
    attribute = found[0]
    if attribute.args is None:
        return None
    # The value: given once by name, or else the last unnamed argument.
    named: Expression | None = None
    unnamed: Expression | None = None
    named_count = 0
    for arg in attribute.args.args:
        if arg.value is None:
            return None
        if arg.name is None:
            unnamed = arg.value
        elif arg.name.text == "value":
            named = arg.value
            named_count += 1
    if named_count + (unnamed is not None) != 1:
        return None
    value = named if named is not None else unnamed
    return (attribute, value) if value is not None else None


def _map_arg(attribute: Attribute) -> Expression | None:
    if attribute.args is None:
        return None
    for arg in attribute.args.args:
        if arg.name is not None and arg.name.text == "map":
            return arg.value
    return None


# ---------------------------------------------------------------------------
# Stage 1: shape of the value
# ---------------------------------------------------------------------------


def check_defaults(schema: Schema, report: Report) -> None:
    """The shape of each `@default` value, in Prisma's attribute stage."""
    for model in schema.all_models:
        for fld in model.fields:
            if fld.kind != "model":
                _check_model_field(fld, report)
    for ctype in schema.all_composite_types:
        for fld in ctype.fields:
            _check_composite_field(ctype, fld, report)


class _Checker:
    """Reports on one `@default` attribute."""

    def __init__(self, fld: Field, attribute: Attribute, report: Report) -> None:
        self.fld = fld
        self.attribute = attribute
        self.report = report

    def error(self, message: str, node: object | None = None) -> None:
        span = self.fld.decl.span(node if node is not None else self.attribute)
        self.report.error(DEFAULT, message, span)

    def function_args(self, call: FuncCall) -> None:
        """Functions without arguments."""
        name = call.name.text
        if call.args.args:
            self.error(f"`{name}()` takes no argument: write `{name}()`.")

    def versioned(self, call: FuncCall, versions: tuple[int, ...]) -> None:
        name = call.name.text
        args = call.args.args
        if len(args) > 1:
            self.error(f"`{name}()` takes at most one integer argument.")
        if not args:
            return
        value = args[0].value
        if isinstance(value, NumberLit):
            number = int_value(value)
            if number is None or number not in versions:
                allowed = " or ".join(str(v) for v in versions)
                self.error(f"`{name}()` takes no argument or a version number: {allowed}.")
        else:
            self.error(f"`{name}()` takes at most one integer argument.")

    def nanoid(self, call: FuncCall) -> None:
        args = call.args.args
        if len(args) > 1:
            self.error("`nanoid()` takes at most one integer argument.")
        if not args:
            return
        value = args[0].value
        if isinstance(value, NumberLit):
            number = int_value(value)
            if number is None or not 2 <= number <= 255:
                self.error("`nanoid()` takes no argument or a length between 2 and 255.")
        else:
            self.error("`nanoid()` takes at most one integer argument.")

    def dbgenerated(self, call: FuncCall) -> None:
        args = call.args.args
        if len(args) > 1:
            self.error("`dbgenerated()` takes a single string argument.")
        if not args:
            return
        value = args[0].value
        if isinstance(value, StringLit):
            if value.value == "":
                self.error(
                    "`dbgenerated()` takes no argument or a non-empty string: remove the empty "
                    "string."
                )
        else:
            self.error("`dbgenerated()` takes a single string argument.")

    def literal(self, scalar: str, value: Expression) -> bool:
        """A literal of a scalar type; ``False`` (and reported) when it does not fit."""
        if scalar == "Boolean":
            if isinstance(value, ConstRef):
                if value.text in ("true", "false"):
                    return True
                self.error("A Boolean default must be `true` or `false`.", value)
                return False
        elif isinstance(value, _LITERALS.get(scalar, ())):
            return True
        self.error(f"The default of a {scalar} field must be a {scalar} value, "
                   f"not `{render(value)}`.")
        return False

    def scalar_literal(self, scalar: str, value: Expression) -> None:
        if self.fld.is_list:
            if not isinstance(value, ArrayExpr):
                self.error("The default of a list field must be a list (`[…]`).")
                return
            for item in value.items:
                if not self.literal(scalar, item):
                    return
            return
        if isinstance(value, ArrayExpr):
            self.error("The default of a field that is not a list cannot be a list.")
            return
        self.literal(scalar, value)

    def enum(self, value: Expression) -> None:
        target = self.fld.target
        names = {v.name for v in target.values} if isinstance(target, Enum) else set()
        items: tuple[Expression, ...]
        if self.fld.is_list:
            if not isinstance(value, ArrayExpr):
                self.error(f"Expected enum values (a list) as the default, not `{render(value)}`.")
                return
            items = value.items
        else:
            items = (value,)
        for item in items:
            if not isinstance(item, ConstRef):
                self.error(f"Expected a value of the enum `{self.fld.type_name}` as the default, "
                           f"not `{render(item)}`.")
                return
            if item.text not in names:
                self.error(f"`{item.text}` is not a value of the enum `{self.fld.type_name}`.")
                return


def _check_model_field(fld: Field, report: Report) -> None:
    found = default_value(fld)
    if found is None:
        return
    attribute, value = found
    c = _Checker(fld, attribute, report)
    if isinstance(value, FuncCall) and value.name.text == "dbgenerated":
        c.dbgenerated(value)
        return
    if fld.kind == "composite":
        c.error(f"The field `{fld.name}` has a composite type, and composite fields cannot have "
                "a default: remove `@default`.")
        return
    if fld.kind == "enum":
        c.enum(value)
        return
    if fld.kind == "unsupported":
        c.error("A field of an `Unsupported` type can only have `@default(dbgenerated(\"…\"))`.")
        return
    if fld.kind != "scalar":
        return
    scalar = fld.type_name
    if isinstance(value, FuncCall):
        name = value.name.text
        if name == "autoincrement" and _map_arg(attribute) is not None:
            c.error("An `autoincrement()` default cannot be named with `map:`.")
        elif (name == "autoincrement" and scalar in ("Int", "BigInt")) or (
            name == "ulid" and scalar == "String"
        ):
            c.function_args(value)
        elif name == "cuid" and scalar == "String":
            c.versioned(value, (1, 2))
        elif name == "uuid" and scalar == "String":
            c.versioned(value, (4, 7))
        elif name == "nanoid" and scalar == "String":
            c.nanoid(value)
        elif name == "now" and scalar == "DateTime":
            c.function_args(value)
        elif name == "auto":
            if value.args.args:
                c.error("`auto()` takes no argument.")
        elif name in KNOWN_FUNCTIONS:
            c.error(f"`{name}()` cannot be the default of a field of type `{scalar}`.")
        # unknown functions: see check_schema (some providers know more)
        return
    c.scalar_literal(scalar, value)


def _check_composite_field(ctype: CompositeType, fld: Field, report: Report) -> None:
    found = default_value(fld)
    if found is None:
        return
    attribute, value = found
    c = _Checker(fld, attribute, report)
    if _map_arg(attribute) is not None:
        c.error("A default on a composite type field cannot take `map:`.")
    if isinstance(value, FuncCall) and value.name.text == "dbgenerated":
        c.error("Fields of composite types cannot have `dbgenerated()` as default.")
        return
    if fld.kind == "composite":
        c.error(f"The field `{fld.name}` has a composite type, and composite fields cannot have "
                "a default: remove `@default`.")
        return
    if fld.kind == "enum":
        c.enum(value)
        return
    if fld.kind == "unsupported":
        c.error("A composite type field of an `Unsupported` type cannot have a default.")
        return
    if fld.kind != "scalar":
        return
    scalar = fld.type_name
    if isinstance(value, FuncCall):
        name = value.name.text
        if name == "ulid" and scalar == "String":
            c.function_args(value)
        elif name == "cuid" and scalar == "String":
            c.versioned(value, (1, 2))
        elif name == "uuid" and scalar == "String":
            c.versioned(value, (4, 7))
        elif name == "now" and scalar == "DateTime":
            c.function_args(value)
        elif name in ("autoincrement", "auto"):
            c.error(f"`{name}()` cannot be used on fields of composite types.")
        elif name not in KNOWN_FUNCTIONS:
            c.error(_unknown_function(name), value)
        else:
            c.error(f"`{name}()` cannot be the default of a field of type `{scalar}`.")
        return
    c.scalar_literal(scalar, value)


def _unknown_function(name: str) -> str:
    return (f"Unknown function `{name}` in `@default()`. The available functions are listed at "
            f"{FUNCTIONS_URL}")


# ---------------------------------------------------------------------------
# Stage 2: contents of the value and provider support
# ---------------------------------------------------------------------------

_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_SEQUENCE_ARGS = {"virtual": "bool", "cache": "int", "increment": "int", "minValue": "int",
                  "maxValue": "int", "start": "int"}


def _literals(value: Expression) -> Iterator[Expression]:
    if isinstance(value, ArrayExpr):
        for item in value.items:
            yield from _literals(item)
    else:
        yield value


def _content_problem(scalar: str, value: Expression) -> str | None:
    if isinstance(value, NumberLit) and scalar in ("Int", "BigInt"):
        try:
            number = int(value.text)
        except ValueError:
            return f"`{value.text}` is not a valid integer."
        if not -(2**63) <= number < 2**63:
            return f"`{value.text}` is too large for a 64-bit integer."
        return None
    if not isinstance(value, StringLit):
        return None
    text = value.value
    if scalar == "Json":
        try:
            json.loads(text)
        except ValueError:
            return f"{value.raw} is not valid JSON."
    elif scalar == "Bytes":
        if not _is_base64(text):
            return f"{value.raw} is not a valid base64 string."
    elif scalar == "DateTime":
        if not _DATETIME.match(text):
            return f"{value.raw} is not an RFC 3339 date-time (like \"2024-01-31T12:00:00Z\")."
    elif scalar == "Decimal" and not _DECIMAL.match(text):
        return f"{value.raw} is not a valid decimal number."
    return None


def _is_base64(text: str) -> bool:
    if re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) is None:
        return False
    stripped = text.rstrip("=")
    try:
        base64.b64decode(stripped + "=" * (-len(stripped) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def check_schema(schema: Schema, report: Report) -> None:
    """Literal contents and what the provider supports: Prisma checks these in
    its schema-wide validation pipeline."""
    provider = schema.provider
    for model in schema.all_models:
        autoincrement: list[tuple[Field, Attribute]] = []
        for fld in model.fields:
            if fld.kind == "model":
                continue
            found = default_value(fld)
            if found is None:
                continue
            attribute, value = found
            _core_field(schema, model, fld, attribute, value, report)
            if isinstance(value, FuncCall) and value.name.text == "autoincrement":
                autoincrement.append((fld, attribute))
        _autoincrement(provider, model, autoincrement, report)
    for ctype in schema.all_composite_types:
        for fld in ctype.fields:
            found = default_value(fld)
            if found is None or fld.kind != "scalar" or isinstance(found[1], FuncCall):
                continue
            for item in _literals(found[1]):
                problem = _content_problem(fld.type_name, item)
                if problem is not None:
                    report.error(DEFAULT, problem, ctype.decl.span(item))


def _core_field(
    schema: Schema, model: Model, fld: Field, attribute: Attribute, value: Expression,
    report: Report,
) -> None:
    provider = schema.provider
    decl = model.decl
    if fld.kind == "scalar" and not isinstance(value, FuncCall):
        for item in _literals(value):
            problem = _content_problem(fld.type_name, item)
            if problem is not None:
                report.error(DEFAULT, problem, decl.span(item))
    if _map_arg(attribute) is not None and provider != "sqlserver":
        report.error(
            CAPABILITY,
            "Only SQL Server names default constraints: remove `map:` from `@default`.",
            decl.span(attribute),
        )
    if not isinstance(value, FuncCall):
        return
    name = value.name.text
    if name == "auto" and provider != "mongodb":
        report.error(CAPABILITY, "`auto()` is only available with MongoDB.", decl.span(value))
    elif name == "sequence" and provider == "cockroachdb":
        _sequence(model, value.args, report)
    elif name not in KNOWN_FUNCTIONS and fld.kind == "scalar":
        report.error(DEFAULT, _unknown_function(name), decl.span(value))
    if provider == "mongodb":
        if name == "dbgenerated":
            report.error(CAPABILITY, "MongoDB has no `dbgenerated()`: use `auto()` instead.",
                         fld.span)
        elif name == "auto":
            pk = model.primary_key
            if pk is None or all(e.field is not fld for e in pk.fields):
                report.error(CAPABILITY, "With MongoDB, a field with `@default(auto())` must be "
                             "the `@id`.", fld.span)
            native = fld.native_type
            if native is None or native.name.text.split(".", 1)[-1] != "ObjectId":
                report.error(CAPABILITY, "With MongoDB, a field with `@default(auto())` needs "
                             "the native type `ObjectId`.", fld.span)


def _sequence(model: Model, args: ArgList, report: Report) -> None:
    decl = model.decl
    for arg in args.args:
        name = arg.name.text if arg.name is not None else None
        expected = _SEQUENCE_ARGS.get(name or "")
        if expected is None:
            report.error(DEFAULT, "`sequence()` has no such argument.", decl.span(arg))
            continue
        value = arg.value
        if value is None:
            continue
        if expected == "int" and not isinstance(value, NumberLit):
            report.error(DEFAULT, f"Expected a number, but found the {value_kind(value)} value "
                         f"`{render(value)}`.", decl.span(value))
        if expected == "bool" and not (isinstance(value, ConstRef)
                                       and value.text in ("true", "false")):
            report.error(DEFAULT, f"Expected a boolean, but found the {value_kind(value)} value "
                         f"`{render(value)}`.", decl.span(value))


def _autoincrement(
    provider: str | None, model: Model, fields: list[tuple[Field, Attribute]], report: Report
) -> None:
    if not fields:
        return
    decl = model.decl
    if provider == "mongodb":
        for _fld, attribute in fields:
            report.error(CAPABILITY, "MongoDB does not support `autoincrement()`.",
                         decl.span(attribute))
        return
    if provider == "mysql" and len(fields) > 1:
        report.error(
            CAPABILITY,
            "MySQL allows only one `autoincrement()` column per table, but this model has "
            f"{len(fields)}.",
            _header_span(model),
        )
    for fld, attribute in fields:
        if provider == "cockroachdb" and fld.type_name == "Int":
            report.error(CAPABILITY, "On CockroachDB, `autoincrement()` is only for BigInt fields: "
                         "make the field a BigInt, or use `sequence()` for an Int.",
                         decl.span(attribute))
        if provider == "sqlite" and not _is_single_pk(model, fld):
            report.error(CAPABILITY, "SQLite supports `autoincrement()` only on the `@id` field.",
                         fld.span)
        if provider == "mysql" and not _is_indexed(model, fld):
            report.error(CAPABILITY, "MySQL needs an `autoincrement()` column to be indexed: add "
                         "`@id`, `@unique` or an index starting with it.", fld.span)


def _header_span(model: Model) -> Span:
    block = model.block
    return model.decl.span(block)


def _is_single_pk(model: Model, fld: Field) -> bool:
    pk = model.primary_key
    return pk is not None and len(pk.fields) == 1 and pk.fields[0].field is fld


def _is_indexed(model: Model, fld: Field) -> bool:
    return any(index.fields and index.fields[0].field is fld for index in model.all_indexes)
