"""PAX003 duplicate-unique."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.fixes import remove_member
from analysis.model.schema import Index, Model
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.coverage import same_columns


class DuplicateUnique(Rule):
    """
    ## What it does
    Flags a unique constraint that repeats another unique constraint or the primary key of
    the model on the same columns: `@unique` next to `@@unique([sameField])`, `@id` next to
    `@unique`, or two `@@unique` with the same field list.

    ## Why is this bad?
    Each unique constraint is a unique index of its own. Two of them on the same columns
    enforce nothing more than one, but the database stores both, updates both on every
    write and checks both on every insert. They also say the same thing twice, so a later
    change to one (adding a column, renaming it with `map:`) silently leaves the stricter
    copy behind.

    ## Example
    ```prisma
    model User {
      id    Int    @id
      email String @unique

      @@unique([email])
    }
    ```

    ## Use instead
    ```prisma
    model User {
      id    Int    @id
      email String @unique
    }
    ```

    ## Fix safety
    Safe: the remaining constraint enforces the same uniqueness, so no data changes and no
    write that succeeded before fails. The fix keeps the primary key, or the field-level
    `@unique`, or the first of two `@@unique`. It is unsafe when the removed `@@unique` has a
    `name:`, which is how the Prisma Client names the compound key in `where` inputs.

    ## When to ignore
    Hardly ever. Two unique constraints on the same columns in another order are not
    flagged: each one also serves the lookups on its own leading column (one of them could
    still be a plain `@@index`).
    """

    code = "PAX003"
    name = "duplicate-unique"
    group = Group.INDEXING
    severity = Severity.WARNING
    neighbours = "own"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for model in ctx.tables:
            if not model.uniques:
                continue  # a primary key alone repeats nothing
            constraints = [
                i
                for i in model.all_indexes
                if i.kind in ("id", "unique")
                and i.fields
                and all(f.field is not None for f in i.fields)
            ]
            for position, duplicate in enumerate(constraints):
                kept = _kept_instead(constraints, position)
                if kept is not None:
                    yield self._finding(ctx, model, duplicate, kept)

    def _finding(self, ctx: RuleContext, model: Model, duplicate: Index, kept: Index) -> Finding:
        text = ctx.text(model.decl.path)
        this, other = _render(duplicate), _render(kept)
        named = duplicate.name is not None and not duplicate.on_field
        fix = Fix(
            f"Remove the duplicate `{this}`",
            (remove_member(text, model.decl, duplicate.attribute),),
            safe=not named,
        )
        what = "the primary key" if kept.kind == "id" else "the unique constraint"
        return self.finding(
            ctx,
            duplicate.span,
            f"`{this}` on `{model.name}` repeats {what} `{other}`: the database keeps and "
            "checks two identical unique indexes on every write.",
            related=((kept.span, f"`{other}` already makes the columns unique"),),
            fixes=(fix,),
            unnecessary=True,
        )


def _kept_instead(constraints: list[Index], position: int) -> Index | None:
    """The constraint that stays when ``constraints[position]`` repeats it: the primary
    key, else a field-level `@unique` over a `@@unique`, else the one declared first."""
    index = constraints[position]
    if index.kind == "id":
        return None
    for at, other in enumerate(constraints):
        if other is index or not same_columns(index.fields, other.fields, reversible=True):
            continue
        if other.kind == "id" or other.on_field > index.on_field:
            return other
        if other.on_field == index.on_field and at < position:
            return other
    return None


def _render(index: Index) -> str:
    """How the constraint reads: `email @unique` or `@@unique([a, b])`."""
    if index.on_field:
        return f"{index.fields[0].name} @{index.kind}"
    return f"@@{index.kind}([{', '.join(index.field_names)}])"
