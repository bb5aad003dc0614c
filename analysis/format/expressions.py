"""Canonical text of the parts of a line: expressions, arguments, attributes, types.

Prisma's formatter rewrites these from the syntax tree: one space after each
argument comma and after a named argument's colon, no spaces inside
brackets and parentheses, no trailing commas, attributes of a field in a
fixed order (:data:`ATTRIBUTE_ORDER`), and legacy type spellings (`Type!`,
`[Type]`) in today's form. Literals are kept exactly as written.
"""

from __future__ import annotations

from analysis.syntax.nodes import (
    ArgList,
    ArrayExpr,
    Attribute,
    ConstRef,
    Expression,
    FieldType,
    FuncCall,
    NumberLit,
    StringLit,
)

#: The order `prisma format` puts attributes in (field and block alike);
#: others follow, in the order written.
ATTRIBUTE_ORDER = (
    "id",
    "unique",
    "default",
    "updatedAt",
    "index",
    "fulltext",
    "map",
    "relation",
    "ignore",
)
_RANK = {name: i for i, name in enumerate(ATTRIBUTE_ORDER)}


def attribute_rank(attribute: Attribute) -> int:
    return _RANK.get(attribute.name.text, len(ATTRIBUTE_ORDER))


def expression(expr: Expression) -> str:
    if isinstance(expr, StringLit):
        return expr.raw
    if isinstance(expr, NumberLit | ConstRef):
        return expr.text
    if isinstance(expr, ArrayExpr):
        return "[" + ", ".join(expression(item) for item in expr.items) + "]"
    assert isinstance(expr, FuncCall)
    return expr.name.text + arguments(expr.args)


def arguments(args: ArgList) -> str:
    parts = []
    for arg in args.args:
        if arg.name is None:
            parts.append(expression(arg.value) if arg.value is not None else "")
        elif arg.value is None:
            parts.append(f"{arg.name.text}: ")  # `name:` with its value still to come
        else:
            parts.append(f"{arg.name.text}: {expression(arg.value)}")
    return "(" + ", ".join(parts) + ")"


def attribute(attr: Attribute) -> str:
    prefix = "@@" if attr.block_level else "@"
    text = prefix + attr.name.text
    return text if attr.args is None else text + arguments(attr.args)


def field_attributes(attrs: tuple[Attribute, ...]) -> str:
    """A field's attributes in Prisma's order (a stable sort: others keep theirs)."""
    return " ".join(attribute(a) for a in sorted(attrs, key=attribute_rank))


def field_type(ftype: FieldType) -> str:
    base = ftype.name.text
    if ftype.unsupported is not None:
        base = f"Unsupported({ftype.unsupported.raw})"
    if ftype.legacy == "list":
        return base + "[]"  # `[Type]`
    if ftype.legacy == "required":
        return base  # `Type!`
    if ftype.list:
        return base + ("[]?" if ftype.optional else "[]")
    return base + "?" if ftype.optional else base
