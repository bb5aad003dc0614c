"""Quick fixes for Prisma's own errors and warnings (the ``PAE``/``PAW`` diagnostics).

The rules' findings carry their fixes; Prisma's validation errors do not, yet
many have one obvious repair that the official language server offers too:
create the block an unknown type names, map a MongoDB id to ``_id``, make
referenced fields unique, add the opposite relation field, declare a database
schema, and so on. Each fixer reads the schema model at the diagnostic (never
re-parses the message beyond telling which error it is) and returns edits that
look as if typed by hand: the block's indentation, the file's line endings,
block attributes after the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from analysis.api import Analysis
from analysis.diagnostics import Diagnostic
from analysis.fixes import after_line, append_field_attribute, line_break, line_start
from analysis.model.schema import CompositeType, Datasource, Decl, Enum, Field, Model, Relation
from analysis.rules.base import Edit
from analysis.syntax.nodes import ArrayExpr, Attribute, ConstRef

PRISMA_CODES = ("PAE", "PAW")
"""The prefixes of Prisma's own diagnostics (the rules' codes have others)."""


@dataclass(frozen=True)
class ValidationFix:
    """A titled repair of one Prisma diagnostic."""

    title: str
    diagnostic: Diagnostic
    edits: tuple[Edit, ...]
    preferred: bool = False


def validation_fixes(analysis: Analysis, path: str, start: int, end: int) -> list[ValidationFix]:
    """The fixes of the Prisma diagnostics of ``path`` that touch ``[start, end]``."""
    out: list[ValidationFix] = []
    for diagnostic in analysis.diagnostics:
        if diagnostic.path != path or not diagnostic.code.startswith(PRISMA_CODES):
            continue
        if diagnostic.start > end or diagnostic.end < start:
            continue
        for marker, fixer in FIXERS:
            if marker in diagnostic.message:
                out.extend(fixer(analysis, diagnostic))
    return out


# --------------------------------------------------------------------------- lookups


def _text(analysis: Analysis, path: str) -> str:
    for file in analysis.files:
        if file.path == path:
            return file.text
    return ""


def _blocks(analysis: Analysis) -> Iterator[Model | CompositeType]:
    schema = analysis.schema
    yield from schema.all_models
    yield from schema.all_composite_types


def _field_at(analysis: Analysis, diagnostic: Diagnostic) -> Field | None:
    """The field whose declaration holds the diagnostic's start."""
    for block in _blocks(analysis):
        decl = block.decl
        if decl.path != diagnostic.path:
            continue
        for fld in block.fields:
            span = fld.span
            if span.start <= diagnostic.start < span.end:
                return fld
    return None


def _block_at(analysis: Analysis, diagnostic: Diagnostic) -> Model | Enum | None:
    schema = analysis.schema
    blocks: list[Model | Enum] = [*schema.all_models, *schema.all_enums]
    for block in blocks:
        decl = block.decl
        close = decl.block.close_brace
        end = decl.offset + (close if close is not None else decl.block.name.end)
        if decl.path == diagnostic.path and decl.offset <= diagnostic.start <= end:
            return block
    return None


def _datasource(analysis: Analysis) -> Datasource | None:
    return analysis.schema.datasources[0] if analysis.schema.datasources else None


# --------------------------------------------------------------------------- edit builders


def _indentation(text: str, decl: Decl) -> str:
    """The indentation of the block's members (two spaces for an empty block)."""
    for member in decl.block.members:
        start = decl.offset + member.start
        return text[line_start(text, start) : start]
    return "  "


def insert_block_attribute(text: str, decl: Decl, attribute: str) -> Edit | None:
    """``attribute`` as the block's last block attribute: after the other block
    attributes, or after the fields with a blank line (as ``prisma format``
    writes it). Works for models and enums alike."""
    eol = line_break(text)
    indent = _indentation(text, decl)
    members = decl.block.members
    attributes = [m for m in members if isinstance(m, Attribute)]
    if attributes:
        last_attribute = max(attributes, key=lambda m: m.end)
        start = decl.offset + last_attribute.start
        indent = text[line_start(text, start) : start]
        at = after_line(text, decl.offset + last_attribute.end)
        return Edit(decl.path, at, at, f"{indent}{attribute}{eol}")
    close = decl.block.close_brace
    if close is None:
        return None
    if not members:
        at = line_start(text, decl.offset + close)
        return Edit(decl.path, at, at, f"{indent}{attribute}{eol}")
    last = max(members, key=lambda m: m.end)
    at = after_line(text, decl.offset + last.end)
    return Edit(decl.path, at, at, f"{eol}{indent}{attribute}{eol}")


def _insert_member_last(text: str, decl: Decl, line: str) -> Edit | None:
    """``line`` as a new member just before the closing brace, after a blank line."""
    close = decl.block.close_brace
    if close is None:
        return None
    at = line_start(text, decl.offset + close)
    eol = line_break(text)
    return Edit(decl.path, at, at, f"{eol}{_indentation(text, decl)}{line}{eol}")


def _fix(title: str, diagnostic: Diagnostic, *edits: Edit | None) -> list[ValidationFix]:
    if not edits or any(e is None for e in edits):
        return []
    return [ValidationFix(title, diagnostic, tuple(e for e in edits if e is not None))]


# --------------------------------------------------------------------------- fixers


def _create_block(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    """An unknown type: declare it as a model, an enum or (MongoDB) a composite
    type, right after the block that uses it."""
    fld = _field_at(analysis, diagnostic)
    if fld is None:
        return []
    name = fld.type_name
    text = _text(analysis, diagnostic.path)
    decl = fld.decl
    close = decl.block.close_brace
    if close is None or not name.isidentifier():
        return []
    at = decl.offset + close + 1
    after = after_line(text, at)  # the brace's line break is replaced
    if text[at:after].strip():  # a comment after the brace: the block goes below it
        at = after
    eol = line_break(text)
    datasource = _datasource(analysis)
    mongodb = datasource is not None and datasource.provider == "mongodb"
    keywords = ["type"] if isinstance(fld.owner, CompositeType) else ["model"]
    keywords.append("enum")
    if mongodb and "type" not in keywords:
        keywords.append("type")
    out: list[ValidationFix] = []
    for keyword in keywords:
        block = f"{eol}{keyword} {name} {{{eol}{eol}}}{eol}"
        edit = Edit(decl.path, at, after, block)
        out += _fix(f"Create new {keyword} '{name}'", diagnostic, edit)
    return out


def _map_mongodb_id(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    fld = _field_at(analysis, diagnostic)
    if fld is None or "map" in fld.attributes:
        return []
    return _fix('Add @map("_id")', diagnostic, append_field_attribute(fld, '@map("_id")'))


def _object_id(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    fld = _field_at(analysis, diagnostic)
    datasource = _datasource(analysis)
    if fld is None or datasource is None or fld.native_type is not None:
        return []
    attribute = f"@{datasource.name}.ObjectId"
    return _fix(f"Add {attribute}", diagnostic, append_field_attribute(fld, attribute))


def _add_to_schemas(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    """``@@schema("x")`` names a schema the datasource lacks: list it there."""
    name = _text(analysis, diagnostic.path)[diagnostic.start : diagnostic.end].strip("\"'")
    datasource = _datasource(analysis)
    if datasource is None or not name:
        return []
    decl = datasource.decl
    text = _text(analysis, decl.path)
    schemas = datasource.properties.get("schemas")
    if schemas is not None:
        value = schemas.value
        if not isinstance(value, ArrayExpr):
            return []
        if value.items:
            at = decl.offset + value.items[-1].end
            edit = Edit(decl.path, at, at, f', "{name}"')
        else:
            at = decl.offset + value.start + 1
            edit = Edit(decl.path, at, at, f'"{name}"')
        return _fix("Add schema to schemas", diagnostic, edit)
    anchor = datasource.properties.get("url") or datasource.properties.get("provider")
    if anchor is None:
        return []
    start = decl.offset + anchor.start
    indent = text[line_start(text, start) : start]
    at = decl.offset + anchor.end
    edit = Edit(decl.path, at, at, f'{line_break(text)}{indent}schemas = ["{name}"]')
    return _fix("Add schema to schemas", diagnostic, edit)


def _add_schema_attribute(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    """A model or enum without ``@@schema`` where the datasource lists schemas:
    one fix per declared schema (the official server inserts an empty
    ``@@schema()``, which is still an error)."""
    block = _block_at(analysis, diagnostic)
    datasource = _datasource(analysis)
    if block is None or datasource is None:
        return []
    text = _text(analysis, block.decl.path)
    out: list[ValidationFix] = []
    for schema in datasource.schemas:
        attribute = f'@@schema("{schema}")'
        edit = insert_block_attribute(text, block.decl, attribute)
        out += _fix(f"Add `{attribute}`", diagnostic, edit)
    return out


def _unique_edit(analysis: Analysis, model: Model, fields: list[Field]) -> Edit | None:
    if len(fields) == 1:
        return append_field_attribute(fields[0], "@unique")
    names = ", ".join(f.name for f in fields)
    return insert_block_attribute(
        _text(analysis, model.decl.path), model.decl, f"@@unique([{names}])"
    )


def _relation_of(analysis: Analysis, diagnostic: Diagnostic) -> Relation | None:
    fld = _field_at(analysis, diagnostic)
    return fld.relation if fld is not None else None


def _referenced_unique(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    relation = _relation_of(analysis, diagnostic)
    if relation is None or relation.referenced_model is None or not relation.referenced_fields:
        return []
    if len(relation.fk_fields) != len(relation.referenced_fields):
        return []  # a broken relation: which fields it means is unclear
    referenced = [f for f in relation.referenced_fields if f.owner is relation.referenced_model]
    if len(referenced) != len(relation.referenced_fields):
        return []
    edit = _unique_edit(analysis, relation.referenced_model, referenced)
    return _fix("Make referenced field(s) unique", diagnostic, edit)


def _referencing_unique(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    relation = _relation_of(analysis, diagnostic)
    if relation is None or not relation.fk_fields:
        return []
    edit = _unique_edit(analysis, relation.referencing_model, list(relation.fk_fields))
    return _fix("Make referencing fields unique", diagnostic, edit)


def _opposite_field(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    """A relation field without its opposite: add the back field to the other
    model — a list, or optional when the foreign key is unique (one-to-one)."""
    fld = _field_at(analysis, diagnostic)
    if fld is None or not isinstance(fld.target, Model) or not isinstance(fld.owner, Model):
        return []
    owner, target = fld.owner, fld.target
    relation = fld.relation
    one_to_one = relation is not None and relation.kind == "1:1"
    base = owner.name[:1].lower() + owner.name[1:] + ("" if one_to_one else "s")
    name, suffix = base, 1
    while name in target.by_name:
        suffix += 1
        name = f"{base}{suffix}"
    line = f"{name} {owner.name}{'?' if one_to_one else '[]'}"
    attr = fld.relation_attr
    if attr is not None and attr.name:
        line += f' @relation("{attr.name}")'
    edit = _insert_member_last(_text(analysis, target.decl.path), target.decl, line)
    return _fix(f"Add missing relation field to model {target.name}", diagnostic, edit)


def _mark_as_list(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    """A relation field without ``@relation`` whose opposite is a list: making it
    a list too turns the pair into a many-to-many relation."""
    fld = _field_at(analysis, diagnostic)
    if fld is None or fld.node.type is None or not isinstance(fld.target, Model):
        return []
    if "relation" in fld.attributes:
        return []  # a relation the user has started to describe: not a list by mistake
    back = [
        f for f in fld.target.fields if f.target is fld.owner and f is not fld and f.arity == "list"
    ]
    if not back or fld.arity == "list":
        return []
    type_span = fld.type_span
    text = _text(analysis, fld.decl.path)
    end = type_span.end - 1 if text[type_span.end - 1 : type_span.end] == "?" else type_span.end
    edit = Edit(fld.decl.path, type_span.start, type_span.end, text[type_span.start : end] + "[]")
    return _fix("Mark relation field as many `[]`", diagnostic, edit)


def _no_set_default(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    fld = _field_at(analysis, diagnostic)
    attr = fld.relation_attr if fld is not None else None
    if fld is None or attr is None or attr.attribute is None:
        return []
    edits: list[Edit | None] = []
    for key in ("onDelete", "onUpdate"):
        argument = attr.attribute.arg(key)
        value = argument.value if argument is not None else None
        if isinstance(value, ConstRef) and value.text == "SetDefault":
            span = fld.decl.span(value)
            edits.append(Edit(span.path, span.start, span.end, "NoAction"))
    return _fix("Replace SetDefault with NoAction", diagnostic, *edits)


def _relation_index(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    fld = _field_at(analysis, diagnostic)
    relation = fld.relation if fld is not None else None
    if fld is None or relation is None or not relation.fk_fields:
        return []
    model = relation.referencing_model
    names = ", ".join(f.name for f in relation.fk_fields)
    edit = insert_block_attribute(
        _text(analysis, model.decl.path), model.decl, f"@@index([{names}])"
    )
    return _fix("Add an index for the relation's field(s)", diagnostic, edit)


def _rename_referential_integrity(
    analysis: Analysis, diagnostic: Diagnostic
) -> list[ValidationFix]:
    datasource = _datasource(analysis)
    prop = datasource.properties.get("referentialIntegrity") if datasource else None
    if datasource is None or prop is None:
        return []
    span = datasource.decl.span(prop.key)
    edit = Edit(span.path, span.start, span.end, "relationMode")
    return _fix("Rename property to relationMode", diagnostic, edit)


def _relation_attribute(analysis: Analysis, diagnostic: Diagnostic) -> list[ValidationFix]:
    """A relation field without ``fields``: name the foreign key in ``@relation``
    — the scalar fields already there (``forumId`` for ``forum`` → ``Forum.id``,
    matched case-insensitively), else new ones declared below the relation field,
    as optional as it is (and ``@unique`` for one-to-one)."""
    fld = _field_at(analysis, diagnostic)
    if fld is None or not isinstance(fld.target, Model) or not isinstance(fld.owner, Model):
        return []
    owner, target = fld.owner, fld.target
    attr = fld.relation_attr
    referenced = _referenced_fields(target, attr.references if attr is not None else None)
    if not referenced:
        return []
    text = _text(analysis, fld.decl.path)
    lowered = {f.name.lower(): f for f in owner.fields if f.kind in ("scalar", "enum")}
    fk_names: list[str] = []
    new_fields: list[str] = []
    optional = "?" if fld.arity == "optional" else ""
    one_to_one = fld.relation is not None and fld.relation.kind == "1:1"
    for ref in referenced:
        existing = lowered.get((fld.name + ref.name).lower())
        if existing is not None:
            fk_names.append(existing.name)
            continue
        name = fld.name + ref.name[:1].upper() + ref.name[1:]
        fk_names.append(name)
        unique = " @unique" if one_to_one and len(referenced) == 1 else ""
        native = ""
        if ref.native_type is not None:  # the column's type must match (`@db.ObjectId`)
            span = ref.decl.span(ref.native_type)
            native = " " + _text(analysis, span.path)[span.start : span.end]
        new_fields.append(f"{name} {ref.type_name}{optional}{native}{unique}")
    arguments = _relation_arguments(text, fld, fk_names, [r.name for r in referenced])
    relation = f"@relation({', '.join(arguments)})"
    edits: list[Edit] = []
    node = attr.attribute if attr is not None else None
    if node is not None:
        span = fld.decl.span(node)
        edits.append(Edit(span.path, span.start, span.end, relation))
    else:
        edits.append(append_field_attribute(fld, relation))
    if new_fields:
        start = fld.span.start
        indent = text[line_start(text, start) : start]
        at = after_line(text, fld.span.end)
        eol = line_break(text)
        if at == len(text) and not text.endswith(("\n", "\r")):
            lines = "".join(f"{eol}{indent}{line}" for line in new_fields)
        else:
            lines = "".join(f"{indent}{line}{eol}" for line in new_fields)
        edits.append(Edit(fld.decl.path, at, at, lines))
    return _fix("Add relation attribute for relation field", diagnostic, *edits)


def _referenced_fields(target: Model, names: list[str] | None) -> list[Field]:
    """The fields ``references`` names, else the target's id (or first unique)."""
    if names:
        found = [target.by_name.get(n) for n in names]
        return [f for f in found if f is not None] if all(found) else []
    criteria = [target.primary_key, *target.uniques] if target.primary_key else target.uniques
    for index in criteria:
        if index is not None and all(e.field is not None for e in index.fields):
            return [e.field for e in index.fields if e.field is not None]
    return []


def _relation_arguments(
    text: str, fld: Field, fields: list[str], references: list[str]
) -> list[str]:
    """The new ``@relation`` arguments: its name first, then ``fields`` and
    ``references``, then whatever else it had (referential actions, map)."""
    attr = fld.relation_attr
    node = attr.attribute if attr is not None else None
    first: list[str] = []
    rest: list[str] = []
    if node is not None and node.args is not None:
        for argument in node.args.args:
            key = argument.name.text if argument.name is not None else None
            raw = text[fld.decl.offset + argument.start : fld.decl.offset + argument.end]
            if key in (None, "name"):
                first.append(raw)
            elif key not in ("fields", "references"):
                rest.append(raw)
    middle = [f"fields: [{', '.join(fields)}]", f"references: [{', '.join(references)}]"]
    return first + middle + rest


Fixer = Callable[[Analysis, Diagnostic], list[ValidationFix]]
FIXERS: tuple[tuple[str, Fixer], ...] = (
    ("Unknown type", _create_block),
    ('mapped to `_id` with `@map("_id")`', _map_mongodb_id),
    ("needs the native type `ObjectId`", _object_id),
    ("is not declared: the datasource", _add_to_schemas),
    ("has no `@@schema` attribute", _add_schema_attribute),
    ("must name a unique criterion of the related model", _referenced_unique),
    ("A one-to-one relation must use unique fields", _referencing_unique),
    ("is missing an opposite relation field", _opposite_field),
    ("must specify the `fields` argument", _relation_attribute),
    ("do not provide the `fields` argument", _relation_attribute),
    ("must specify the `fields` argument", _mark_as_list),
    ("`SetDefault` referential action", _no_set_default),
    ("get no index from the database", _relation_index),
    ("`referentialIntegrity` is deprecated", _rename_referential_integrity),
)
"""Which fixer answers which diagnostic: a phrase of our own validator's message."""
