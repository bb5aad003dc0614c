"""Syntax trees of one schema → :class:`~analysis.model.schema.Schema`.

The builder is lenient: it never reports anything. Whatever cannot be
resolved is left as ``unknown`` / ``None`` for :mod:`analysis.validate` to
explain, so the model can be built from half-typed input too.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.model.names import constraint_name
from analysis.model.relations import Pairing, pair_relations
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
    """

    __slots__ = ("entries", "gone", "names", "pairing", "referrers", "touched")

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


Entity = Model | Enum | CompositeType
Referrers = dict[str, dict[int, Model | CompositeType]]


def build_schema(
    trees: Sequence[tuple[str, SyntaxTree]],
    *,
    prisma_version: int = 7,
    cache: ModelCache | None = None,
) -> Schema:
    """Build the model of the schema made of ``(path, tree)`` pairs.

    With a ``cache`` from an earlier build, declarations whose parse did not
    change are reused (and the cache is updated for the next build).
    """
    schema = Schema(prisma_version=prisma_version)
    blocks: list[tuple[str, int, Parsed, Block]] = []
    for path, tree in trees:
        for segment in tree.segments:
            parsed = segment.parsed
            if parsed.issues:
                schema.syntax_errors = True
            node = parsed.node
            if isinstance(node, Block):
                blocks.append((path, segment.offset, parsed, node))
            elif isinstance(node, TypeAlias):
                span = Span(path, segment.offset + node.start, segment.offset + node.end)
                schema.aliases.append((node.name.text, span))
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
    next_config = iter(configs)
    decls = schema.decls
    for path, offset, parsed, node in blocks:
        kind = node.kind
        if kind in ("datasource", "generator"):
            decls.append(next(next_config))
            continue
        hit = old.get(id(parsed))
        entity: Entity
        if hit is not None and hit[0] is parsed and hit[1] == key:
            entity = hit[2]
            decl = entity.decl  # moved in place: the previous analysis is consumed
            decl.path = path
            decl.offset = offset
            fresh[id(parsed)] = hit
        else:
            if hit is not None:
                replaced.append(hit[2])
            decl = Decl(path, offset, node)
            entity = _local(decl, key[0], key[1])
            fresh[id(parsed)] = (parsed, key, entity)
            created.append(entity)
        decls.append(decl)
        name = entity.name
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
        touched, dirty = _changes(schema, cache, first, created, replaced)
        for owner in touched.values():
            if not isinstance(owner, Enum):
                _resolve_types(schema, owner)
        pairing = pair_relations(schema, cache.pairing, dirty)
        dirty.update(touched)
        cache.touched = dirty
        cache.gone = replaced
    if cache is not None:
        cache.entries = fresh
        cache.names = first
        cache.pairing = pairing
    return schema


def _referrers(owners: Sequence[Model | CompositeType]) -> Referrers:
    out: Referrers = {}
    for owner in owners:
        for fld in owner.fields:
            if fld.type_name:
                out.setdefault(fld.type_name, {})[id(owner)] = owner
    return out


def _changes(
    schema: Schema,
    cache: ModelCache,
    first: dict[str, Entity],
    created: list[Entity],
    replaced: list[Entity],
) -> tuple[dict[int, Entity], dict[int, Entity]]:
    """What an incremental build must redo: the entities whose field types are
    resolved again, and the models that pair their relations again (with the
    declarations whose first-of-their-name status changed), by id. Updates
    ``cache.referrers``."""
    referrers = cache.referrers
    before = cache.names or {}
    for entity in replaced:
        if not isinstance(entity, Enum):
            for fld in entity.fields:
                found = referrers.get(fld.type_name)
                if found is not None:
                    found.pop(id(entity), None)
    for entity in created:
        if not isinstance(entity, Enum):
            for fld in entity.fields:
                if fld.type_name:
                    referrers.setdefault(fld.type_name, {})[id(entity)] = entity
    # Names that now resolve to another declaration (or to none).
    renamed = {
        name
        for name in {e.name for e in (*created, *replaced)}
        if before.get(name) is not first.get(name)
    }
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
    for fld in owner.fields:
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
