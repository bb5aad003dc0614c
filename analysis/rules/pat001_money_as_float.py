"""PAT001 money-as-float."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from analysis.diagnostics import Severity
from analysis.model.schema import Field as SchemaField
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.name_words import has_word, is_word, singular, words
from analysis.rules.type_edits import native_name, retype, set_native_type, usable_fields_of

#: Providers whose `Decimal` takes `@db.Decimal(p, s)`.
_DECIMAL_NATIVE = frozenset({"postgresql", "cockroachdb", "mysql", "sqlserver"})


class MoneyAsFloatOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    money_words: frozenset[str] = frozenset(
        {
            "price", "cost", "fee", "salary", "tax", "revenue", "subtotal", "profit",
            "payout", "earning", "income", "expense", "wage", "refund", "fiat", "monetary",
            "valuation", "budget", "fare", "msrp",
        }
    )  # fmt: skip
    """Words that make a name money on their own (`unitPrice`, `serviceFee`)."""
    weak_money_words: frozenset[str] = frozenset({"total", "amount", "balance"})
    """Words that are money only next to money words or `qualifier_words` (`total`,
    `amountPaid`), not next to anything else (`totalCo2`, `tokenAmount`)."""
    qualifier_words: frozenset[str] = frozenset(
        {
            "net", "gross", "grand", "sub", "due", "paid", "pay", "unpaid", "owed",
            "outstanding", "remaining", "current", "available", "pending", "initial",
            "final", "original", "min", "max", "minimum", "maximum", "avg", "average",
            "estimated", "expected", "actual", "order", "invoice", "bill", "line", "item",
            "cart", "account", "wallet", "cash", "deposit", "withdrawal", "transfer",
            "transaction", "refunded", "discount", "charged", "sale", "purchase", "base",
            "list", "retail", "unit", "usd", "eur", "gbp", "local", "converted", "in", "per",
        }
    )  # fmt: skip
    non_money_words: frozenset[str] = frozenset(
        {
            "percent", "percentage", "pct", "rate", "ratio", "factor", "multiplier",
            "score", "count", "number", "num", "qty", "quantity", "co2", "token", "point",
            "credit", "size", "weight", "share", "rank", "distance", "duration", "vote",
            "is", "has", "can", "should",
        }
    )  # fmt: skip
    """Words that say the number is not an amount of money (`taxRate`, `feePercent`), or
    that the name is a predicate (`isPriceVisible`)."""
    minor_unit_words: frozenset[str] = frozenset(
        {"cent", "cents", "minor", "pence", "penny", "paise", "micros", "satoshi"}
    )
    """Integer minor units are the right design: `priceCents`, `amountMinor`."""
    check_int: bool = False
    """Also flag `Int` money fields without a minor-unit word. Off by default: most such
    fields hold minor units (Stripe's convention) without saying so."""
    precision: int = Field(default=12, ge=1, le=38)
    scale: int = Field(default=2, ge=0, le=30)


def is_money(name: str, options: MoneyAsFloatOptions) -> bool:
    """Whether the field name reads as an amount of money (see the options)."""
    name_words = words(name)
    if has_word(name_words, options.non_money_words | options.minor_unit_words):
        return False
    if has_word(name_words, options.money_words):
        return True
    if not has_word(name_words, options.weak_money_words):
        return False
    context = options.weak_money_words | options.qualifier_words
    # A plural qualifier counts things: `totalSales`, `totalOrders`.
    plural_qualifier = any(
        w not in options.qualifier_words and singular(w) in options.qualifier_words
        for w in name_words
    )
    return not plural_qualifier and all(is_word(w, context) for w in name_words)


class MoneyAsFloat(Rule):
    """
    ## What it does
    Flags a `Float` field whose name says it holds money (`price`, `cost`, `fee`, `tax`,
    `revenue`, `total`, `amount`, `balance`, ...). With the option `check_int`, also an
    `Int` money field whose name does not say it counts minor units (`priceCents`).

    ## Why is this bad?
    `Float` is binary floating point (`double precision`): most decimal fractions, 0.10
    included, have no exact representation. Sums and products of amounts drift by fractions
    of a cent, totals stop matching their lines, and equality checks on amounts fail.
    `Decimal` (`numeric`) stores the decimal digits exactly, with the scale you choose.

    ## Example
    ```prisma
    model LineItem {
      id        Int   @id
      unitPrice Float
    }
    ```

    ## Use instead
    ```prisma
    model LineItem {
      id        Int     @id
      unitPrice Decimal @db.Decimal(12, 2)
    }
    ```

    Or integer minor units, named so: `unitPriceCents Int`.

    ## Fix safety
    Unsafe: the column changes type and the client type changes from `number` to
    `Prisma.Decimal`, so the code that reads and writes the field must change. Values with
    more fraction digits than the scale are rounded, and values too large for the precision
    make the migration fail: set `precision` and `scale` in the options first.

    ## When to ignore
    For a measure that is not money but shares a word with it (a `cost` in a routing graph),
    for rough estimates where exactness is not expected, and on MongoDB (not checked: Prisma
    has no `Decimal` there). Word lists are options.
    """

    code = "PAT001"
    name = "money-as-float"
    group = Group.TYPES
    severity = Severity.WARNING
    neighbours = "own"
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "sqlserver", "sqlite"})
    Options = MoneyAsFloatOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, MoneyAsFloatOptions)
        fields = usable_fields_of(ctx, "Float")
        if options.check_int:
            fields = [*fields, *usable_fields_of(ctx, "Int")]
        for field in fields:
            if field.kind == "scalar":
                if field.default is not None and _is_autoincrement(field):
                    continue
                if is_money(field.name, options):
                    yield self._finding(ctx, field, options)

    def _finding(
        self, ctx: RuleContext, field: SchemaField, options: MoneyAsFloatOptions
    ) -> Finding:
        provider = ctx.schema.provider
        native = None
        if provider in _DECIMAL_NATIVE:
            native = f"@{ctx.schema.native_prefix}.Decimal({options.precision}, {options.scale})"
        text = ctx.text(field.decl.path)
        edits = [retype(field, "Decimal"), *set_native_type(text, field, native)]
        if native is None and native_name(field) is not None:
            edits = [retype(field, "Decimal"), *set_native_type(text, field, None)]
        target = f"`Decimal {native}`" if native is not None else "`Decimal`"
        fix = Fix(f"Change `{field.name}` to {target}", tuple(edits), safe=False)
        if field.type_name == "Float":
            why = "binary floating point cannot hold most cents exactly, so sums drift"
        else:
            why = "the name does not say whether it counts whole units or cents"
        article = "a" if field.type_name == "Float" else "an"
        return self.finding(
            ctx,
            field.type_span,
            f"`{field.owner.name}.{field.name}` holds money in {article} `{field.type_name}`: "
            f"{why}; use `Decimal`.",
            fixes=(fix,),
        )


def _is_autoincrement(field: SchemaField) -> bool:
    default = field.default
    if default is None or default.args is None or not default.args.args:
        return False
    value = default.args.args[0].value
    name = getattr(getattr(value, "name", None), "text", None)
    return name == "autoincrement"
