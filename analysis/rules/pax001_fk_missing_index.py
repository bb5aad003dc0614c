"""PAX001 fk-missing-index."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.fixes import insert_block_attribute
from analysis.model.schema import Model, Relation, Span
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.coverage import covered_by


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
    providers = frozenset({"postgresql", "cockroachdb", "sqlite", "sqlserver"})

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.schema.relation_mode == "prisma":
            return
        for relation in ctx.schema.relations:
            finding = self._check(ctx, relation)
            if finding is not None:
                yield finding

    def _check(self, ctx: RuleContext, relation: Relation) -> Finding | None:
        if relation.kind == "N:M" or not relation.fk_fields:
            return None
        forward = relation.forward
        model = forward.owner
        if not isinstance(model, Model) or model.is_view or model.is_ignored:
            return None
        columns = [f.name for f in relation.fk_fields]
        if covered_by(model, columns) is not None:
            return None
        names = ", ".join(columns)
        attribute = f"@@index([{names}])"
        text = ctx.text(model.decl.path)
        fix = Fix(
            f"Add `{attribute}` for the foreign key",
            (insert_block_attribute(text, model, attribute),),
        )
        span = forward.name_span
        relation_attr = forward.relation_attr
        if relation_attr is not None and relation_attr.attribute is not None:
            fields_arg = relation_attr.attribute.arg("fields")
            if fields_arg is not None:
                span = model.decl.span(fields_arg)
        target = forward.target
        related: tuple[tuple[Span, str], ...] = ()
        if isinstance(target, Model):
            related = ((target.decl.name_span, f"`{model.name}` references `{target.name}`"),)
        return self.finding(
            ctx,
            span,
            f"The foreign key `{names}` of relation `{forward.name}` has no index: every join "
            f"from `{forward.type_name}` and every referential action scans `{model.db_name}`.",
            related=related,
            fixes=(fix,),
        )
