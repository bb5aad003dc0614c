"""PAT002 date-as-string."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext, names_judged
from analysis.rules.name_words import has_word, is_word, words
from analysis.rules.owned import forward_relations
from analysis.rules.type_edits import retype, set_native_type, usable_fields_of


class DateAsStringOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date_words: frozenset[str] = frozenset({"date", "dob", "birthday", "birthdate"})
    """Words that name a date anywhere in the name (`dueDate`, `date_of_birth`)."""
    string_date_words: frozenset[str] = frozenset({"timestamp", "datetime"})
    """Date words checked on `String` fields only (an `Int` `thumbnailTimestamp` is an
    offset into a video as often as an instant)."""
    last_words: frozenset[str] = frozenset({"at"})
    """Words that make a date as the last word (`createdAt`, `expires_at`)."""
    participle_last_words: frozenset[str] = frozenset({"on"})
    """Last words that make a date after a past participle (`publishedOn`, not
    `notifyOn`)."""
    not_participles: frozenset[str] = frozenset(
        {"based", "focused", "modeled", "modelled", "relied", "depended", "centered", "keyed"}
    )
    not_date_words: frozenset[str] = frozenset(
        {
            "format", "pattern", "style", "type", "mode", "range", "kind", "locale", "zone",
            "timezone", "tz", "preference", "setting", "unit", "field", "column", "source",
            "label", "by", "id",
        }
    )  # fmt: skip
    """Words that say the field describes dates rather than holds one (`dateFormat`)."""
    epoch_words: frozenset[str] = frozenset(
        {"epoch", "unix", "ms", "millis", "milliseconds", "seconds", "secs", "sec"}
    )
    """An `Int` with one of these words holds a documented epoch number."""


@lru_cache(maxsize=16384)
def looks_like_date(name: str, type_name: str, options: DateAsStringOptions) -> bool:
    """Whether the name reads as a date. Cached: field names repeat across models."""
    name_words = words(name)
    if not name_words or has_word(name_words, options.not_date_words):
        return False
    if type_name == "Int" and has_word(name_words, options.epoch_words):
        return False
    if has_word(name_words, options.date_words):
        return True
    if type_name == "String" and has_word(name_words, options.string_date_words):
        return True
    last = name_words[-1]
    if is_word(last, options.last_words) and len(name_words) > 1:
        return True
    if last in options.participle_last_words and len(name_words) > 1:
        before = name_words[-2]
        return before.endswith("ed") and before not in options.not_participles
    return False


def is_oauth_account(model: Model) -> bool:
    """The Auth.js / NextAuth `Account` model: its `Int` token times (`expires_at`) are
    written by the adapter as epoch seconds, in the shape the library requires."""
    return any(words(f.name) == ("provider", "account", "id") for f in model.fields)


class DateAsString(Rule):
    """
    ## What it does
    Flags a `String` or `Int` field whose name says it holds a date or an instant:
    `createdAt`, `expires_at`, `publishedOn`, `dueDate`, `dob`, `birthday`, `timestamp`.

    ## Why is this bad?
    The database cannot check a date it stores as text or as a number: `2024-02-30`,
    `"next week"` and `-1` are all accepted. Text sorts and compares correctly only while
    every writer uses the same zero-padded format and zone; date arithmetic, ranges,
    truncation to a day and time zone conversion need casts that cannot use an index. A
    32-bit `Int` of epoch seconds runs out in January 2038.

    ## Example
    ```prisma
    model Contact {
      id        Int    @id
      birthday  String
      createdAt Int
    }
    ```

    ## Use instead
    ```prisma
    model Contact {
      id        Int      @id
      birthday  DateTime @db.Date
      createdAt DateTime @default(now())
    }
    ```

    ## Fix safety
    Unsafe: the column changes type, existing values must be converted in the migration
    (`USING to_timestamp(created_at)` or `USING birthday::date`, failing on values that are
    not dates), and the client type becomes `Date`. No fix is offered when the field has a
    `@default` that a `DateTime` cannot take.

    ## When to ignore
    When the value is not a date at all but shares the word (a template expression like
    `{{ object.date }}`, a partial date typed by a user and kept as typed). `Int` fields
    named with `Epoch`, `Unix`, `Ms` or `Seconds` (a documented choice) and the token times
    of the Auth.js `Account` model are not flagged.
    """

    code = "PAT002"
    name = "date-as-string"
    group = Group.TYPES
    severity = Severity.WARNING
    neighbours = "relations"
    Options = DateAsStringOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, DateAsStringOptions)
        fk_fields = {id(f) for r in forward_relations(ctx) for f in r.fk_fields}
        judged = {t: names_judged(("PAT002", t), options) for t in ("String", "Int")}
        for field in [*usable_fields_of(ctx, "String"), *usable_fields_of(ctx, "Int")]:
            if field.kind != "scalar":
                continue
            if id(field) in fk_fields or "id" in field.attributes:
                continue
            memo = judged[field.type_name]
            date = memo.get(field.name)
            if date is None:
                date = memo[field.name] = looks_like_date(field.name, field.type_name, options)
            if not date:
                continue
            model = field.owner
            if field.type_name == "Int" and isinstance(model, Model) and is_oauth_account(model):
                continue
            yield self._finding(ctx, field)

    def _finding(self, ctx: RuleContext, field: Field) -> Finding:
        fixes: tuple[Fix, ...] = ()
        if field.default is None and "updatedAt" not in field.attributes:
            text = ctx.text(field.decl.path)
            edits = (retype(field, "DateTime"), *set_native_type(text, field, None))
            fixes = (Fix(f"Change `{field.name}` to `DateTime`", edits, safe=False),)
        kind = "text" if field.type_name == "String" else "a number"
        return self.finding(
            ctx,
            field.type_span,
            f"`{field.owner.name}.{field.name}` holds a date as {kind} "
            f"(`{field.type_name}`): the database cannot validate, compare or compute with it; "
            "use `DateTime`.",
            fixes=fixes,
        )
