"""PAC001 model-table-name."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Schema, Span
from analysis.rules.base import (
    Finding,
    Fix,
    Group,
    Rule,
    RuleContext,
    per_signature,
    per_signature_with,
)
from analysis.rules.naming_case import (
    UNCOUNTABLE,
    Case,
    block_map_edit,
    is_case,
    is_plural,
    join_words,
    lower_words,
    plural,
    singular,
    word_set,
)
from analysis.rules.reserved_words import is_reserved


class ModelTableNameOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    table_case: Case = "snake_case"
    """The case of table names."""
    plural: bool = True
    """Whether table names are plural (`users`); `false` accepts any number."""
    infer_number: bool = True
    """When most tables of the schema are already singular in the configured case (an
    existing database, introspected), follow that convention and check only the case."""
    uncountable: tuple[str, ...] = UNCOUNTABLE
    """Nouns accepted as plural as they are (`media`, `staff`)."""


class ModelTableName(Rule):
    """
    ## What it does
    Flags a model whose table name (its `@@map`, else the model name) is not plural
    snake_case: `model User` without `@@map` creates the table `User`.

    ## Why is this bad?
    PostgreSQL folds unquoted identifiers to lower case, so a table `User` has to be written
    `"User"`, quotes included, in every raw query, view, migration and BI tool; unquoted,
    `user` even means the current role. A table holds a set of rows, and the usual SQL
    convention names it for the set: `users`, `order_items`. `@@map` keeps the singular
    PascalCase model name in the Prisma Client.

    ## Example
    ```prisma
    model OrderItem {
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
    Unsafe: the fix renames the table. `prisma migrate dev` writes that as a dropped and a
    created table, losing the data, unless you edit the migration into
    `ALTER TABLE … RENAME TO`. The plural comes from an inflection library (`Person` →
    `people`, `Status` → `statuses`); only the last word is made plural.

    ## When to ignore
    When the database exists and renaming its tables is not worth it. The options set the
    case (`table_case`) and the number (`plural`); by default a schema whose tables are
    mostly singular snake_case already (an introspected database) is checked for the case
    only.
    """

    code = "PAC001"
    name = "model-table-name"
    group = Group.NAMING
    severity = Severity.INFO
    neighbours = "own"
    providers = frozenset({"postgresql", "cockroachdb"})
    scope = "model"  # reads every model's table name: part of the declaration signature
    Options = ModelTableNameOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, ModelTableNameOptions)
        case = options.table_case
        uncountable = word_set(options.uncountable)
        tables = per_signature(ctx.schema, _tables)
        want_plural = options.plural and not (
            options.infer_number
            and per_signature_with(ctx.schema, _mostly_singular, (case, uncountable))
        )
        label = ("plural " if want_plural else "") + case
        severity = ctx.severity
        code = self.code
        for model in ctx.models:
            if "ignore" in model.attributes:
                continue
            name = model.db_name
            judged = _judge(name, case, want_plural, uncountable)
            if judged is None:
                continue
            case_ok, target, settable = judged
            mapped = model.attributes.get("map")
            fixes: tuple[Fix, ...] = ()
            if settable and target not in tables:
                edit = block_map_edit(ctx.files[model.decl.path].text, model, target)
                if edit is not None:
                    verb = "Change" if mapped else "Add"
                    fixes = (Fix(f'{verb} `@@map("{target}")`', (edit,), False),)
            if not case_ok and case == "snake_case":
                why = "PostgreSQL folds unquoted names to lower case, so raw SQL must quote it."
            elif not case_ok:
                why = "the configured table case."
            else:
                why = f"a table holds many rows, name it for the set (`{target}`)."
            decl = model.decl
            node = mapped[0] if mapped else decl.block.name
            kind = "view" if model.is_view else "model"
            yield Finding(
                code,
                f"The table `{name}` of {kind} `{model.name}` is not {label}: {why}",
                severity,
                Span(decl.path, decl.offset + node.start, decl.offset + node.end),
                (),
                fixes,
            )


@lru_cache(maxsize=16384)
def _judge(
    name: str, case: Case, want_plural: bool, uncountable: frozenset[str]
) -> tuple[bool, str, bool] | None:
    """``None`` when the table name is right; else whether its case is, the name it
    should have and whether that can be set with `@@map` (in ``case``, not reserved).
    Cached: the table names of a schema are judged again by every lint."""
    case_ok = is_case(name, case)
    number_ok = not want_plural or _name_reads_plural(name, uncountable)
    if case_ok and number_ok:
        return None
    words = lower_words(name)
    if not number_ok:
        words = _pluralized(words, uncountable)
    target = join_words(words, case)
    return case_ok, target, is_case(target, case) and not is_reserved(target)


def _tables(schema: Schema) -> frozenset[str]:
    """The table names of the models that are not `@@ignore`d."""
    return frozenset(m.db_name for m in schema.models.values() if not m.is_ignored)


@lru_cache(maxsize=16384)
def _name_reads_plural(name: str, uncountable: frozenset[str]) -> bool:
    """:func:`_reads_plural` of a table name; cached: the table names of a schema
    are read again by every lint."""
    return _reads_plural(lower_words(name), uncountable)


def _head(words: list[str]) -> int | None:
    """The index of the word that names what a row is: the last word, or the word
    before a function word (`tag` in `image_tag_for_review`); ``None`` when the name
    ends without a noun (`triggered_by`, `report_automated`)."""
    if not words:
        return None
    for i, word in enumerate(words[1:-1], start=1):
        if word in _FUNCTION_WORDS:
            return i - 1 if _noun_like(words[i - 1]) else None
    return len(words) - 1 if _noun_like(words[-1]) else None


def _reads_plural(words: list[str], uncountable: Collection[str]) -> bool:
    """Whether a table name reads as plural: its head word, or another word when the
    name qualifies a plural (`users_on_study`, `accounts_mip`)."""
    head = _head(words)
    if head is None or is_plural(words[head], uncountable):
        return True
    return any(
        w.isalpha() and len(w) > 3 and singular(w, ()) != w and is_plural(w, ()) for w in words
    )


def _pluralized(words: list[str], uncountable: Collection[str]) -> list[str]:
    head = _head(words)
    if head is None:
        return words
    return [*words[:head], plural(words[head], uncountable), *words[head + 1 :]]


#: Words that end a name without naming a thing (`TriggeredBy`, `PaidFor`).
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "via",
        "with",
        "without",
    ]
)


def _noun_like(word: str) -> bool:
    """Whether the word may be a noun to make plural (not `by`, not `automated`)."""
    return word not in _FUNCTION_WORDS and not (word.endswith("ed") and len(word) > 4)


def _mostly_singular(schema: Schema, convention: tuple[Case, frozenset[str]]) -> bool:
    """Whether most tables of the schema are singular in the configured case already
    (at least 3): an existing database's convention (once per declaration signature
    and options)."""
    case, uncountable = convention
    models = [m for m in schema.models.values() if not m.is_ignored]
    names = [m.db_name for m in models if is_case(m.db_name, case)]
    singular = sum(not _name_reads_plural(n, uncountable) for n in names)
    return singular >= 3 and singular * 2 > len(models)
