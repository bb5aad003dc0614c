"""Syntax trees of one schema → :class:`~analysis.model.schema.Schema`.

The builder is lenient: it never reports anything. Whatever cannot be
resolved is left as ``unknown`` / ``None`` for :mod:`analysis.validate` to
explain, so the model can be built from half-typed input too.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from operator import attrgetter
from typing import Protocol, TypeVar

from analysis.model.names import constraint_name
from analysis.model.relations import Pairing, pair_again, pair_relations, relations_of
from analysis.model.schema import (
    SCALARS,
    CompositeType,
    ConfigBlock,
    Datasource,
    Decl,
    Enum,
    EnumValueDef,
    Field,
    FieldKind,
    Generator,
    Index,
    IndexField,
    Model,
    Relation,
    RelationAttr,
    Schema,
    Span,
    argument_value,
    item_name,
)
from analysis.syntax.nodes import (
    ArgList,
    ArrayExpr,
    Attribute,
    Block,
    ConstRef,
    EnumValue,
    Expression,
    FuncCall,
    NumberLit,
    Parsed,
    Segment,
    StringLit,
    TypeAlias,
)
from analysis.syntax.nodes import Field as FieldNode
from analysis.syntax.parse import SyntaxTree


class ModelCache:
    """Per-declaration model objects kept between analyses of the same schema.

    The declaration-local part of a model, enum or composite type (fields,
    attributes, ids and indexes, database names) depends only on its block
    and on the datasource (native-type prefix, provider). It is cached under
    the identity of the block's :class:`Parsed`, which incremental re-parsing
    keeps for every block an edit did not touch.

    The cross-declaration part is redone only where it can have changed: a
    field's type is resolved again when its declaration is new or the
    declaration its type names changed (``names``, ``referrers``), and a model
    pairs its relations again when it or a model it names changed
    (``pairing``). ``touched`` tells later stages which entities that was.

    After a keystroke (:func:`build_schema` told where the edit re-parsed),
    the schema-wide lists and tables are the previous build's with the
    re-parsed declarations spliced in, so that a build costs what the edit
    reached, plus moving the offsets of the declarations after it.
    """

    __slots__ = ("duplicates", "entries", "gone", "issues", "named", "names", "ordered",
                 "pairing", "referrers", "schema", "touched", "trees")

    def __init__(self) -> None:
        self.entries: dict[int, tuple[Parsed, tuple[str | None, str | None], Entity]] = {}
        self.names: dict[str, Entity] | None = None
        """Type name → the declaration it resolves to (the first of that name)."""
        self.referrers: Referrers = {}
        """Type name → the models and composite types with a field of that type."""
        self.pairing: Pairing | None = None
        self.touched: dict[int, Entity] | None = None
        """The entities (by id) of the last build that are new, whose field types
        resolved again, whose relations were paired again or whose
        first-of-their-name status changed (gone ones included); ``None``: the
        build was whole."""
        self.gone: list[Entity] = []
        """The entities the last build dropped (their declaration changed or went)."""
        self.schema: Schema | None = None
        """The last build's schema (its lists are copied, never changed, by the next)."""
        self.trees: tuple[tuple[str, SyntaxTree], ...] = ()
        """The ``(path, tree)`` pairs the last build read."""
        self.named: dict[str, list[Entity]] = {}
        """Every declaration of each name (any kind), in declaration order."""
        self.duplicates: set[str] = set()
        """The names declared more than once."""
        self.issues = 0
        """How many segments of the last build's trees have syntax errors."""
        self.ordered: list[Sequence[Relation]] = []
        """The relations each model of the last schema's ``all_models`` created
        (aligned with it): ``schema.relations`` is their concatenation."""


Entity = Model | Enum | CompositeType
Referrers = dict[str, dict[int, Model | CompositeType]]
E = TypeVar("E", Model, Enum, CompositeType)


class Edited(Protocol):
    """Where an edit re-parsed one file (:class:`analysis.reuse.Region`): the
    segments of ``[old_start, old_end)`` of the old text became those of
    ``[old_start, new_end)``; the others are the same parses."""

    @property
    def path(self) -> str: ...

    @property
    def old_start(self) -> int: ...

    @property
    def old_end(self) -> int: ...

    @property
    def new_end(self) -> int: ...


def build_schema(
    trees: Sequence[tuple[str, SyntaxTree]],
    *,
    prisma_version: int = 7,
    cache: ModelCache | None = None,
    edited: Edited | None = None,
) -> Schema:
    """Build the model of the schema made of ``(path, tree)`` pairs.

    With a ``cache`` from an earlier build, declarations whose parse did not
    change are reused (and the cache is updated for the next build). When the
    trees are the cached build's with one file re-parsed where ``edited``
    says, only that part is modelled again (see :func:`_splice`).
    """
    pairs = tuple(trees)
    if cache is not None and edited is not None:
        spliced = _splice(pairs, prisma_version, cache, edited)
        if spliced is not None:
            return spliced
    schema = Schema(prisma_version=prisma_version)
    blocks: list[tuple[str, int, Parsed, Block]] = []
    issues = 0
    for path, tree in pairs:
        for segment in tree.segments:
            parsed = segment.parsed
            if parsed.issues:
                issues += 1
            node = parsed.node
            if isinstance(node, Block):
                blocks.append((path, segment.offset, parsed, node))
            elif isinstance(node, TypeAlias):
                span = Span(path, segment.offset + node.start, segment.offset + node.end)
                schema.aliases.append((node.name.text, span))
    schema.syntax_errors = issues > 0
    # Configuration first: the datasource name is the native type prefix.
    configs: list[Decl] = []
    for path, offset, _, node in blocks:
        if node.kind == "datasource":
            configs.append(Decl(path, offset, node))
            schema.datasources.append(_datasource(configs[-1]))
        elif node.kind == "generator":
            configs.append(Decl(path, offset, node))
            schema.generators.append(_generator(configs[-1]))
    key = (schema.native_prefix, schema.provider)
    old = cache.entries if cache is not None else {}
    fresh: dict[int, tuple[Parsed, tuple[str | None, str | None], Entity]] = {}
    created: list[Entity] = []
    replaced: list[Entity] = []
    first: dict[str, Entity] = {}
    named: dict[str, list[Entity]] = {}
    next_config = iter(configs)
    decls = schema.decls
    for path, offset, parsed, node in blocks:
        kind = node.kind
        if kind in ("datasource", "generator"):
            decls.append(next(next_config))
            continue
        hit = old.get(id(parsed))
        claimed = id(parsed) in fresh  # the same parse twice (a pasted copy of a block)
        entity: Entity
        if hit is not None and hit[0] is parsed and hit[1] == key and not claimed:
            entity = hit[2]
            decl = entity.decl  # moved in place: the previous analysis is consumed
            decl.path = path
            decl.offset = offset
            fresh[id(parsed)] = hit
        else:
            if hit is not None and not claimed:
                replaced.append(hit[2])
            decl = Decl(path, offset, node)
            entity = _local(decl, key[0], key[1])
            if not claimed:
                fresh[id(parsed)] = (parsed, key, entity)
            created.append(entity)
        decls.append(decl)
        name = entity.name
        named.setdefault(name, []).append(entity)
        registered = first.setdefault(name, entity) is entity
        if isinstance(entity, Model):
            schema.all_models.append(entity)
            if registered:
                schema.models[name] = entity
        elif isinstance(entity, Enum):
            schema.all_enums.append(entity)
            if registered:
                schema.enums[name] = entity
        else:
            schema.all_composite_types.append(entity)
            if registered:
                schema.composite_types[name] = entity
    if cache is None or cache.names is None or cache.pairing is None:
        owners: list[Model | CompositeType] = [*schema.all_composite_types, *schema.all_models]
        for whole in owners:
            _resolve_types(schema, whole)
        pairing = pair_relations(schema)
        if cache is not None:
            cache.referrers = _referrers(owners)
            cache.touched = None
            cache.gone = []
    else:
        for gone in old.keys() - fresh.keys():
            replaced.append(old[gone][2])
        before = cache.names
        renamed = {e.name for e in (*created, *replaced)
                   if before.get(e.name) is not first.get(e.name)}
        _forget_referrers(cache.referrers, replaced)
        touched, dirty = _changes(cache.referrers, before, first, renamed, created)
        for owner in touched.values():
            if not isinstance(owner, Enum):
                _resolve_types(schema, owner)
        pairing = pair_relations(schema, cache.pairing, dirty)
        dirty.update(touched)
        cache.touched = dirty
        cache.gone = replaced
    if cache is not None:
        schema.referrers = cache.referrers
        cache.entries = fresh
        cache.names = first
        cache.pairing = pairing
        cache.schema = schema
        cache.trees = pairs
        cache.named = named
        cache.duplicates = {name for name, found in named.items() if len(found) > 1}
        cache.issues = issues
        cache.ordered = [relations_of(pairing, model) for model in schema.all_models]
    return schema


def _referrers(owners: Sequence[Model | CompositeType]) -> Referrers:
    out: Referrers = {}
    for owner in owners:
        for fld in owner.fields:
            if fld.type_name:
                out.setdefault(fld.type_name, {})[id(owner)] = owner
    return out


def _forget_referrers(referrers: Referrers, replaced: Sequence[Entity]) -> None:
    for entity in replaced:
        if not isinstance(entity, Enum):
            for fld in entity.fields:
                found = referrers.get(fld.type_name)
                if found is not None:
                    found.pop(id(entity), None)


def _changes(
    referrers: Referrers,
    before: Mapping[str, Entity | None],
    first: Mapping[str, Entity],
    renamed: set[str],
    created: Sequence[Entity],
) -> tuple[dict[int, Entity], dict[int, Entity]]:
    """What an incremental build must redo: the entities whose field types are
    resolved again, and the models that pair their relations again (with the
    declarations whose first-of-their-name status changed), by id.

    ``renamed``: the names that now resolve to another declaration (or to
    none) than ``before``. Adds the ``created`` entities to ``referrers``.
    """
    for entity in created:
        if not isinstance(entity, Enum):
            for fld in entity.fields:
                if fld.type_name:
                    referrers.setdefault(fld.type_name, {})[id(entity)] = entity
    touched: dict[int, Entity] = {id(e): e for e in created}
    for name in renamed:
        touched.update(referrers.get(name, {}))
    # A model's relations depend on its fields and on the fields of the models
    # it names: the models resolved again (new ones included) pair again, and
    # so do the old and new first declarations of a name (the models naming a
    # new declaration are among the models resolved again).
    dirty: dict[int, Entity] = {k: e for k, e in touched.items() if isinstance(e, Model)}
    for name in renamed:
        for declared in (before.get(name), first.get(name)):
            if declared is not None:
                dirty[id(declared)] = declared
    return touched, dirty


# ---------------------------------------------------------------------------
# Splicing an edit into the previous build
# ---------------------------------------------------------------------------


def _splice(
    trees: tuple[tuple[str, SyntaxTree], ...],
    prisma_version: int,
    cache: ModelCache,
    edited: Edited,
) -> Schema | None:
    """The schema after an edit of one file: the cached build's with the
    declarations of the re-parsed segments modelled again and spliced into its
    lists, and the name tables, type resolution and relations updated for the
    names they declare or declared. ``None`` when the edit needs a whole pass
    (the files differ, the configuration or a type alias changed, ``edited``
    does not match the trees)."""
    old = cache.schema
    pairing = cache.pairing
    first = cache.names
    if (old is None or pairing is None or first is None or old.aliases
            or old.prisma_version != prisma_version):
        return None
    files = _edited_file(trees, cache.trees, edited.path)
    if files is None:
        return None
    order, before_tree, after_tree = files
    found = _reparsed(before_tree, after_tree, edited)
    if found is None:
        return None
    front, old_stop, new_stop = found
    old_part = before_tree.segments[front:old_stop]
    new_part = after_tree.segments[front:new_stop]
    if not (_plain(old_part) and _plain(new_part)):
        return None

    def decl_at(decl: Decl) -> tuple[int, int]:
        return (order[decl.path], decl.offset)

    def entity_at(entity: Entity) -> tuple[int, int]:
        return (order[entity.decl.path], entity.decl.offset)

    path = edited.path
    file = order[path]
    low = (file, edited.old_start)
    high = (file, edited.old_end) if old_stop < len(before_tree.segments) else (file + 1, -1)
    decls = old.decls
    lo, hi = bisect_left(decls, low, key=decl_at), bisect_left(decls, high, key=decl_at)
    if hi - lo != sum(isinstance(s.parsed.node, Block) for s in old_part):
        return None
    groups: tuple[Sequence[Entity], ...] = (old.all_models, old.all_enums, old.all_composite_types)
    ranges = [(bisect_left(g, low, key=entity_at), bisect_left(g, high, key=entity_at))
              for g in groups]
    # Nothing gives up from here on: the cache is updated in place.
    delta = edited.new_end - edited.old_end
    if delta:
        for decl in islice(decls, hi, None):
            if decl.path != path:
                break
            decl.offset += delta
    was: dict[int, Entity] = {}
    for group, (start, stop) in zip(groups, ranges, strict=True):
        for dropped in group[start:stop]:
            was[id(dropped.decl.block)] = dropped
    prefix, provider = old.native_prefix, old.provider
    part = _Part(path, new_part, was, prefix, provider)
    replaced = list(was.values())  # the declarations the part no longer holds
    made, new_decls = part.made, part.decls
    created = [entity for _, entity in made]
    gone = {id(e) for e in replaced}
    entries = cache.entries
    for segment in old_part:
        hit = entries.get(id(segment.parsed))
        if hit is not None and id(hit[2]) in gone:
            del entries[id(segment.parsed)]
    key = (prefix, provider)
    for parsed, entity in made:
        entries.setdefault(id(parsed), (parsed, key, entity))
    (m0, m1), (e0, e1), (t0, t1) = ranges
    issues = (cache.issues - sum(1 for s in old_part if s.parsed.issues)
              + sum(1 for s in new_part if s.parsed.issues))
    schema = Schema(
        decls=decls[:lo] + new_decls + decls[hi:],
        datasources=list(old.datasources),
        generators=list(old.generators),
        all_models=old.all_models[:m0] + part.models + old.all_models[m1:],
        all_enums=old.all_enums[:e0] + part.enums + old.all_enums[e1:],
        all_composite_types=(old.all_composite_types[:t0] + part.types
                             + old.all_composite_types[t1:]),
        prisma_version=prisma_version,
        syntax_errors=issues > 0,
    )
    before = _rename(cache, first, part.placed, replaced, created, entity_at)
    same_heads = ([(d.block.kind, d.block.name.text) for d in decls[lo:hi]]
                  == [(d.block.kind, d.block.name.text) for d in new_decls])
    _tables(schema, old, same_heads, before, first, bool(cache.duplicates))
    renamed = {name for name, was_first in before.items() if was_first is not first.get(name)}
    _forget_referrers(cache.referrers, replaced)
    touched, dirty = _changes(cache.referrers, before, first, renamed, created)
    new = {id(e) for e in created}
    retyped = _retype(schema, touched.values(), new, renamed)
    whole = [e for e in created if isinstance(e, Model)]
    for name in renamed:
        for declared in (before.get(name), first.get(name)):
            if isinstance(declared, Model):
                whole.append(declared)
    all_models = schema.all_models

    def place(model: Model) -> int | None:
        at = bisect_left(all_models, entity_at(model), key=entity_at)
        return at if at < len(all_models) and all_models[at] is model else None

    ordered = [*cache.ordered[:m0], *(relations_of(pairing, m) for m in part.models),
               *cache.ordered[m1:]]
    retargeted = [e for e in touched.values() if isinstance(e, Model) and id(e) not in new]
    pair_again(schema, pairing, whole, retargeted, renamed, replaced, retyped, ordered, place)
    dirty.update(touched)
    cache.touched = dirty
    cache.gone = replaced
    cache.schema = schema
    cache.trees = trees
    cache.issues = issues
    cache.ordered = ordered
    schema.referrers = cache.referrers
    return schema


class _Part:
    """The declarations of the re-parsed segments of one file: the entities of
    blocks whose parse the edit kept (taken from ``was``, by block id) moved to
    their new place, the others modelled anew (``made``, with their parse)."""

    __slots__ = ("decls", "enums", "made", "models", "placed", "types")

    def __init__(
        self, path: str, segments: Sequence[Segment], was: dict[int, Entity],
        prefix: str | None, provider: str | None,
    ) -> None:
        self.decls: list[Decl] = []
        self.models: list[Model] = []
        self.enums: list[Enum] = []
        self.types: list[CompositeType] = []
        self.placed: list[Entity] = []
        """Every entity of the part, in declaration order."""
        self.made: list[tuple[Parsed, Entity]] = []
        for segment in segments:
            parsed = segment.parsed
            node = parsed.node
            if not isinstance(node, Block):
                continue
            entity = was.pop(id(node), None)
            if entity is not None:
                decl = entity.decl
                decl.path = path
                decl.offset = segment.offset
            else:
                decl = Decl(path, segment.offset, node)
                entity = _local(decl, prefix, provider)
                self.made.append((parsed, entity))
            self.decls.append(decl)
            self.placed.append(entity)
            if isinstance(entity, Model):
                self.models.append(entity)
            elif isinstance(entity, Enum):
                self.enums.append(entity)
            else:
                self.types.append(entity)


def _edited_file(
    trees: tuple[tuple[str, SyntaxTree], ...],
    last: tuple[tuple[str, SyntaxTree], ...],
    path: str,
) -> tuple[dict[str, int], SyntaxTree, SyntaxTree] | None:
    """The index of each file and the old and new tree of ``path``, when
    ``trees`` are the ``last`` build's with only that file's tree replaced."""
    if len(trees) != len(last):
        return None
    order: dict[str, int] = {}
    edited: tuple[SyntaxTree, SyntaxTree] | None = None
    for (name, tree), (last_name, last_tree) in zip(trees, last, strict=True):
        if name != last_name or name in order:
            return None
        order[name] = len(order)
        if tree is not last_tree:
            if name != path or edited is not None:
                return None
            edited = (last_tree, tree)
    return None if edited is None else (order, *edited)


def _rename(
    cache: ModelCache,
    first: dict[str, Entity],
    placed: Sequence[Entity],
    replaced: Sequence[Entity],
    created: Sequence[Entity],
    at: Callable[[Entity], tuple[int, int]],
) -> dict[str, Entity | None]:
    """Update the declarations of each name the edit declared or dropped (in
    ``cache.named``, ``cache.duplicates`` and ``first``); returns the first
    declaration of each of those names before the edit."""
    affected = {e.name for e in placed} | {e.name for e in replaced}
    before = {name: first.get(name) for name in affected}
    named, duplicates = cache.named, cache.duplicates
    gone = {id(e) for e in replaced}
    for name in affected:
        same = [e for e in named.get(name, ()) if id(e) not in gone]
        same.extend(e for e in created if e.name == name)
        same.sort(key=at)  # the declarations moved by the edit included
        if same:
            named[name] = same
            first[name] = same[0]
        else:
            named.pop(name, None)
            first.pop(name, None)
        if len(same) > 1:
            duplicates.add(name)
        else:
            duplicates.discard(name)
    return before


def _tables(
    schema: Schema,
    old: Schema,
    same_heads: bool,
    before: Mapping[str, Entity | None],
    first: Mapping[str, Entity],
    duplicates: bool,
) -> None:
    """Fill the name tables of ``schema`` (first declarations, in declaration order)."""
    if same_heads:
        # The same kinds and names in the same places: each table keeps its
        # order, the re-made declarations take their names' entries.
        schema.models, schema.enums = dict(old.models), dict(old.enums)
        schema.composite_types = dict(old.composite_types)
        for name in before:
            head = first.get(name)
            if isinstance(head, Model):
                schema.models[name] = head
            elif isinstance(head, Enum):
                schema.enums[name] = head
            elif head is not None:
                schema.composite_types[name] = head
    else:
        schema.models = _firsts(schema.all_models, first, duplicates)
        schema.enums = _firsts(schema.all_enums, first, duplicates)
        schema.composite_types = _firsts(schema.all_composite_types, first, duplicates)


def _retype(
    schema: Schema, touched: Iterable[Entity], new: set[int], renamed: set[str]
) -> list[Field]:
    """Resolve the field types of the ``touched`` declarations again; returns the
    fields resolved. A field's resolution depends only on its type name: the
    declarations kept resolve again only their fields naming a ``renamed`` name."""
    retyped: list[Field] = []
    for owner in touched:
        if isinstance(owner, Enum):
            continue
        if id(owner) in new:
            _resolve_types(schema, owner)
            retyped.extend(owner.fields)
        else:
            fields = [fld for fld in owner.fields if fld.type_name in renamed]
            _resolve_fields(schema, fields)
            retyped.extend(fields)
    return retyped


def _reparsed(old: SyntaxTree, new: SyntaxTree, edited: Edited) -> tuple[int, int, int] | None:
    """The re-parsed segments as ``old[front:old_stop]`` → ``new[front:new_stop]``
    (``None`` when ``edited`` does not describe ``old`` → ``new``)."""
    a, b = old.segments, new.segments
    front = bisect_left(a, edited.old_start, key=_offset)
    if (a[front].offset if front < len(a) else len(old.text)) != edited.old_start:
        return None
    if edited.old_end < len(old.text):
        old_stop = bisect_left(a, edited.old_end, key=_offset)
        new_stop = len(b) - (len(a) - old_stop)
        if (old_stop == len(a) or new_stop < front or a[old_stop].offset != edited.old_end
                or b[new_stop].offset != edited.new_end
                or a[old_stop].parsed is not b[new_stop].parsed):
            return None
    else:
        old_stop, new_stop = len(a), len(b)
        if edited.new_end != len(new.text):
            return None
    if old_stop < front or front > len(b):
        return None
    if front and (a[front - 1].parsed is not b[front - 1].parsed
                  or a[front - 1].offset != b[front - 1].offset):
        return None
    return front, old_stop, new_stop


def _offset(segment: Segment) -> int:
    return segment.offset


def _plain(segments: Sequence[Segment]) -> bool:
    """No configuration block and no type alias: the segments declare only
    models, views, enums and composite types (or nothing)."""
    for segment in segments:
        node = segment.parsed.node
        if isinstance(node, TypeAlias) or (
            isinstance(node, Block) and node.kind in ("datasource", "generator")
        ):
            return False
    return True


def _firsts(group: Sequence[E], first: Mapping[str, Entity], duplicates: bool) -> dict[str, E]:
    """Name → the declarations of ``group`` that are the first of their name, in order."""
    if not duplicates:
        return dict(zip(map(attrgetter("name"), group), group, strict=True))
    return {e.name: e for e in group if first.get(e.name) is e}


def _local(decl: Decl, prefix: str | None, provider: str | None) -> Entity:
    """The declaration-local model of one block."""
    kind, name = decl.block.kind, decl.block.name.text
    if kind == "enum":
        enum = Enum(name, decl, db_name=name)
        _fill_enum(enum)
        return enum
    if kind == "type":
        ctype = CompositeType(name, decl)
        _fill_fields(ctype, prefix)
        return ctype
    model = Model(name, decl, is_view=kind == "view", db_name=name)
    _fill_fields(model, prefix)
    _fill_model_attributes(model)
    _name_constraints(model, provider)
    return model


def _resolve_types(schema: Schema, owner: Model | CompositeType) -> None:
    """Point each field at the declaration its type names (redone every build)."""
    _resolve_fields(schema, owner.fields)


def _resolve_fields(schema: Schema, fields: Sequence[Field]) -> None:
    for fld in fields:
        fld.relation = None
        if fld.kind in ("scalar", "unsupported") or not fld.type_name:
            continue
        target = schema.type_decl(fld.type_name)
        fld.target = target
        if isinstance(target, Model):
            fld.kind = "model"
            if fld.relation_attr is None:
                fld.relation_attr = relation_attr(fld.attribute("relation"))
            continue
        fld.relation_attr = None  # a cached field whose type no longer names a model
        if isinstance(target, Enum):
            fld.kind = "enum"
        elif isinstance(target, CompositeType):
            fld.kind = "composite"
        else:
            fld.kind = "unknown"


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def _config(block: ConfigBlock) -> None:
    for kv in block.decl.block.properties:
        block.properties.setdefault(kv.key.text, kv)


def _datasource(decl: Decl) -> Datasource:
    ds = Datasource(decl.block.name.text, decl)
    _config(ds)
    ds.provider = ds.string("provider")
    ds.relation_mode = ds.string("relationMode") or ds.string("referentialIntegrity")
    ds.schemas = ds.strings("schemas")
    ds.extensions = ds.strings("extensions")
    return ds


def _generator(decl: Decl) -> Generator:
    gen = Generator(decl.block.name.text, decl)
    _config(gen)
    gen.provider = gen.string("provider")
    gen.preview_features = gen.strings("previewFeatures")
    return gen


# ---------------------------------------------------------------------------
# Enums and fields
# ---------------------------------------------------------------------------


def _group(attributes: Sequence[Attribute]) -> dict[str, list[Attribute]]:
    grouped: dict[str, list[Attribute]] = {}
    for attribute in attributes:
        grouped.setdefault(attribute.name.text, []).append(attribute)
    return grouped


def string_arg(attribute: Attribute | None, name: str, position: int | None = None) -> str | None:
    """A string argument's value, or ``None`` when absent or not a string."""
    if attribute is None:
        return None
    value = argument_value(attribute.args, name, position)
    return value.value if isinstance(value, StringLit) else None


def _fill_enum(enum: Enum) -> None:
    block = enum.decl.block
    enum.attributes = _group(block.attributes)
    enum.db_name = string_arg(enum.attributes.get("map", [None])[0], "name", 0) or enum.name
    enum.schema = string_arg(enum.attributes.get("schema", [None])[0], "name", 0)
    for member in block.members:
        if isinstance(member, EnumValue):
            attrs = _group(member.attributes)
            db_name = string_arg(attrs.get("map", [None])[0], "name", 0) or member.name.text
            enum.values.append(EnumValueDef(member.name.text, db_name, member))


def _fill_fields(owner: Model | CompositeType, prefix: str | None) -> None:
    for member in owner.decl.block.members:
        if not isinstance(member, FieldNode):
            continue
        fld = _field(owner, member, prefix)
        owner.fields.append(fld)
        owner.by_name.setdefault(fld.name, fld)


def _field(owner: Model | CompositeType, node: FieldNode, prefix: str | None) -> Field:
    ftype = node.type
    type_name = ftype.name.text if ftype is not None else ""
    kind: FieldKind
    if ftype is None:
        kind = "unknown"
    elif ftype.unsupported is not None:
        kind = "unsupported"
    elif type_name in SCALARS:
        kind = "scalar"
    else:
        kind = "unknown"  # resolved against the other declarations later
    if ftype is not None and ftype.list:
        arity = "list"
    elif ftype is not None and ftype.optional:
        arity = "optional"
    else:
        arity = "required"
    attributes = _group(node.attributes)
    native = None
    if prefix is not None:
        for attribute in node.attributes:
            if attribute.name.text.startswith(prefix + "."):
                native = attribute
                break
    fld = Field(
        name=node.name.text,
        node=node,
        owner=owner,
        type_name=type_name,
        kind=kind,
        arity=arity,  # type: ignore[arg-type]
        attributes=attributes,
        native_type=native,
    )
    fld.db_name = string_arg(fld.attribute("map"), "name", 0) or fld.name
    return fld


def names_in(value: Expression | None) -> list[str] | None:
    """Field names listed in `[a, b]` (or a single bare name)."""
    if isinstance(value, ArrayExpr):
        return [name for item in value.items if (name := item_name(item)) is not None]
    if isinstance(value, ConstRef):
        return [value.text]
    return None


def relation_attr(attribute: Attribute | None) -> RelationAttr:
    if attribute is None:
        return RelationAttr(None)
    args = attribute.args
    name_value = argument_value(args, "name", 0)
    on_delete = argument_value(args, "onDelete")
    on_update = argument_value(args, "onUpdate")
    return RelationAttr(
        attribute,
        name=name_value.value if isinstance(name_value, StringLit) else None,
        fields=names_in(argument_value(args, "fields")),
        references=names_in(argument_value(args, "references")),
        on_delete=on_delete.text if isinstance(on_delete, ConstRef) else None,
        on_update=on_update.text if isinstance(on_update, ConstRef) else None,
        map=string_arg(attribute, "map"),
    )


# ---------------------------------------------------------------------------
# Ids, uniques, indexes
# ---------------------------------------------------------------------------


def _fill_model_attributes(model: Model) -> None:
    block = model.decl.block
    model.attributes = _group(block.attributes)
    model.db_name = string_arg(model.attribute("map"), "name", 0) or model.name
    model.schema = string_arg(model.attribute("schema"), "name", 0)
    for fld in model.fields:
        for attribute in fld.attributes.get("id", ()):
            if model.primary_key is None:
                model.primary_key = _field_index(model, "id", attribute, fld)
        for attribute in fld.attributes.get("unique", ()):
            model.uniques.append(_field_index(model, "unique", attribute, fld))
    for attribute in block.attributes:
        name = attribute.name.text
        if name == "id":
            if model.primary_key is None:
                model.primary_key = _block_index(model, "id", attribute)
        elif name == "unique":
            model.uniques.append(_block_index(model, "unique", attribute))
        elif name == "index":
            model.indexes.append(_block_index(model, "index", attribute))
        elif name == "fulltext":
            model.indexes.append(_block_index(model, "fulltext", attribute))


def _field_index(model: Model, kind: str, attribute: Attribute, fld: Field) -> Index:
    entry = IndexField(fld.name, fld, None)
    _sort_and_length(entry, attribute.args)
    index = Index(kind, model, attribute, [entry], on_field=True)  # type: ignore[arg-type]
    index.map = string_arg(attribute, "map")
    index.clustered = _bool_arg(attribute, "clustered")
    return index


def _block_index(model: Model, kind: str, attribute: Attribute) -> Index:
    fields_value = argument_value(attribute.args, "fields", 0)
    entries: list[IndexField] = []
    if isinstance(fields_value, ArrayExpr):
        for item in fields_value.items:
            entries.append(_index_entry(model, item))
    elif fields_value is not None:
        entries.append(_index_entry(model, fields_value))
    index = Index(kind, model, attribute, entries, on_field=False)  # type: ignore[arg-type]
    index.name = string_arg(attribute, "name")
    index.map = string_arg(attribute, "map")
    type_value = argument_value(attribute.args, "type")
    index.type = type_value.text if isinstance(type_value, ConstRef) else None
    index.clustered = _bool_arg(attribute, "clustered")
    return index


def _index_entry(model: Model, item: Expression) -> IndexField:
    if isinstance(item, ConstRef):
        head, *rest = item.text.split(".")
        return IndexField(head, model.by_name.get(head), item, path=rest)
    if isinstance(item, FuncCall):
        head, *rest = item.name.text.split(".")
        entry = IndexField(head, model.by_name.get(head), item, path=rest)
        _sort_and_length(entry, item.args)
        ops = argument_value(item.args, "ops")
        if isinstance(ops, ConstRef):
            entry.ops = ops.text
        elif isinstance(ops, FuncCall):
            raw = argument_value(ops.args, "", 0)
            entry.ops = raw.value if isinstance(raw, StringLit) else None
        return entry
    text = item.raw if isinstance(item, StringLit) else type(item).__name__
    return IndexField(text, None, item)


def _sort_and_length(entry: IndexField, args: ArgList | None) -> None:
    """Set ``entry``'s `sort:` and `length:` from the arguments that carry them."""
    sort = argument_value(args, "sort")
    length = argument_value(args, "length")
    entry.sort = sort.text if isinstance(sort, ConstRef) else None
    if isinstance(length, NumberLit) and length.text.isdigit():
        entry.length = int(length.text)


def _bool_arg(attribute: Attribute, name: str) -> bool | None:
    value = argument_value(attribute.args, name)
    if isinstance(value, ConstRef) and value.text in ("true", "false"):
        return value.text == "true"
    return None


def _name_constraints(model: Model, provider: str | None) -> None:
    suffixes = {"id": "pkey", "unique": "key", "index": "idx", "fulltext": "idx"}
    for index in model.all_indexes:
        if index.map is not None:
            index.db_name = index.map
        elif index.kind == "id":
            index.db_name = constraint_name(model.db_name, [], "pkey", provider)
        else:
            index.db_name = constraint_name(
                model.db_name, index.columns, suffixes[index.kind], provider
            )
