"""PAI010 natural-key-not-unique."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.fixes import append_field_attribute
from analysis.model.schema import Field, Model
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.naming_case import word_tuple
from analysis.rules.relation_edits import LOG_WORDS
from analysis.rules.timestamps import key
from analysis.rules.type_edits import table_fields_of


class NaturalKeyOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    keys: tuple[str, ...] = ("slug", "sku", "isbn")
    """Field names that identify a row of any model (`slug`, `sku`, `isbn`)."""
    identity_keys: tuple[str, ...] = ("email", "username", "handle")
    """Field names that identify a row of an identity model (see `identity_models`)."""
    identity_models: tuple[str, ...] = (
        "user",
        "member",
        "person",
        "profile",
        "admin",
        "author",
        "employee",
    )
    """Last words of model names whose rows are people: an `email` there is the login;
    elsewhere (`Invitation.email`, `Customer.email` of a shop) it is a plain attribute."""

    record_models: tuple[str, ...] = (
        *LOG_WORDS,
        "request",
        "requests",
        "report",
        "reports",
        "snapshot",
        "snapshots",
        "version",
        "versions",
        "revision",
        "revisions",
    )
    """Last words of model names whose rows record something about another row (a request,
    a report, a version): its key repeats there by design."""


class NaturalKeyNotUnique(Rule):
    """
    ## What it does
    Flags a field that is a natural key by its name — `slug`, `sku`, `isbn` on any model;
    `email`, `username`, `handle` on a model of people (`User`, `Member`, `Person`, …) —
    when it is neither `@unique`, `@id`, nor part of a `@@unique`/`@@id`. A key that a
    related model also has (`LineItem.sku` next to `product Product`) is a copy of that
    model's key and is not flagged here, nor are models that record something about
    another row (`…Request`, `…Report`, `…Version`, logs and events).

    ## Why is this bad?
    A natural key is how the outside world finds the row: the login, the URL, the barcode.
    If the database does not enforce its uniqueness, two concurrent sign-ups or two imports
    create duplicates sooner or later (a check in application code races), and every
    `findFirst` on the key silently picks one of them.

    ## Example
    ```prisma
    model User {
      id    Int    @id
      email String
    }
    ```

    ## Use instead
    ```prisma
    model User {
      id    Int    @id
      email String @unique
    }
    ```

    ## Fix safety
    Unsafe: the migration fails while duplicates exist, and application code that relied
    on them breaks; deduplicate first. In a multi-tenant model make it unique per tenant
    instead (`@@unique([tenantId, slug])`), which this rule also accepts.

    ## When to ignore
    When the value is deliberately shared (several accounts of one person with one email,
    a slug that is unique per parent in application code only) — better expressed with a
    composite `@@unique`. The word lists are options of the rule.
    """

    code = "PAI010"
    name = "natural-key-not-unique"
    group = Group.INTEGRITY
    severity = Severity.WARNING
    providers = None
    Options = NaturalKeyOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, NaturalKeyOptions)
        plain_keys = frozenset(options.keys)
        identity_keys = plain_keys | frozenset(options.identity_keys)
        for fld in table_fields_of(ctx, "String"):
            if fld.kind != "scalar" or fld.arity == "list" or key(fld.name) not in identity_keys:
                continue
            model = fld.owner
            assert isinstance(model, Model)
            name_words = word_tuple(model.name)
            if name_words and name_words[-1] in options.record_models:
                continue
            identity = bool(name_words) and name_words[-1] in options.identity_models
            keys = identity_keys if identity else plain_keys
            if key(fld.name) in keys and not _unique(model, fld) and not _copied(model, fld):
                yield self.finding(
                    ctx,
                    fld.name_span,
                    f"`{fld.name}` of `{model.name}` is a natural key but not unique: two "
                    f"rows can claim the same {fld.name}.",
                    fixes=(
                        Fix("Add `@unique`", (append_field_attribute(fld, "@unique"),), False),
                    ),
                )


def _unique(model: Model, fld: Field) -> bool:
    indexes = [model.primary_key] if model.primary_key is not None else []
    return any(fld.name in index.field_names for index in [*indexes, *model.uniques])


def _copied(model: Model, fld: Field) -> bool:
    """The key of a related model copied here (`Request.slug` of the related `App`)."""
    return any(
        isinstance(rel.target, Model) and rel.target is not model and fld.name in rel.target.by_name
        for rel in model.relation_fields
        if not rel.is_list
    )
