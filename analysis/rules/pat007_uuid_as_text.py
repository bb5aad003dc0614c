"""PAT007 uuid-as-text."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.tracking import KeyChains, Tracker
from analysis.rules.type_edits import (
    native_name,
    referencing_fields,
    set_native_type,
    table_fields_of,
)


def uuid_default(field: Field) -> bool:
    """Whether the field's default is `uuid()` (any version)."""
    default = field.default
    if default is None or default.args is None or len(default.args.args) != 1:
        return False
    value = default.args.args[0].value
    return getattr(getattr(value, "name", None), "text", None) == "uuid"


class UuidAsText(Rule):
    """
    ## What it does
    Flags a PostgreSQL `String @id @default(uuid())` without `@db.Uuid`.

    ## Why is this bad?
    Without a native type the id is `text`: 36 characters plus a length header (37 bytes)
    where the `uuid` type takes 16. The difference is paid again in every foreign key
    column, every index over them and every join, so indexes are about twice as large and
    fewer of them fit in memory. `text` also accepts any string, where `uuid` rejects what
    is not one, and compares faster.

    ## Example
    ```prisma
    model User {
      id    String @id @default(uuid())
      posts Post[]
    }

    model Post {
      id       String @id @default(uuid())
      authorId String
      author   User   @relation(fields: [authorId], references: [id])
    }
    ```

    ## Use instead
    ```prisma
    model User {
      id    String @id @default(uuid()) @db.Uuid
      posts Post[]
    }

    model Post {
      id       String @id @default(uuid()) @db.Uuid
      authorId String @db.Uuid
      author   User   @relation(fields: [authorId], references: [id])
    }
    ```

    ## Fix safety
    Unsafe: the migration rewrites the table and, since a foreign key must have the type
    of the key it references, every referencing column, which the fix changes too (in every
    file). It fails if a stored id is not a valid UUID (rows written before the
    `@default(uuid())` or by other code). No fix is offered when a referencing column is
    also a foreign key to another model.

    ## When to ignore
    When ids are not all UUIDs (the default was added later, or other writers use other
    formats), or the database is shared with software that expects `text`.
    """

    code = "PAT007"
    name = "uuid-as-text"
    group = Group.TYPES
    severity = Severity.INFO
    neighbours = "relations"
    providers = frozenset({"postgresql"})
    scope = "model"  # the fix follows the foreign keys: their models are tracked

    @classmethod
    def track(cls, ctx: RuleContext) -> Tracker:
        return KeyChains()

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for field in table_fields_of(ctx, "String"):  # of the tables, in order
            if "id" not in field.attributes:
                continue
            if not uuid_default(field) or native_name(field) == "Uuid":
                continue
            model = field.owner
            assert isinstance(model, Model)
            yield self._finding(ctx, model, field)

    def _finding(self, ctx: RuleContext, model: Model, field: Field) -> Finding:
        fixes: tuple[Fix, ...] = ()
        referencing = referencing_fields(ctx.schema, field)
        native = f"@{ctx.schema.native_prefix}.Uuid"
        if referencing is not None:
            edits = []
            for target in [field, *referencing]:
                if native_name(target) != "Uuid":
                    edits += set_native_type(ctx.text(target.decl.path), target, native)
            also = ""
            if referencing:
                count = len(referencing)
                also = f" and the {count} foreign key{'s' if count > 1 else ''} to it"
            fixes = (
                Fix(f"Store `{field.name}`{also} as `uuid` (`{native}`)", tuple(edits), safe=False),
            )
        return self.finding(
            ctx,
            field.type_span,
            f"`{model.name}.{field.name}` holds UUIDs as `text` (37 bytes instead of 16, in "
            "every foreign key and index too); add `@db.Uuid`.",
            fixes=fixes,
        )
