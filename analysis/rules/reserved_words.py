"""PostgreSQL's reserved key words, which cannot name a table or a column unquoted.

Not a rule module: it defines no :class:`~analysis.rules.base.Rule`.

PostgreSQL sorts its key words into four categories (`src/include/parser/kwlist.h`,
appendix "SQL Key Words" of the manual). Two of them cannot be a table or column name
without double quotes: the *reserved* ones, and the ones reserved except as a function
or type name (`left`, `join`, `like`). The other two (unreserved, and "cannot be a
function or type" such as `position` or `time`) work unquoted as table and column
names, so they are not listed here.
"""

from __future__ import annotations

#: Key words PostgreSQL reserves (category `RESERVED_KEYWORD`).
RESERVED = frozenset(
    [
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "column",
        "constraint",
        "create",
        "current_catalog",
        "current_date",
        "current_role",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "from",
        "grant",
        "group",
        "having",
        "in",
        "initially",
        "intersect",
        "into",
        "lateral",
        "leading",
        "limit",
        "localtime",
        "localtimestamp",
        "not",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "placing",
        "primary",
        "references",
        "returning",
        "select",
        "session_user",
        "some",
        "symmetric",
        "system_user",
        "table",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "when",
        "where",
        "window",
        "with",
    ]
)

#: Key words that may name a function or a type but not a table or column
#: (category `TYPE_FUNC_NAME_KEYWORD`).
RESERVED_EXCEPT_FUNCTION = frozenset(
    [
        "authorization",
        "binary",
        "collation",
        "concurrently",
        "cross",
        "current_schema",
        "freeze",
        "full",
        "ilike",
        "inner",
        "is",
        "isnull",
        "join",
        "left",
        "like",
        "natural",
        "notnull",
        "outer",
        "overlaps",
        "right",
        "similar",
        "tablesample",
        "verbose",
    ]
)

POSTGRESQL = RESERVED | RESERVED_EXCEPT_FUNCTION
"""Every key word above, in lower case (so an unquoted lower-case name is reserved
exactly when it is a member)."""


def is_reserved(name: str) -> bool:
    """Whether ``name``, unquoted, is a PostgreSQL key word that cannot name a table or
    column (compared case-insensitively, as PostgreSQL folds unquoted names)."""
    return name.lower() in POSTGRESQL
