"""Which index covers a set of columns (shared by the indexing rules)."""

from __future__ import annotations

from analysis.model.schema import Index, IndexField, Model

#: Index types that serve only equality on exactly their columns (no prefix use).
EXACT_ONLY = frozenset({"Hash", "Gin", "Gist", "Brin", "SpGist"})


def covered_by(model: Model, fields: list[str]) -> Index | None:
    """The first id, unique or index whose leading fields are ``fields`` (in any order).

    Equality lookups on a foreign key use a B-tree whose leading columns are the key's
    columns whatever their order; a hash-like index serves them only when its columns are
    exactly the key's.
    """
    wanted = set(fields)
    for index in model.all_indexes:
        if index.kind == "fulltext":
            continue
        names = index.field_names
        if index.type in EXACT_ONLY:
            if set(names) == wanted and len(names) == len(wanted):
                return index
        elif set(names[: len(fields)]) == wanted:
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
