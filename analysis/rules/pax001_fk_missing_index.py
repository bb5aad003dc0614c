"""PAX001 fk-missing-index."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.model.schema import Model, Span
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.coverage import unindexed_foreign_keys


class FkMissingIndex(Rule):
    """
    ## What it does
    Flags a relation whose foreign key columns (the `fields:` of `@relation`) are not the
    leading columns of any index, unique constraint or primary key of the model.

    ## Why is this bad?
    PostgreSQL, SQLite, SQL Server and CockroachDB do not create an index for a foreign key.
    Every join from the parent to its children, every `include` of the relation, and every
    `onDelete`/`onUpdate` action on the parent then scans the whole child table. The cost
    grows with the table and shows up as slow deletes and lock contention long after the
    schema was written.

    ## Example
    ```prisma
    model Comment {
      id       Int  @id
      authorId Int
      author   User @relation(fields: [authorId], references: [id])
    }
    ```

    ## Use instead
    ```prisma
    model Comment {
      id       Int  @id
      authorId Int
      author   User @relation(fields: [authorId], references: [id])

      @@index([authorId])
    }
    ```

    ## Fix safety
    Safe: adding an index changes no data. On a large table, create it in a migration of its
    own (on PostgreSQL, `CREATE INDEX CONCURRENTLY` in raw SQL) so that writes are not blocked.

    ## When to ignore
    When the table stays tiny (a handful of rows), or when another index whose leading columns
    are the same foreign key columns in another order already serves the lookups (this rule
    accepts any order of the leading columns). MySQL (InnoDB creates the index itself) and
    MongoDB are never flagged; with `relationMode = "prisma"`, PAI006 reports instead.
    """

    code = "PAX001"
    name = "fk-missing-index"
    group = Group.INDEXING
    severity = Severity.WARNING
    neighbours = "relations"
    providers = frozenset({"postgresql", "cockroachdb", "sqlite", "sqlserver"})

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.schema.relation_mode == "prisma":
            return
        for key in unindexed_foreign_keys(ctx):
            forward = key.relation_field
            target = forward.target
            related: tuple[tuple[Span, str], ...] = ()
            if isinstance(target, Model):
                related = (
                    (target.decl.name_span, f"`{key.model.name}` references `{target.name}`"),
                )
            yield self.finding(
                ctx,
                key.span,
                f"The foreign key `{', '.join(key.columns)}` of relation `{forward.name}` has "
                f"no index: every join from `{forward.type_name}` and every referential action "
                f"scans `{key.model.db_name}`.",
                related=related,
                fixes=(Fix(f"Add `{key.attribute}` for the foreign key", (key.add_index,)),),
            )
