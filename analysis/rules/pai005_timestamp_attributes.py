"""PAI005 timestamp-attributes."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.fixes import append_field_attribute
from analysis.model.schema import Field
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext
from analysis.rules.timestamps import TimestampOptions, defaults_to_now, key
from analysis.rules.type_edits import table_fields_of


class TimestampAttributes(Rule):
    """
    ## What it does
    Flags a creation timestamp (`createdAt` or `created_at`: the first of the configured
    `created_names`) without `@default(now())`, an update timestamp (`updatedAt`, the first
    of `updated_names`) without `@updatedAt`, and either of them optional.

    ## Why is this bad?
    A timestamp that every insert or update has to remember to set will be wrong somewhere:
    one code path, a script or a manual fix forgets it and the column silently lies. The
    database default (`@default(now())`) and Prisma's `@updatedAt` set them on every write.
    An optional timestamp lets rows exist without one, which every query then has to
    handle.

    ## Example
    ```prisma
    model Post {
      id        Int       @id
      createdAt DateTime?
      updatedAt DateTime
    }
    ```

    ## Use instead
    ```prisma
    model Post {
      id        Int      @id
      createdAt DateTime @default(now())
      updatedAt DateTime @updatedAt
    }
    ```

    ## Fix safety
    Adding `@default(now())` or `@updatedAt` is safe; removing the `?` is unsafe. The
    attributes only fill values the code did not set. A required column fails to migrate
    while rows hold `NULL`, so backfill them first
    (`UPDATE … SET created_at = now() WHERE created_at IS NULL`).

    ## When to ignore
    When the value is copied from elsewhere on purpose (an import that keeps the source's
    creation time should still get the default for new rows), or a database trigger
    maintains the update time. An optional `updatedAt` meaning "never edited" is a
    convention some teams choose; a required one set at creation reads the same.
    """

    code = "PAI005"
    name = "timestamp-attributes"
    group = Group.INTEGRITY
    severity = Severity.WARNING
    neighbours = "own"
    providers = None
    Options = TimestampOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, TimestampOptions)
        created = {key(options.created_names[0])}
        updated = {key(options.updated_names[0])}
        ignore_models = options.ignore_models
        for fld in table_fields_of(ctx, "DateTime"):
            if fld.arity == "list" or (ignore_models and fld.owner.name in ignore_models):
                continue
            k = key(fld.name)
            if k in created:
                creation = True
            elif k in updated:
                creation = False
            else:
                continue
            # Most timestamps are right: required, with their default or `@updatedAt`.
            if fld.arity != "optional" and (
                fld.attributes.get("default") if creation else "updatedAt" in fld.attributes
            ):
                continue
            yield from self._check(ctx, fld, creation=creation)

    def _check(self, ctx: RuleContext, fld: Field, *, creation: bool) -> Iterator[Finding]:
        model = fld.owner
        if creation and not defaults_to_now(fld) and fld.default is None:
            yield self.finding(
                ctx,
                fld.name_span,
                f"`{fld.name}` of `{model.name}` has no `@default(now())`: every insert has "
                "to set it, and the one that forgets leaves a wrong creation time.",
                fixes=(
                    Fix("Add `@default(now())`", (append_field_attribute(fld, "@default(now())"),)),
                ),
            )
        if not creation and not fld.is_updated_at:
            yield self.finding(
                ctx,
                fld.name_span,
                f"`{fld.name}` of `{model.name}` has no `@updatedAt`: it changes only when "
                "an update remembers to set it.",
                fixes=(Fix("Add `@updatedAt`", (append_field_attribute(fld, "@updatedAt"),)),),
            )
        node = fld.node.type
        if fld.is_optional and node is not None:
            at = fld.decl.offset + node.end - 1
            text = ctx.text(fld.decl.path)
            fixes: tuple[Fix, ...] = ()
            if text[at] == "?":
                fixes = (Fix("Make it required", (Edit(fld.decl.path, at, at + 1, ""),), False),)
            what = "creation" if creation else "update"
            yield self.finding(
                ctx,
                fld.type_span,
                f"`{fld.name}` of `{model.name}` is optional: a row can exist without its "
                f"{what} time.",
                fixes=fixes,
            )
