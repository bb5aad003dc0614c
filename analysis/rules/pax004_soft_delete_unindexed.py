"""PAX004 soft-delete-unindexed."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.fixes import insert_block_attribute
from analysis.model.schema import Field, Model
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.naming_case import lower_words, word_tuple
from analysis.rules.type_edits import table_fields_of

#: Providers with partial (filtered) indexes, which serve live-row queries best.
_PARTIAL = frozenset({"postgresql", "cockroachdb", "sqlite", "sqlserver"})


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fields: list[str] = [
        "deletedAt",
        "deletedOn",
        "deletedDate",
        "deletedTime",
        "softDeletedAt",
        "removedAt",
        "trashedAt",
    ]
    """Names of soft-delete timestamps, compared word by word (`deleted_at` is
    `deletedAt`)."""


class SoftDeleteUnindexed(Rule):
    """
    ## What it does
    Flags a soft-delete timestamp (an optional `DateTime` field named `deletedAt`,
    `deleted_at`, `removedAt`, ...; the names are configurable) that no index of the model
    includes.

    ## Why is this bad?
    With soft deletes, nearly every query of the application filters on the field
    (`deletedAt: null` for the live rows), and the trash views and purge jobs look for the
    deleted ones (`deletedAt: { lt: cutoff }`). Without an index that includes the field,
    each of those reads every row of the table, deleted ones included, and the table only
    grows: soft-deleted rows are never removed by the application.

    ## Example
    ```prisma
    model Task {
      id        Int       @id
      title     String
      deletedAt DateTime?
    }
    ```

    ## Use instead
    ```prisma
    model Task {
      id        Int       @id
      title     String
      deletedAt DateTime?

      @@index([deletedAt])
    }
    ```
    On PostgreSQL, SQLite and SQL Server, a partial index in a raw SQL migration serves the
    live-row queries better still, because it leaves the deleted rows out:
    `CREATE INDEX "Task_live_idx" ON "Task" ("id") WHERE "deletedAt" IS NULL;`.

    ## Fix safety
    Safe: adding an index changes no data. On a large table, create it in a migration of its
    own (`CREATE INDEX CONCURRENTLY` on PostgreSQL) so that writes are not blocked.

    ## When to ignore
    When a partial index in raw SQL already serves the live-row queries (Prisma does not
    know about it), or when the table stays small. A composite index that includes the field
    in any position (`@@index([workspaceId, deletedAt])`) is accepted: it serves the
    combined filter that soft-delete queries use.
    """

    code = "PAX004"
    name = "soft-delete-unindexed"
    group = Group.INDEXING
    severity = Severity.INFO
    neighbours = "own"
    Options = Options

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, Options)
        names = {tuple(lower_words(name)) for name in options.fields}
        for field in table_fields_of(ctx, "DateTime"):
            if field.kind != "scalar":
                continue
            if not field.is_optional:
                continue  # a required time (`Trash.deletedAt`) marks no live rows
            model = field.owner
            assert isinstance(model, Model)
            if word_tuple(field.name) in names and not _indexed(model, field):
                yield self._finding(ctx, model, field)

    def _finding(self, ctx: RuleContext, model: Model, field: Field) -> Finding:
        attribute = f"@@index([{field.name}])"
        text = ctx.text(model.decl.path)
        fix = Fix(
            f"Add `{attribute}` for the soft-delete filter",
            (insert_block_attribute(text, model, attribute),),
        )
        hint = ""
        if ctx.schema.provider in _PARTIAL:
            hint = f' (or a partial index `WHERE "{field.db_name}" IS NULL` in raw SQL)'
        return self.finding(
            ctx,
            field.name_span,
            f"The soft-delete field `{field.name}` of `{model.name}` is in no index: queries "
            f"that skip or find deleted rows scan `{model.db_name}`{hint}.",
            fixes=(fix,),
        )


def _indexed(model: Model, field: Field) -> bool:
    """Whether an index, unique constraint or primary key includes the field."""
    return any(
        index.kind != "fulltext" and any(f.field is field for f in index.fields)
        for index in model.all_indexes
    )
