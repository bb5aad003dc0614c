"""PAI002 polymorphic-association."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.fixes import indentation, line_break
from analysis.model.schema import Enum, Field, Index, Model, Schema
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext, Scope, per_schema
from analysis.rules.field_names import fields_typed, owners_named, with_owners
from analysis.rules.relation_edits import (
    LOG_WORDS,
    attribute_text,
    camel,
    columns,
    field_line,
    id_field,
    insert_block_attributes,
    insert_fields,
    is_log_model,
    is_snake_style,
    maps_to_snake,
    plural,
    relations_between,
    remove_line,
    snake,
    words,
)
from analysis.rules.tracking import Tracker

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class PolymorphicOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reference_words: tuple[str, ...] = (
        "entity",
        "target",
        "object",
        "resource",
        "subject",
        "item",
        "parent",
        "related",
        "owner",
        "source",
        "reference",
        "ref",
        "record",
    )
    """Words of `<x>` that say a `String` `<x>Type` names a table (as do words ending in
    `able`, like `commentable`); other `String` pairs are flagged only when a comment on
    `<x>Type` names a model."""
    log_words: tuple[str, ...] = LOG_WORDS
    """A model whose name ends with one of these words (or has the word `audit`) is a log:
    its rows must outlive what they mention, so a type + id pair is the right design."""
    max_guessed_targets: int = 4
    """Offer the fix from models unrelated to the model only when at most this many fit."""


@dataclass(frozen=True)
class _Pair:
    model: Model
    type_field: Field
    id_field: Field
    prefix: list[str]


class PolymorphicAssociation(Rule):
    """
    ## What it does
    Flags a pair of fields `<x>Type` + `<x>Id` (or `<x>_type` + `<x>_id`) on one model where
    `<x>Type` (a `String` or an enum) says which table `<x>Id` points into, and `<x>Id` is
    not the foreign key of any relation.

    ## Why is this bad?
    A "polymorphic association" is a foreign key that the database cannot check: the column
    may point into several tables, so no `FOREIGN KEY` constraint exists. Rows can reference
    records that were never created or were deleted since, nothing cascades, and every join
    has to branch on the type column. One nullable foreign key per target table keeps the
    flexibility and gives back referential integrity, indexes and typed relations in Prisma
    Client (add a `CHECK` constraint in a migration if exactly one of them must be set).

    ## Example
    ```prisma
    model Comment {
      id              String @id @default(cuid())
      commentableType String // "Task" | "Project"
      commentableId   String
    }
    ```

    ## Use instead
    ```prisma
    model Comment {
      id        String   @id @default(cuid())
      taskId    String?
      task      Task?    @relation(fields: [taskId], references: [id], onDelete: Cascade)
      projectId String?
      project   Project? @relation(fields: [projectId], references: [id], onDelete: Cascade)

      @@index([taskId])
      @@index([projectId])
    }
    ```
    with `comments Comment[]` on `Task` and on `Project`.

    ## Fix safety
    Unsafe: the fix drops the two columns and adds new ones, so existing rows need a data
    migration (`UPDATE comments SET task_id = commentable_id WHERE commentable_type = 'Task'`
    …) before the old columns go. The target models come from the enum's values that name
    models, else from model names listed in a comment on the fields, else (one guess) from
    the models of matching id type that this model has no relation with; check them.
    The new relations use `onDelete: Cascade` (the rows belong to their target); change it
    where they should outlive it.

    ## When to ignore
    When the referenced rows live outside this database (another service, an analytics
    store), or the pair is an external identifier (`providerType` + `providerId` of an OAuth
    provider): there is no table to reference. Audit and activity logs that must outlive
    the rows they mention are also a conscious choice.
    """

    code = "PAI002"
    name = "polymorphic-association"
    group = Group.INTEGRITY
    severity = Severity.WARNING
    neighbours = "own"  # the models its pairs may point at: tracked
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"})
    scope = "model"  # with the models a pair may point at: tracked
    Options = PolymorphicOptions

    @classmethod
    def track(cls, ctx: RuleContext) -> Tracker:
        options = ctx.options
        assert isinstance(options, PolymorphicOptions)
        return _PairTargets(ctx.schema, options)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, PolymorphicOptions)
        models: Iterable[Model] = ctx.models
        if ctx.scope is None:  # the models with a `<x>Type` field: most have none
            models = with_owners(models, per_schema(ctx.schema, _typed_owners))
        for model in models:
            if model.is_view or model.is_ignored or _is_log(model, options):
                continue
            for pair in _pairs(model):
                if _names_tables(ctx.schema, pair, options):
                    yield self._finding(ctx, pair, options)

    def _finding(self, ctx: RuleContext, pair: _Pair, options: PolymorphicOptions) -> Finding:
        model = pair.model
        type_f, id_f = pair.type_field, pair.id_field
        fixes = []
        offered: set[tuple[str, ...]] = set()
        for targets, source in _target_sets(ctx.schema, pair, options):
            names = tuple(sorted(t.name for t in targets))
            if names in offered:
                continue
            offered.add(names)
            fix = _convert(ctx, pair, targets, source)
            if fix is not None:
                fixes.append(fix)
        return self.finding(
            ctx,
            id_f.name_span,
            f"`{type_f.name}` + `{id_f.name}` of `{model.name}` form a polymorphic "
            f"association: no foreign key checks `{id_f.name}`, so it can point at rows "
            f"that do not exist.",
            related=((type_f.name_span, f"`{type_f.name}` picks the table"),),
            fixes=tuple(fixes),
        )


def _typed_owners(schema: Schema) -> set[int]:
    return owners_named(schema, _type_words)


def _type_words(name: str) -> list[str] | None:
    """The words of a `<x>Type` name, ``None`` for other names."""
    if not name.rstrip("_").lower().endswith("type"):  # the last word, told cheaply
        return None
    w = words(name)
    return w if len(w) >= 2 and w[-1] == "type" else None


def _pairs(model: Model) -> Iterator[_Pair]:
    fk_names: set[str] | None = None  # read at the first `<x>Type` field: most have none
    for type_f in model.fields:
        w = _type_words(type_f.name)
        if w is None or type_f.is_list:
            continue
        if not (type_f.kind == "enum" or type_f.type_name == "String"):
            continue
        if fk_names is None:
            fk_names = _relation_scalars(model)
        if type_f.name in fk_names:
            continue
        for id_f in model.fields:
            if id_f.kind not in ("scalar",) or id_f.is_list or id_f is type_f:
                continue
            iw = words(id_f.name)
            if (
                iw[-1:] == ["id"]
                and iw[:-1] == w[:-1]
                and id_f.name not in fk_names
                and not id_f.attribute("id")
                and not id_f.attribute("unique")
            ):
                yield _Pair(model, type_f, id_f, w[:-1])
                break


def _is_log(model: Model, options: PolymorphicOptions) -> bool:
    return is_log_model(model, options.log_words)


def _names_tables(schema: Schema, pair: _Pair, options: PolymorphicOptions) -> bool:
    """Whether `<x>Type` says which table `<x>Id` points into: an enum with a value that
    names a model, a comment that names one, or a word of `<x>` that says so."""
    target = pair.type_field.target
    if isinstance(target, Enum):
        keys = _schema_targets(schema).all_keys
        naming = sum(1 for v in target.values if _key(v.name) in keys)
        return naming > 0 and 2 * naming >= len(target.values)
    if _from_comments(schema, pair):
        return True
    return any(w in options.reference_words or w.endswith("able") for w in pair.prefix)


def _relation_scalars(model: Model) -> set[str]:
    names: set[str] = set()
    for fld in model.relation_fields:
        attr = fld.relation_attr
        if attr is not None and attr.fields:
            names.update(attr.fields)
    return names


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _key(name: str) -> str:
    """The name without case or separators; cached: model names repeat across lints."""
    return "".join(words(name))


@dataclass(frozen=True)
class _Targets:
    """What every pair's target search reads from the schema, built once per schema."""

    by_key: dict[str, Model]
    """The tables with a single-field id, by name key."""
    referenced: set[Model | None]
    """The models some relation references."""
    all_keys: frozenset[str]
    """The name keys of all models."""
    keyed: dict[str, list[Model]]
    """By the type of their single-field id: the tables some relation references,
    in declaration order (the targets a pair may guess)."""


_last_targets: tuple[Schema, _Targets] | None = None


def _schema_targets(schema: Schema) -> _Targets:
    global _last_targets
    if _last_targets is not None and _last_targets[0] is schema:
        return _last_targets[1]
    referenced = {r.referenced_model for r in schema.relations}
    by_key: dict[str, Model] = {}
    keyed: dict[str, list[Model]] = {}
    all_keys: set[str] = set()
    for m in schema.models.values():  # one walk for all of them
        key = _key(m.name)
        all_keys.add(key)
        if m.is_view or "ignore" in m.attributes:
            continue
        ident = id_field(m)
        if ident is None:
            continue
        by_key[key] = m
        if m in referenced:
            keyed.setdefault(ident.type_name, []).append(m)
    targets = _Targets(by_key, referenced, frozenset(all_keys), keyed)
    _last_targets = (schema, targets)
    return targets


def _target_sets(
    schema: Schema, pair: _Pair, options: PolymorphicOptions
) -> Iterator[tuple[list[Model], str]]:
    index = _schema_targets(schema)
    models = index.by_key
    type_f = pair.type_field
    target = type_f.target
    if isinstance(target, Enum):
        named = [models.get(_key(v.name)) for v in target.values]
        if named and all(m is not None for m in named):
            yield (
                [m for m in dict.fromkeys(named) if m is not None],
                f"the values of `{target.name}`",
            )
        elif any(m is not None for m in named):
            return  # some values name other things: no safe guess
    from_comment = _from_comments(schema, pair)
    if from_comment:
        yield from_comment, "the comment"
        return
    if isinstance(target, Enum):
        return
    related = {f.target for f in pair.model.relation_fields}
    related.update(  # the models with a relation field that points at it
        f.owner
        for f in fields_typed(schema, pair.model)
        if f.kind == "model" and isinstance(f.owner, Model)
    )
    guessed = [
        m
        for m in index.keyed.get(pair.id_field.type_name, ())
        if m is not pair.model and m not in related
    ]
    if pair.model.relation_fields and 2 <= len(guessed) <= options.max_guessed_targets:
        yield guessed, "the models it has no relation with"


def _comment_names(pair: _Pair) -> list[str]:
    """The identifiers in the comments of the pair's `<x>Type` field."""
    node = pair.type_field.node
    texts = [node.doc] if node.doc else []
    if node.comment is not None:
        texts.append(node.comment.text)
    return [ident for text in texts for ident in _IDENT.findall(text)]


def _from_comments(schema: Schema, pair: _Pair) -> list[Model]:
    found: list[Model] = []
    for ident in _comment_names(pair):
        model = schema.models.get(ident)
        if (
            model is not None
            and not model.is_view
            and id_field(model) is not None
            and model not in found
        ):
            found.append(model)
    return found


def _id_type(model: Model) -> str | None:
    """The type of the model's single-field key, when it can be a pair's target."""
    if model.is_view or model.is_ignored:
        return None
    ident = id_field(model)
    return ident.type_name if ident is not None else None


def _reads(schema: Schema, model: Model, options: PolymorphicOptions) -> set[tuple[str, str]]:
    """What the findings of ``model`` read of other models: names in comments,
    name keys of enum values, the key type of models a fix may guess (which of
    them it may), and the models a fix is made for (their fields and layout)."""
    if model.is_view or model.is_ignored:
        return set()
    pairs = list(_pairs(model))
    if not pairs or _is_log(model, options):
        return set()
    out: set[tuple[str, str]] = set()
    for pair in pairs:
        out.update(("name", n) for n in _comment_names(pair))
        target = pair.type_field.target
        if isinstance(target, Enum):
            out.update(("key", _key(v.name)) for v in target.values)
        elif model.relation_fields and pair.id_field.type_name:
            out.add(("type", pair.id_field.type_name))
        for targets, _ in _target_sets(schema, pair, options):
            out.update(("name", m.name) for m in targets)
    return out


def _related_names(model: Model) -> set[str]:
    """The models ``model``'s relation fields name (a guess leaves them out)."""
    return {f.type_name for f in model.relation_fields}


class _PairTargets(Tracker):
    """Which models read what of others: after an edit, the models whose pairs
    may point at a changed model (by name or name key), whose guess of targets
    may have changed (a model's key type, or whether a relation references it
    or joins the reader), and those whose fix is made for a changed model run
    again."""

    def __init__(self, schema: Schema, options: PolymorphicOptions) -> None:
        self.options = options
        self.reads: dict[str, set[tuple[str, str]]] = {}
        self.readers: dict[tuple[str, str], set[str]] = {}
        referenced = {id(r.referenced_model) for r in schema.relations}
        self.targets = {
            name: (_id_type(m), id(m) in referenced) for name, m in schema.models.items()
        }
        """Of each model: its key type, and whether a relation references it."""
        self.seen = dict(schema.models)
        """The version of each model the findings were made with."""
        for model in schema.models.values():
            self._read(schema, model)

    def _read(self, schema: Schema, model: Model) -> None:
        for token in self.reads.pop(model.name, ()):
            self.readers[token].discard(model.name)
        reads = _reads(schema, model, self.options)
        if reads:
            self.reads[model.name] = reads
        for token in reads:
            self.readers.setdefault(token, set()).add(model.name)

    def update(self, ctx: RuleContext, scope: Scope) -> Iterable[Model]:
        schema = ctx.schema
        tokens: set[tuple[str, str]] = set()
        joined: set[str] = set()  # models a relation joins or left
        # Every relation that references a dirty model joins it: in the scope.
        referenced = {id(r.referenced_model) for r in scope.relations}
        for model in scope.models:
            self._read(schema, model)
            old, new = self.targets.get(model.name), (_id_type(model), id(model) in referenced)
            before = self.seen.get(model.name)
            if before is not model:
                tokens.update((("name", model.name), ("key", _key(model.name))))
                if before is not None:
                    joined.update(_related_names(before) ^ _related_names(model))
            if old != new:
                tokens.update(("type", t) for t in (old[0] if old else None, new[0]) if t)
            self.targets[model.name] = new
            self.seen[model.name] = model
        models = schema.models
        names = {n for t in tokens for n in self.readers.get(t, ())}
        names.update(n for n in joined if n in self.reads)
        out = [m for n in names if (m := models.get(n)) is not None]
        for model in out:  # what they read may be another set now
            self._read(schema, model)
        return out


# ---------------------------------------------------------------------------
# The fix
# ---------------------------------------------------------------------------


def _convert(ctx: RuleContext, pair: _Pair, targets: list[Model], source: str) -> Fix | None:
    model = pair.model
    type_f, id_f = pair.type_field, pair.id_field
    for fld in (type_f, id_f):
        if fld.attribute("id") or fld.attribute("unique"):
            return None
    pk = model.primary_key
    if pk is not None and {type_f.name, id_f.name} & set(pk.field_names):
        return None
    text = ctx.text(model.decl.path)
    snake_style = is_snake_style(model)
    removed = {type_f.name, id_f.name}
    taken = set(model.by_name) - removed
    widths = columns(text, model, id_f.node)
    needs_map = maps_to_snake(id_f) and not snake_style
    x = "".join(p.capitalize() for p in pair.prefix)

    new_lines: list[str] = []
    fk_names: dict[str, str] = {}
    self_list: list[str] = []
    edits: list[Edit] = []
    for target in targets:
        ident = id_field(target)
        assert ident is not None
        base = target.name[0].lower() + target.name[1:]
        fk_base, rel_base = f"{base}Id", base
        if {fk_base, rel_base, snake(fk_base), snake(rel_base)} & taken:
            fk_base, rel_base = camel(f"{x}{target.name}Id"), camel(f"{x}{target.name}")
        fk = _free(fk_base, taken, snake_style)
        rel = _free(rel_base, taken, snake_style)
        fk_names[target.name] = fk
        relation_name = None
        if relations_between(model, target) > 0 or target is model:
            relation_name = f"{model.name}{x}{target.name}"
        target_text = ctx.text(target.decl.path)
        native = ident.native_type
        attrs = []
        if needs_map:
            attrs.append(f'@map("{snake(fk)}")')
        if native is not None:
            attrs.append(attribute_text(target_text, ident, native))
        new_lines.append(field_line(fk, f"{ident.type_name}?", " ".join(attrs), widths))
        named = f'"{relation_name}", ' if relation_name else ""
        new_lines.append(
            field_line(
                rel,
                f"{target.name}?",
                f"@relation({named}fields: [{fk}], references: [{ident.name}], onDelete: Cascade)",
                widths,
            )
        )
        # the opposite list field
        back_base = plural(model.name)
        back_base = back_base[0].lower() + back_base[1:]
        target_taken = set(target.by_name) | (taken if target is model else set())
        if back_base in target_taken or snake(back_base) in target_taken:
            back_base = camel(snake(x) + "_" + snake(back_base)) if x else back_base
        back = _free(back_base, target_taken, is_snake_style(target))
        if target is model:
            taken.add(back)
        back_attr = f'@relation("{relation_name}")' if relation_name else ""
        if target is model:
            self_list.append(field_line(back, f"{model.name}[]", back_attr, widths))
        else:
            target_widths = columns(target_text, target)
            edits.append(
                insert_fields(
                    target_text,
                    target,
                    [field_line(back, f"{model.name}[]", back_attr, target_widths)],
                )
            )
    new_lines.extend(self_list)

    # replace the pair's lines with the new fields
    indent = indentation(text, model)
    eol = line_break(text)
    first, second = sorted((type_f, id_f), key=lambda f: f.node.start)
    replaced = remove_line(text, model, first.node)  # with its `///` lines
    block = "".join(f"{indent}{line}{eol}" for line in new_lines)
    edits.append(Edit(model.decl.path, replaced.start, replaced.end, block))
    edits.append(remove_line(text, model, second.node))

    # indexes and uniques that name the pair
    leading: set[str] = set()
    for index in [*model.uniques, *model.indexes]:
        if index.on_field:
            continue
        names = index.field_names
        if not removed & set(names):
            continue
        replacement = _rewrite_index(text, index, type_f, id_f, targets, fk_names)
        for attr in replacement:
            for fk in fk_names.values():
                if attr.split("[", 1)[1].startswith(fk):
                    leading.add(fk)
        start = model.decl.offset + index.attribute.start
        stop = model.decl.offset + index.attribute.end
        if replacement:
            edits.append(Edit(model.decl.path, start, stop, (eol + indent).join(replacement)))
        else:
            edits.append(remove_line(text, model, index.attribute))
    new_indexes = [f"@@index([{fk}])" for fk in fk_names.values() if fk not in leading]
    if new_indexes:
        edits.append(insert_block_attributes(text, model, new_indexes))
    listed = ", ".join(f"`{t.name}`" for t in targets)
    return Fix(
        f"Convert `{type_f.name}`/`{id_f.name}` to nullable foreign keys to {listed} "
        f"(targets from {source})",
        tuple(edits),
        safe=False,
    )


def _free(name: str, taken: set[str], snake_style: bool) -> str:
    if snake_style:
        name = snake(name)
    result = name
    n = 2
    while result in taken:
        result = f"{name}{n}"
        n += 1
    taken.add(result)
    return result


def _rewrite_index(
    text: str,
    index: Index,
    type_f: Field,
    id_f: Field,
    targets: list[Model],
    fk_names: dict[str, str],
) -> list[str]:
    """The attributes replacing ``index`` once the pair is gone: one per target when it
    names `<x>Id` (NULLs are distinct, so a unique stays unique per target), else one
    without `<x>Type`; none when nothing is left."""
    offset = index.model.decl.offset
    attr = index.attribute
    items: list[tuple[str, str]] = []
    for entry in index.fields:
        if entry.node is None:
            return []
        items.append((entry.name, text[offset + entry.node.start : offset + entry.node.end]))
    rest = []
    fields_arg = attr.arg("fields", 0)
    copies = id_f.name in [n for n, _ in items] and len(targets) > 1
    if attr.args is not None:
        for argument in attr.args.args:
            if argument is fields_arg:
                continue
            if copies and argument.name is not None and argument.name.text in ("name", "map"):
                continue
            rest.append(text[offset + argument.start : offset + argument.end])
    prefix = "@@" + attr.name.text
    kept = [(n, t) for n, t in items if n != type_f.name]
    if not kept:
        return []
    out = []
    variants = [fk_names[t.name] for t in targets] if id_f.name in [n for n, _ in kept] else [None]
    for fk in variants:
        entries = [
            (fk + t[len(n) :]) if (n == id_f.name and fk is not None) else t for n, t in kept
        ]
        args = ", ".join([f"[{', '.join(entries)}]", *rest])
        out.append(f"{prefix}({args})")
    return out
