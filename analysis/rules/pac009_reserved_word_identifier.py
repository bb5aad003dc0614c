"""PAC009 reserved-word-identifier."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from analysis.diagnostics import Severity
from analysis.model.schema import Field as ModelField
from analysis.model.schema import Model, Relation, Schema, Span
from analysis.rules.base import (
    Edit,
    Finding,
    Fix,
    Group,
    Rule,
    RuleContext,
    per_schema,
    per_signature,
)
from analysis.rules.field_names import columns_by_name
from analysis.rules.naming_case import (
    block_map_edit,
    field_map_edit,
    lower_words,
    plural,
    singular,
    snake_case,
)
from analysis.rules.reserved_words import POSTGRESQL, is_reserved

#: Idiomatic column names for reserved words that are often used as columns.
COLUMN_NAMES = {
    "order": "sort_order",
    "desc": "description",
    "user": "user_name",
    "group": "group_name",
    "table": "table_name",
    "column": "column_name",
    "limit": "limit_value",
    "offset": "offset_value",
}


class ReservedWordIdentifierOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    column_names: dict[str, str] = Field(default_factory=lambda: dict(COLUMN_NAMES))
    """The column name the fix proposes for a reserved word (`order` → `sort_order`)."""


class ReservedWordIdentifier(Rule):
    """
    ## What it does
    Flags a table or column whose database name is a PostgreSQL reserved key word written
    in lower case: `user`, `order`, `group`, `table`, `check`, `default`, `end`, `limit`…
    (the *reserved* key words of PostgreSQL, and those reserved except as function or type
    names such as `left` or `like`).

    ## Why is this bad?
    Prisma quotes every identifier, so its own queries work, but every hand-written query,
    view, trigger and BI tool must quote the name too. Unquoted, `SELECT * FROM user`
    silently returns the current role instead of your table, and `ORDER BY order` is a
    syntax error.

    ## Example
    ```prisma
    model Task {
      id    Int @id
      order Int
    }
    ```

    ## Use instead
    ```prisma
    model Task {
      id    Int @id
      order Int @map("sort_order")
    }
    ```

    ## Fix safety
    Unsafe: the fix maps the table or column to another database name, which renames it in
    the next migration (written as drop and create unless you edit it into a rename). The
    Prisma Client keeps the field and model names.

    ## When to ignore
    When no SQL is ever written by hand against the database. Names in mixed case
    (`User`) are reported by PAC001 / PAC002 instead, since they need quotes anyway.
    """

    code = "PAC009"
    name = "reserved-word-identifier"
    group = Group.NAMING
    severity = Severity.WARNING
    neighbours = "relations"
    providers = frozenset({"postgresql", "cockroachdb"})
    scope = "model"  # reads every table name: part of the declaration signature
    Options = ReservedWordIdentifierOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, ReservedWordIdentifierOptions)
        tables = per_signature(ctx.schema, _table_names)
        # A whole run finds the models with a reserved column name by name.
        reserved = per_schema(ctx.schema, _reserved_owners) if ctx.scope is None else None
        for model in ctx.models:
            if model.is_ignored:
                continue
            kind = "view" if model.is_view else "table"
            if _reserved(model.db_name):
                target = _table_name(model.db_name)
                edit = None
                if target not in tables and not is_reserved(target):
                    edit = block_map_edit(ctx.text(model.decl.path), model, target)
                mapped = model.attribute("map")
                span = model.decl.span(mapped) if mapped is not None else model.decl.name_span
                yield self._finding(
                    ctx,
                    span,
                    f"The {kind} name `{model.db_name}` is a PostgreSQL reserved word: raw SQL "
                    "must quote it in every query.",
                    f'Map the {kind} to "{target}"',
                    edit,
                )
            columns: set[str] | None = None
            for fld in model.fields if reserved is None or id(model) in reserved else ():
                if fld.db_name not in POSTGRESQL or fld.kind == "model" or fld.is_ignored:
                    continue
                if columns is None:
                    columns = {f.db_name for f in model.fields if f.kind != "model"}
                target = _column_name(fld, model, options.column_names)
                edit = None
                if target not in columns and not is_reserved(target):
                    edit = field_map_edit(fld, target)
                mapped = fld.attribute("map")
                span = fld.decl.span(mapped) if mapped is not None else fld.name_span
                yield self._finding(
                    ctx,
                    span,
                    f"The column name `{fld.db_name}` of `{model.name}` is a PostgreSQL "
                    "reserved word: raw SQL must quote it in every query.",
                    f'Map the column to "{target}"',
                    edit,
                )

    def _finding(
        self, ctx: RuleContext, span: Span, message: str, title: str, edit: Edit | None
    ) -> Finding:
        fixes = (Fix(title, (edit,), safe=False),) if edit is not None else ()
        return self.finding(ctx, span, message, fixes=fixes)


def _reserved_owners(schema: Schema) -> set[int]:
    """The ids of the models with a column named by a reserved word."""
    return {
        id(fld.owner)
        for name, fields in columns_by_name(schema).items()
        if name in POSTGRESQL
        for fld in fields
    }


def _reserved(name: str) -> bool:
    """A reserved word as PostgreSQL reads it unquoted (lower case: mixed case needs
    quotes anyway, which PAC001 / PAC002 report). The key words are lower case, so
    this is plain membership."""
    return name in POSTGRESQL


def _table_name(name: str) -> str:
    """`user` → `users`; a word whose plural is reserved too gets `_records`."""
    target = plural(name)
    return target if target != name and not is_reserved(target) else f"{name}_records"


def _column_name(fld: ModelField, model: Model, names: dict[str, str]) -> str:
    """`order` → `sort_order`; a foreign key `user` → `user_id`; else by type:
    `is_default`, `end_at`, or the table's singular noun before it (`task_check`)."""
    word = fld.db_name
    if any(fld in r.fk_fields for r in _relations(model)):
        return f"{word}_id"
    if word in names:
        return names[word]
    if fld.type_name == "Boolean":
        return f"is_{word}"
    if fld.type_name == "DateTime":
        return f"{word}_date" if word in ("from", "to") else f"{word}_at"
    words = lower_words(snake_case(model.name))
    noun = singular(words[-1]) if words else "row"
    return f"{noun}_{word}"


def _relations(model: Model) -> Iterator[Relation]:
    for fld in model.fields:
        if fld.relation is not None:
            yield fld.relation


def _table_names(schema: Schema) -> frozenset[str]:
    return frozenset(m.db_name for m in schema.models.values())
