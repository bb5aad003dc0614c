"""PAX005 low-selectivity-index."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Enum, Field
from analysis.rules.base import Finding, Group, Rule, RuleContext


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_enum_values: int = 3
    """An enum with at most this many values is as coarse as a Boolean."""


class LowSelectivityIndex(Rule):
    """
    ## What it does
    Flags an `@@index` on a single column that can take only a few values: a `Boolean`, or
    an enum with at most three values (configurable).

    ## Why is this bad?
    An index pays off when a lookup through it touches a small share of the table. With two
    or three values, each value matches a large share of the rows, so the planner reads the
    table sequentially anyway and the index is only a cost: every insert and every change of
    the flag writes it. When one value is rare (the unprocessed jobs, the few admins), a
    partial index on that value is far smaller and faster; when queries filter on the flag
    together with something selective, a composite index leading with the selective column
    serves them.

    ## Example
    ```prisma
    model Job {
      id        Int     @id
      accountId Int
      done      Boolean @default(false)

      @@index([done])
    }
    ```

    ## Use instead
    ```prisma
    model Job {
      id        Int     @id
      accountId Int
      done      Boolean @default(false)

      @@index([accountId, done])
    }
    ```
    Or, on PostgreSQL, keep the schema free of the index and add a partial index in a raw
    SQL migration: `CREATE INDEX "Job_pending_idx" ON "Job" ("id") WHERE NOT "done";`.

    ## Fix safety
    There is no automatic fix: which composite or partial index serves the queries depends
    on the queries.

    ## When to ignore
    When the values are very unevenly spread and the queries look for the rare one (a B-tree
    on a flag that is true for 0.1% of the rows is used for `WHERE flag`), and a partial
    index is not an option. An index with more columns is never flagged.
    """

    code = "PAX005"
    name = "low-selectivity-index"
    group = Group.INDEXING
    severity = Severity.INFO
    neighbours = "own"
    Options = Options

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, Options)
        for model in ctx.tables:
            for index in model.indexes:
                if index.kind != "index" or len(index.fields) != 1:
                    continue
                field = index.fields[0].field
                if field is None or field.is_list or index.fields[0].path:
                    continue
                values = _values(field, options.max_enum_values)
                if values is None:
                    continue
                name = field.name
                yield self.finding(
                    ctx,
                    index.span,
                    f"`@@index([{name}])` on `{model.name}` indexes only {values}: each value "
                    "matches a large share of the rows, so the index rarely serves a query "
                    "but costs every write (prefer a composite or a partial index).",
                )


def _values(field: Field, max_enum_values: int) -> str | None:
    """What the field can hold, when that is only a few values."""
    if field.kind == "scalar" and field.type_name == "Boolean":
        return f"the Boolean `{field.name}`"
    target = field.target
    if field.kind == "enum" and isinstance(target, Enum):
        count = len(target.values)
        if 0 < count <= max_enum_values:
            plural = "value" if count == 1 else "values"
            return f"`{field.name}`, an enum `{target.name}` of {count} {plural}"
    return None
