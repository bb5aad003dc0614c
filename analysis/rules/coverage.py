"""Which index covers a set of columns (shared by the indexing rules)."""

from __future__ import annotations

from analysis.model.schema import Index, Model

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
