"""PAC007 index-name."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.names import MAX_IDENTIFIER
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.naming_case import map_argument_edit, snake_case


class IndexNameOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    index_naming: bool = False
    """Require explicit index names (off by default: Prisma's derived names are fine)."""
    index_prefix: str = "idx"
    """Prefix of index names: `idx_<table>_<columns>`."""
    unique_prefix: str = "uniq"
    """Prefix of unique constraint names: `uniq_<table>_<columns>`."""


class IndexName(Rule):
    """
    ## What it does
    When index naming is enabled (option `index_naming`, off by default), flags an
    `@@index`, `@@unique` or field `@unique` without `map:`, and proposes the conventional
    name `idx_<table>_<columns>` or `uniq_<table>_<columns>`.

    ## Why is this bad?
    Prisma derives names like `Task_projectId_status_idx` from the model and field names.
    A team that reads `pg_stat_user_indexes`, query plans and constraint violation errors
    every day may prefer names that say what they are at a glance and follow the database's
    snake_case, independent of how the Prisma schema is spelled.

    ## Example
    ```prisma
    model Task {
      id        Int    @id
      projectId Int
      status    String

      @@index([projectId, status])
    }
    ```

    ## Use instead
    ```prisma
    model Task {
      id        Int    @id
      projectId Int
      status    String

      @@index([projectId, status], map: "idx_task_project_id_status")
    }
    ```

    ## Fix safety
    Safe: naming an index renames it in the next migration (`ALTER INDEX … RENAME`); no data
    changes.

    ## When to ignore
    This is a team convention, off by default; leave it off if Prisma's derived names suit
    you.
    """

    code = "PAC007"
    name = "index-name"
    group = Group.NAMING
    severity = Severity.INFO
    neighbours = "own"
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"})
    scope = "model"  # a suggested name avoids the model's other index names
    Options = IndexNameOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, IndexNameOptions)
        if not options.index_naming:
            return
        limit = MAX_IDENTIFIER.get(ctx.schema.provider or "", 63)
        for model in ctx.models:
            if model.is_ignored or model.is_view:
                continue
            # Not other models' index names: a suggestion starts with its own table's name.
            taken = {i.db_name for i in model.all_indexes}
            for index in [*model.uniques, *model.indexes]:
                if index.map is not None:
                    continue
                prefix = options.unique_prefix if index.kind == "unique" else options.index_prefix
                table = snake_case(model.db_name)
                name = "_".join([prefix, table, *(snake_case(c) for c in index.columns)])
                name = name[:limit]
                what = "unique constraint" if index.kind == "unique" else "index"
                fixes: tuple[Fix, ...] = ()
                if name not in taken:
                    taken.add(name)
                    edit = map_argument_edit(model.decl, index.attribute, name)
                    fixes = (Fix(f'Name the {what} "{name}"', (edit,)),)
                yield self.finding(
                    ctx,
                    index.span,
                    f"The {what} on `{', '.join(index.field_names)}` of `{model.name}` has no "
                    f"explicit name: Prisma names it `{index.db_name}`.",
                    fixes=fixes,
                )
