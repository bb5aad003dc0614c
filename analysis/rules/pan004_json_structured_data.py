"""PAN004 json-structured-data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model
from analysis.rules.base import Finding, Group, Rule, RuleContext
from analysis.rules.naming_case import word_tuple
from analysis.rules.type_edits import table_fields_of


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allow: list[str] = [
        "metadata",
        "meta",
        "settings",
        "preferences",
        "prefs",
        "config",
        "configuration",
        "options",
        "payload",
        "raw",
        "extra",
        "params",
        "parameters",
        "args",
        "context",
        "headers",
        "request",
        "response",
        "body",
        "input",
        "output",
        "result",
        "data",
        "content",
        "rich",
        "snapshot",
        "before",
        "after",
        "changes",
        "diff",
        "history",
        "log",
        "logs",
        "event",
        "events",
        "error",
        "errors",
        "transcript",
        "form",
        "state",
        "cache",
        "schema",
        "custom",
        "value",
        "values",
        "filter",
        "filters",
        "query",
        "condition",
        "conditions",
        "rules",
        "definition",
        "expression",
        "layout",
    ]
    """Words of a name that say the data is opaque or free-form by design (a payload kept
    as received, an audit snapshot, a rich-text document, user-defined form data or field
    values, a filter or rule expression, a UI layout): never flagged."""
    structured: list[str] = [
        "address",
        "addresses",
        "item",
        "items",
        "line",
        "lines",
        "tag",
        "tags",
        "member",
        "members",
    ]
    """Words of a name that say the data has a known structure: flagged as a warning."""


class JsonStructuredData(Rule):
    """
    ## What it does
    Flags `Json` fields as advice (info), and as a warning when the name says the data has
    a known, relational structure: an `address`, order `items` or `lines`, `tags`,
    `members` (the words are configurable). Names that say the data is free-form by design
    (`metadata`, `settings`, `payload`, `raw`, `extra`, ...; configurable) are not flagged.

    ## Why is this bad?
    The database checks nothing inside a `Json` value: not the keys, not the types, not
    that an id in it points at a row. Each reader must handle every shape the value ever
    had, queries on its contents are verbose and need expression or GIN indexes, and a
    change of shape needs a data migration written by hand. When the structure is known
    (an address has a street and a city; an order line has a product, a quantity and a
    price), columns or a child model give types, constraints, foreign keys and plain
    indexes for free.

    ## Example
    ```prisma
    model Order {
      id    Int  @id
      items Json
    }
    ```

    ## Use instead
    ```prisma
    model Order {
      id    Int         @id
      items OrderItem[]
    }

    model OrderItem {
      id        Int     @id
      orderId   Int
      productId Int
      quantity  Int
      unitPrice Decimal @db.Decimal(12, 2)
      order     Order   @relation(fields: [orderId], references: [id], onDelete: Cascade)

      @@index([orderId])
    }
    ```

    ## Fix safety
    There is no automatic fix: the columns or the child model, and the migration of the
    existing values, depend on the data.

    ## When to ignore
    The info on a plain `Json` field is a prompt to review it, not a verdict: ignore it
    when the data really is dynamic (user-defined fields, a third party's payload stored
    as received, a document that is always read and written whole) or its contents are
    never queried. Names that say so (`metadata`, `payload`, `snapshot`, `before`/`after`,
    `richText`, `formData`, ...) are never flagged; add the project's own words to `allow`.
    """

    code = "PAN004"
    name = "json-structured-data"
    group = Group.NORMALIZATION
    severity = Severity.INFO
    neighbours = "own"
    Options = Options

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, Options)
        allow = {w.lower() for w in options.allow}
        structured = {w.lower() for w in options.structured}
        for field in table_fields_of(ctx, "Json"):
            if field.kind != "scalar":
                continue
            words = set(word_tuple(field.name))
            if not words.isdisjoint(allow):
                continue
            model = field.owner
            assert isinstance(model, Model)
            if words.isdisjoint(structured):
                yield self._free_form(ctx, model, field)
            else:
                yield self._structured(ctx, model, field)

    def _free_form(self, ctx: RuleContext, model: Model, field: Field) -> Finding:
        return self.finding(
            ctx,
            field.name_span,
            f"`{field.name}` on `{model.name}` is `Json`: the database checks nothing in it; "
            "if its shape is known, columns or a child model keep it typed and queryable.",
        )

    def _structured(self, ctx: RuleContext, model: Model, field: Field) -> Finding:
        finding = self.finding(
            ctx,
            field.name_span,
            f"`{field.name}` on `{model.name}` keeps structured data in `Json`: its shape is "
            "known from its name, but no type, constraint or foreign key checks it (use "
            "columns or a child model).",
        )
        if ctx.severity == self.severity:  # not configured otherwise: a design problem
            finding = replace(finding, severity=Severity.WARNING)
        return finding
