"""Prisma's default database names for constraints and relations.

Prisma names a constraint ``{table}_{columns}_{suffix}`` (``_pkey``,
``_key``, ``_idx``, ``_fkey``) and, where the database limits identifier
length, shortens the ``{table}_{columns}`` part so that the suffix survives.
Knowing these names lets validation catch collisions Prisma would reject and
lets rules talk about the index a migration will really create.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Longest identifier each database accepts.
MAX_IDENTIFIER = {
    "postgresql": 63,
    "cockroachdb": 63,
    "mysql": 64,
    "sqlserver": 128,
}


def constraint_name(table: str, columns: Sequence[str], suffix: str, provider: str | None) -> str:
    """The name Prisma gives a constraint that has no `map:`."""
    stem = "_".join([table, *columns])
    limit = MAX_IDENTIFIER.get(provider or "")
    if limit is not None and len(stem) + 1 + len(suffix) > limit:
        stem = stem[: limit - 1 - len(suffix)]
    return f"{stem}_{suffix}"


def default_relation_name(model_a: str, model_b: str) -> str:
    """`AToB` with the two model names in sorted order."""
    first, second = sorted((model_a, model_b))
    return f"{first}To{second}"
