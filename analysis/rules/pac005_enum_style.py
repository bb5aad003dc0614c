"""PAC005 enum-style."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Enum, Model, Schema
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext
from analysis.rules.field_names import fields_typed
from analysis.rules.naming_case import (
    Case,
    block_map_edit,
    convert,
    enum_value_map_edit,
    is_case,
    type_and_table_names,
)
from analysis.rules.reserved_words import is_reserved
from analysis.syntax.nodes import ArrayExpr, ConstRef, EnumValue


class EnumStyleOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value_case: Case = "UPPER_SNAKE"
    """The case of enum value names in the schema."""
    infer_value_case: bool = True
    """When most enum values of the schema (at least 60 %, across at least 3 enums) share
    another case, follow it and flag only the values that depart from it."""
    type_case: Case = "snake_case"
    """The case of the enum type's database name (PostgreSQL, CockroachDB)."""


class EnumStyle(Rule):
    """
    ## What it does
    Flags three things about an enum: a name that is not PascalCase (`enum user_role`),
    values that are not in the configured case (default UPPER_SNAKE: `IN_PROGRESS`, not
    `inProgress`), and, on PostgreSQL and CockroachDB, a database type name (the `@@map`,
    else the enum name) that is not snake_case.

    ## Why is this bad?
    The enum name becomes a type of the generated client and should read like the model
    names; values in one consistent case read as constants in application code. On
    PostgreSQL an enum is a named type: `CREATE TYPE "Role"` must be quoted in every cast
    (`'ADMIN'::"Role"`) and every raw migration, while `role` needs no quotes.

    ## Example
    ```prisma
    enum TaskStatus {
      todo
      inProgress
    }
    ```

    ## Use instead
    ```prisma
    enum TaskStatus {
      TODO        @map("todo")
      IN_PROGRESS @map("inProgress")

      @@map("task_status")
    }
    ```

    ## Fix safety
    Unsafe. Renaming values or the enum keeps the stored data (the fix maps the old names
    with `@map` / `@@map`, and updates `@default` values and field types in the schema), but
    the generated client changes and application code must follow. Mapping the type to a
    snake_case name renames the type in the database: check the migration Prisma writes.

    ## When to ignore
    When the enum mirrors an existing database whose values are used as they are in
    application code, or when your team uses another case for values (`value_case` option).
    """

    code = "PAC005"
    name = "enum-style"
    group = Group.NAMING
    severity = Severity.INFO
    neighbours = "relations"
    scope = "model"  # per enum; the inferred value case reads every enum value (signature)
    Options = EnumStyleOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, EnumStyleOptions)
        schema = ctx.schema
        db_types = schema.provider in ("postgresql", "cockroachdb")
        value_case = options.value_case
        if options.infer_value_case:
            value_case = _schema_value_case(schema, value_case)
        for enum in ctx.enums:
            text = ctx.text(enum.decl.path)
            if not is_case(enum.name, "PascalCase"):
                yield self._name(ctx, schema, enum, text)
            finding = self._values(ctx, schema, enum, value_case, options.value_case)
            if finding is not None:
                yield finding
            if db_types and not is_case(enum.db_name, options.type_case):
                yield self._db_name(ctx, enum, text, options.type_case)

    def _name(self, ctx: RuleContext, schema: Schema, enum: Enum, text: str) -> Finding:
        target = convert(enum.name, "PascalCase")
        fixes: tuple[Fix, ...] = ()
        if is_case(target, "PascalCase") and schema.type_decl(target) is None:
            name = enum.decl.name_span
            edits = [Edit(name.path, name.start, name.end, target)]
            for fld in fields_typed(schema, enum):  # of models, then of composite types
                if fld.node.type is not None:
                    span = fld.decl.span(fld.node.type.name)
                    edits.append(Edit(span.path, span.start, span.end, target))
            if "map" not in enum.attributes:
                edit = block_map_edit(text, enum, enum.name)
                if edit is not None:
                    edits.append(edit)
            fixes = (Fix(f"Rename the enum to `{target}`", tuple(edits), safe=False),)
        return self.finding(
            ctx,
            enum.decl.name_span,
            f"The enum name `{enum.name}` is not PascalCase: it becomes a type of the "
            f"generated client, which reads best as `{target}`.",
            fixes=fixes,
        )

    def _values(
        self, ctx: RuleContext, schema: Schema, enum: Enum, case: Case, configured: Case
    ) -> Finding | None:
        accepted = {case, configured}
        if case in ("camelCase", "snake_case") and case != configured:
            accepted |= {"camelCase", "snake_case"}  # lower-case values, both spellings
        wrong = [v for v in enum.values if not any(is_case(v.name, c) for c in accepted)]
        if not wrong:
            return None
        names = {v.name for v in enum.values}
        renames = {v.name: convert(v.name, case) for v in wrong}
        targets = list(renames.values())
        fixes: tuple[Fix, ...] = ()
        if all(is_case(t, case) and t not in names for t in targets) and len(set(targets)) == len(
            targets
        ):
            edits: list[Edit] = []
            for value in wrong:
                node = value.node
                assert isinstance(node, EnumValue)
                span = enum.decl.span(node.name)
                edits.append(Edit(span.path, span.start, span.end, renames[value.name]))
                if value.db_name == value.name:
                    edit = enum_value_map_edit(enum, value, value.name)
                    if edit is not None:
                        edits.append(edit)
            edits.extend(_default_edits(schema, enum, renames))
            fixes = (
                Fix(
                    f"Rename the values of `{enum.name}` to {_CASE_LABEL[case]} "
                    "(keeping their database values with `@map`)",
                    tuple(edits),
                    safe=False,
                ),
            )
        listed = ", ".join(f"`{v.name}`" for v in wrong[:5])
        more = f" and {len(wrong) - 5} more" if len(wrong) > 5 else ""
        node = wrong[0].node
        assert isinstance(node, EnumValue)
        plural = "values" if len(wrong) > 1 else "value"
        why = (
            "enum values read as constants in application code, in one case."
            if case == configured
            else "most enum values of this schema are, and one case reads as one API."
        )
        return self.finding(
            ctx,
            enum.decl.span(node.name),
            f"The {plural} {listed}{more} of enum `{enum.name}` "
            f"{'are' if len(wrong) > 1 else 'is'} not {_CASE_LABEL[case]}: {why}",
            fixes=fixes,
        )

    def _db_name(self, ctx: RuleContext, enum: Enum, text: str, case: Case) -> Finding:
        target = convert(enum.db_name, case)
        fixes: tuple[Fix, ...] = ()
        if is_case(target, case) and not is_reserved(target):
            taken = type_and_table_names(ctx.schema)
            edit = block_map_edit(text, enum, target) if target not in taken else None
            if edit is not None:
                verb = "Change" if "map" in enum.attributes else "Add"
                fixes = (Fix(f'{verb} `@@map("{target}")`', (edit,), safe=False),)
        mapped = enum.attributes.get("map")
        span = enum.decl.span(mapped[0]) if mapped else enum.decl.name_span
        return self.finding(
            ctx,
            span,
            f"The database type `{enum.db_name}` of enum `{enum.name}` is not "
            f"{_CASE_LABEL[case]}: PostgreSQL folds unquoted names to lower case, so every "
            "cast and raw query must quote it.",
            fixes=fixes,
        )


_CASE_LABEL = {
    "snake_case": "snake_case",
    "camelCase": "camelCase",
    "PascalCase": "PascalCase",
    "UPPER_SNAKE": "UPPER_SNAKE",
}


_last_case: tuple[tuple[Enum, ...], Case, Case] | None = None
"""The enums the value case was last inferred from, the configured case, the answer."""


def _schema_value_case(schema: Schema, configured: Case) -> Case:
    """The case most enum values of the schema are in (at least 60 % of them, and all
    the values of at least 3 enums), when it is not ``configured``; else ``configured``.

    Entities are never changed once built, and an edit keeps the objects of
    the enums it does not touch: with the same enum objects as last time, the
    answer is the same (each keystroke asks; the inference reads every value)."""
    global _last_case
    enums = tuple(schema.enums.values())
    last = _last_case
    if (last is not None and last[1] == configured and len(last[0]) == len(enums)
            and all(a is b for a, b in zip(last[0], enums, strict=True))):
        return last[2]
    case = _infer_value_case(enums, configured)
    _last_case = enums, configured, case
    return case


def _infer_value_case(all_enums: tuple[Enum, ...], configured: Case) -> Case:
    enums = [e for e in all_enums if e.values]
    names = [v.name for e in enums for v in e.values]
    if not names:
        return configured
    cases: tuple[Case, ...] = ("UPPER_SNAKE", "PascalCase", "camelCase", "snake_case")
    counts = {c: sum(is_case(n, c) for n in names) for c in cases}
    if counts[configured] * 2 >= len(names):
        return configured
    best = max(cases, key=lambda c: counts[c])
    whole = sum(all(is_case(v.name, best) for v in e.values) for e in enums)
    return best if counts[best] * 5 >= len(names) * 3 and whole >= 3 else configured


def _default_edits(schema: Schema, enum: Enum, renames: dict[str, str]) -> Iterator[Edit]:
    """Rename the enum's values where `@default(value)` uses them."""
    for fld in fields_typed(schema, enum):
        if not isinstance(fld.owner, Model):  # the models' fields
            continue
        default = fld.default
        if default is not None:
            argument = default.arg("value", 0)
            value = argument.value if argument is not None else None
            items = value.items if isinstance(value, ArrayExpr) else (value,)
            for item in items:
                if isinstance(item, ConstRef) and item.text in renames:
                    span = fld.decl.span(item)
                    yield Edit(span.path, span.start, span.end, renames[item.text])
