"""PAI007 enum-like-string."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.fixes import after_line, line_break
from analysis.model.schema import Field, Model, Schema
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext
from analysis.rules.naming_case import word_tuple
from analysis.rules.relation_edits import words
from analysis.rules.type_edits import table_fields_of
from analysis.syntax.nodes import StringLit

_VALUE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_QUOTED = re.compile(r"""["'`]([A-Za-z][A-Za-z0-9_]*)["'`]""")


class EnumLikeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    state_words: tuple[str, ...] = (
        "status",
        "state",
        "type",
        "kind",
        "role",
        "priority",
        "level",
        "category",
        "stage",
        "phase",
        "mode",
        "visibility",
        "tier",
        "severity",
    )
    """Last words of field names that hold one of a fixed set of values."""


class EnumLikeString(Rule):
    """
    ## What it does
    Flags a `String` field named like a state (`status`, `state`, `type`, `kind`, `role`,
    `priority`, `level`, `category`, … as the last word of the name) whose values are
    evidently a fixed set: it has a string `@default` that is an identifier
    (`@default("active")`), or a comment on it lists the values
    (`// "draft" | "published"`, `// draft, published, archived`).

    ## Why is this bad?
    A free-text column accepts every typo: `"actve"`, `"Active"` and `"ACTIVE "` end up side
    by side and every query that filters on the state misses some of them. An enum makes
    the database reject anything else, documents the allowed values in the schema, and
    gives Prisma Client a union type instead of `string`.

    ## Example
    ```prisma
    model Order {
      id     Int    @id
      status String @default("pending") // pending | paid | shipped
    }
    ```

    ## Use instead
    ```prisma
    model Order {
      id     Int         @id
      status OrderStatus @default(PENDING)
    }

    enum OrderStatus {
      PENDING @map("pending")
      PAID    @map("paid")
      SHIPPED @map("shipped")
    }
    ```

    ## Fix safety
    Unsafe: the column changes type, so the migration fails while rows hold a value that is
    not in the enum, and code that writes strings must use the enum. The values come from
    the default and the comment; `@map` keeps the stored strings as they are. Add the
    values the fix could not know before migrating.

    ## When to ignore
    When the set of values is open or managed as data (user-defined categories, values
    owned by another system that adds new ones without a migration): then a lookup table
    with a foreign key is the better constraint. Views and `@db.Text` fields are not
    flagged.
    """

    code = "PAI007"
    name = "enum-like-string"
    group = Group.INTEGRITY
    severity = Severity.INFO
    neighbours = "own"
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "mongodb"})
    Options = EnumLikeOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, EnumLikeOptions)
        for fld in table_fields_of(ctx, "String"):
            if fld.kind == "scalar" and fld.arity != "list":
                model = fld.owner
                assert isinstance(model, Model)
                w = word_tuple(fld.name)
                if not w or w[-1] not in options.state_words:
                    continue
                native = fld.native_type
                if native is not None and native.name.text.endswith(".Text"):
                    continue
                default = _default(fld)
                listed = _listed(fld)
                if default is None and len(listed) < 2:
                    continue
                values = list(dict.fromkeys([*([default] if default else []), *listed]))
                if len({_value_name(v) for v in values}) < len(values):
                    # `active` and `Active`: one enum value each is impossible; keep `default`
                    values = [v for v in values if v == default] or values[:1]
                yield self._finding(ctx, model, fld, values, default)

    def _finding(
        self,
        ctx: RuleContext,
        model: Model,
        fld: Field,
        values: list[str],
        default: str | None,
    ) -> Finding:
        enum_name = _enum_name(ctx.schema, model, fld)
        text = ctx.text(model.decl.path)
        eol = line_break(text)
        offset = model.decl.offset
        edits = [Edit(fld.decl.path, *_abs(offset, fld.node.type), enum_name)]
        if fld.is_optional:
            edits[0] = Edit(fld.decl.path, *_abs(offset, fld.node.type), f"{enum_name}?")
        if fld.native_type is not None:
            start, end = _abs(offset, fld.native_type)
            while start > 0 and text[start - 1] == " ":
                start -= 1
            edits.append(Edit(fld.decl.path, start, end, ""))
        if default is not None:
            attr = fld.default
            assert attr is not None
            argument = attr.arg("value", 0)
            assert argument is not None and argument.value is not None
            edits.append(Edit(fld.decl.path, *_abs(offset, argument.value), _value_name(default)))
        width = max(len(_value_name(v)) for v in values)
        lines = []
        for value in values:
            name = _value_name(value)
            lines.append(f'  {name.ljust(width)} @map("{value}")' if name != value else f"  {name}")
        block = eol.join([f"enum {enum_name} {{", *[line.rstrip() for line in lines], "}"])
        listed = ", ".join(f"`{v}`" for v in values)
        if len(values) == 1:
            listed = f"default {listed}"
        fixes: tuple[Fix, ...] = ()
        if model.block.close_brace is not None:  # the enum goes after the model's `}`
            at = after_line(text, offset + model.block.close_brace)
            edits.append(Edit(model.decl.path, at, at, f"{eol}{block}{eol}"))
            title = f"Create enum `{enum_name}` and use it for `{fld.name}`"
            fixes = (Fix(title, tuple(edits), False),)
        return self.finding(
            ctx,
            fld.name_span,
            f"`{fld.name}` of `{model.name}` is a free `String` for a fixed set of values "
            f"({listed}): nothing stops a typo from becoming a new state.",
            fixes=fixes,
        )


def _abs(offset: int, node: object) -> tuple[int, int]:
    start: int = getattr(node, "start")  # noqa: B009
    end: int = getattr(node, "end")  # noqa: B009
    return offset + start, offset + end


def _default(fld: Field) -> str | None:
    attr = fld.default
    if attr is None:
        return None
    argument = attr.arg("value", 0)
    value = argument.value if argument is not None else None
    if isinstance(value, StringLit) and _VALUE.fullmatch(value.value):
        return value.value
    return None


def _listed(fld: Field) -> list[str]:
    node = fld.node
    texts = [node.comment.text if node.comment is not None else "", node.doc or ""]
    for text in texts:
        text = text.lstrip("/").strip()
        quoted = _QUOTED.findall(text)
        if len(set(quoted)) >= 2:
            return list(dict.fromkeys(quoted))
        for separator in ("|", ","):
            if separator in text:
                body = text.split(":", 1)[-1]
                parts = [p.strip() for p in body.split(separator)]
                if len(parts) >= 2 and all(_VALUE.fullmatch(p) for p in parts):
                    return list(dict.fromkeys(parts))
    return []


def _value_name(value: str) -> str:
    return "_".join(words(value)).upper() or value


def _enum_name(schema: Schema, model: Model, fld: Field) -> str:
    pascal = "".join(w.capitalize() for w in words(fld.name))
    model_pascal = "".join(w.capitalize() for w in words(model.name))
    base = pascal if len(words(fld.name)) > 1 else model_pascal + pascal
    candidates = [base, model_pascal + pascal]
    for name in candidates:
        if schema.type_decl(name) is None:
            return name
    n = 2
    while schema.type_decl(f"{candidates[-1]}{n}") is not None:
        n += 1
    return f"{candidates[-1]}{n}"
