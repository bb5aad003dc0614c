"""A `prisma format`-compatible formatter.

:func:`format_source` formats one file, :func:`format_files` the files of
one schema together (like `prisma format` on a schema folder: relations
across files are completed). Like Prisma, the formatter also completes
relations: a missing back-relation field, a missing `@relation` attribute
or `fields:`/`references:` argument, and the missing foreign-key fields are
added (:mod:`analysis.format.relations`) when the schema is otherwise free
of errors.

A file with syntax errors is not formatted (Prisma refuses such schemas
too), with one exception Prisma makes as well: a line inside a block that
does not parse is kept as written and the rest of the block is formatted
around it. :func:`format_edits` turns a formatting into a few small edits
for an editor.
"""

from __future__ import annotations

from analysis.format.api import (
    FormatError,
    Formatted,
    format_analysis,
    format_edits,
    format_files,
    format_source,
    format_text,
)

__all__ = [
    "FormatError",
    "Formatted",
    "format_analysis",
    "format_edits",
    "format_files",
    "format_source",
    "format_text",
]
