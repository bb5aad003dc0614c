"""PAT003 timestamp-without-time-zone."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from analysis.diagnostics import Severity
from analysis.fixes import append_field_attribute
from analysis.model.schema import Span, argument_value
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.type_edits import native_attribute, replace_attribute, usable_fields_of
from analysis.syntax.nodes import NumberLit


class TimestampOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    precision: int = Field(default=3, ge=0, le=6)
    """Fraction-of-second digits of the `@db.Timestamptz(p)` the fix adds (Prisma's default
    is milliseconds, 3); a `@db.Timestamp(p)` keeps its own precision."""


class TimestampWithoutTimeZone(Rule):
    """
    ## What it does
    Flags a PostgreSQL `DateTime` field stored as `timestamp` (without time zone): one with
    no native type (Prisma's default is `timestamp(3)`) or with `@db.Timestamp`.

    ## Why is this bad?
    A `timestamp` column stores a wall-clock reading with no zone. Prisma writes UTC into
    it, but every other writer (a `now()` default in raw SQL, a script, a BI tool, a session
    with another `TimeZone`) writes its own local time, and nothing in the column tells the
    two apart: an instant becomes ambiguous. `timestamptz` stores the instant itself and
    converts on the way in and out, so every client reads the same moment.

    ## Example
    ```prisma
    model Order {
      id        Int      @id
      createdAt DateTime @default(now())
    }
    ```

    ## Use instead
    ```prisma
    model Order {
      id        Int      @id
      createdAt DateTime @default(now()) @db.Timestamptz(3)
    }
    ```

    ## Fix safety
    Unsafe: the migration (`ALTER COLUMN ... TYPE timestamptz`) rewrites the table and reads
    the stored values in the session's time zone; they stay right only when that zone is the
    one they were written in (UTC for values written by Prisma). Set `TimeZone` to `UTC`
    for the migration, or convert with `USING created_at AT TIME ZONE 'UTC'`.

    ## When to ignore
    For a wall-clock time that is not an instant, like the local opening hour of a shop or a
    calendar date (use `@db.Date` or `@db.Time`, which this rule accepts).
    """

    code = "PAT003"
    name = "timestamp-without-time-zone"
    group = Group.TYPES
    severity = Severity.INFO
    neighbours = "own"
    providers = frozenset({"postgresql"})
    Options = TimestampOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, TimestampOptions)
        prefix = ctx.schema.native_prefix
        severity = ctx.severity
        for field in usable_fields_of(ctx, "DateTime"):
            if field.kind != "scalar":
                continue
            native = field.native_type
            current = native_attribute(field)
            if current is not None and current.name.text.split(".", 1)[1] != "Timestamp":
                continue
            precision = options.precision
            if native is not None:
                value = argument_value(native.args, "", 0)
                if isinstance(value, NumberLit):
                    precision = int(value.text)
            replacement = f"@{prefix}.Timestamptz({precision})"
            edit = (
                append_field_attribute(field, replacement)
                if current is None
                else replace_attribute(field, current, replacement)
            )
            fix = Fix(
                f"Store `{field.name}` as `timestamptz` (`{replacement}`)", (edit,), safe=False
            )
            stored = "`timestamp`" if native is not None else "`timestamp` (Prisma's default)"
            decl = field.owner.decl
            node = field.node
            at = native if native is not None else node.type if node.type is not None else node.name
            yield Finding(
                self.code,
                f"`{field.owner.name}.{field.name}` is stored as {stored}, without a time "
                "zone: writers in other zones store other instants; use `timestamptz`.",
                severity,
                Span(decl.path, decl.offset + at.start, decl.offset + at.end),
                fixes=(fix,),
            )
