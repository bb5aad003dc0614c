"""What a name in the source refers to, and everywhere that thing is named.

The core of navigation (definition, references, rename): every name the
schema gives or uses becomes an :class:`Occurrence` — a span, the
:class:`Symbol` it names and whether it is the declaration. The names
recognized are

* block names (`model`, `view`, `enum`, `type`, `datasource`), field names and
  enum value names, as declarations;
* the type of a field (`author User?`) → the model, view, enum or composite
  type;
* `fields: [...]` of `@relation` → fields of the model holding it, and
  `references: [...]` → fields of the related model;
* the field lists of `@@id`, `@@unique`, `@@index`, `@@fulltext` and
  `@@shardKey` (plain, `fields: [...]`, `title(sort: Desc)`), each segment of
  a composite path (`address.street`) resolved through the composite types;
* enum values in `@default(VALUE)` / `@default([A, B])` of an enum field;
* the datasource name in native types (`db` of `@db.VarChar(255)`).

Finding the name at an offset walks one declaration. Finding every mention
of a symbol walks only the declarations that can mention it: its own, and
those with a field whose type is the symbol (or the symbol's model, enum or
composite type) — one pass over the fields' resolved targets, no index to
keep in step with edits.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from analysis.api import Analysis
from analysis.model.schema import (
    CompositeType,
    Datasource,
    Decl,
    Enum,
    EnumValueDef,
    Field,
    Model,
    Schema,
    Span,
    argument_value,
)
from analysis.syntax.nodes import (
    ArrayExpr,
    Block,
    ConstRef,
    EnumValue,
    Expression,
    FuncCall,
    Ident,
)

SymbolKind = Literal["model", "view", "enum", "type", "field", "enum_value", "datasource"]

Entity = Model | Enum | CompositeType | Field | EnumValueDef | Datasource
"""The model object a symbol stands for (identity tells symbols apart)."""

Owner = Model | CompositeType

#: Block attributes whose first argument (or `fields:`) lists fields of the model.
FIELD_LIST_ATTRIBUTES = frozenset({"id", "unique", "index", "fulltext", "shardKey"})


@dataclass(frozen=True, slots=True, eq=False)
class Symbol:
    """Something declared with a name: a block, a field, an enum value."""

    kind: SymbolKind
    name: str
    declaration: Span
    """The span of the declared name."""
    container: str | None
    """The model, view, composite type or enum of a field or an enum value."""
    entity: Entity
    parent: Model | Enum | CompositeType | None
    """The declaration holding a field or an enum value."""

    def same(self, other: Symbol) -> bool:
        """Do both stand for the same declaration?"""
        return self.entity is other.entity


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place where a symbol is named."""

    span: Span
    symbol: Symbol
    is_declaration: bool


# ---------------------------------------------------------------------------
# Symbols of the model's objects
# ---------------------------------------------------------------------------


def block_symbol(entity: Model | Enum | CompositeType) -> Symbol:
    if isinstance(entity, Model):
        kind: SymbolKind = "view" if entity.is_view else "model"
    elif isinstance(entity, Enum):
        kind = "enum"
    else:
        kind = "type"
    return Symbol(kind, entity.name, entity.decl.name_span, None, entity, None)


def field_symbol(fld: Field) -> Symbol:
    return Symbol("field", fld.name, fld.name_span, fld.owner.name, fld, fld.owner)


def enum_value_symbol(enum: Enum, value: EnumValueDef) -> Symbol:
    node = value.node
    assert isinstance(node, EnumValue)
    return Symbol("enum_value", value.name, enum.decl.span(node.name), enum.name, value, enum)


def datasource_symbol(ds: Datasource) -> Symbol:
    return Symbol("datasource", ds.name, ds.decl.name_span, None, ds, None)


def entity_of(schema: Schema, block: Block) -> Model | Enum | CompositeType | Datasource | None:
    """The model object built from ``block`` (duplicated names included)."""
    name = block.name.text
    first = schema.type_decl(name)
    if first is not None and first.decl.block is block:
        return first
    if block.kind in ("model", "view"):
        return next((m for m in schema.all_models if m.decl.block is block), None)
    if block.kind == "enum":
        return next((e for e in schema.all_enums if e.decl.block is block), None)
    if block.kind == "type":
        return next((t for t in schema.all_composite_types if t.decl.block is block), None)
    if block.kind == "datasource":
        return next((d for d in schema.datasources if d.decl.block is block), None)
    return None


# ---------------------------------------------------------------------------
# Occurrences in one declaration
# ---------------------------------------------------------------------------


def occurrences_in(
    schema: Schema, entity: Model | Enum | CompositeType | Datasource, text: str
) -> Iterator[Occurrence]:
    """Every name given or used in ``entity``'s block, in source order per member.

    ``text`` is the text of the block's file (used to place the segments of a
    dotted path written with spaces around its dots).
    """
    if isinstance(entity, Datasource):
        yield Occurrence(entity.decl.name_span, datasource_symbol(entity), True)
        return
    yield Occurrence(entity.decl.name_span, block_symbol(entity), True)
    if isinstance(entity, Enum):
        for value in entity.values:
            symbol = enum_value_symbol(entity, value)
            yield Occurrence(symbol.declaration, symbol, True)
        return
    ds = schema.datasource
    prefix = ds.name + "." if ds is not None and ds.name else None
    for fld in entity.fields:
        yield from _field_occurrences(entity, fld, ds, prefix)
    if isinstance(entity, Model):
        for attribute in entity.decl.block.attributes:
            if attribute.name.text in FIELD_LIST_ATTRIBUTES:
                listed = argument_value(attribute.args, "fields", 0)
                yield from _field_list_occurrences(entity, listed, text)


def _field_occurrences(
    owner: Owner, fld: Field, ds: Datasource | None, prefix: str | None
) -> Iterator[Occurrence]:
    decl = owner.decl
    yield Occurrence(fld.name_span, field_symbol(fld), True)
    node = fld.node
    target = fld.target
    if node.type is not None and target is not None and node.type.unsupported is None:
        yield Occurrence(decl.span(node.type.name), block_symbol(target), False)
    for attribute in node.attributes:
        name = attribute.name.text
        if name == "relation" and isinstance(target, Model) and isinstance(owner, Model):
            yield from _names_of(decl, owner, argument_value(attribute.args, "fields"))
            yield from _names_of(decl, target, argument_value(attribute.args, "references"))
        elif name == "default" and isinstance(target, Enum):
            yield from _enum_values_of(decl, target, argument_value(attribute.args, "value", 0))
        elif ds is not None and prefix is not None and name.startswith(prefix):
            start = decl.offset + attribute.name.start
            span = Span(decl.path, start, start + len(ds.name))
            yield Occurrence(span, datasource_symbol(ds), False)


def _list_items(value: Expression | None) -> list[Expression]:
    if isinstance(value, ArrayExpr):
        return list(value.items)
    return [value] if value is not None else []


def _names_of(decl: Decl, model: Model, value: Expression | None) -> Iterator[Occurrence]:
    """The fields of ``model`` named in a `fields:` / `references:` list."""
    for item in _list_items(value):
        ident: ConstRef | Ident
        if isinstance(item, ConstRef):
            ident = item
        elif isinstance(item, FuncCall):
            ident = item.name
        else:
            continue
        fld = model.by_name.get(ident.text)
        if fld is not None:
            yield Occurrence(decl.span(ident), field_symbol(fld), False)


def _enum_values_of(decl: Decl, enum: Enum, value: Expression | None) -> Iterator[Occurrence]:
    for item in _list_items(value):
        if isinstance(item, ConstRef):
            found = next((v for v in enum.values if v.name == item.text), None)
            if found is not None:
                yield Occurrence(decl.span(item), enum_value_symbol(enum, found), False)


def _field_list_occurrences(
    model: Model, value: Expression | None, text: str
) -> Iterator[Occurrence]:
    """The fields named by an index's list, each segment of a composite path resolved."""
    decl = model.decl
    for item in _list_items(value):
        if isinstance(item, ConstRef):
            path, start, end = item.text, item.start, item.end
        elif isinstance(item, FuncCall):
            path, start, end = item.name.text, item.name.start, item.name.end
        else:
            continue
        owner: Owner | None = model
        for segment, seg_start, seg_end in path_segments(
            text, path, decl.offset + start, decl.offset + end
        ):
            fld = owner.by_name.get(segment) if owner is not None else None
            if fld is None:
                break
            yield Occurrence(Span(decl.path, seg_start, seg_end), field_symbol(fld), False)
            owner = fld.target if isinstance(fld.target, CompositeType) else None


def path_segments(text: str, path: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The names of a dotted path with their absolute spans.

    ``path`` is the path without blanks (as the parser joins it); ``start``
    and ``end`` are where it is written in ``text``, blanks around dots
    included.
    """
    names = path.split(".")
    if end - start == len(path):
        out, at = [], start
        for name in names:
            out.append((name, at, at + len(name)))
            at += len(name) + 1
        return out
    out, at = [], start
    for name in names:
        found = text.find(name, at, end)
        if found < 0:
            break
        out.append((name, found, found + len(name)))
        at = found + len(name)
    return out


# ---------------------------------------------------------------------------
# The name at an offset
# ---------------------------------------------------------------------------


def file_text(analysis: Analysis, path: str) -> str | None:
    for source in analysis.files:
        if source.path == path:
            return source.text
    return None


def block_at(analysis: Analysis, path: str, offset: int) -> tuple[int, Block] | None:
    """The block whose segment holds ``offset`` in ``path``, with the segment offset."""
    for source, tree in zip(analysis.files, analysis.trees, strict=True):
        if source.path != path:
            continue
        segments = tree.segments
        index = bisect.bisect_right(segments, offset, key=lambda s: s.offset) - 1
        # An offset at a segment's very end (end of file) belongs to that segment.
        if index < 0:
            return None
        node = segments[index].node
        if isinstance(node, Block):
            return segments[index].offset, node
        return None
    return None


def occurrence_at(analysis: Analysis, path: str, offset: int) -> Occurrence | None:
    """The name at ``offset`` (a cursor just after a name counts) and what it names."""
    found = block_at(analysis, path, offset)
    text = file_text(analysis, path)
    if found is None or text is None:
        return None
    _, block = found
    entity = entity_of(analysis.schema, block)
    if entity is None:
        return None
    for occurrence in occurrences_in(analysis.schema, entity, text):
        span = occurrence.span
        if span.path == path and span.start <= offset <= span.end:
            return occurrence
    return None


# ---------------------------------------------------------------------------
# Every occurrence of a symbol
# ---------------------------------------------------------------------------


def occurrences_of(analysis: Analysis, symbol: Symbol) -> list[Occurrence]:
    """Every place ``symbol`` is named, the declaration first, then in file order."""
    schema = analysis.schema
    texts = {source.path: source.text for source in analysis.files}
    home: Model | Enum | CompositeType | Datasource
    if symbol.kind in ("field", "enum_value"):
        assert symbol.parent is not None
        home = symbol.parent
    else:
        assert isinstance(symbol.entity, Model | Enum | CompositeType | Datasource)
        home = symbol.entity
    scanned: list[Model | Enum | CompositeType | Datasource]
    if isinstance(home, Datasource):
        scanned = [
            home,
            *(o for o in _owners(schema) if any(f.native_type is not None for f in o.fields)),
        ]
    elif isinstance(home, CompositeType):
        # Index paths reach a composite type's fields through other composite types.
        scanned = [
            home,
            *(
                o
                for o in _owners(schema)
                if o is not home and any(f.kind == "composite" for f in o.fields)
            ),
        ]
    else:
        scanned = [home, *(o for o in _owners(schema) if o is not home and _mentions(o, home))]
    found: list[Occurrence] = []
    for entity in scanned:
        text = texts.get(entity.decl.path, "")
        found.extend(o for o in occurrences_in(schema, entity, text) if o.symbol.same(symbol))
    order = {source.path: i for i, source in enumerate(analysis.files)}
    found.sort(key=lambda o: (not o.is_declaration, order.get(o.span.path, 0), o.span.start))
    return found


def _owners(schema: Schema) -> Iterator[Owner]:
    yield from schema.all_models
    yield from schema.all_composite_types


def _mentions(owner: Owner, target: object) -> bool:
    """Does a field of ``owner`` have ``target`` as its type?"""
    return any(f.target is target for f in owner.fields)
