"""The semantic model: what a schema means once its names are resolved.

Built from the syntax trees of all files of one schema by
:mod:`analysis.model.build`. Objects are plain slotted dataclasses filled in
by the builder and read-only afterwards; each keeps the syntax node it came
from and the :class:`Decl` that places that node in a file, so any finding
can point at exact source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import field as dataclass_field
from typing import Literal

from analysis.frozen import fast_init
from analysis.syntax.nodes import (
    ArgList,
    Attribute,
    Block,
    Expression,
    KeyValue,
)
from analysis.syntax.nodes import (
    Field as FieldNode,
)

SCALARS = ("String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes")

FieldKind = Literal["scalar", "enum", "model", "composite", "unsupported", "unknown"]
Arity = Literal["required", "optional", "list"]
IndexKind = Literal["id", "unique", "index", "fulltext"]
RelationKind = Literal["1:1", "1:N", "N:M"]
ReferentialAction = Literal["Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"]


@fast_init  # rules make tens of thousands of spans per lint
@dataclass(frozen=True, eq=False)
class Span:
    """An absolute range in one file.

    The underscored slots are for :mod:`analysis.anchored`, which pins the span
    of a kept finding to its declaration (so that it moves with it); equality
    is by value whether a span is pinned or not."""

    __slots__ = ("_anchor", "_rel_end", "_rel_start", "end", "path", "start")
    path: str
    start: int
    end: int

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return self.start == other.start and self.end == other.end and self.path == other.path

    def __hash__(self) -> int:
        return hash((self.path, self.start, self.end))


@dataclass(slots=True, eq=False)
class Decl:
    """A top-level declaration placed in a file."""

    path: str
    offset: int
    """Offset of the declaration's segment in its file."""
    block: Block

    def span(self, node: object) -> Span:
        """The absolute span of ``node`` (any syntax node of this block)."""
        offset = self.offset
        return Span(self.path, offset + node.start, offset + node.end)  # type: ignore[attr-defined]

    @property
    def name_span(self) -> Span:
        return self.span(self.block.name)


# ---------------------------------------------------------------------------
# Configuration blocks
# ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class ConfigBlock:
    """A datasource or generator: its properties by key, in source order."""

    name: str
    decl: Decl
    properties: dict[str, KeyValue] = field(default_factory=dict)

    def string(self, key: str) -> str | None:
        """The value of ``key`` when it is a string literal (or `env("…")` → None)."""
        from analysis.syntax.nodes import StringLit

        kv = self.properties.get(key)
        if kv is not None and isinstance(kv.value, StringLit):
            return kv.value.value
        return None

    def strings(self, key: str) -> list[str]:
        """The string or identifier items of an array property."""
        from analysis.syntax.nodes import ArrayExpr, StringLit

        kv = self.properties.get(key)
        if kv is None or not isinstance(kv.value, ArrayExpr):
            return []
        out = []
        for item in kv.value.items:
            if isinstance(item, StringLit):
                out.append(item.value)
            elif (name := item_name(item)) is not None:
                out.append(name)
        return out


@dataclass(slots=True, eq=False)
class Datasource(ConfigBlock):
    provider: str | None = None
    """The provider as written (`postgres`, `postgresql`, …)."""
    relation_mode: str | None = None
    schemas: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Generator(ConfigBlock):
    provider: str | None = None
    preview_features: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Models, fields, enums, composite types
# ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class RelationAttr:
    """What a field's `@relation(...)` says."""

    attribute: Attribute | None
    name: str | None = None
    fields: list[str] | None = None
    references: list[str] | None = None
    on_delete: str | None = None
    on_update: str | None = None
    map: str | None = None


@dataclass(slots=True, eq=False)
class Field:
    """A field of a model, view or composite type, its type resolved."""

    name: str
    node: FieldNode
    owner: Model | CompositeType = field(repr=False)
    type_name: str
    kind: FieldKind
    arity: Arity
    attributes: dict[str, list[Attribute]] = field(default_factory=dict)
    target: Model | Enum | CompositeType | None = None
    db_name: str = ""
    relation_attr: RelationAttr | None = None
    relation: Relation | None = None
    native_type: Attribute | None = None
    """`@db.X(...)` (whatever the datasource's name prefix)."""

    @property
    def decl(self) -> Decl:
        return self.owner.decl

    @property
    def span(self) -> Span:
        return self.owner.decl.span(self.node)

    @property
    def name_span(self) -> Span:
        return self.owner.decl.span(self.node.name)

    @property
    def type_span(self) -> Span:
        node = self.node.type if self.node.type is not None else self.node.name
        return self.owner.decl.span(node)

    @property
    def is_list(self) -> bool:
        return self.arity == "list"

    @property
    def is_optional(self) -> bool:
        return self.arity == "optional"

    def attribute(self, name: str) -> Attribute | None:
        found = self.attributes.get(name)
        return found[0] if found else None

    @property
    def default(self) -> Attribute | None:
        return self.attribute("default")

    @property
    def is_updated_at(self) -> bool:
        return "updatedAt" in self.attributes

    @property
    def is_ignored(self) -> bool:
        return "ignore" in self.attributes


@dataclass(slots=True, eq=False)
class IndexField:
    """One entry of an index's field list: `title(sort: Desc, length: 10)`."""

    name: str
    field: Field | None = dataclass_field(repr=False)
    """``None`` when the name does not resolve (reported by validation)."""
    node: Expression | None
    sort: str | None = None
    length: int | None = None
    ops: str | None = None
    path: list[str] = dataclass_field(default_factory=list)
    """For a composite-type path like `address.street`, the segments after the first."""


@dataclass(slots=True, eq=False)
class Index:
    """A primary key, unique constraint, index or full-text index."""

    kind: IndexKind
    model: Model = field(repr=False)
    attribute: Attribute
    fields: list[IndexField]
    on_field: bool
    """Declared with a field attribute (`@id`, `@unique`) rather than `@@…`."""
    name: str | None = None
    """The client name (`name:` of @@id / @@unique)."""
    map: str | None = None
    """The explicit database name (`map:`)."""
    db_name: str = ""
    """``map`` or Prisma's default constraint name."""
    type: str | None = None
    clustered: bool | None = None

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def columns(self) -> list[str]:
        return [f.field.db_name if f.field is not None else f.name for f in self.fields]

    @property
    def span(self) -> Span:
        return self.model.decl.span(self.attribute)


@dataclass(slots=True, eq=False)
class Model:
    """A `model` or `view`."""

    name: str
    decl: Decl
    is_view: bool
    fields: list[Field] = field(default_factory=list)
    by_name: dict[str, Field] = field(default_factory=dict)
    attributes: dict[str, list[Attribute]] = field(default_factory=dict)
    db_name: str = ""
    schema: str | None = None
    primary_key: Index | None = None
    uniques: list[Index] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    """`@@index` and `@@fulltext` (kind tells which)."""

    @property
    def block(self) -> Block:
        return self.decl.block

    @property
    def is_ignored(self) -> bool:
        return "ignore" in self.attributes

    @property
    def scalar_fields(self) -> list[Field]:
        return [f for f in self.fields if f.kind not in ("model",)]

    @property
    def relation_fields(self) -> list[Field]:
        return [f for f in self.fields if f.kind == "model"]

    @property
    def all_indexes(self) -> list[Index]:
        """Primary key, uniques and indexes, in that order."""
        out = [self.primary_key] if self.primary_key is not None else []
        return [*out, *self.uniques, *self.indexes]

    def attribute(self, name: str) -> Attribute | None:
        found = self.attributes.get(name)
        return found[0] if found else None


@dataclass(slots=True, eq=False)
class EnumValueDef:
    name: str
    db_name: str
    node: object


@dataclass(slots=True, eq=False)
class Enum:
    name: str
    decl: Decl
    values: list[EnumValueDef] = field(default_factory=list)
    attributes: dict[str, list[Attribute]] = field(default_factory=dict)
    db_name: str = ""
    schema: str | None = None


@dataclass(slots=True, eq=False)
class CompositeType:
    """A `type` block (MongoDB composite type)."""

    name: str
    decl: Decl
    fields: list[Field] = field(default_factory=list)
    by_name: dict[str, Field] = field(default_factory=dict)
    attributes: dict[str, list[Attribute]] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Relations
# ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Relation:
    """Two relation fields paired (or one, when its opposite is missing).

    ``forward`` is the side Prisma calls model A's field: the one that holds
    (or must hold) the foreign key (`fields:` / `references:`) for 1:1 and
    1:N; for implicit N:M the field of the model whose name sorts first (the
    field whose name sorts first in a self relation). ``back`` is the
    opposite field, ``None`` when missing. When only the list side of a
    one-to-many exists, ``back_only`` is set and ``forward`` is that list
    field (see :mod:`analysis.model.relations`).
    """

    name: str
    """The explicit relation name, or Prisma's default `ModelAToModelB`."""
    explicit_name: bool
    kind: RelationKind
    forward: Field
    back: Field | None
    fk_fields: list[Field] = field(default_factory=list)
    """The scalar fields of `fields:` (empty when any does not resolve)."""
    referenced_fields: list[Field] = field(default_factory=list)
    """The scalar fields of `references:` (empty when any does not resolve)."""
    on_delete: str | None = None
    """The effective action: explicit, or Prisma's default for this relation."""
    on_update: str | None = None
    on_delete_explicit: bool = False
    on_update_explicit: bool = False
    back_only: bool = False
    """A one-to-many known only from its list field (``forward``), no opposite."""
    embedded: bool = False
    """A MongoDB two-way embedded many-to-many (N:M with `fields:`)."""

    @property
    def is_self(self) -> bool:
        return self.forward.target is self.forward.owner

    @property
    def referencing_model(self) -> Model:
        """The model holding the foreign key (model A)."""
        side = self.forward.target if self.back_only else self.forward.owner
        assert isinstance(side, Model)
        return side

    @property
    def referenced_model(self) -> Model | None:
        side = self.forward.owner if self.back_only else self.forward.target
        return side if isinstance(side, Model) else None

    @property
    def referencing_field(self) -> Field | None:
        """The relation field on the foreign-key side, if declared (not N:M)."""
        if self.kind == "N:M" or self.back_only:
            return None
        return self.forward

    @property
    def back_field(self) -> Field | None:
        """The relation field on the referenced side, if declared (not N:M)."""
        if self.kind == "N:M":
            return None
        return self.forward if self.back_only else self.back


# ---------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Schema:
    """Everything declared across the files of one schema."""

    decls: list[Decl] = field(default_factory=list)
    """Every block in file order (duplicates included)."""
    models: dict[str, Model] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    composite_types: dict[str, CompositeType] = field(default_factory=dict)
    datasources: list[Datasource] = field(default_factory=list)
    generators: list[Generator] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    all_models: list[Model] = field(default_factory=list)
    """Every model and view block, duplicates included."""
    all_enums: list[Enum] = field(default_factory=list)
    all_composite_types: list[CompositeType] = field(default_factory=list)
    prisma_version: int = 7
    aliases: list[tuple[str, Span]] = field(default_factory=list)
    """`type A = B` declarations (invalid: reported by validation): name and span."""
    syntax_errors: bool = False
    """Whether a file has a syntax error (Prisma then skips its schema-wide checks)."""
    referrers: dict[str, dict[int, Model | CompositeType]] | None = None
    """Type name → the models and composite types with a field of that type (by
    id), when the build kept that index: it is updated in place by the build
    after an edit, so it holds for the latest schema only."""

    @property
    def datasource(self) -> Datasource | None:
        return self.datasources[0] if self.datasources else None

    @property
    def provider(self) -> str | None:
        """The normalized provider: `postgresql`, `mysql`, `sqlite`, `sqlserver`,
        `mongodb`, `cockroachdb`, or ``None`` without a datasource."""
        ds = self.datasource
        if ds is None or ds.provider is None:
            return None
        return "postgresql" if ds.provider == "postgres" else ds.provider

    @property
    def relation_mode(self) -> str:
        """`foreignKeys` or `prisma` (MongoDB always emulates relations)."""
        ds = self.datasource
        if ds is not None and ds.relation_mode in ("prisma", "foreignKeys"):
            return ds.relation_mode
        return "prisma" if self.provider == "mongodb" else "foreignKeys"

    @property
    def preview_features(self) -> set[str]:
        return {f for g in self.generators for f in g.preview_features}

    @property
    def native_prefix(self) -> str | None:
        """The datasource name, the prefix of native type attributes (`@db.`)."""
        ds = self.datasource
        return ds.name if ds is not None else None

    def type_decl(self, name: str) -> Model | Enum | CompositeType | None:
        return self.models.get(name) or self.enums.get(name) or self.composite_types.get(name)


def argument_value(
    args: ArgList | None, name: str, position: int | None = None
) -> Expression | None:
    """The value of the argument called ``name`` or the unnamed one at ``position``."""
    if args is None:
        return None
    unnamed = 0
    for argument in args.args:
        if argument.name is not None:
            if argument.name.text == name:
                return argument.value
        else:
            if position is not None and unnamed == position:
                return argument.value
            unnamed += 1
    return None


def item_name(item: Expression) -> str | None:
    """The name a bare identifier or a call gives (`a`, `a(sort: Desc)` → ``a``), else ``None``."""
    from analysis.syntax.nodes import ConstRef, FuncCall

    if isinstance(item, ConstRef):
        return item.text
    if isinstance(item, FuncCall):
        return item.name.text
    return None
