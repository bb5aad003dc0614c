"""Hover: what the thing under the cursor is, in markdown.

:func:`hover` answers for one code-point offset of one file of a checked
schema. It combines two kinds of content, separated by a rule (`___`):

* the diagnostics whose range holds the offset, most severe first: code, name,
  severity and documentation link, the message, then the rule's explanation
  (the same text as `prisma-architect rule CODE`) or, for Prisma's own errors,
  what the code stands for;
* what the name under the cursor is: a model (its table, fields, keys,
  indexes with their database names, relations out and in), a field (its
  column and database type on this provider, the keys and indexes it is part
  of, and for a relation field its foreign key and referential actions), an
  enum or enum value, a composite type, a datasource or generator, or — from
  :mod:`analysis.ide.language` — a keyword, attribute, argument, referential
  action, `@default` function, native type or configuration key.

The returned range is where all of that holds: the intersection of the
diagnostics' ranges and the name's span. Everything is read from the model
per request, nothing is cached (so nothing can go stale after an edit): a
pass over the declarations to find the hovered one, a binary search into the
diagnostics, one walk of the declaration, and at most one pass over the
schema's relations (or fields, for the users of an enum or composite type).
At 5,000 models that is a few milliseconds.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from analysis.check import CheckResult
from analysis.diagnostics import Diagnostic
from analysis.ide import language
from analysis.ide.db_types import column_type, default_type, enum_type
from analysis.ide.links import rule_url
from analysis.model.names import constraint_name
from analysis.model.schema import (
    CompositeType,
    ConfigBlock,
    Datasource,
    Decl,
    Enum,
    EnumValueDef,
    Field,
    Index,
    IndexField,
    Model,
    Relation,
    Schema,
)
from analysis.output import code_info
from analysis.syntax.nodes import (
    ArrayExpr,
    Attribute,
    ConstRef,
    EnumValue,
    Expression,
    FuncCall,
    Ident,
    KeyValue,
    NumberLit,
    StringLit,
)
from analysis.syntax.nodes import Field as FieldNode
from analysis.validate.codes import MEANING
from analysis.validate.config import PROVIDER_NAMES

#: Separates the parts of a hover (Prisma's own server uses the same rule).
RULE = "\n___\n"
#: Separates a diagnostic's explanation from the next diagnostic or the symbol.
PART_RULE = "\n\n___\n\n"

#: Providers whose primary keys have a name of their own (MySQL's is always
#: `PRIMARY`, SQLite's has none, MongoDB's is `_id`).
_NAMED_PRIMARY_KEYS = frozenset({"postgresql", "cockroachdb", "sqlserver"})
_SQL = frozenset({"postgresql", "cockroachdb", "mysql", "sqlserver", "sqlite"})
_INDEX_WORDS = {
    "id": "primary key",
    "unique": "unique",
    "index": "index",
    "fulltext": "full-text index",
}
_KIND_WORDS = {"1:1": "one-to-one", "1:N": "one-to-many", "N:M": "many-to-many"}
_INDEX_ATTRIBUTES = frozenset({"id", "unique", "index", "fulltext", "shardKey"})

Texts = dict[str, str]
"""The text of each file of the schema, by path."""


@dataclass(frozen=True, slots=True)
class HoverInfo:
    """Markdown for ``[start, end)`` of the file at ``path`` (code-point offsets)."""

    path: str
    start: int
    end: int
    markdown: str


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    end: int
    markdown: str


def hover(result: CheckResult, path: str, offset: int) -> HoverInfo | None:
    """The hover at ``offset`` of the file at ``path``, or ``None`` when there is
    nothing to say (whitespace, comments, an unknown file or offset)."""
    analysis = result.analysis
    order = {f.path: i for i, f in enumerate(analysis.files)}
    index = order.get(path)
    if index is None or not 0 <= offset <= len(analysis.files[index].text):
        return None
    decl = _decl_before(analysis.schema, order, index, offset)
    # A diagnostic lies within one declaration's segment (or the trivia after
    # it), so none that starts before the segment holding ``offset`` covers it.
    floor = decl.offset if decl is not None else 0
    diagnostics = _diagnostics_at(result, order, index, floor, offset)
    diagnostics.sort(key=lambda d: (-d.severity, d.start, d.end, d.code))
    parts = [_Part(d.start, d.end, diagnostic_markdown(d)) for d in diagnostics]
    if decl is not None and decl.offset + decl.block.start <= offset < decl.offset + decl.block.end:
        texts = {f.path: f.text for f in analysis.files}
        symbol = _symbol_part(analysis.schema, texts, decl, offset)
        if symbol is not None:
            parts.append(symbol)
    if not parts:
        return None
    start = max(p.start for p in parts)
    end = min(p.end for p in parts)
    return HoverInfo(path, start, max(start, end), PART_RULE.join(p.markdown for p in parts))


def _decl_before(
    schema: Schema, order: dict[str, int], index: int, offset: int
) -> Decl | None:
    """The last declaration of file number ``index`` whose segment starts at or
    before ``offset`` (``schema.decls`` is in file order, then by offset)."""
    missing = len(order)
    decls = schema.decls
    at = bisect.bisect_right(
        decls, (index, offset), key=lambda d: (order.get(d.path, missing), d.offset)
    )
    if at == 0 or order.get(decls[at - 1].path) != index:
        return None
    return decls[at - 1]


def _diagnostics_at(
    result: CheckResult, order: dict[str, int], index: int, floor: int, offset: int
) -> list[Diagnostic]:
    """The diagnostics of file number ``index`` whose range holds ``offset`` (an
    empty range holds its own offset), looking only at those that start
    between ``floor`` and ``offset``.

    ``result.diagnostics`` is in file order, then by start: two binary
    searches find that stretch (a few among tens of thousands).
    """
    missing = len(order)
    diagnostics = result.diagnostics

    def key(d: Diagnostic) -> tuple[int, int]:
        return (order.get(d.path, missing), d.start)

    low = bisect.bisect_left(diagnostics, (index, floor), key=key)
    high = bisect.bisect_right(diagnostics, (index, offset), lo=low, key=key)
    return [
        d
        for d in itertools.islice(diagnostics, low, high)
        if offset < d.end or d.start == d.end == offset
    ]


# ---------------------------------------------------------------------------
# Diagnostics
# ---------------------------------------------------------------------------


def diagnostic_markdown(diagnostic: Diagnostic) -> str:
    """A diagnostic explained: its code, name, severity and link, its message,
    and the explanation of its rule (or of Prisma's error code)."""
    info = code_info(diagnostic.code)
    head = (
        f"**{diagnostic.code}** `{info.name}` ({diagnostic.severity.label}) · "
        f"[documentation]({rule_url(diagnostic.code)})"
    )
    paragraphs = [head, diagnostic.message]
    explanation = info.explanation or MEANING.get(diagnostic.code, "")
    if explanation:
        paragraphs.append(_demote_headings(explanation))
    return "\n\n".join(paragraphs)


_HEADING = re.compile(r"(#{1,4}) ")


def _demote_headings(markdown: str) -> str:
    """`## Why is this bad?` → `#### Why is this bad?`: a hover is no page.
    Lines inside fenced code blocks are left alone."""
    out = []
    fenced = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)) is not None:
            line = "#" * (len(match.group(1)) + 2) + line[len(match.group(1)) :]
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Finding what is under the cursor
# ---------------------------------------------------------------------------


def _inside(node: Ident | Expression | Attribute, relative: int) -> bool:
    return node.start <= relative < node.end


def _entity(schema: Schema, decl: Decl) -> Model | Enum | CompositeType | ConfigBlock | None:
    """The model object declared by ``decl`` (duplicates included)."""
    kind = decl.block.kind
    if kind in ("model", "view"):
        return next((m for m in schema.all_models if m.decl is decl), None)
    if kind == "enum":
        return next((e for e in schema.all_enums if e.decl is decl), None)
    if kind == "type":
        return next((c for c in schema.all_composite_types if c.decl is decl), None)
    configs: list[ConfigBlock] = [*schema.datasources, *schema.generators]
    return next((c for c in configs if c.decl is decl), None)


def _symbol_part(schema: Schema, text: Texts, decl: Decl, offset: int) -> _Part | None:
    """What the name at ``offset`` inside ``decl`` is."""
    block = decl.block
    relative = offset - decl.offset
    entity = _entity(schema, decl)

    def part(node: Ident | Expression | Attribute, markdown: str | None) -> _Part | None:
        if markdown is None:
            return None
        return _Part(decl.offset + node.start, decl.offset + node.end, markdown)

    if _inside(block.keyword, relative):
        found = language.keyword(block.keyword.text)
        return part(block.keyword, found.doc if found is not None else None)
    if _inside(block.name, relative):
        return part(block.name, _entity_markdown(schema, entity))
    member = next((m for m in block.members if m.start <= relative < m.end), None)
    if isinstance(member, FieldNode) and isinstance(entity, Model | CompositeType):
        fld = _field_of(entity, member)
        if fld is None:
            return None
        if _inside(member.name, relative):
            return part(member.name, field_markdown(schema, fld, text))
        if member.type is not None and _inside(member.type.name, relative):
            return part(member.type.name, _type_markdown(schema, fld))
        attribute = next((a for a in member.attributes if _inside(a, relative)), None)
        if attribute is not None:
            return _attribute_part(schema, decl, attribute, relative, fld, text)
        return None
    if isinstance(member, Attribute) and isinstance(entity, Model | Enum | CompositeType):
        return _attribute_part(schema, decl, member, relative, entity, text)
    if isinstance(member, EnumValue) and isinstance(entity, Enum):
        if _inside(member.name, relative):
            value = next((v for v in entity.values if v.node is member), None)
            return part(member.name, None if value is None else enum_value_markdown(entity, value))
        attribute = next((a for a in member.attributes if _inside(a, relative)), None)
        if attribute is not None:
            return _attribute_part(schema, decl, attribute, relative, entity, text)
        return None
    if isinstance(member, KeyValue) and isinstance(entity, ConfigBlock):
        return _config_part(decl, entity, member, relative)
    return None


def _field_of(owner: Model | CompositeType, node: FieldNode) -> Field | None:
    fld = owner.by_name.get(node.name.text)
    if fld is not None and fld.node is node:
        return fld
    return next((f for f in owner.fields if f.node is node), None)


def _leaves(
    expression: Expression | None, nested: bool = False
) -> Iterator[tuple[Ident | Expression, Expression, bool]]:
    """The names inside an argument value, each with the expression it names
    (a bare name, or a call such as `title(sort: Desc)` for its name) and
    whether it is an argument of a call (`Desc` there)."""
    if expression is None:
        return
    if isinstance(expression, ArrayExpr):
        for item in expression.items:
            yield from _leaves(item, nested)
    elif isinstance(expression, FuncCall):
        yield expression.name, expression, nested
        for argument in expression.args.args:
            yield from _leaves(argument.value, True)
    else:
        yield expression, expression, nested


def _attribute_part(
    schema: Schema,
    decl: Decl,
    attribute: Attribute,
    relative: int,
    context: Field | Model | Enum | CompositeType,
    text: Texts,
) -> _Part | None:
    """Hover inside an attribute: its name, an argument name, or a value."""
    name = attribute.name.text

    def part(start: int, end: int, markdown: str | None) -> _Part | None:
        return None if markdown is None else _Part(decl.offset + start, decl.offset + end, markdown)

    if attribute.start <= relative < attribute.name.end:
        prefix = schema.native_prefix
        if not attribute.block_level and prefix is not None and name.startswith(prefix + "."):
            return part(attribute.start, attribute.name.end, _native_type_markdown(schema, name))
        markdown = _attribute_markdown(name, attribute.block_level)
        return part(attribute.start, attribute.name.end, markdown)
    if attribute.args is None:
        return None
    unnamed = 0
    for argument in attribute.args.args:
        arg_name = argument.name.text if argument.name is not None else None
        position = unnamed
        if argument.name is None:
            unnamed += 1
        if not argument.start <= relative < argument.end:
            continue
        if argument.name is not None and _inside(argument.name, relative):
            return part(argument.name.start, argument.name.end,
                        _argument_markdown(name, attribute.block_level, argument.name.text))
        for leaf, expression, nested in _leaves(argument.value):
            if not _inside(leaf, relative):
                continue
            if nested:
                return part(leaf.start, leaf.end, _constant_doc(schema, leaf))
            markdown = _value_markdown(schema, attribute, arg_name, position, leaf, expression,
                                       context, text)
            return part(leaf.start, leaf.end, markdown)
        return None
    return None


def _value_markdown(
    schema: Schema,
    attribute: Attribute,
    arg_name: str | None,
    position: int,
    leaf: Ident | Expression,
    expression: Expression,
    context: Field | Model | Enum | CompositeType,
    text: Texts,
) -> str | None:
    """What a name inside an attribute's argument stands for."""
    name = attribute.name.text
    word = leaf.text if isinstance(leaf, Ident | ConstRef) else None
    if word is None:
        return None
    if name == "relation" and isinstance(context, Field):
        if arg_name == "fields" and isinstance(context.owner, Model):
            return _named_field_markdown(schema, context.owner, word, text)
        if arg_name == "references" and isinstance(context.target, Model):
            return _named_field_markdown(schema, context.target, word, text)
        if arg_name in ("onDelete", "onUpdate"):
            action = language.referential_action(word)
            return action.doc if action is not None else None
        return None
    if name in _INDEX_ATTRIBUTES and attribute.block_level and isinstance(context, Model):
        if (arg_name is None and position == 0) or arg_name == "fields":
            return _named_field_markdown(schema, context, word, text)
        if arg_name == "type":
            return _constant_doc(schema, leaf)
        return None
    if name == "default" and isinstance(context, Field):
        if isinstance(expression, FuncCall) and leaf is expression.name:
            return _default_function_doc(word, expression)
        if isinstance(context.target, Enum):
            value = next((v for v in context.target.values if v.name == word), None)
            return enum_value_markdown(context.target, value) if value is not None else None
        return None
    if name in ("id", "unique") and arg_name == "sort":
        return _constant_doc(schema, leaf)
    return None


def _named_field_markdown(schema: Schema, model: Model, word: str, text: Texts) -> str | None:
    fld = model.by_name.get(word.split(".", 1)[0])
    return field_markdown(schema, fld, text) if fld is not None else None


def _constant_doc(schema: Schema, leaf: Ident | Expression) -> str | None:
    """A sort order or index type (`Desc`, `Hash`)."""
    if not isinstance(leaf, ConstRef):
        return None
    word = leaf.text
    for constant in (*language.SORT_ORDERS, *language.index_types(schema.provider)):
        if constant.name == word:
            return f"**{constant.name}**: {constant.doc}"
    return None


def _default_function_doc(word: str, call: FuncCall) -> str | None:
    candidates = [f for f in language.DEFAULT_FUNCTIONS if f.name == word]
    if not candidates:
        return None
    written = call.args.args[0].value if call.args.args else None
    argument = written.text if isinstance(written, NumberLit) else ""
    exact = next((f for f in candidates if f.label == f"{word}({argument})"), None)
    return (exact or candidates[0]).doc


def _attribute_markdown(name: str, block_level: bool) -> str | None:
    info = language.attribute(name, block_level)
    if info is None:
        return None
    lines = [f"```prisma\n{info.signature}\n```", info.doc]
    documented = [a for a in info.args if a.doc]
    if documented:
        lines.append("\n".join(f"- `{a.name}`: {a.doc}" for a in documented))
    return RULE.join(lines)


def _argument_markdown(attribute_name: str, block_level: bool, name: str) -> str | None:
    info = language.attribute(attribute_name, block_level)
    argument = info.arg(name) if info is not None else None
    if info is None or argument is None:
        return None
    optional = "?" if argument.optional else ""
    return f"`{name}: {argument.type}{optional}` of `{info.label}`" + (
        f": {argument.doc}" if argument.doc else ""
    )


def _native_type_markdown(schema: Schema, name: str) -> str | None:
    type_name = name.split(".", 1)[1]
    info = language.native_type(schema.provider, type_name)
    if info is None:
        return None
    return f"```prisma\n@{schema.native_prefix}.{info.signature}\n```{RULE}{info.doc}"


def _config_part(decl: Decl, config: ConfigBlock, member: KeyValue, relative: int) -> _Part | None:
    is_datasource = isinstance(config, Datasource)
    key = member.key.text
    if _inside(member.key, relative):
        found = language.datasource_key(key) if is_datasource else language.generator_key(key)
        if found is None:
            return None
        return _Part(decl.offset + member.key.start, decl.offset + member.key.end, found.doc)
    value = member.value
    if not isinstance(value, StringLit) or not _inside(value, relative):
        return None
    constants: tuple[language.Constant, ...] = ()
    if key == "provider":
        constants = language.DATASOURCE_PROVIDERS if is_datasource else language.GENERATOR_PROVIDERS
    elif key == "relationMode" and is_datasource:
        constants = language.RELATION_MODES
    elif key == "engineType" and not is_datasource:
        constants = language.ENGINE_TYPES
    found_constant = next((c for c in constants if c.name == value.value), None)
    if found_constant is None:
        return None
    return _Part(decl.offset + value.start, decl.offset + value.end,
                 f"**{found_constant.name}**: {found_constant.doc}")


# ---------------------------------------------------------------------------
# Markdown for schema objects
# ---------------------------------------------------------------------------


def _entity_markdown(
    schema: Schema, entity: Model | Enum | CompositeType | ConfigBlock | None
) -> str | None:
    if isinstance(entity, Model):
        return model_markdown(schema, entity)
    if isinstance(entity, Enum):
        return enum_markdown(schema, entity)
    if isinstance(entity, CompositeType):
        return composite_markdown(schema, entity)
    if isinstance(entity, Datasource):
        return datasource_markdown(entity)
    if entity is not None:
        return generator_markdown(entity)
    return None


def _type_markdown(schema: Schema, fld: Field) -> str | None:
    """The hover of a field's type: the model, enum or composite type it names,
    or the scalar type."""
    target = fld.target
    if isinstance(target, Model):
        return relation_target_markdown(schema, fld) or model_markdown(schema, target)
    if isinstance(target, Enum):
        return enum_markdown(schema, target)
    if isinstance(target, CompositeType):
        return composite_markdown(schema, target)
    if fld.kind == "scalar":
        return scalar_markdown(schema, fld.type_name)
    if fld.kind == "unsupported":
        found = language.scalar_type("Unsupported")
        return found.doc if found is not None else None
    return None


def _sections(signature: str, doc: str | None, *rest: str) -> str:
    parts = [f"```prisma\n{signature}\n```"]
    if doc:
        parts.append(doc)
    parts.extend(r for r in rest if r)
    return RULE.join(parts)


def _table_name(schema_name: str | None, name: str) -> str:
    return f"{schema_name}.{name}" if schema_name else name


def _columns(index: Index) -> str:
    return "(" + ", ".join(_index_field(f) for f in index.fields) + ")"


def _index_field(entry: IndexField) -> str:
    options = []
    if entry.sort is not None:
        options.append(f"sort: {entry.sort}")
    if entry.length is not None:
        options.append(f"length: {entry.length}")
    if entry.ops is not None:
        options.append(f"ops: {entry.ops}")
    name = ".".join([entry.name, *entry.path])
    return f"{name}({', '.join(options)})" if options else name


def _index_line(schema: Schema, index: Index, extra: str = "") -> str:
    word = _INDEX_WORDS[index.kind]
    line = f"- **{word}** `{_columns(index)}`"
    named = index.kind != "id" or schema.provider in _NAMED_PRIMARY_KEYS
    if named and schema.provider is not None and index.db_name:
        line += f" — `{index.db_name}`"
    if index.type is not None:
        line += f", type `{index.type}`"
    return line + extra


def model_markdown(schema: Schema, model: Model) -> str:
    """A model's table, fields, keys, indexes and relations."""
    keyword = "view" if model.is_view else "model"
    return _sections(f"{keyword} {model.name} {{}}", model.block.doc, *_model_facts(schema, model))


def relation_target_markdown(schema: Schema, fld: Field) -> str | None:
    """The hover of a relation field's type: the target model as Prisma's own
    server shows it (the opposite field in the model's outline, then the kind
    of relation, then the model's documentation), followed by the model's facts.
    ``None`` when the relation has no opposite field (then the plain model hover
    applies)."""
    relation = fld.relation
    target = fld.target
    if relation is None or not isinstance(target, Model):
        return None
    opposite = relation.back if relation.forward is fld else relation.forward
    if opposite is None or opposite is fld:
        return None
    keyword = "view" if target.is_view else "model"
    field_text = _relation_field_text(opposite, relation)
    outline = f"```prisma\n{keyword} {target.name} {{\n\t...\n\t{field_text}\n}}\n```"
    kind = "implicit many-to-many" if relation.kind == "N:M" else _KIND_WORDS[relation.kind]
    if relation.is_self:
        kind += " on self"
    parts = [outline, kind]
    if target.block.doc:
        parts.append(target.block.doc)
    return RULE.join([*parts, *_model_facts(schema, target)])


def _relation_field_text(fld: Field, relation: Relation) -> str:
    """`author User? @relation(name: "PostToUser", fields: [authorId], references: [id])`."""
    suffix = "[]" if fld.is_list else "?" if fld.is_optional else ""
    arguments = [f'name: "{relation.name}"']
    attr = fld.relation_attr
    if attr is not None:
        if attr.fields is not None:
            arguments.append(f"fields: [{', '.join(attr.fields)}]")
        if attr.references is not None:
            arguments.append(f"references: [{', '.join(attr.references)}]")
        if attr.on_delete is not None:
            arguments.append(f"onDelete: {attr.on_delete}")
        if attr.on_update is not None:
            arguments.append(f"onUpdate: {attr.on_update}")
    return f"{fld.name} {fld.type_name}{suffix} @relation({', '.join(arguments)})"


def _model_facts(schema: Schema, model: Model) -> list[str]:
    where = "collection" if schema.provider == "mongodb" else "view" if model.is_view else "table"
    mapped = " (`@@map`)" if model.attribute("map") is not None else ""
    facts = [f"- **{where}** `{_table_name(model.schema, model.db_name)}`{mapped}"]
    relation_count = len(model.relation_fields)
    count = f"- **fields** {len(model.fields)}"
    if relation_count:
        count += f" ({len(model.fields) - relation_count} scalar, {relation_count} relation)"
    facts.append(count)
    facts.extend(_index_line(schema, index) for index in model.all_indexes)
    outgoing, incoming, many = _model_relations(schema, model)
    sections = ["\n".join(facts)]
    if outgoing:
        sections.append("**Relations out**\n\n" + "\n".join(outgoing))
    if incoming:
        sections.append("**Relations in**\n\n" + "\n".join(incoming))
    if many:
        sections.append("**Many-to-many**\n\n" + "\n".join(many))
    return sections


def _model_relations(schema: Schema, model: Model) -> tuple[list[str], list[str], list[str]]:
    """The relations of ``model``, found through its relation fields (every valid
    relation has a field on both sides; one without a field here is reported
    by validation and left out)."""
    outgoing: list[str] = []
    incoming: list[str] = []
    many: list[str] = []
    relations: dict[int, Relation] = {}
    for fld in model.relation_fields:
        if fld.relation is not None:
            relations.setdefault(id(fld.relation), fld.relation)
    for relation in relations.values():
        if relation.back_only:
            continue
        forward = relation.forward
        if relation.kind == "N:M":
            for side in (forward, relation.back):
                if side is not None and side.owner is model:
                    other = side.target.name if side.target is not None else side.type_name
                    many.append(f"- `{side.name}` ↔ `{other}`{_join_table(schema, relation)}")
            continue
        if forward.owner is model:
            target = relation.referenced_model
            target_name = target.name if target is not None else forward.type_name
            outgoing.append(
                f"- `{forward.name}` → `{target_name}`: {_key_text(relation, qualify=True)}"
                f"{_actions_text(relation, '; ')}{_fk_name_text(schema, relation)}"
            )
        if relation.referenced_model is model:
            owner = relation.referencing_model
            via = f" (opposite `{relation.back.name}`)" if relation.back is not None else ""
            incoming.append(
                f"- `{owner.name}.{forward.name}`{via}: "
                f"{_key_text(relation, qualify=False, holder=owner.name)}"
                f"{_actions_text(relation, '; ')}"
            )
    return outgoing, incoming, many


def _join_table(schema: Schema, relation: Relation) -> str:
    if relation.embedded:
        return " (embedded ids)"
    if schema.provider == "mongodb":
        return ""
    return f" (join table `_{relation.name}`)"


def _key_text(relation: Relation, *, qualify: bool, holder: str | None = None) -> str:
    """`authorId` → `User.id` (or `Post.authorId` → `id` from the referenced side)."""
    attr = relation.forward.relation_attr
    fields = attr.fields if attr is not None else None
    references = attr.references if attr is not None else None
    if not fields or not references:
        return "no foreign key declared"
    target = relation.referenced_model
    source = ", ".join(f"{holder}.{f}" if holder else f for f in fields)
    if qualify and target is not None:
        refs = ", ".join(f"{target.name}.{r}" for r in references)
    else:
        refs = ", ".join(references)
    return f"`{source}` → `{refs}`"


def _action_text(label: str, action: str | None, explicit: bool) -> str | None:
    if action is None:
        return None
    return f"{label} `{action}`" + ("" if explicit else " (default)")


def _actions_text(relation: Relation, lead: str) -> str:
    texts = [
        t
        for t in (
            _action_text("on delete", relation.on_delete, relation.on_delete_explicit),
            _action_text("on update", relation.on_update, relation.on_update_explicit),
        )
        if t is not None
    ]
    return lead + ", ".join(texts) if texts else ""


def _fk_name(schema: Schema, relation: Relation) -> str | None:
    """The foreign key constraint's name, when the database gets one."""
    attr = relation.forward.relation_attr
    if (
        schema.provider not in _SQL
        or schema.relation_mode != "foreignKeys"
        or attr is None
        or not relation.fk_fields
    ):
        return None
    model = relation.referencing_model
    if attr.map is not None:
        return attr.map
    return constraint_name(model.db_name, [f.db_name for f in relation.fk_fields], "fkey",
                           schema.provider)


def _fk_name_text(schema: Schema, relation: Relation) -> str:
    name = _fk_name(schema, relation)
    return f"; foreign key `{name}`" if name is not None else ""


def _signature(fld: Field, text: Texts) -> str:
    """The field's declaration as written, whitespace collapsed, without comments."""
    node = fld.node
    last = node.attributes[-1].end if node.attributes else (
        node.type.end if node.type is not None else node.name.end
    )
    base = fld.decl.offset
    source = text.get(fld.decl.path, "")
    return " ".join(source[base + node.start : base + last].split()) or fld.name


def field_markdown(schema: Schema, fld: Field, text: Texts) -> str:
    """A field's column, database type, keys and indexes, relation."""
    facts: list[str] = []
    owner = fld.owner
    if isinstance(owner, Model) and fld.kind != "model":
        mapped = " (`@map`)" if fld.attribute("map") is not None else ""
        where = "collection" if schema.provider == "mongodb" else "table"
        table = _table_name(owner.schema, owner.db_name)
        facts.append(f"- **column** `{fld.db_name}`{mapped} of {where} `{table}`")
    elif isinstance(owner, CompositeType) and fld.db_name != fld.name:
        facts.append(f"- **stored as** `{fld.db_name}` (`@map`)")
    type_line = _type_line(schema, fld, text)
    if type_line is not None:
        facts.append(type_line)
    if isinstance(owner, Model):
        for index in owner.all_indexes:
            position = next((i for i, e in enumerate(index.fields) if e.field is fld), None)
            if position is not None:
                where = f", position {position + 1} of {len(index.fields)}"
                facts.append(_index_line(schema, index, where))
        if fld.kind != "model":
            facts.extend(_fk_lines(owner, fld))
    sections = ["\n".join(facts)] if facts else []
    if fld.kind == "model":
        sections.append(_relation_section(schema, fld))
    return _sections(_signature(fld, text), fld.node.doc, *sections)


def _type_line(schema: Schema, fld: Field, text: Texts) -> str | None:
    native_text = None
    if fld.native_type is not None:
        span = fld.decl.span(fld.native_type)
        native_text = text.get(span.path, "")[span.start : span.end]
    column = column_type(schema, fld, native_text)
    if column is None:
        return None
    provider = PROVIDER_NAMES.get(schema.provider or "", "")
    if column.origin == "native":
        return f"- **database type** `{column.text}` (native type)"
    if column.origin == "default":
        return f"- **database type** `{column.text}` (default for `{fld.type_name}` on {provider})"
    if column.origin == "serial":
        base = default_type(schema.provider, fld.type_name)
        return (f"- **database type** `{column.text}` (`{base}` numbered by a sequence: "
                "`@default(autoincrement())`)")
    if column.origin == "enum":
        return f"- **database type** `{column.text}` (enum `{fld.type_name}`)"
    return f"- **database type** `{column.text}` (unsupported by Prisma Client)"


def _fk_lines(model: Model, fld: Field) -> list[str]:
    lines = []
    for relation_field in model.relation_fields:
        relation = relation_field.relation
        if relation is None or relation.forward is not relation_field or relation.back_only:
            continue
        if any(f is fld for f in relation.fk_fields):
            key = _key_text(relation, qualify=True)
            lines.append(f"- **foreign key** of `{relation_field.name}`: {key}")
    return lines


def _relation_section(schema: Schema, fld: Field) -> str:
    relation = fld.relation
    target = fld.target.name if fld.target is not None else fld.type_name
    if relation is None:
        return f"- **relation** to `{target}`, not resolved"
    opposite = relation.back if relation.forward is fld else relation.forward
    name = f"`{relation.name}`" + ("" if relation.explicit_name else " (default name)")
    kind = _KIND_WORDS[relation.kind]
    line = f"- **relation** {name}, {kind}, with `{target}`"
    if opposite is not None and opposite is not fld:
        line += f"; opposite field `{opposite.owner.name}.{opposite.name}`"
    lines = [line]
    if relation.kind == "N:M":
        lines[0] += _join_table(schema, relation)
        return "\n".join(lines)
    if relation.back_only:
        lines.append(f"- no opposite relation field on `{target}`")
        return "\n".join(lines)
    holder = relation.referencing_model
    if relation.forward is fld:
        key = f"- **foreign key** {_key_text(relation, qualify=True)}"
        constraint = _fk_name(schema, relation)
        lines.append(key + (f" — `{constraint}`" if constraint is not None else ""))
    else:
        lines.append(f"- **foreign key** on `{holder.name}`: "
                     f"{_key_text(relation, qualify=False, holder=holder.name)}")
    actions = _actions_text(relation, "")
    if actions:
        lines.append(f"- **actions** {actions}")
    return "\n".join(lines)


def enum_markdown(schema: Schema, enum: Enum) -> str:
    facts = []
    provider = schema.provider
    mapped = " (`@@map`)" if enum.attributes.get("map") else ""
    database_type = enum_type(provider, enum)
    if provider == "mysql":
        facts.append(f"- **database type** `{database_type}`, written in each column")
    elif database_type is not None:
        facts.append(f"- **database type** `{database_type}`{mapped}")
    values = ", ".join(f"`{v.name}`" for v in enum.values)
    facts.append(f"- **values** {values}" if values else "- **values** none")
    users = [
        f"`{m.name}.{f.name}`" for m in schema.all_models for f in m.fields if f.target is enum
    ]
    if users:
        shown = ", ".join(users[:10])
        more = f" and {len(users) - 10} more" if len(users) > 10 else ""
        facts.append(f"- **used by** {shown}{more}")
    return _sections(f"enum {enum.name} {{}}", enum.decl.block.doc, "\n".join(facts))


def enum_value_markdown(enum: Enum, value: EnumValueDef) -> str:
    facts = [f"- **value of** `{enum.name}`"]
    if value.db_name != value.name:
        facts.append(f"- **stored as** `{value.db_name}` (`@map`)")
    node = value.node
    doc = node.doc if isinstance(node, EnumValue) else None
    return _sections(value.name, doc, "\n".join(facts))


def composite_markdown(schema: Schema, composite: CompositeType) -> str:
    facts = [f"- **fields** {len(composite.fields)}"]
    owners: list[Model | CompositeType] = [*schema.all_models, *schema.all_composite_types]
    users = [f"`{m.name}.{f.name}`" for m in owners for f in m.fields if f.target is composite]
    if users:
        facts.append(f"- **embedded in** {', '.join(users[:10])}"
                     + (f" and {len(users) - 10} more" if len(users) > 10 else ""))
    return _sections(f"type {composite.name} {{}}", composite.decl.block.doc, "\n".join(facts))


def datasource_markdown(datasource: Datasource) -> str:
    facts = []
    provider = datasource.provider
    if provider is not None:
        normalized = "postgresql" if provider == "postgres" else provider
        name = PROVIDER_NAMES.get(normalized)
        facts.append(f"- **provider** `{provider}`" + (f" ({name})" if name else ""))
    mode = datasource.relation_mode
    if mode is not None:
        facts.append(f"- **relation mode** `{mode}`")
    elif provider is not None:
        default = "prisma" if provider == "mongodb" else "foreignKeys"
        facts.append(f"- **relation mode** `{default}` (default)")
    facts.append(f"- **native types** `@{datasource.name}.…`")
    if datasource.schemas:
        facts.append("- **schemas** " + ", ".join(f"`{s}`" for s in datasource.schemas))
    return _sections(f"datasource {datasource.name} {{}}", datasource.decl.block.doc,
                     "\n".join(facts))


def generator_markdown(generator: ConfigBlock) -> str:
    facts = []
    provider = generator.string("provider")
    if provider is not None:
        facts.append(f"- **provider** `{provider}`")
    output = generator.string("output")
    if output is not None:
        facts.append(f"- **output** `{output}`")
    features = generator.strings("previewFeatures")
    if features:
        facts.append("- **preview features** " + ", ".join(f"`{f}`" for f in features))
    return _sections(f"generator {generator.name} {{}}", generator.decl.block.doc,
                     "\n".join(facts))


def scalar_markdown(schema: Schema, name: str) -> str | None:
    found = language.scalar_type(name)
    if found is None:
        return None
    provider = schema.provider
    mapped = default_type(provider, name)
    facts = ""
    if mapped is not None:
        facts = f"- **database type** `{mapped}` on {PROVIDER_NAMES[provider or '']} (default)"
    elif provider in PROVIDER_NAMES:
        facts = f"- not supported on {PROVIDER_NAMES[provider or '']}"
    return _sections(name, found.doc, facts)
