"""PAI004 missing-timestamps."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

from analysis.diagnostics import Severity
from analysis.model.schema import Model, Schema
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext, Scope, per_schema_with
from analysis.rules.field_names import field_index, fields_by_name
from analysis.rules.naming_case import word_tuple
from analysis.rules.relation_edits import (
    attribute_text,
    columns,
    field_line,
    insert_fields,
    is_log_model,
    is_snake_style,
    maps_to_snake,
    snake,
)
from analysis.rules.timestamps import TimestampOptions, defaults_to_now, key, keys
from analysis.rules.tracking import Tracker


class MissingTimestamps(Rule):
    """
    ## What it does
    Flags a model without a creation timestamp (`createdAt DateTime @default(now())`) or
    without an update timestamp (`updatedAt DateTime @updatedAt`). Any `@default(now())`
    field counts as the creation time and any `@updatedAt` field as the update time. A model
    that has a creation timestamp but no update timestamp is taken as insert-only (its rows
    never change: tokens, events, ledger entries) and is not flagged unless the option
    `insert_only_ok` is off.

    ## Why is this bad?
    When a row was created and last changed is the first question of every support ticket,
    data repair and incremental export, and it cannot be recovered afterwards. Two columns
    filled by the database and Prisma cost next to nothing.

    ## Example
    ```prisma
    model Project {
      id   String @id @default(cuid())
      name String
    }
    ```

    ## Use instead
    ```prisma
    model Project {
      id        String   @id @default(cuid())
      name      String
      createdAt DateTime @default(now())
      updatedAt DateTime @updatedAt
    }
    ```

    ## Fix safety
    Safe: the fix adds the missing field(s), named in the model's style, with `@map` when
    the model maps its columns to snake_case and the native type of the model's other
    `DateTime` fields. The update timestamp also gets `@default(now())` so that the
    migration can add the column to a table that already has rows. Existing rows get the
    migration's time, not their real history.

    ## When to ignore
    Static lookup tables that are seeded once and never edited. Join tables whose only
    columns are the two foreign keys of a composite id, and views, are never flagged; list
    other models in the rule's `ignore_models` option.
    """

    code = "PAI004"
    name = "missing-timestamps"
    group = Group.INTEGRITY
    severity = Severity.INFO
    neighbours = "own"  # other models reach it only through its schema facts
    providers = None
    Options = TimestampOptions

    @classmethod
    def schema_facts(cls, ctx: RuleContext) -> Hashable:
        return _schema_maps_columns(ctx.schema)  # read by models without multi-word fields

    @classmethod
    def track(cls, ctx: RuleContext) -> Tracker:
        return _MappedCounts(ctx)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, TimestampOptions)
        # A whole run knows the models with timestamps by name or by default from the
        # schema's field index: only `@updatedAt` is looked for in the model.
        stamps = (
            per_schema_with(
                ctx.schema, _stamps, (keys(options.created_names), keys(options.updated_names))
            )
            if ctx.scope is None
            else None
        )
        for model in ctx.models:
            if stamps is not None and id(model) in stamps.both:
                continue
            if (
                model.is_view
                or model.is_ignored
                or model.name in options.ignore_models
                or _is_join_table(model)
            ):
                continue
            known = None
            if stamps is not None:
                mine = id(model)
                known = (
                    mine in stamps.created or mine in stamps.now,
                    mine in stamps.updated
                    or any("updatedAt" in f.attributes for f in model.fields),
                )
            finding = self._check(ctx, model, options, known)
            if finding is not None:
                yield finding

    def _check(
        self,
        ctx: RuleContext,
        model: Model,
        options: TimestampOptions,
        known: tuple[bool, bool] | None = None,
    ) -> Finding | None:
        # One walk over the fields (unless ``known`` says what it finds): a creation
        # timestamp is a field so named or one defaulting to now, an update timestamp
        # one so named or one with `@updatedAt`.
        created_keys = keys(options.created_names)
        updated_keys = keys(options.updated_names)
        has_created = has_updated = False
        if known is not None:
            has_created, has_updated = known
        for f in model.fields if known is None else ():
            if "updatedAt" in f.attributes:
                has_updated = True
            if f.kind != "model":
                k = key(f.name)
                if k in created_keys:
                    has_created = True
                if k in updated_keys:
                    has_updated = True
            if not has_created and f.type_name == "DateTime" and defaults_to_now(f):
                has_created = True
        has_updated = (
            has_updated or is_log_model(model) or (has_created and options.insert_only_ok)
        )
        if has_created and has_updated:
            return None
        text = ctx.text(model.decl.path)
        snake_style = is_snake_style(model)
        mapped = not snake_style and _maps_columns(ctx, model)
        native = next(
            (
                attribute_text(text, f, f.native_type)
                for f in model.fields
                if f.type_name == "DateTime" and f.native_type is not None
            ),
            None,
        )
        widths = columns(text, model)
        lines, missing = [], []
        for wanted, base, attrs in (
            (not has_created, options.created_names[0], "@default(now())"),
            (not has_updated, options.updated_names[0], "@default(now()) @updatedAt"),
        ):
            if not wanted:
                continue
            name = snake(base) if snake_style else base
            missing.append(name)
            extra = [attrs]
            if mapped:
                extra.append(f'@map("{snake(base)}")')
            if native is not None:
                extra.append(native)
            lines.append(field_line(name, "DateTime", " ".join(extra), widths))
        listed = " and ".join(f"`{n}`" for n in missing)
        what = "timestamps" if len(missing) > 1 else "timestamp"
        fix = Fix(
            f"Add {listed}",
            (insert_fields(text, model, lines),),
        )
        when = "created or last changed" if len(missing) > 1 else _when(missing[0], options)
        return self.finding(
            ctx,
            model.decl.name_span,
            f"`{model.name}` has no {listed} {what}: nothing records when its rows were {when}.",
            fixes=(fix,),
        )


@dataclass(frozen=True, slots=True)
class _Stamps:
    """Model ids: with a column named as a creation timestamp, with one named as an
    update timestamp, with both, and the other tables with a `DateTime` defaulting to
    now."""

    created: frozenset[int]
    updated: frozenset[int]
    both: frozenset[int]
    now: frozenset[int]


def _stamps(schema: Schema, wanted: tuple[frozenset[str], frozenset[str]]) -> _Stamps:
    """:class:`_Stamps` from the field index (``wanted``: the name keys of each name)."""
    created, updated = wanted
    with_created: set[int] = set()
    with_updated: set[int] = set()
    for name, fields in fields_by_name(schema).items():
        k = key(name)
        for owners, keys_of in ((with_created, created), (with_updated, updated)):
            if k in keys_of:
                owners.update(id(f.owner) for f in fields if f.kind != "model")
    now = {  # asked only where the name does not tell already
        id(f.owner)
        for f in field_index(schema).table_by_type.get("DateTime", ())
        if id(f.owner) not in with_created and defaults_to_now(f)
    }
    return _Stamps(
        frozenset(with_created),
        frozenset(with_updated),
        frozenset(with_created & with_updated),
        frozenset(now),
    )


def _when(name: str, options: TimestampOptions) -> str:
    from analysis.rules.timestamps import key

    return "created" if key(name) in {key(n) for n in options.created_names} else "last changed"


def _maps_columns(ctx: RuleContext, model: Model) -> bool:
    """Whether multi-word fields get a snake_case `@map`: as the model's own do, or (when it
    has none) as the schema's do."""
    multi = [f for f in model.fields if f.kind != "model" and len(word_tuple(f.name)) > 1]
    if not multi:
        return _schema_maps_columns(ctx.schema)
    return any(maps_to_snake(f) for f in multi)


_last_schema: tuple[Schema, bool] | None = None


def _schema_maps_columns(schema: Schema) -> bool:
    """Whether the schema's multi-word fields get a snake_case `@map` (once per schema:
    the rule asks for every model without multi-word fields of its own)."""
    global _last_schema
    if _last_schema is not None and _last_schema[0] is schema:
        return _last_schema[1]
    multi = (  # judged by name: most names are one word or have no `@map`
        f
        for name, fields in fields_by_name(schema).items()
        if len(word_tuple(name)) > 1
        for f in fields
        if f.kind != "model"
    )
    result = any(maps_to_snake(f) for f in multi)
    _last_schema = (schema, result)
    return result


def _mapped(model: Model) -> int:
    """How many multi-word fields of ``model`` get a snake_case `@map`."""
    return sum(
        1
        for f in model.fields
        if f.kind != "model" and maps_to_snake(f) and len(word_tuple(f.name)) > 1
    )


class _MappedCounts(Tracker):
    """The mapped multi-word fields of each model, so that an edit recounts the
    dirty models only (whether the schema maps its columns is a schema fact,
    needed after every edit; a whole walk found it only at the first mapped field)."""

    def __init__(self, ctx: RuleContext) -> None:
        self.counts = {name: _mapped(m) for name, m in ctx.schema.models.items()}
        self.total = sum(self.counts.values())
        self._remember(ctx.schema)

    def _remember(self, schema: Schema) -> None:
        global _last_schema
        _last_schema = (schema, self.total > 0)

    def update(self, ctx: RuleContext, scope: Scope) -> Iterable[Model]:
        counts = self.counts
        for model in scope.models:
            new = _mapped(model)
            self.total += new - counts.get(model.name, 0)
            counts[model.name] = new
        self._remember(ctx.schema)
        return ()

    def facts(self) -> Hashable:
        return self.total > 0


def _is_join_table(model: Model) -> bool:
    """Only a composite `@@id` and foreign keys: the rows of an N:M link."""
    pk = model.primary_key
    if pk is None or pk.on_field or len(pk.fields) < 2:
        return False
    fks = {
        name
        for fld in model.relation_fields
        if fld.relation_attr is not None and fld.relation_attr.fields
        for name in fld.relation_attr.fields
    }
    return all(f.name in fks for f in model.scalar_fields)
