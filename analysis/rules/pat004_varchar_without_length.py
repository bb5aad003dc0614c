"""PAT004 varchar-without-length."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.type_edits import native_name, remove_attribute, usable_fields_of


class VarcharWithoutLength(Rule):
    """
    ## What it does
    Flags `@db.VarChar` without a length, and `@db.Char` (fixed width) on PostgreSQL.

    ## Why is this bad?
    In PostgreSQL `varchar` without a length is `text` under another name: it limits nothing,
    and readers take it for a forgotten limit. `char(n)` pads every value with spaces to `n`
    characters, ignores those spaces in some comparisons but not in others (`LIKE`, regular
    expressions, concatenation), and is no faster than `text`; `@db.Char` without a length is
    `char(1)`, which silently truncates nothing but rejects longer values. Prisma's `String`
    is `text`; a real limit is `@db.VarChar(n)` or a `CHECK` constraint.

    ## Example
    ```prisma
    model Country {
      code String @id @db.Char(2)
      name String @db.VarChar
    }
    ```

    ## Use instead
    ```prisma
    model Country {
      code String @id
      name String
    }
    ```

    ## Fix safety
    Removing a length-less `@db.VarChar` is safe: `varchar` and `text` are binary
    compatible, the migration changes no stored value. Removing `@db.Char(n)` is unsafe: the
    cast to `text` strips the trailing spaces of the stored values, and the length is no
    longer enforced (add a `CHECK (length(code) = 2)` in the migration when it matters).

    ## When to ignore
    When another system reads the column and expects `char(n)`.
    """

    code = "PAT004"
    name = "varchar-without-length"
    group = Group.TYPES
    severity = Severity.INFO
    neighbours = "own"
    providers = frozenset({"postgresql"})

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for field in usable_fields_of(ctx, "String"):
            native = field.native_type
            if native is None:
                continue
            kind = native_name(field)
            if kind not in ("VarChar", "Char"):
                continue
            has_length = native.args is not None and len(native.args.args) > 0
            name = f"`{field.owner.name}.{field.name}`"
            if kind == "VarChar" and not has_length:
                message = (
                    f"{name} is `varchar` without a length: that is `text` under another "
                    "name; use `String` without a native type, or give a length."
                )
                safe = True
            elif kind == "Char":
                message = (
                    f"{name} is fixed-width `char`: values are padded with spaces, which "
                    "some comparisons see and others ignore; use `String` (`text`)."
                )
                safe = False
            else:
                continue
            written = ctx.text(field.decl.path)[
                field.decl.span(native).start : field.decl.span(native).end
            ]
            fix = Fix(
                f"Remove `{written}` (store `{field.name}` as `text`)",
                (remove_attribute(ctx.text(field.decl.path), field, native),),
                safe=safe,
            )
            yield self.finding(ctx, field.decl.span(native), message, fixes=(fix,))
