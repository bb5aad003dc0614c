"""PAT010 money-native-type."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.type_edits import native_name, replace_attribute, usable_fields


class MoneyNativeTypeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    precision: int = 12
    """Total digits of the `Decimal` the fix writes."""
    scale: int = 2
    """Digits after the decimal point."""


class MoneyNativeType(Rule):
    """
    ## What it does
    Flags a field stored as PostgreSQL's `money` type (`@db.Money`).

    ## Why is this bad?
    `money` has a fixed number of fraction digits that comes from the server's
    `lc_monetary` setting, and its text form (`$1,234.50`) does too: the same dump restored
    on a server with another locale reads different amounts. It holds no currency, cannot be
    given a scale, and divides or multiplies with surprising rounding. `numeric` with an
    explicit precision and scale has none of these problems.

    ## Example
    ```prisma
    model Invoice {
      id    Int     @id
      total Decimal @db.Money
    }
    ```

    ## Use instead
    ```prisma
    model Invoice {
      id    Int     @id
      total Decimal @db.Decimal(12, 2)
    }
    ```

    ## Fix safety
    Unsafe: the column changes type. Amounts larger than the new precision allows (ten
    digits before the point with the default `Decimal(12, 2)`) make the migration fail, and
    amounts with more fraction digits than the scale are rounded; choose the precision and
    scale in the rule's options before applying it.

    ## When to ignore
    When the database is shared with software that expects `money` and the locale of every
    server is pinned.
    """

    code = "PAT010"
    name = "money-native-type"
    group = Group.TYPES
    severity = Severity.WARNING
    neighbours = "own"
    providers = frozenset({"postgresql"})
    Options = MoneyNativeTypeOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, MoneyNativeTypeOptions)
        prefix = ctx.schema.native_prefix
        for field in usable_fields(ctx):
            native = field.native_type
            if native is None or native_name(field) != "Money":
                continue
            replacement = f"@{prefix}.Decimal({options.precision}, {options.scale})"
            fix = Fix(
                f"Store `{field.name}` as `{replacement}`",
                (replace_attribute(field, native, replacement),),
                safe=False,
            )
            yield self.finding(
                ctx,
                field.decl.span(native),
                f"`{field.owner.name}.{field.name}` uses the `money` type: its fraction digits "
                "and text form depend on the server's locale; use `Decimal` with an explicit "
                "scale.",
                fixes=(fix,),
            )
