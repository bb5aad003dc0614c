"""PAT008 case-sensitive-email."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Index, Model, Span
from analysis.rules.base import Finding, Group, Rule, RuleContext, names_judged
from analysis.rules.name_words import is_word, words
from analysis.rules.type_edits import native_name, usable_fields_of


class CaseSensitiveEmailOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    email_words: frozenset[str] = frozenset({"email", "mail"})
    """Last words (or the word before a last `address`) that name an email address."""


@lru_cache(maxsize=16384)
def is_email_name(name: str, options: CaseSensitiveEmailOptions) -> bool:
    """Whether the name reads as an email address. Cached: field names repeat."""
    name_words = list(words(name))
    if len(name_words) > 1 and name_words[-1] in ("address", "addresses"):
        name_words.pop()
    return bool(name_words) and is_word(name_words[-1], options.email_words)


def unique_with(model: Model, field: Field) -> Index | None:
    """A primary key or unique constraint of ``model`` that includes ``field``."""
    for index in model.all_indexes:
        if index.kind in ("id", "unique") and any(f.field is field for f in index.fields):
            return index
    return None


class CaseSensitiveEmail(Rule):
    """
    ## What it does
    Flags a unique PostgreSQL `String` email field (`@unique`, `@id`, or part of a
    `@@unique`) that is not stored as `citext` (`@db.Citext`).

    ## Why is this bad?
    PostgreSQL compares `text` byte for byte: `Ann@example.com` and `ann@example.com` are
    two different values, so the unique constraint lets the same person sign up twice, and
    a login lookup with the other spelling finds no one. Lower-casing in the application
    works until one code path (an import, an admin tool, raw SQL) forgets it. `citext`
    compares case-insensitively in the database itself, for the constraint and for every
    query.

    ## Example
    ```prisma
    model User {
      id    Int    @id
      email String @unique
    }
    ```

    ## Use instead
    ```prisma
    generator client {
      provider        = "prisma-client-js"
      previewFeatures = ["postgresqlExtensions"]
    }

    datasource db {
      provider   = "postgresql"
      extensions = [citext]
    }

    model User {
      id    Int    @id
      email String @unique @db.Citext
    }
    ```

    ## Fix safety
    No automatic fix: `citext` needs the extension installed in the database (and, with
    Prisma, the `postgresqlExtensions` preview feature), and converting the column fails if
    rows that differ only in case already exist; they must be merged first.

    ## When to ignore
    When every write and every lookup already goes through one normalization (a lower-cased
    copy in a generated column with its own unique index, or an identity provider that
    normalizes addresses), or when the field is not an address people type.
    """

    code = "PAT008"
    name = "case-sensitive-email"
    group = Group.TYPES
    severity = Severity.HINT
    neighbours = "own"
    providers = frozenset({"postgresql"})
    Options = CaseSensitiveEmailOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, CaseSensitiveEmailOptions)
        judged = names_judged("PAT008", options)
        for field in usable_fields_of(ctx, "String"):
            model = field.owner
            if field.kind != "scalar":
                continue
            if not isinstance(model, Model):
                continue
            email = judged.get(field.name)
            if email is None:
                email = judged[field.name] = is_email_name(field.name, options)
            if not email:
                continue
            if native_name(field) == "Citext":
                continue
            index = unique_with(model, field)
            if index is None:
                continue
            related: tuple[tuple[Span, str], ...] = ()
            if not index.on_field:
                related = ((index.span, "the unique constraint"),)
            yield self.finding(
                ctx,
                field.name_span,
                f"`{model.name}.{field.name}` is unique but compared case-sensitively: "
                "`A@x.com` and `a@x.com` are both accepted; store it as `citext` "
                "(`@db.Citext`).",
                related=related,
            )
