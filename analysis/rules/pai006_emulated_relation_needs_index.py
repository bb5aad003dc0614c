"""PAI006 emulated-relation-needs-index."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.model.schema import Span
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.coverage import unindexed_foreign_keys


class EmulatedRelationNeedsIndex(Rule):
    """
    ## What it does
    With `relationMode = "prisma"`, flags a relation whose scalar fields (the `fields:` of
    `@relation`) are not the leading columns of any index, unique constraint or primary key.

    ## Why is this bad?
    In this mode the database has no foreign keys: Prisma Client emulates them, querying
    the child table on every relation read, every `include`, and before every delete or
    update of the parent to enforce the referential action. Without an index each of these
    queries scans the whole table; on MySQL no foreign key means no automatic index either
    (PlanetScale and Vitess are the usual reason for this mode).

    ## Example
    ```prisma
    datasource db {
      provider     = "mysql"
      relationMode = "prisma"
    }

    model Post {
      id       Int  @id
      authorId Int
      author   User @relation(fields: [authorId], references: [id])
    }
    ```

    ## Use instead
    ```prisma
    model Post {
      id       Int  @id
      authorId Int
      author   User @relation(fields: [authorId], references: [id])

      @@index([authorId])
    }
    ```

    ## Fix safety
    Safe: an index changes no data. Build it in a migration of its own on a large table.

    ## When to ignore
    When the table stays tiny. With foreign keys (the default relation mode) PAX001 checks
    the same thing where the database does not index foreign keys itself.
    """

    code = "PAI006"
    name = "emulated-relation-needs-index"
    group = Group.INTEGRITY
    severity = Severity.WARNING
    neighbours = "relations"
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"})

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.schema.relation_mode != "prisma":
            return
        related: tuple[tuple[Span, str], ...] = ()
        ds = ctx.schema.datasource
        if ds is not None and "relationMode" in ds.properties:
            related = (
                (ds.decl.span(ds.properties["relationMode"]), "relations are emulated by Prisma"),
            )
        for key in unindexed_foreign_keys(ctx):
            forward = key.relation_field
            yield self.finding(
                ctx,
                key.span,
                f"`{', '.join(key.columns)}` of `{key.model.name}` has no index: with emulated "
                f"relations every read of `{forward.name}` and every referential check from "
                f"`{forward.type_name}` scans `{key.model.db_name}`.",
                related=related,
                fixes=(Fix(f"Add `{key.attribute}`", (key.add_index,)),),
            )
