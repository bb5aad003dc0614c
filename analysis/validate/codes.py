"""The PAE codes: what Prisma itself rejects, grouped by kind.

One code per kind of mistake rather than per message, so that users can
select or search them; the message says exactly what is wrong.
"""

SYNTAX = "PAE001"
UNKNOWN_TYPE = "PAE002"
DUPLICATE = "PAE003"
ATTRIBUTE = "PAE004"
RELATION = "PAE005"
NO_UNIQUE_CRITERION = "PAE006"
DEFAULT = "PAE007"
NATIVE_TYPE = "PAE008"
NAME_CONFLICT = "PAE009"
CONFIG = "PAE010"
INDEX = "PAE011"
CAPABILITY = "PAE012"
WARNING = "PAW001"

MEANING: dict[str, str] = {
    SYNTAX: "The text is not Prisma Schema Language (a line, a block, a token).",
    UNKNOWN_TYPE: "A field type that names no scalar, model, enum or composite type.",
    DUPLICATE: "A name declared twice (blocks, fields, enum values), or a reserved name.",
    ATTRIBUTE: "Unknown or duplicated attribute, unknown, missing or ill-typed argument.",
    RELATION: (
        "A relation Prisma cannot resolve: missing opposite field, ambiguity, "
        "`fields`/`references` mismatch, references to non-unique fields."
    ),
    NO_UNIQUE_CRITERION: "A model without `@id`, `@@id`, or a required `@unique` / `@@unique`.",
    DEFAULT: "A `@default` value that does not fit the field.",
    NATIVE_TYPE: "A native database type that the provider lacks or the field type cannot take.",
    NAME_CONFLICT: "Two tables, columns, enums or constraints with the same database name.",
    CONFIG: (
        "A datasource or generator problem (provider, url per Prisma version, "
        "preview features, relationMode, schemas, extensions)."
    ),
    INDEX: "An id, unique or index that names unknown fields or uses unsupported options.",
    CAPABILITY: "A feature the provider does not support (scalar lists, enums, composite types…).",
    WARNING: "Something Prisma accepts but warns about.",
}
"""What each code stands for (the docs and the editor's hover show it)."""
