"""PAC003 model-name-style."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import CompositeType, Model, Schema
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext, per_signature
from analysis.rules.naming_case import (
    UNCOUNTABLE,
    is_case,
    is_plural,
    join_words,
    lower_words,
    pascal_case,
    rename_model_edits,
    singular,
    word_set,
)
from analysis.rules.naming_case import words as split_words

#: Singular nouns ending in `s` that inflection may read as plurals (`canvas`).
SINGULAR_IN_S = (
    "access",
    "address",
    "alias",
    "analysis",
    "atlas",
    "axis",
    "basis",
    "bonus",
    "bus",
    "business",
    "campus",
    "canvas",
    "census",
    "class",
    "corpus",
    "focus",
    "gas",
    "lens",
    "process",
    "radius",
    "series",
    "species",
    "status",
    "thesis",
    "virus",
)

#: Plural nouns that name one record well (`UserSettings`, `PageStats`).
SINGULAR_ENOUGH = (
    "analytics",
    "credentials",
    "data",
    "details",
    "hours",
    "metrics",
    "permissions",
    "preferences",
    "settings",
    "stats",
    "statistics",
)


#: Words that join two nouns in a relation table's name (`TagsOnPosts`), which Prisma's
#: documentation itself names in the plural.
_FUNCTION_WORDS = frozenset(["and", "for", "in", "of", "on", "per", "to", "with"])


class ModelNameStyleOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    infer_style: bool = True
    """Stay silent on a schema whose models are mostly named in lower case (an
    introspected database that keeps the table names as model names)."""
    plural_ok: tuple[str, ...] = (*UNCOUNTABLE, *SINGULAR_ENOUGH, *SINGULAR_IN_S)
    """Last words accepted though plural (`UserSettings`)."""


class ModelNameStyle(Rule):
    """
    ## What it does
    Flags a model, view or composite type whose name is not PascalCase and singular:
    `model users`, `model order_item`, `model Tasks`.

    ## Why is this bad?
    The model name becomes the type of one record in the generated client: `Task` reads as
    one task, `prisma.task.findMany()` as many. A plural or snake_case model name gives
    `Tasks`-typed single records and `prisma.tasks` accessors, and mixes two conventions in
    one codebase. The table keeps whatever name `@@map` gives it.

    ## Example
    ```prisma
    model order_items {
      id Int @id
    }
    ```

    ## Use instead
    ```prisma
    model OrderItem {
      id Int @id

      @@map("order_items")
    }
    ```

    ## Fix safety
    Unsafe: the fix renames the model and every field type that names it, and keeps the
    table with `@@map`, so the database is untouched; but application code using the old
    client names must change. No fix is offered when the model takes part in an implicit
    many-to-many relation whose join table (`_AToB`) is named after it.

    ## When to ignore
    When the schema was introspected and keeps table names as model names on purpose
    (silent by default when most models are named in lower case: option `infer_style`).
    """

    code = "PAC003"
    name = "model-name-style"
    group = Group.NAMING
    severity = Severity.INFO
    neighbours = "relations"
    scope = "model"  # the inferred style reads the names only (declaration signature)
    Options = ModelNameStyleOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, ModelNameStyleOptions)
        schema = ctx.schema
        if options.infer_style and per_signature(schema, _lower_case_names):
            return
        blocks: list[Model | CompositeType] = [*ctx.models, *ctx.composite_types]
        plural_ok = word_set(options.plural_ok)
        for block in blocks:
            if isinstance(block, Model) and block.is_ignored:
                continue
            pascal, plural = _judge(block.name, plural_ok)
            if pascal and not plural:
                continue
            words = lower_words(block.name)
            last = words[-1] if words else ""
            if pascal and plural:
                spelled = split_words(block.name)
                one = singular(last, options.plural_ok)
                target = "".join(spelled[:-1]) + one[:1].upper() + one[1:]
            else:
                if plural:
                    words = [*words[:-1], singular(last, options.plural_ok)]
                target = join_words(words, "PascalCase") if words else pascal_case(block.name)
            problem = "not PascalCase" if not pascal else "plural"
            if not pascal and plural:
                problem = "not singular PascalCase"
            kind = "composite type"
            fixes: tuple[Fix, ...] = ()
            if isinstance(block, Model):
                kind = "view" if block.is_view else "model"
                if schema.type_decl(target) is None and is_case(target, "PascalCase"):
                    text = ctx.text(block.decl.path)
                    edits = rename_model_edits(schema, text, block, target)
                    if edits is not None:
                        fixes = (Fix(f"Rename the {kind} to `{target}`", tuple(edits), False),)
            yield self.finding(
                ctx,
                block.decl.name_span,
                f"The {kind} name `{block.name}` is {problem}: a model names one record in "
                f"the generated client, which reads best as `{target}`.",
                fixes=fixes,
            )


@lru_cache(maxsize=16384)
def _judge(name: str, plural_ok: frozenset[str]) -> tuple[bool, bool]:
    """Whether the name is PascalCase, and whether it reads as a plural. Cached: the
    model names of a schema are judged again by every lint."""
    words = lower_words(name)
    pascal = is_case(name, "PascalCase")
    last = words[-1] if words else ""
    plural = (
        not _FUNCTION_WORDS.intersection(words[1:-1])
        and not any(singular(w, ()) != w for w in words[:-1] if len(w) > 3)
        and len(last) > 2
        and last.isalpha()
        and last not in plural_ok
        and singular(last, plural_ok) != last
        and is_plural(last, plural_ok)
    )
    return pascal, plural


def _lower_case_names(schema: Schema) -> bool:
    """Whether most model and type names start in lower case (at least 3): the
    tables of an introspected database, named as they are."""
    names = [*schema.models, *schema.composite_types]
    lower = sum(name[:1].islower() for name in names)
    return lower >= 3 and lower * 2 > len(names)
