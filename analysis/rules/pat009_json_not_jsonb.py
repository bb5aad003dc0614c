"""PAT009 json-not-jsonb."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.type_edits import native_name, replace_attribute, usable_fields_of


class JsonNotJsonb(Rule):
    """
    ## What it does
    Flags a `Json` field stored as PostgreSQL `json` (`@db.Json`) instead of `jsonb`.

    ## Why is this bad?
    `json` keeps the document as text: PostgreSQL parses it again for every `->` or `@>`
    it evaluates, cannot compare two documents, and cannot build a GIN index over it, so
    filtering on a key (Prisma's `path` filters) scans and re-parses every row. `jsonb` is
    stored decomposed, is indexable and is what Prisma uses for `Json` when no native type
    is given.

    ## Example
    ```prisma
    model Event {
      id      Int  @id
      payload Json @db.Json
    }
    ```

    ## Use instead
    ```prisma
    model Event {
      id      Int  @id
      payload Json @db.JsonB
    }
    ```

    ## Fix safety
    Unsafe: the migration rewrites the table (`ALTER COLUMN ... TYPE jsonb`), and `jsonb`
    does not keep what `json` kept: key order, duplicate keys (the last one wins) and
    whitespace. Code that relies on the key order of a stored document sees a different one.

    ## When to ignore
    When the column must return the document byte for byte as it was written (for example a
    webhook body whose signature is checked again later), or keys in their written order.
    """

    code = "PAT009"
    name = "json-not-jsonb"
    group = Group.TYPES
    severity = Severity.WARNING
    neighbours = "own"
    providers = frozenset({"postgresql"})

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        prefix = ctx.schema.native_prefix
        for field in usable_fields_of(ctx, "Json"):
            native = field.native_type
            if native is None or native_name(field) != "Json":
                continue
            replacement = f"@{prefix}.JsonB"
            fix = Fix(
                f"Store `{field.name}` as `jsonb` (`{replacement}`)",
                (replace_attribute(field, native, replacement),),
                safe=False,
            )
            yield self.finding(
                ctx,
                field.decl.span(native),
                f"`{field.owner.name}.{field.name}` is stored as `json`: text that is parsed "
                "again on every read and cannot be indexed; use `jsonb`.",
                fixes=(fix,),
            )
