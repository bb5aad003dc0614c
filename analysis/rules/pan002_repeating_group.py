"""PAN002 repeating-group."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model, Schema
from analysis.rules.base import Finding, Group, Rule, RuleContext, per_schema
from analysis.rules.field_names import owners_named, with_owners
from analysis.rules.naming_case import lower_words

#: A number that ends a word of the name: `phone2`, `address_line_2`, `image2Url`.
_NUMBER = re.compile(r"(?<=[A-Za-z_])(\d+)(?=$|_|[A-Z])")


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allow: list[str] = [
        "line",
        "address",
        "street",
        "level",
        "subdivision",
        "reserved",
        "oauth",
        "ipv",
        "http",
        "sha",
        "md",
        "utf",
    ]
    """Words that, right before the number, name a fixed domain concept (`addressLine1`,
    `subdivision2` of a GeoIP lookup) or a placeholder (`reserved_1`)."""
    pair_words: list[str] = [
        "phone",
        "mobile",
        "fax",
        "email",
        "mail",
        "tag",
        "label",
        "keyword",
        "category",
        "image",
        "photo",
        "picture",
        "file",
        "attachment",
        "document",
        "url",
        "link",
        "website",
        "contact",
        "option",
        "choice",
        "answer",
        "skill",
        "language",
        "note",
    ]
    """Attributes that are lists by nature: two numbered fields of these are flagged (of
    other attributes, three are needed; `column1`/`column2` are often two fixed sides)."""
    max_number: int = 20
    """Larger numbers are part of a name (`sha256`), not a position in a list."""


class RepeatingGroup(Rule):
    """
    ## What it does
    Flags numbered sibling fields of a model, `phone1`/`phone2`, `tag1`…`tag5`,
    `image1Url`/`image2Url`: one attribute repeated in numbered columns.

    ## Why is this bad?
    A repeating group breaks first normal form: the columns hold a list, cut to a fixed
    length. A contact with a fourth phone number needs a migration; finding the contact
    that has a given number means checking every column (`WHERE phone1 = $1 OR phone2 = $1
    OR …`), which no single index serves; the gaps (`phone1` empty, `phone2` set) need rules
    of their own. A child model with one row per value has none of these problems and can
    carry what the numbers only hint at (an order, a label).

    ## Example
    ```prisma
    model Contact {
      id     Int     @id
      phone1 String?
      phone2 String?
      phone3 String?
    }
    ```

    ## Use instead
    ```prisma
    model Contact {
      id     Int            @id
      phones ContactPhone[]
    }

    model ContactPhone {
      id        Int     @id
      contactId Int
      position  Int
      number    String
      contact   Contact @relation(fields: [contactId], references: [id], onDelete: Cascade)

      @@unique([contactId, position])
    }
    ```

    ## Fix safety
    There is no automatic fix: moving the values to a child model needs a data migration.

    ## When to ignore
    When the numbers are part of a fixed concept rather than positions in a list: the two
    lines of a postal address (`addressLine1`, `address_line_2`; the allowed words are
    configurable), the two corners of a rectangle (`x1`, `y2`: one-letter names are never
    flagged). Numbers that do not count from 1 or 2 without gaps (`sha1`, `sha256`) are not
    positions and are not flagged.
    """

    code = "PAN002"
    name = "repeating-group"
    group = Group.NORMALIZATION
    severity = Severity.INFO
    neighbours = "own"
    Options = Options

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, Options)
        allow = {w.lower() for w in options.allow}
        pairs = {w.lower() for w in options.pair_words}
        tables: Iterable[Model] = ctx.tables
        if ctx.scope is None:  # the tables with a numbered field name: most have none
            tables = with_owners(tables, per_schema(ctx.schema, _numbered_owners))
        for model in tables:
            for fields in _groups(model, allow, pairs, options.max_number):
                names = ", ".join(f"`{f.name}`" for f in fields)
                yield self.finding(
                    ctx,
                    fields[0].name_span,
                    f"{names} on `{model.name}` are one attribute in numbered columns: a "
                    "repeating group that caps how many there can be and that no single "
                    "index can search (move them to a child model with one row per value).",
                    related=tuple((f.name_span, f"`{f.name}`, numbered copy") for f in fields[1:]),
                )


def _numbered_owners(schema: Schema) -> set[int]:
    return owners_named(schema, _numbered)


@cache
def _numbered(name: str) -> tuple[str, int, str] | None:
    """The name split around its last number (stem, number, rest); ``None`` without one.
    Cached: field names repeat across models, and most have no number."""
    matches = list(_NUMBER.finditer(name))
    if not matches:
        return None
    match = matches[-1]
    return name[: match.start()], int(match.group(1)), name[match.end() :]


def _groups(
    model: Model, allow: set[str], pairs: set[str], max_number: int
) -> Iterator[list[Field]]:
    """Numbered siblings, grouped by their name without the number, in field order."""
    groups: dict[tuple[str, str], dict[int, Field]] = {}
    for field in model.fields:
        numbered_name = _numbered(field.name)
        if numbered_name is None or field.arity == "list":
            continue
        stem, number, rest = numbered_name
        stem_words = lower_words(stem)
        if not stem_words or len(stem_words[-1]) < 2 or stem_words[-1] in allow:
            continue
        if number <= max_number:
            groups.setdefault((stem, rest), {})[number] = field
    if not groups:
        return
    plain = {f.name: f for f in model.fields}
    for (stem, rest), numbered in groups.items():
        base = plain.get(stem.rstrip("_") + rest)
        if base is not None and 1 not in numbered and 2 in numbered and len(numbered) > 1:
            numbered[1] = base  # `phone`, `phone2`, `phone3`
        numbers = sorted(numbered)
        if numbers[0] > 2 or numbers != list(range(numbers[0], numbers[-1] + 1)):
            continue
        if len(numbers) < (2 if lower_words(stem)[-1] in pairs else 3):
            continue
        fields = sorted(numbered.values(), key=lambda f: f.node.start)
        yield fields
