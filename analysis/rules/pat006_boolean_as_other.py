"""PAT006 boolean-as-other."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext
from analysis.rules.name_words import words
from analysis.rules.owned import forward_relations
from analysis.rules.type_edits import replace_attribute, retype, set_native_type, usable_fields_of
from analysis.syntax.nodes import NumberLit, StringLit

_TRUE = frozenset({"1", "true", "t", "y", "yes", "on"})
_FALSE = frozenset({"0", "false", "f", "n", "no", "off"})


class BooleanAsOtherOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prefixes: frozenset[str] = frozenset({"is", "has", "can", "should"})
    """First words that make a name a yes/no question (`isActive`, `has_paid`)."""


class BooleanAsOther(Rule):
    """
    ## What it does
    Flags a `String` or `Int` field whose name asks a yes/no question: it starts with
    `is`, `has`, `can` or `should` (`isActive`, `has_paid`).

    ## Why is this bad?
    A flag stored as text or as a number accepts every other value too: `"Y"`, `"yes"`,
    `"true"`, `"N "`, `2` and `-1` all end up in the column, and every query has to guess
    which of them mean true. `Boolean` has exactly two values (three with `NULL`), takes one
    byte, and reads as a condition in SQL (`WHERE is_active`).

    ## Example
    ```prisma
    model Todo {
      id       Int    @id
      isPublic String @default("N")
    }
    ```

    ## Use instead
    ```prisma
    model Todo {
      id       Int     @id
      isPublic Boolean @default(false)
    }
    ```

    ## Fix safety
    Unsafe: the column changes type, and the migration must map the old values to true
    and false (`USING is_public = 'Y'`); the client type becomes `boolean`. A `@default`
    of `0`/`1`, `"N"`/`"Y"`, `"false"`/`"true"` is translated; with another default, no fix
    is offered.

    ## When to ignore
    When the field has more than two states (a tri-state `"yes"`/`"no"`/`"unknown"`, better
    an enum), or counts something despite its name.
    """

    code = "PAT006"
    name = "boolean-as-other"
    group = Group.TYPES
    severity = Severity.WARNING
    neighbours = "relations"
    Options = BooleanAsOtherOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, BooleanAsOtherOptions)
        fk_fields = {id(f) for r in forward_relations(ctx) for f in r.fk_fields}
        for field in [*usable_fields_of(ctx, "String"), *usable_fields_of(ctx, "Int")]:
            if field.kind != "scalar":
                continue
            name_words = words(field.name)
            if len(name_words) < 2 or name_words[0] not in options.prefixes:
                continue
            if id(field) in fk_fields or "id" in field.attributes or field.is_list:
                continue
            yield self._finding(ctx, field)

    def _finding(self, ctx: RuleContext, field: Field) -> Finding:
        fixes: tuple[Fix, ...] = ()
        default_edit = _default_edit(field)
        if default_edit is not False:
            text = ctx.text(field.decl.path)
            edits = [retype(field, "Boolean"), *set_native_type(text, field, None)]
            if isinstance(default_edit, Edit):
                edits.append(default_edit)
            fixes = (Fix(f"Change `{field.name}` to `Boolean`", tuple(edits), safe=False),)
        return self.finding(
            ctx,
            field.type_span,
            f"`{field.owner.name}.{field.name}` is a yes/no flag stored as "
            f"`{field.type_name}`: it accepts any other value too; use `Boolean`.",
            fixes=fixes,
        )


def _default_edit(field: Field) -> Edit | bool | None:
    """The edit that makes the default a Boolean; ``None`` without a default, ``False``
    when the default has no Boolean reading."""
    default = field.default
    if default is None:
        return None
    if default.args is None or len(default.args.args) != 1:
        return False
    value = default.args.args[0].value
    if isinstance(value, StringLit):
        literal = value.value.strip().lower()
    elif isinstance(value, NumberLit):
        literal = value.text
    else:
        return False
    if literal in _TRUE:
        return replace_attribute(field, default, "@default(true)")
    if literal in _FALSE:
        return replace_attribute(field, default, "@default(false)")
    return False
