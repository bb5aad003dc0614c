"""PAC002 field-column-name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model, Span
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext
from analysis.rules.naming_case import Case, convert, field_map_edit, is_case
from analysis.rules.reserved_words import is_reserved


class FieldColumnNameOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    column_case: Case = "snake_case"
    """The case of column names."""


class FieldColumnName(Rule):
    """
    ## What it does
    Flags a column whose database name (the field's `@map`, else the field name) is not
    snake_case, such as a camelCase field `createdAt` without `@map`, or a relation scalar
    field `authorId`. Relation fields (`author User`) have no column and are never flagged.

    ## Why is this bad?
    PostgreSQL folds unquoted identifiers to lower case: the column `createdAt` can only be
    reached as `"createdAt"`, with the quotes, in every raw query, view, trigger, report and
    BI tool, and forgetting them gives a confusing `column "createdat" does not exist`.
    snake_case column names work quoted or not, and `@map` keeps the camelCase field name in
    the Prisma Client.

    ## Example
    ```prisma
    model User {
      id        Int      @id
      createdAt DateTime @default(now())
    }
    ```

    ## Use instead
    ```prisma
    model User {
      id        Int      @id
      createdAt DateTime @default(now()) @map("created_at")
    }
    ```

    ## Fix safety
    Unsafe: the fix renames the column in the database. `prisma migrate dev` writes that as
    a dropped and an added column, losing the data, unless you edit the migration into
    `ALTER TABLE … RENAME COLUMN`. On a schema that has never been migrated it is harmless.
    Besides the fix for one field, the fix is offered for all fields of the model at once;
    in an editor, the code action "Add @map/@@map to the whole schema" does every model.

    ## When to ignore
    When the database already exists with camelCase columns and renaming them is not worth
    the migration, or when your team quotes every identifier by convention. The case is the
    `column_case` option.
    """

    code = "PAC002"
    name = "field-column-name"
    group = Group.NAMING
    severity = Severity.INFO
    neighbours = "own"
    providers = frozenset({"postgresql", "cockroachdb"})
    Options = FieldColumnNameOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, FieldColumnNameOptions)
        case = options.column_case
        label = _CASE_LABEL[case]
        why = (
            "PostgreSQL folds unquoted names to lower case, so raw SQL must quote it in "
            "every query."
            if case == "snake_case"
            else "the configured column case."
        )
        severity = ctx.severity
        code = self.code
        targets = _targets(case)
        for model in ctx.models:
            if "ignore" in model.attributes:
                continue
            entries = _offending(model, case, targets)
            if not entries:
                continue
            decl = model.decl
            path, offset = decl.path, decl.offset
            model_name = model.name
            model_edits = tuple([e for _, _, e in entries if e is not None])
            model_fix = (
                Fix(f"Add @map {label} to all fields of `{model_name}`", model_edits, False)
                if len(model_edits) > 1
                else None
            )
            tail = f"` of `{model_name}` is not {label}: {why}"
            for fld, target, edit in entries:
                fixes: tuple[Fix, ...] = ()
                mapped = fld.attributes.get("map")
                if edit is not None:
                    verb = "Change" if mapped else "Add"
                    fix = Fix(f'{verb} `@map("{target}")` on `{fld.name}`', (edit,), False)
                    fixes = (fix, model_fix) if model_fix is not None else (fix,)
                elif model_fix is not None:
                    fixes = (model_fix,)
                node = mapped[0] if mapped else fld.node.name
                yield Finding(
                    code,
                    f"The column `{fld.db_name}{tail}",
                    severity,
                    Span(path, offset + node.start, offset + node.end),
                    (),
                    fixes,
                )


_CASE_LABEL = {
    "snake_case": "snake_case",
    "camelCase": "camelCase",
    "PascalCase": "PascalCase",
    "UPPER_SNAKE": "UPPER_SNAKE case",
}


def _offending(
    model: Model, case: Case, targets: dict[str, str | None]
) -> list[tuple[Field, str, Edit | None]]:
    """The fields whose column is not in ``case``, each with its target name and the
    edit that sets it (``None`` when the name would clash or cannot be computed)."""
    found = []
    for fld in model.fields:
        if fld.kind != "model":
            column = fld.db_name
            target = targets.get(column, _UNKNOWN)
            if target is _UNKNOWN:
                target = targets[column] = None if is_case(column, case) else convert(column, case)
            if target is not None and "ignore" not in fld.attributes:
                found.append((fld, target))
    if not found:
        return []
    taken = {f.db_name for f in model.fields if f.kind != "model"}
    targets_here = [target for _, target in found]
    repeated = Counter(targets_here) if len(set(targets_here)) < len(targets_here) else None
    decl = model.decl
    path, offset = decl.path, decl.offset
    out: list[tuple[Field, str, Edit | None]] = []
    for fld, target in found:
        edit = None
        if (
            _settable(target, case)
            and target not in taken
            and (repeated is None or repeated[target] == 1)
        ):
            if "map" in fld.attributes:
                edit = field_map_edit(fld, target)
            else:  # what field_map_edit appends, built here: most columns have no @map
                at = offset + fld.node.end
                edit = Edit(path, at, at, f' @map("{target}")')
        out.append((fld, target, edit))
    return out


_UNKNOWN = "\0"
"""Not a name (no column has a NUL): the column was not converted yet."""

_TARGETS: dict[str, dict[str, str | None]] = {}


def _targets(case: Case) -> dict[str, str | None]:
    """Each column name seen in ``case`` (``None`` when it is in ``case`` already),
    kept across lints: columns (`id`, `createdAt`) repeat across models and lints,
    and a dictionary look-up is cheaper than a cached call with two arguments."""
    found = _TARGETS.get(case)
    if found is None or len(found) > _KEPT:
        found = _TARGETS[case] = {}
    return found


_KEPT = 65536
"""Column names kept per case before starting over (a long session types many)."""


@lru_cache(maxsize=65536)
def _settable(target: str, case: Case) -> bool:
    """Whether a converted name can be set with `@map` (in ``case``, not reserved)."""
    return is_case(target, case) and not is_reserved(target)
