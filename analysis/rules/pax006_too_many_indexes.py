"""PAX006 too-many-indexes."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.rules.base import Finding, Group, Rule, RuleContext


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max: int = 8
    """The most unique constraints and indexes a model may have besides its primary key."""


class TooManyIndexes(Rule):
    """
    ## What it does
    Flags a model with more indexes than a limit (8 by default) besides its primary key,
    counting its unique constraints (each is a unique index) and its `@@index`/`@@fulltext`
    indexes.

    ## Why is this bad?
    Every index is a second copy of its columns, kept in order. Each insert and delete
    writes every index of the table, and each update writes every index on a changed column
    (and, on PostgreSQL, all of them when the row cannot be updated in place). Indexes also
    compete for memory with the data, and they slow down migrations and vacuum. A long list
    of indexes is often a sign that they were added one query at a time: several are
    usually covered by a wider one, or no longer used.

    ## Example
    ```prisma
    model Event {
      id        Int      @id
      siteId    Int
      type      String
      path      String
      referrer  String
      country   String
      device    String
      browser   String
      os        String
      createdAt DateTime

      @@index([siteId])
      @@index([type])
      @@index([path])
      @@index([referrer])
      @@index([country])
      @@index([device])
      @@index([browser])
      @@index([os])
      @@index([createdAt])
    }
    ```

    ## Use instead
    ```prisma
    model Event {
      id        Int      @id
      siteId    Int
      type      String
      path      String
      referrer  String
      country   String
      device    String
      browser   String
      os        String
      createdAt DateTime

      @@index([siteId, createdAt])
      @@index([siteId, type, createdAt])
    }
    ```

    ## Fix safety
    There is no automatic fix: which indexes to merge or drop depends on the queries (on
    PostgreSQL, `pg_stat_user_indexes.idx_scan` shows the indexes that are never used).

    ## When to ignore
    For a read-mostly table (a catalog, a reporting table) where each index serves a known
    query and writes are rare. Raise `max` for the project when wide models are the norm.
    """

    code = "PAX006"
    name = "too-many-indexes"
    group = Group.INDEXING
    severity = Severity.INFO
    neighbours = "own"
    Options = Options

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, Options)
        for model in ctx.tables:
            count = len(model.uniques) + len(model.indexes)
            if count <= options.max:
                continue
            yield self.finding(
                ctx,
                model.decl.name_span,
                f"`{model.name}` has {count} indexes besides its primary key, more than "
                f"{options.max}: every insert and delete writes each of them, and every "
                "update writes those on the changed columns.",
            )
