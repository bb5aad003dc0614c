"""Completion: what may be written at the cursor.

:func:`complete` finds the block around the offset in the syntax tree (the
tree keeps blocks even when a line inside does not parse), reads the line up
to the cursor with :mod:`analysis.ide.completion_context`, and offers what
the language allows there — from :mod:`analysis.ide.language` — narrowed by
the rest of the schema: the datasource's provider and relation mode, the
Prisma version, the field's type, the model's fields, the types declared in
any file of the schema.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable

from analysis.api import Analysis
from analysis.ide import language
from analysis.ide.completion_config import config_items
from analysis.ide.completion_context import (
    ModelLine,
    following_args,
    following_items,
    model_line,
    word_range,
)
from analysis.ide.completion_items import (
    NO_COMPLETIONS,
    CompletionItem,
    CompletionKind,
    Completions,
    matches,
    strip_snippet,
)
from analysis.model.schema import SCALARS, CompositeType, Enum, Model, Schema
from analysis.syntax.nodes import Block, Segment
from analysis.validate.indexes import BRIN_BY_NATIVE, BRIN_BY_SCALAR
from analysis.validate.native_types import native_name

__all__ = ["CompletionItem", "Completions", "complete", "strip_snippet"]

MAX_ITEMS = 200
"""Most items returned at once; beyond it the list is marked incomplete, so
that a schema of thousands of models never sends them all on each keystroke."""

_TOP_LEVEL_WORD = re.compile(r"[ \t]*([\w-]*)")
_SCHEMA_NAME = re.compile(r'[ \t]*@@schema\([ \t]*(?:map:[ \t]*)?"([^"\\]*)')
_ENUM_VALUE_ATTR = re.compile(r"[ \t]*[\w-]+[ \t]+(@[\w]*)")
_ENUM_BLOCK_ATTR = re.compile(r"[ \t]*(@@?[\w]*)")


def complete(analysis: Analysis, path: str, offset: int) -> Completions:
    """The completion items at ``offset`` (code points) in the file ``path``."""
    index = next((i for i, f in enumerate(analysis.files) if f.path == path), None)
    if index is None:
        return NO_COMPLETIONS
    source, tree = analysis.files[index], analysis.trees[index]
    offset = min(max(offset, 0), len(source.text))
    lines = source.lines
    position = lines.position(offset)
    line_offset = lines.line_start(position.line)
    line = lines.line_text(position.line)
    column = position.column
    if column > len(line):
        return NO_COMPLETIONS  # between the `\r` and `\n` of a line break
    block = _block_at(tree.segments, offset)
    schema = analysis.schema
    if block is None:
        items = _keywords(line, column, line_offset)
    elif block.kind in ("datasource", "generator"):
        items = config_items(schema, block, line, column, line_offset)
    elif (m := _SCHEMA_NAME.fullmatch(line, 0, column)) is not None:
        items = _schema_names(schema, m.group(1), line, column, line_offset)
    elif block.kind == "enum":
        items = _enum_items(schema, block, line, column, line_offset)
    else:
        context = model_line(line, column)
        several_files = len(analysis.files) > 1
        items = _model_items(schema, block, context, line, column, line_offset, several_files)
    if len(items) > MAX_ITEMS:
        return Completions(tuple(items[:MAX_ITEMS]), incomplete=True)
    return Completions(tuple(items))


def _block_at(segments: tuple[Segment, ...], offset: int) -> Block | None:
    """The block whose body holds ``offset`` (after its `{`, up to its `}`)."""
    i = bisect.bisect_right(segments, offset, key=lambda s: s.offset) - 1
    if i < 0:
        return None
    seg = segments[i]
    node = seg.node
    if not isinstance(node, Block):
        return None
    body_start = seg.offset + node.open_brace
    body_end = seg.offset + node.close_brace if node.close_brace is not None else seg.end
    return node if body_start < offset <= body_end else None


# ---------------------------------------------------------------------------
# Top level
# ---------------------------------------------------------------------------


def _keywords(line: str, column: int, line_offset: int) -> list[CompletionItem]:
    m = _TOP_LEVEL_WORD.fullmatch(line[:column])
    if m is None:
        return []
    start, end = word_range(line, column)
    typed = line[start:column]
    return [
        CompletionItem(k.name, "keyword", line_offset + start, line_offset + end, k.snippet,
                       True, documentation=k.doc, sort_text=f"{i:02}")
        for i, k in enumerate(language.KEYWORDS)
        if matches(typed, k.name)
    ]


def _schema_names(
    schema: Schema, typed: str, line: str, column: int, line_offset: int
) -> list[CompletionItem]:
    """`@@schema("…")`: the database schemas the datasource lists."""
    names = schema.datasource.schemas if schema.datasource is not None else []
    start = line_offset + column - len(typed)
    rest = re.match(r'[^"\\]*', line[column:])
    end = line_offset + column + (len(rest.group()) if rest is not None else 0)
    return [CompletionItem(name, "value", start, end, name, detail="database schema",
                           sort_text=f"{i:03}")
            for i, name in enumerate(names) if matches(typed, name)]


# ---------------------------------------------------------------------------
# Enums
# ---------------------------------------------------------------------------


def _enum_items(
    schema: Schema, block: Block, line: str, column: int, line_offset: int
) -> list[CompletionItem]:
    before = line[:column]
    start, end = word_range(line, column)
    m = _ENUM_BLOCK_ATTR.fullmatch(before)
    if m is not None or not line.strip():
        # `@@…`, or an empty line, where only a block attribute can start without a name.
        typed = m.group(1) if m is not None else ""
        at = line_offset + column - len(typed)
        present = {a.name.text for a in block.attributes}
        infos = [a for a in language.block_attributes()
                 if "enum" in a.on and a.allowed(schema.provider) and a.name not in present
                 and (a.name != "schema" or _has_schemas(schema))]
        return _attribute_items(infos, typed, at, line_offset + end)
    if (m := _ENUM_VALUE_ATTR.fullmatch(before)) is not None:
        at = line_offset + column - len(m.group(1))
        present = {n for n in re.findall(r"@(\w+)", line[: start] + line[end:])}
        infos = [a for a in language.field_attributes()
                 if "enum_value" in a.on and a.name not in present]
        return _attribute_items(infos, m.group(1), at, line_offset + end)
    return []


# ---------------------------------------------------------------------------
# Models, views and composite types
# ---------------------------------------------------------------------------


def _model_items(
    schema: Schema,
    block: Block,
    ctx: ModelLine,
    line: str,
    column: int,
    line_offset: int,
    several_files: bool,
) -> list[CompletionItem]:
    start, end = line_offset + ctx.word_start, line_offset + ctx.word_end
    if ctx.kind == "field_type":
        return _field_types(schema, block, ctx.prefix, start, end, several_files)
    if ctx.kind == "attribute":
        if ctx.block_level:
            return _block_attributes(schema, block, ctx.prefix, start, end)
        return _field_attributes(schema, block, ctx, start, end)
    if ctx.kind == "native_type":
        return _native_types(schema, ctx, start, end)
    if ctx.kind == "arg_name":
        return _arg_names(schema, block, ctx, line, column, start, end)
    if ctx.kind == "arg_value":
        if ctx.arg == "ops":
            return _operator_classes(schema, block, ctx, line, start, end)
        return _arg_values(schema, block, ctx, start, end)
    if ctx.kind == "list_item":
        listed = {*ctx.listed, *following_items(line, column)} - {ctx.prefix}
        return _list_items(schema, block, ctx, listed, start, end)
    return []


def _owner(schema: Schema, block: Block) -> Model | CompositeType | None:
    name = block.name.text
    if block.kind == "type":
        return schema.composite_types.get(name)
    return schema.models.get(name)


def _field_types(
    schema: Schema, block: Block, typed: str, start: int, end: int, several_files: bool
) -> list[CompletionItem]:
    """Scalars, then the schema's models, enums and composite types (the file named
    in ``detail`` when the schema has several)."""
    provider = schema.provider
    items = []
    for i, scalar in enumerate(language.SCALAR_TYPES):
        if not matches(typed, scalar.name) or not _scalar_allowed(scalar.name, provider):
            continue
        insert, snippet = scalar.name, False
        if scalar.name == "Unsupported":
            insert, snippet = 'Unsupported("$0")', True
        items.append(CompletionItem(scalar.name, "scalar", start, end, insert, snippet,
                                    detail="scalar type", documentation=scalar.doc,
                                    sort_text=f"0{i:02}"))
    for rank, name in enumerate(_type_names(schema, block.kind != "type", typed)):
        target = (schema.models.get(name) if block.kind != "type" else None) or (
            schema.enums.get(name) or schema.composite_types.get(name))
        if isinstance(target, Model):
            kind: CompletionKind = "model"
            what = "view" if target.is_view else "model"
        elif isinstance(target, Enum):
            kind, what = "enum", "enum"
        elif isinstance(target, CompositeType):
            kind, what = "composite", "composite type"
        else:
            continue
        path = target.decl.path
        detail = f"{what} · {path.rsplit('/', 1)[-1]}" if several_files else what
        items.append(CompletionItem(name, kind, start, end, name, detail=detail,
                                    documentation=target.decl.block.doc,
                                    sort_text=f"1{rank:05}"))
    return items


def _type_names(schema: Schema, with_models: bool, typed: str) -> list[str]:
    """The declared type names that fit ``typed``, those starting with it first,
    at most MAX_ITEMS + 1 (enough to tell that the list was cut).

    A schema may declare thousands of types and this runs on each keystroke, so
    it allocates nothing per name it drops: names are compared as they are
    (case-sensitive order, which PascalCase names make natural).
    """
    names: list[str] = [*schema.models] if with_models else []
    names += schema.enums
    names += schema.composite_types
    limit = MAX_ITEMS + 1
    if not typed:
        return heapq.nsmallest(limit, names)
    first = (typed[0].lower(), typed[0].upper())
    names = [n for n in names if n.startswith(first) and matches(typed, n)]
    lowered = typed.lower()
    starting = [n for n in names if n.lower().startswith(lowered)]
    chosen = heapq.nsmallest(limit, starting)
    if len(chosen) < limit:
        others = set(starting)
        chosen += heapq.nsmallest(limit - len(chosen), (n for n in names if n not in others))
    return chosen


def _scalar_allowed(name: str, provider: str | None) -> bool:
    if provider == "mongodb":
        return name not in ("Decimal", "Unsupported")
    if provider == "sqlserver":
        return name != "Json"
    return True


def _field_kind(schema: Schema, block: Block, field_type: str | None) -> str:
    """How the attribute catalog names this field's kind (see `AttributeInfo.on`)."""
    if block.kind == "type":
        return "composite_field"
    if field_type is None or field_type in SCALARS:
        return "scalar"
    if field_type == "Unsupported":
        return "unsupported"
    if field_type in schema.enums:
        return "enum"
    if field_type in schema.models:
        return "relation"
    if field_type in schema.composite_types:
        return "composite"
    return "scalar"


def _field_attributes(
    schema: Schema, block: Block, ctx: ModelLine, start: int, end: int
) -> list[CompletionItem]:
    kind = _field_kind(schema, block, ctx.field_type)
    provider = schema.provider
    previews = {f.lower() for f in schema.preview_features}
    present = set(ctx.present)
    infos = []
    for info in language.field_attributes():
        if info.name in present:
            continue
        if kind not in info.on and not (kind == "composite_field" and info.name == "map"):
            continue
        if info.scalars is not None and (
            kind != "scalar" or ctx.field_type not in info.scalars or ctx.is_list
        ):
            continue
        if not info.allowed(provider) or (
            info.preview is not None and info.preview.lower() not in previews
        ):
            continue
        infos.append(info)
    items = _attribute_items(infos, ctx.prefix, start, end)
    prefix = schema.native_prefix
    natives_ok = kind in ("scalar", "composite_field") and ctx.field_type in SCALARS
    if prefix is not None and natives_ok and not any("." in p for p in present):
        assert ctx.field_type is not None
        for i, native in enumerate(language.native_types_for(provider, ctx.field_type)):
            label = f"@{prefix}.{native.name}"
            if matches(ctx.prefix, label):
                items.append(CompletionItem(
                    label, "native_type", start, end, f"@{prefix}.{native.snippet}",
                    native.required > 0, detail=f"@{prefix}.{native.signature}",
                    documentation=native.doc, sort_text=f"2{i:03}"))
    return items


def _block_attributes(
    schema: Schema, block: Block, typed: str, start: int, end: int
) -> list[CompletionItem]:
    owner = _owner(schema, block)
    present = set(getattr(owner, "attributes", {})) if owner is not None else set()
    previews = {f.lower() for f in schema.preview_features}
    infos = []
    for info in language.block_attributes():
        if block.kind not in info.on or not info.allowed(schema.provider):
            continue
        if info.name in present and info.name not in ("index", "unique", "fulltext"):
            continue
        if info.preview is not None and info.preview.lower() not in previews:
            continue
        if info.name == "schema" and not _has_schemas(schema):
            continue
        infos.append(info)
    return _attribute_items(infos, typed, start, end)


def _has_schemas(schema: Schema) -> bool:
    return schema.datasource is not None and bool(schema.datasource.schemas)


def _attribute_items(
    infos: Iterable[language.AttributeInfo], typed: str, start: int, end: int
) -> list[CompletionItem]:
    items = []
    for i, info in enumerate(infos):
        if not matches(typed, info.label):
            continue
        prefix = "@@" if info.block else "@"
        snippet = "$" in info.snippet
        items.append(CompletionItem(info.label, "attribute", start, end, prefix + info.snippet,
                                    snippet, detail=info.signature, documentation=info.doc,
                                    sort_text=f"1{i:03}"))
    return items


def _native_types(schema: Schema, ctx: ModelLine, start: int, end: int) -> list[CompletionItem]:
    if ctx.native_prefix != schema.native_prefix or ctx.field_type not in SCALARS:
        return []
    assert ctx.field_type is not None
    return [
        CompletionItem(n.name, "native_type", start, end, n.snippet, n.required > 0,
                       detail=f"@{ctx.native_prefix}.{n.signature}", documentation=n.doc,
                       sort_text=f"{i:03}")
        for i, n in enumerate(language.native_types_for(schema.provider, ctx.field_type))
        if matches(ctx.prefix, n.name)
    ]


# ---------------------------------------------------------------------------
# Inside an attribute's parentheses
# ---------------------------------------------------------------------------

_INDEXES = ("id", "unique", "index", "fulltext")


def _arg_names(
    schema: Schema, block: Block, ctx: ModelLine, line: str, column: int, start: int, end: int
) -> list[CompletionItem]:
    if ctx.attribute is None:
        return []
    info = language.attribute(ctx.attribute, ctx.block_level)
    if info is None:
        return []
    seen = {*ctx.seen, *following_args(line, column)}
    items: list[CompletionItem] = []
    if len(ctx.path) == 1:
        if info.name == "default" and not ctx.block_level and ctx.positional == 0 and not seen:
            items += _default_values(schema, ctx, start, end)
        for i, arg in enumerate(info.args):
            if arg.name in seen or (arg.positional and ctx.positional > 0):
                continue
            if info.name == "default" and arg.name == "value":
                continue  # offered as the values themselves
            if arg.name == "map" and info.name == "default" and schema.provider != "sqlserver":
                continue  # only SQL Server names default constraints
            if arg.name == "clustered" and schema.provider != "sqlserver":
                continue
            if arg.name == "length" and schema.provider != "mysql":
                continue
            if arg.name == "type" and not language.index_types(schema.provider):
                continue
            items.append(_argument_item(arg, i, ctx.prefix, start, end))
        return [it for it in items if matches(ctx.prefix, it.label)]
    if len(ctx.path) == 3 and ctx.block_level and ctx.path[:2] in (
        (name, "fields") for name in _INDEXES
    ):
        args = [language.AttributeArg("sort", "SortOrder", doc="`Asc` or `Desc`.")]
        if schema.provider == "mysql":
            args.append(language.AttributeArg("length", "Int", doc="Index only a prefix of "
                                              "this many characters or bytes."))
        if schema.provider == "postgresql" and ctx.path[0] == "index":
            args.append(language.AttributeArg("ops", "OperatorClass",
                                              doc="The operator class of the index on this "
                                                  "column."))
        return [_argument_item(a, i, ctx.prefix, start, end) for i, a in enumerate(args)
                if a.name not in seen and matches(ctx.prefix, a.name)]
    return []


def _argument_item(
    arg: language.AttributeArg, index: int, typed: str, start: int, end: int
) -> CompletionItem:
    if arg.type.endswith("[]"):
        insert, snippet = f"{arg.name}: [$0]", True
    elif arg.type == "String":
        insert, snippet = f'{arg.name}: "$0"', True
    else:
        insert, snippet = f"{arg.name}: ", False
    optional = "?" if arg.optional else ""
    return CompletionItem(f"{arg.name}: ", "argument", start, end, insert, snippet,
                          detail=f"{arg.name}: {arg.type}{optional}",
                          documentation=arg.doc or None, sort_text=f"5{index:02}")


def _default_values(
    schema: Schema, ctx: ModelLine, start: int, end: int
) -> list[CompletionItem]:
    """The values `@default(` may take for this field."""
    items: list[CompletionItem] = []
    field_type = ctx.field_type
    if field_type is None:
        return items
    if ctx.is_list:
        # A list takes a list of literals, no function.
        items.append(CompletionItem("[]", "value", start, end, "[$0]", True,
                                    detail="A list of values", sort_text="000"))
        return [it for it in items if matches(ctx.prefix, it.label)]
    enum = schema.enums.get(field_type)
    if enum is not None and not ctx.is_list:
        for i, value in enumerate(enum.values):
            items.append(CompletionItem(value.name, "value", start, end, value.name,
                                        detail=f"{enum.name} value", sort_text=f"0{i:04}"))
        return [it for it in items if matches(ctx.prefix, it.label)]
    if field_type == "Boolean" and not ctx.is_list:
        for i, word in enumerate(("true", "false")):
            items.append(CompletionItem(word, "value", start, end, word, sort_text=f"0{i}"))
    scalar = field_type if field_type in SCALARS else (
        None if field_type == "Unsupported" else field_type)
    if field_type in SCALARS or field_type == "Unsupported":
        for i, fn in enumerate(language.default_functions(scalar, schema.provider)):
            items.append(CompletionItem(fn.label, "function", start, end, fn.snippet,
                                        "$" in fn.snippet, detail=f"@default({fn.label})",
                                        documentation=fn.doc, sort_text=f"1{i:02}"))
    return [it for it in items if matches(ctx.prefix, it.label)]


def _arg_values(
    schema: Schema, block: Block, ctx: ModelLine, start: int, end: int
) -> list[CompletionItem]:
    arg = ctx.arg
    choices: list[tuple[str, str | None, str | None]] = []
    if ctx.attribute == "relation" and len(ctx.path) == 1 and arg in ("onDelete", "onUpdate"):
        choices = [(a.name, a.detail, a.doc)
                   for a in language.referential_actions(schema.provider, schema.relation_mode)]
    elif arg == "sort":
        choices = [(c.name, c.doc, None) for c in language.SORT_ORDERS]
    elif arg == "type" and ctx.attribute == "index" and len(ctx.path) == 1:
        choices = [(c.name, c.doc, None) for c in language.index_types(schema.provider)]
    elif arg == "clustered":
        choices = [("true", None, None), ("false", None, None)]
    elif arg == "value" and ctx.attribute == "default" and len(ctx.path) == 1:
        return _default_values(schema, ctx, start, end)
    return [
        CompletionItem(name, "value", start, end, name, detail=detail, documentation=doc,
                       sort_text=f"{i:02}")
        for i, (name, detail, doc) in enumerate(choices)
        if matches(ctx.prefix, name)
    ]


def _list_items(
    schema: Schema, block: Block, ctx: ModelLine, listed: set[str], start: int, end: int
) -> list[CompletionItem]:
    owner = _owner(schema, block)
    if not isinstance(owner, Model) or ctx.attribute is None or len(ctx.path) != 2:
        return []
    preselect: str | None = None
    if ctx.attribute == "relation" and not ctx.block_level:
        if ctx.arg == "fields":
            fields = owner.scalar_fields
        elif ctx.arg == "references":
            target = schema.models.get(ctx.field_type or "")
            if target is None:
                return []
            fields = target.scalar_fields
            key = target.primary_key
            if key is not None and len(key.fields) == 1:
                preselect = key.fields[0].name
        else:
            return []
    elif ctx.block_level and ctx.attribute in (*_INDEXES, "shardKey") and ctx.arg == "fields":
        fields = owner.scalar_fields
        if ctx.attribute == "fulltext":
            fields = [f for f in fields if f.type_name == "String"]
    else:
        return []
    fields = [f for f in fields if f.kind not in ("unknown",)]
    return [
        CompletionItem(f.name, "field", start, end, f.name,
                       detail=f"{f.type_name}{'?' if f.is_optional else '[]' if f.is_list else ''}",
                       documentation=f.node.doc, sort_text=f"{i:04}",
                       preselect=f.name == preselect)
        for i, f in enumerate(fields)
        if f.name not in listed and matches(ctx.prefix, f.name)
    ]


_INDEX_TYPE = re.compile(r"\btype:\s*(\w+)")
_OPS_ORDER = ("BloomOps", "MinMaxOps", "MinMaxMultiOps", "InclusionOps")


def _operator_classes(
    schema: Schema, block: Block, ctx: ModelLine, line: str, start: int, end: int
) -> list[CompletionItem]:
    """`@@index([field(ops: …)], type: …)`: PostgreSQL's operator classes for the
    field's type under that index type, then `raw("…")` for any other."""
    owner = _owner(schema, block)
    if (schema.provider != "postgresql" or not ctx.block_level or ctx.attribute != "index"
            or len(ctx.path) != 3 or not isinstance(owner, Model)):
        return []
    fld = owner.by_name.get(ctx.path[2])
    written = _INDEX_TYPE.search(line)
    algo = written.group(1) if written is not None else "BTree"
    if fld is None or algo in ("BTree", "Hash"):
        return []
    native = native_name(fld)
    scalar = fld.type_name if fld.kind == "scalar" else ""
    names: list[str] = []
    if algo == "Brin" and not fld.is_list:
        family = BRIN_BY_NATIVE.get(native or "") if native else BRIN_BY_SCALAR.get(scalar)
        names = sorted(family or (), key=lambda n: next(
            i for i, suffix in enumerate(_OPS_ORDER) if n.endswith(suffix)))
    elif algo == "Gin":
        if fld.is_list:
            names = ["ArrayOps"]
        elif scalar == "Json":
            names = ["JsonbOps", "JsonbPathOps"]
    elif algo in ("Gist", "SpGist") and native == "Inet":
        names = ["InetOps"]
    elif algo == "SpGist" and scalar == "String" and native in (None, "Text", "VarChar"):
        names = ["TextOps"]
    items = [CompletionItem(n, "value", start, end, n, sort_text=f"{i:02}")
             for i, n in enumerate(names) if matches(ctx.prefix, n)]
    if matches(ctx.prefix, "raw"):
        items.append(CompletionItem("raw", "function", start, end, 'raw("$0")', True,
                                    detail='raw("operator class")',
                                    documentation="Any operator class, written as PostgreSQL "
                                                  "names it.", sort_text="99"))
    return items
