"""PAI009 soft-delete-unique."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Index, Model
from analysis.rules.base import Finding, Group, Rule, RuleContext
from analysis.rules.relation_edits import words
from analysis.rules.timestamps import key
from analysis.rules.type_edits import table_fields_of
from analysis.syntax.nodes import FuncCall

#: Last words of fields that hold identifiers, not values a user would enter again.
_IDENTIFIERS = frozenset({"id", "ids", "uid", "uuid", "guid", "token", "hash", "secret"})

#: Defaults that generate a fresh value for every row: such a key is never re-created.
_GENERATED = frozenset({"uuid", "cuid", "ulid", "nanoid", "autoincrement", "dbgenerated"})


class SoftDeleteOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    soft_delete_names: tuple[str, ...] = (
        "deletedAt",
        "deletedOn",
        "deletedDate",
        "isDeleted",
        "deleted",
        "removedAt",
    )
    """Names of soft-delete marker fields (`deleted_at` matches `deletedAt`)."""


class SoftDeleteUnique(Rule):
    """
    ## What it does
    Flags a unique constraint (`@unique` or `@@unique`) of a model that soft-deletes its
    rows (it has a `deletedAt`-style field) when the constraint does not involve that
    field. Keys that are never entered again are not flagged: columns that are all
    generated (`@default(uuid())`, `cuid()`, …) or all identifiers (`…Id`, `uid`, `token`,
    `hash`), the primary key, and the foreign key of a one-to-one relation.

    ## Why is this bad?
    A soft-deleted row stays in the table with its key. Re-creating the same user, slug or
    membership then fails with a unique violation although, for the application, the old
    row is gone, and the usual workarounds (renaming the deleted row's key, hard-deleting
    after all) lose exactly the history soft delete was meant to keep.

    ## Example
    ```prisma
    model User {
      id        Int       @id
      email     String    @unique
      deletedAt DateTime?
    }
    ```

    ## Use instead
    Keep uniqueness among live rows only, with a partial unique index that Prisma cannot
    express: drop `@unique` from the schema and add it in a migration's SQL,
    `CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;`
    (document it with a `///` comment on the field so the next reader knows it exists).

    ## Fix safety
    No automatic fix: the partial index lives in raw SQL and the constraint's removal from
    the schema must ship in the same migration.

    ## When to ignore
    When re-creating a deleted key is meant to be impossible (an email that may never be
    reused), or the unique constraint already exists as a partial index in SQL and the
    schema keeps `@unique` for Prisma Client's `findUnique`.
    """

    code = "PAI009"
    name = "soft-delete-unique"
    group = Group.INTEGRITY
    severity = Severity.WARNING
    neighbours = "own"
    providers = frozenset({"postgresql", "cockroachdb", "sqlite", "sqlserver"})
    Options = SoftDeleteOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, SoftDeleteOptions)
        keys = {key(n) for n in options.soft_delete_names}
        # Each table's first soft-delete marker (fields are in source order).
        markers: dict[int, Field] = {}
        for type_name in ("DateTime", "Boolean"):
            for f in table_fields_of(ctx, type_name):
                if f.kind == "scalar" and key(f.name) in keys:
                    found = markers.get(id(f.owner))
                    if found is None or f.node.start < found.node.start:
                        markers[id(f.owner)] = f
        for model in ctx.tables:
            marker = markers.get(id(model))
            if marker is None:
                continue
            fk_sets = [
                sorted(f.relation_attr.fields)
                for f in model.relation_fields
                if f.relation_attr is not None and f.relation_attr.fields
            ]
            pk = set(model.primary_key.field_names) if model.primary_key is not None else set()
            for index in model.uniques:
                names = index.field_names
                if (
                    marker.name in names
                    or _generated(index)
                    or sorted(names) == sorted(pk)
                    or sorted(names) in fk_sets
                    or all(words(n)[-1:] and words(n)[-1] in _IDENTIFIERS for n in names)
                ):
                    continue
                yield self._finding(ctx, model, index, marker)

    def _finding(self, ctx: RuleContext, model: Model, index: Index, marker: Field) -> Finding:
        names = ", ".join(index.field_names)
        what = "@unique" if index.on_field else f"@@unique([{names}])"
        column = marker.db_name
        if column != column.lower():
            column = f'"{column}"'
        live = f"NOT {column}" if marker.type_name == "Boolean" else f"{column} IS NULL"
        return self.finding(
            ctx,
            index.span,
            f"`{what}` on `{model.name}` ignores `{marker.name}`: a soft-deleted row keeps "
            f"`{names}` and blocks creating it again; use a partial unique index "
            f"(`WHERE {live}`) in SQL.",
            related=((marker.name_span, "rows are soft-deleted here"),),
        )


def _generated(index: Index) -> bool:
    for entry in index.fields:
        fld = entry.field
        attr = fld.default if fld is not None else None
        argument = attr.arg("value", 0) if attr is not None else None
        value = argument.value if argument is not None else None
        if not (isinstance(value, FuncCall) and value.name.text in _GENERATED):
            return False
    return True
