"""What `prisma format` adds to complete relations, as insertions into the source.

Prisma's formatter is also a fixer: on a schema whose parser database has no
errors (syntax, names, types and attributes all fine), it completes each
one-to-one and one-to-many relation before laying the text out:

* a missing back-relation field on the referenced model
  (`users User[]`, or `user User?` for a one-to-one);
* a missing forward field on the referencing model, with its `@relation`
  (`blog Blog? @relation(fields: [blogId], references: [id])`);
* a missing `@relation` on a forward field, or its missing `fields:` /
  `references:` arguments;
* the foreign-key fields those `fields:` name when they do not exist
  (named after the referenced model and its first unique criteria, typed
  like the referenced fields, with their native type).

New fields go at the end of their model, in the order Prisma adds them;
the formatter then lays out the enriched text. Doing it as insertions into
the text, as Prisma does, keeps the layout rules in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analysis.model.schema import Field, Model, Relation, Schema
from analysis.rules.naming_case import camel_case, plural, words
from analysis.validate import STAGES, Earlier
from analysis.validate.report import Report

#: Prisma's parser database: the stages whose errors stop the completion.
_PARSER_DATABASE_STAGES = ("names", "types", "attributes")


@dataclass(frozen=True, slots=True)
class Insertion:
    path: str
    offset: int
    text: str


def insertions(schema: Schema, texts: Mapping[str, str]) -> list[Insertion]:
    """The text Prisma's formatter would add to ``schema`` (whose files are ``texts``)."""
    if schema.syntax_errors or _parser_database_errors(schema):
        return []
    out: list[Insertion] = []
    for relation in schema.relations:
        if relation.kind == "N:M":
            continue
        _missing_fields(relation, texts, out)
    for relation in schema.relations:
        if relation.kind != "N:M":
            _missing_attribute(relation, texts, out)
    for relation in schema.relations:
        if relation.kind != "N:M":
            _missing_arguments(relation, out)
    return out


def apply(text: str, found: list[Insertion]) -> str:
    """``text`` with the insertions (all of one file) made, in offset order."""
    parts, last = [], 0
    for insertion in sorted(found, key=lambda i: i.offset):  # stable, like Prisma
        parts.append(text[last : insertion.offset])
        parts.append(insertion.text)
        last = insertion.offset
    parts.append(text[last:])
    return "".join(parts)


def _parser_database_errors(schema: Schema) -> bool:
    report = Report()
    for stage in STAGES:
        if stage.name not in _PARSER_DATABASE_STAGES:
            continue
        earlier = Earlier(False, frozenset(d.code for d in report.diagnostics if d.is_error))
        if stage.runs_when(earlier):
            for check in stage.checks:
                check(schema, report)
    return any(d.is_error for d in report.diagnostics)


# ---------------------------------------------------------------------------
# Names and inferred foreign keys
# ---------------------------------------------------------------------------


def lower_first(name: str) -> str:
    """A model name as a field name: `PostableEntity` → `postableEntity`."""
    if "_" in name or "-" in name:
        return camel_case(name)
    return name[:1].lower() + name[1:]


def plural_name(name: str) -> str:
    """`post` → `posts`, `postableEntity` → `postableEntities`, `post2` → `post2s`."""
    parts = words(name)
    last = parts[-1] if parts else name
    if not last.isalpha() or not name.endswith(last):
        return name + "s"
    many = plural(last.lower())
    if last[:1].isupper():
        many = many[:1].upper() + many[1:]
    return name[: len(name) - len(last)] + many


@dataclass(frozen=True, slots=True)
class _Inferred:
    name: str
    arity: str
    blueprint: Field
    """The referenced field it points at."""


def _unique_criteria(model: Model) -> list[Field] | None:
    """The fields of the model's first unique criteria (primary key first)."""
    for index in model.all_indexes:
        if index.kind not in ("id", "unique"):
            continue
        fields = [entry.field for entry in index.fields]
        if all(f is not None and f.kind in ("scalar", "enum") for f in fields):
            return [f for f in fields if f is not None]
    return None


def _inferred(relation: Relation) -> list[_Inferred]:
    referencing, referenced = relation.referencing_model, relation.referenced_model
    if referenced is None:
        return []
    criteria = _unique_criteria(referenced) or []
    forward = relation.referencing_field
    out = []
    for fld in criteria:
        name = lower_first(referenced.name) + fld.name[:1].upper() + fld.name[1:]
        existing = referencing.by_name.get(name)
        if existing is not None and existing.kind != "model":
            arity = existing.arity
        elif forward is not None:
            arity = forward.arity
        else:
            arity = "optional"
        out.append(_Inferred(name, arity, fld))
    return out


_ARITY = {"required": "", "optional": "?", "list": "[]"}


def _fields_argument(relation: Relation) -> str:
    return "fields: [" + ", ".join(i.name for i in _inferred(relation)) + "]"


def _references_argument(relation: Relation) -> str:
    forward = relation.referencing_field
    attr = forward.relation_attr if forward is not None else None
    if attr is not None and attr.references is not None:
        names = attr.references
    else:
        referenced = relation.referenced_model
        criteria = _unique_criteria(referenced) if referenced is not None else None
        names = [f.name for f in criteria or ()]
    return "references: [" + ", ".join(names) + "]"


def _close(model: Model) -> tuple[str, int]:
    decl = model.decl
    assert decl.block.close_brace is not None
    return decl.path, decl.offset + decl.block.close_brace


# ---------------------------------------------------------------------------
# The three kinds of completion
# ---------------------------------------------------------------------------


def _missing_fields(relation: Relation, texts: Mapping[str, str], out: list[Insertion]) -> None:
    referencing, referenced = relation.referencing_model, relation.referenced_model
    if referenced is None:
        return
    if relation.back_field is None:
        one = relation.kind == "1:1"
        base = lower_first(referencing.name)
        name = base if one else plural_name(base)
        ignore = "@ignore" if referencing.is_ignored else ""
        path, at = _close(referenced)
        arity = "?" if one else "[]"
        out.append(Insertion(path, at, f"{name} {referencing.name}{arity} {ignore}\n"))
    forward = relation.referencing_field
    if forward is None:
        optional = any(i.arity == "optional" for i in _inferred(relation))
        arity = "?" if optional else ""
        path, at = _close(referencing)
        out.append(
            Insertion(
                path,
                at,
                f"{lower_first(referenced.name)} {referenced.name}{arity} "
                f"@relation({_fields_argument(relation)}, {_references_argument(relation)})\n",
            )
        )
    if (
        forward is not None
        and forward.relation_attr is not None
        and (forward.relation_attr.fields is not None)
    ):
        return
    path, at = _close(referencing)
    for inferred in _inferred(relation):
        if inferred.name in referencing.by_name:
            continue
        blueprint = inferred.blueprint
        if blueprint.kind != "scalar":
            return  # only built-in scalar types are copied
        native = ""
        if blueprint.native_type is not None:
            span = blueprint.decl.span(blueprint.native_type)
            native = texts[span.path][span.start : span.end]
        out.append(
            Insertion(
                path,
                at,
                f"{inferred.name} {blueprint.type_name}{_ARITY[inferred.arity]} {native}\n",
            )
        )


def _missing_attribute(relation: Relation, texts: Mapping[str, str], out: list[Insertion]) -> None:
    forward = relation.referencing_field
    if forward is None or forward.attribute("relation") is not None:
        return
    span = forward.type_span
    text = texts[span.path]
    at = span.end
    while at < len(text) and text[at] in "[]?!":
        at += 1
    out.append(
        Insertion(
            span.path,
            at,
            f" @relation({_fields_argument(relation)}, {_references_argument(relation)})",
        )
    )


def _missing_arguments(relation: Relation, out: list[Insertion]) -> None:
    forward = relation.referencing_field
    attribute = forward.attribute("relation") if forward is not None else None
    if forward is None or attribute is None or forward.relation_attr is None:
        return
    extra = []
    if forward.relation_attr.fields is None:
        extra.append(_fields_argument(relation))
    if forward.relation_attr.references is None:
        extra.append(_references_argument(relation))
    if not extra:
        return
    span = forward.decl.span(attribute)
    args = attribute.args
    if args is None:
        out.append(Insertion(span.path, span.end, "(" + ", ".join(extra) + ")"))
    elif not args.args:
        out.append(Insertion(span.path, span.end - 1, ", ".join(extra)))
    else:
        out.append(Insertion(span.path, span.end - 1, ", " + ", ".join(extra)))
