"""PAT005 serial-int-id."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.name_words import is_word, words
from analysis.rules.tracking import KeyChains, Tracker
from analysis.rules.type_edits import referencing_fields, retype, set_native_type


class SerialIntIdOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lookup_max_fields: int = 1
    """A model with at most this many columns besides its id is a lookup table: not
    flagged."""
    lookup_words: frozenset[str] = frozenset(
        {
            "type", "status", "state", "kind", "category", "role", "permission", "level",
            "tier", "currency", "country", "language", "locale", "license", "config",
            "configuration", "definition", "def", "menu",
        }
    )  # fmt: skip
    """A model whose name ends with one of these words is a lookup table (`TicketType`)."""


def is_autoincrement(field: Field) -> bool:
    default = field.default
    if default is None or default.args is None or len(default.args.args) != 1:
        return False
    value = default.args.args[0].value
    return getattr(getattr(value, "name", None), "text", None) == "autoincrement"


class SerialIntId(Rule):
    """
    ## What it does
    Flags an `Int @id @default(autoincrement())` primary key, except on lookup tables (a
    model with at most one other column, or named like `...Type`, `...Status`,
    `...Category`).

    ## Why is this bad?
    `Int` is a 32-bit `integer`: its sequence ends at 2,147,483,647. Rolled-back inserts,
    upserts and bulk loads consume values too, so a busy table gets there sooner than its
    row count suggests, and then every insert fails. Changing the type afterwards rewrites
    the table and every foreign key column that references it, under a lock, at the worst
    moment. `BigInt` costs four more bytes per row and never runs out.

    ## Example
    ```prisma
    model Event {
      id   Int    @id @default(autoincrement())
      name String
      at   DateTime
    }
    ```

    ## Use instead
    ```prisma
    model Event {
      id   BigInt @id @default(autoincrement())
      name String
      at   DateTime
    }
    ```

    ## Fix safety
    Unsafe: the migration rewrites the table and every referencing table, and the client
    type of the id (and of the foreign keys, which the fix changes too, in every file)
    becomes `bigint`, which `JSON.stringify` cannot serialize without help. No fix is
    offered when a referencing column is also a foreign key to another model.

    ## When to ignore
    For a table that stays small by nature (configuration, a fixed list of values) or when
    the application code cannot take `bigint` yet. Set the lookup options, or disable the
    rule for a model.
    """

    code = "PAT005"
    name = "serial-int-id"
    group = Group.TYPES
    severity = Severity.INFO
    neighbours = "relations"
    providers = frozenset({"postgresql", "mysql", "sqlserver"})
    scope = "model"  # the fix follows the foreign keys: their models are tracked

    @classmethod
    def track(cls, ctx: RuleContext) -> Tracker:
        return KeyChains()

    Options = SerialIntIdOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, SerialIntIdOptions)
        for model in ctx.models:
            if model.is_view or model.is_ignored:
                continue
            pk = model.primary_key
            if pk is None or len(pk.fields) != 1:
                continue
            field = pk.fields[0].field
            if field is None or field.type_name != "Int" or not is_autoincrement(field):
                continue
            if _is_lookup(model, field, options):
                continue
            yield self._finding(ctx, model, field)

    def _finding(self, ctx: RuleContext, model: Model, field: Field) -> Finding:
        fixes: tuple[Fix, ...] = ()
        referencing = referencing_fields(ctx.schema, field)
        # A foreign key still without a type (being typed) has no type to change: what
        # it becomes is the user's to write, so no fix until it has one.
        if referencing is not None and all(f.node.type is not None for f in referencing):
            edits = []
            for target in [field, *referencing]:
                text = ctx.text(target.decl.path)
                edits += [retype(target, "BigInt"), *set_native_type(text, target, None)]
            also = ""
            if referencing:
                count = len(referencing)
                also = f" and the {count} foreign key{'s' if count > 1 else ''} to it"
            fixes = (Fix(f"Change `{field.name}`{also} to `BigInt`", tuple(edits), safe=False),)
        return self.finding(
            ctx,
            field.type_span,
            f"`{model.name}.{field.name}` is a 32-bit auto-increment key: its sequence stops "
            "at 2,147,483,647 and every insert fails after that; use `BigInt`.",
            fixes=fixes,
        )


def _is_lookup(model: Model, field: Field, options: SerialIntIdOptions) -> bool:
    columns = [f for f in model.fields if f.kind != "model" and f is not field]
    if len(columns) <= options.lookup_max_fields:
        return True
    name_words = words(model.name)
    return bool(name_words) and is_word(name_words[-1], options.lookup_words)
