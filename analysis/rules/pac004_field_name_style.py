"""PAC004 field-name-style."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import CompositeType, Field, Model, Schema
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext, Scope
from analysis.rules.field_names import fields_by_name, with_owners
from analysis.rules.naming_case import camel_case, is_case, rename_field_edits
from analysis.rules.tracking import Tracker

#: Names fixed by a protocol or a library: the OAuth 2.0 token response fields that the
#: Auth.js (NextAuth) Prisma adapter writes as they are, and the UTM parameters.
EXTERNAL_NAMES = (
    "access_token",
    "expires_at",
    "expires_in",
    "ext_expires_in",
    "id_token",
    "oauth_token",
    "oauth_token_secret",
    "refresh_token",
    "refresh_token_expires_in",
    "session_state",
    "token_type",
    "utm_campaign",
    "utm_content",
    "utm_medium",
    "utm_source",
    "utm_term",
)


class FieldNameStyleOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    keep_db_names: bool = False
    """The schema keeps database names as field names (introspected): never flag."""
    external_names: tuple[str, ...] = EXTERNAL_NAMES
    """Field names a library or protocol requires as they are (never flagged)."""
    infer_style: bool = True
    """Stay silent on a schema whose fields are mostly snake_case with an underscore
    (an introspected database that keeps its column names)."""


class FieldNameStyle(Rule):
    """
    ## What it does
    Flags a field whose name in the schema is not camelCase: `created_at`, `UserId`,
    `IsActive`.

    ## Why is this bad?
    Field names become property names of the generated client, in TypeScript code that is
    camelCase everywhere else: `post.created_at` next to `post.authorId` makes every reader
    remember which spelling each field uses. The column can keep any name with `@map`.

    ## Example
    ```prisma
    model Post {
      id         Int      @id
      created_at DateTime @default(now())
    }
    ```

    ## Use instead
    ```prisma
    model Post {
      id        Int      @id
      createdAt DateTime @default(now()) @map("created_at")
    }
    ```

    ## Fix safety
    Unsafe: the fix renames the field everywhere the schema names it and keeps its column
    with `@map`, so the database is untouched, but application code using the old name must
    change.

    ## When to ignore
    Names a library requires are never flagged: the OAuth token fields of the Auth.js
    adapter's `Account` (`refresh_token`, `access_token`…) and the UTM parameters
    (option `external_names`). When the schema was introspected and keeps column names as
    field names on purpose: option `keep_db_names`; by default a schema whose fields are
    mostly snake_case is left alone.
    """

    code = "PAC004"
    name = "field-name-style"
    group = Group.NAMING
    severity = Severity.INFO
    neighbours = "relations"  # the schema's naming style is a schema fact
    scope = "model"  # with the schema's inferred style as a schema fact
    Options = FieldNameStyleOptions

    @classmethod
    def schema_facts(cls, ctx: RuleContext) -> Hashable:
        options = ctx.options
        assert isinstance(options, FieldNameStyleOptions)
        return options.infer_style and _mostly_snake(ctx.schema)

    @classmethod
    def track(cls, ctx: RuleContext) -> Tracker:
        return _StyleCounts(ctx)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, FieldNameStyleOptions)
        schema = ctx.schema
        if options.keep_db_names:
            return
        if options.infer_style and _mostly_snake(schema):
            return
        external = options.external_names
        if ctx.scope is None:  # judged by name: most names are camelCase
            by_name = fields_by_name(schema)
            names = [n for n in by_name if not is_case(n, "camelCase") and n not in external]
            found = _fields(
                with_owners(ctx.models, {id(f.owner) for n in names for f in by_name[n]}),
                ctx.composite_types,
            )
        else:
            found = _fields(ctx.models, ctx.composite_types)
        for fld in found:
            if is_case(fld.name, "camelCase") or fld.name in external:
                continue
            target = camel_case(fld.name)
            fixes: tuple[Fix, ...] = ()
            if is_case(target, "camelCase") and target not in fld.owner.by_name:
                if fld.kind == "model":
                    span = fld.name_span
                    edits = [Edit(span.path, span.start, span.end, target)]
                else:
                    edits = rename_field_edits(schema, fld, target)
                fixes = (Fix(f"Rename the field to `{target}`", tuple(edits), safe=False),)
            yield self.finding(
                ctx,
                fld.name_span,
                f"The field name `{fld.name}` of `{fld.owner.name}` is not camelCase: the "
                f"client reads it as a property, `{target}` like the rest of the code.",
                fixes=fixes,
            )


def _fields(models: Iterable[Model], types: Iterable[CompositeType]) -> list[Field]:
    blocks: list[Model | CompositeType] = [
        *(m for m in models if "ignore" not in m.attributes), *types
    ]
    return [f for b in blocks for f in b.fields if "ignore" not in f.attributes]


_last_style: tuple[Schema, bool] | None = None


def _mostly_snake(schema: Schema) -> bool:
    """Whether most fields of the schema are snake_case (at least five): an
    introspected database's convention, kept (once per schema)."""
    global _last_style
    if _last_style is not None and _last_style[0] is schema:
        return _last_style[1]
    by_name = fields_by_name(schema)
    # The snake_case fields first, found by name: with fewer than five the
    # schema is not snake_case whatever its other fields (no need to count them).
    snake = sum(
        1
        for name, fields in by_name.items()
        if "_" in name.strip("_")
        for fld in fields
        if "ignore" not in fld.attributes and "ignore" not in fld.owner.attributes
    )
    snake += sum(
        1
        for block in schema.composite_types.values()
        for fld in block.fields
        if "ignore" not in fld.attributes and "_" in fld.name.strip("_")
    )
    result = False
    if snake >= 5:
        blocks: list[Model | CompositeType] = [
            m for m in schema.models.values() if "ignore" not in m.attributes
        ]
        blocks.extend(schema.composite_types.values())
        total = sum(1 for b in blocks for fld in b.fields if "ignore" not in fld.attributes)
        result = _is_snake(snake, total)
    _last_style = (schema, result)
    return result


def _count(block: Model | CompositeType) -> tuple[int, int]:
    """The snake_case fields of a block and all its fields that count."""
    if isinstance(block, Model) and block.is_ignored:
        return 0, 0
    names = [f.name for f in block.fields if not f.is_ignored]
    return sum("_" in n.strip("_") for n in names), len(names)


def _is_snake(snake: int, total: int) -> bool:
    return snake >= 5 and snake * 2 > total


class _StyleCounts(Tracker):
    """The field counts of each model and type, so that an edit recounts the
    dirty ones only (the style is a schema fact, needed after every edit)."""

    def __init__(self, ctx: RuleContext) -> None:
        schema = ctx.schema
        self.options = ctx.options
        self.models = {name: _count(m) for name, m in schema.models.items()}
        self.types = {name: _count(t) for name, t in schema.composite_types.items()}
        self.snake = sum(c[0] for c in (*self.models.values(), *self.types.values()))
        self.total = sum(c[1] for c in (*self.models.values(), *self.types.values()))
        self._remember(schema)

    def _remember(self, schema: Schema) -> None:
        global _last_style
        _last_style = (schema, _is_snake(self.snake, self.total))

    def update(self, ctx: RuleContext, scope: Scope) -> Iterable[Model]:
        groups: tuple[tuple[dict[str, tuple[int, int]], Iterable[Model | CompositeType]], ...] = (
            (self.models, scope.models),
            (self.types, scope.composite_types),
        )
        for counts, blocks in groups:
            for block in blocks:
                old = counts.get(block.name, (0, 0))
                new = counts[block.name] = _count(block)
                self.snake += new[0] - old[0]
                self.total += new[1] - old[1]
        self._remember(ctx.schema)
        return ()

    def facts(self) -> Hashable:
        assert isinstance(self.options, FieldNameStyleOptions)
        return self.options.infer_style and _is_snake(self.snake, self.total)
