"""The PAE codes: what Prisma itself rejects, grouped by kind.

One code per kind of mistake rather than per message, so that users can
select or search them; the message says exactly what is wrong.
"""

SYNTAX = "PAE001"
"""The text is not Prisma Schema Language (a line, a block, a token)."""
UNKNOWN_TYPE = "PAE002"
"""A field type that names no scalar, model, enum or composite type."""
DUPLICATE = "PAE003"
"""A name declared twice (blocks, fields, enum values), or a reserved name."""
ATTRIBUTE = "PAE004"
"""Unknown or duplicated attribute, unknown, missing or ill-typed argument."""
RELATION = "PAE005"
"""A relation Prisma cannot resolve: missing opposite field, ambiguity,
`fields`/`references` mismatch, references to non-unique fields."""
NO_UNIQUE_CRITERION = "PAE006"
"""A model without `@id`, `@@id`, or a required `@unique` / `@@unique`."""
DEFAULT = "PAE007"
"""A `@default` value that does not fit the field."""
NATIVE_TYPE = "PAE008"
"""A native database type that the provider lacks or the field type cannot take."""
NAME_CONFLICT = "PAE009"
"""Two tables, columns, enums or constraints with the same database name."""
CONFIG = "PAE010"
"""A datasource or generator problem (provider, url per Prisma version,
preview features, relationMode, schemas, extensions)."""
INDEX = "PAE011"
"""An id, unique or index that names unknown fields or uses unsupported options."""
CAPABILITY = "PAE012"
"""A feature the provider does not support (scalar lists, enums, composite types…)."""
WARNING = "PAW001"
"""Something Prisma accepts but warns about."""
