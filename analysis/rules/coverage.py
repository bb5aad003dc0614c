"""Which index covers a set of columns (shared by the indexing rules)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from analysis.fixes import insert_block_attribute
from analysis.model.schema import Field, Index, IndexField, Model, Span
from analysis.rules.base import Edit, RuleContext
from analysis.rules.owned import forward_relations

#: Index types that serve only equality on exactly their columns (no prefix use).
EXACT_ONLY = frozenset({"Hash", "Gin", "Gist", "Brin", "SpGist"})


def covered_by(model: Model, fields: list[str]) -> Index | None:
    """The first id, unique or index whose leading fields are ``fields`` (in any order).

    Equality lookups on a foreign key use a B-tree whose leading columns are the key's
    columns whatever their order; a hash-like index serves them only when its columns are
    exactly the key's.
    """
    wanted = set(fields)
    size = len(fields)
    key = model.primary_key
    for group in ((key,) if key is not None else (), model.uniques, model.indexes):
        for index in group:
            if index.kind == "fulltext":
                continue
            entries = index.fields
            if size == 1:  # most foreign keys: the same test without sets
                if entries and entries[0].name == fields[0] and (
                    len(entries) == 1 or index.type not in EXACT_ONLY
                ):
                    return index
                continue
            if index.type in EXACT_ONLY:
                if len(entries) == len(wanted) and {e.name for e in entries} == wanted:
                    return index
            elif {e.name for e in entries[:size]} == wanted:
                return index
    return None


def same_columns(mine: list[IndexField], theirs: list[IndexField], *, reversible: bool) -> bool:
    """Whether two index field lists have the same fields, prefix lengths and operator
    classes, and a sort order that one of them gives when scanned forwards or (with
    ``reversible``) backwards."""
    if len(mine) != len(theirs):
        return False
    for a, b in zip(mine, theirs, strict=True):
        if (a.name, a.path, a.length, a.ops) != (b.name, b.path, b.length, b.ops):
            return False
    forward = [(a.sort or "Asc") == (b.sort or "Asc") for a, b in zip(mine, theirs, strict=True)]
    return all(forward) or (reversible and not any(forward))


@dataclass(frozen=True, slots=True)
class UnindexedKey:
    """A relation whose foreign key no index leads with, and the edit that adds one."""

    model: Model
    relation_field: Field
    columns: list[str]
    span: Span
    """The `fields: [...]` argument (else the relation field's name)."""
    add_index: Edit
    attribute: str
    """The `@@index([...])` the edit adds."""


def unindexed_foreign_keys(ctx: RuleContext) -> Iterator[UnindexedKey]:
    """Every 1:1 / 1:N relation of a model (not a view, not ignored) whose foreign key
    columns are not covered (PAX001 with real foreign keys, PAI006 with emulated ones)."""
    for relation in forward_relations(ctx):
        if relation.kind == "N:M" or not relation.fk_fields:
            continue
        forward = relation.forward
        model = forward.owner
        if not isinstance(model, Model) or model.is_view or model.is_ignored:
            continue
        columns = [f.name for f in relation.fk_fields]
        if covered_by(model, columns) is not None:
            continue
        attribute = f"@@index([{', '.join(columns)}])"
        span = forward.name_span
        relation_attr = forward.relation_attr
        if relation_attr is not None and relation_attr.attribute is not None:
            fields_arg = relation_attr.attribute.arg("fields")
            if fields_arg is not None:
                span = model.decl.span(fields_arg)
        edit = insert_block_attribute(ctx.text(model.decl.path), model, attribute)
        yield UnindexedKey(model, forward, columns, span, edit, attribute)
