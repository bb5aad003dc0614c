"""PAI006 emulated-relation-needs-index."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.fixes import insert_block_attribute
from analysis.model.schema import Model, Relation, Span
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.coverage import covered_by


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
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"})

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.schema.relation_mode != "prisma":
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
        fix = Fix(
            f"Add `{attribute}`",
            (insert_block_attribute(ctx.text(model.decl.path), model, attribute),),
        )
        span = forward.name_span
        relation_attr = forward.relation_attr
        if relation_attr is not None and relation_attr.attribute is not None:
            fields_arg = relation_attr.attribute.arg("fields")
            if fields_arg is not None:
                span = model.decl.span(fields_arg)
        related: tuple[tuple[Span, str], ...] = ()
        ds = ctx.schema.datasource
        if ds is not None and "relationMode" in ds.properties:
            related = (
                (ds.decl.span(ds.properties["relationMode"]), "relations are emulated by Prisma"),
            )
        return self.finding(
            ctx,
            span,
            f"`{names}` of `{model.name}` has no index: with emulated relations every read "
            f"of `{forward.name}` and every referential check from `{forward.type_name}` scans "
            f"`{model.db_name}`.",
            related=related,
            fixes=(fix,),
        )
