"""Name conventions shared by the naming rules (`PAC`): words, cases, plurals.

Not a rule module: it defines no :class:`~analysis.rules.base.Rule`.

A name is split into words the way a reader splits it: `createdAt` → created,
at; `userID` → user, id; `HTMLBody` → html, body; `userIDs` → user, ids;
`oauth2Token` → oauth2, token (digits stay with the word before them);
`address_2` → address, 2. Pluralization uses the `inflect` library
(irregular and Latin plurals: person → people, status → statuses), never
string hacks. Its 5.x line is pinned: 7.x instruments its functions with
typeguard at import, which costs seconds of CLI start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, cast

import inflect

from analysis.fixes import append_field_attribute, insert_block_attribute
from analysis.model.schema import Decl, Enum, EnumValueDef, Field, Model, Schema
from analysis.rules.base import Edit, per_signature
from analysis.rules.field_names import fields_typed
from analysis.syntax.nodes import (
    ArrayExpr,
    Attribute,
    Block,
    ConstRef,
    EnumValue,
    FuncCall,
    Ident,
    StringLit,
)

Case = Literal["snake_case", "camelCase", "PascalCase", "UPPER_SNAKE"]

_SEPARATORS = re.compile(r"[_\-\s.]+")
#: Words written with an inner capital that are still one word (`OAuth`, `GitHub`).
COMPOUNDS = (
    "oauth",
    "github",
    "gitlab",
    "graphql",
    "hubspot",
    "iphone",
    "javascript",
    "linkedin",
    "mongodb",
    "mysql",
    "openai",
    "paypal",
    "postgresql",
    "tiktok",
    "typescript",
    "whatsapp",
    "wordpress",
    "youtube",
)

_WORD = re.compile(
    r"(?i:" + "|".join(COMPOUNDS) + r")\d*(?![a-z])"  # OAuth, GitHub, oauth2
    r"|[A-Z]{2,}s(?=[A-Z0-9]|$)"  # plural acronym: IDs, URLs
    r"|[A-Z]?[a-z]+(?=\d+[A-Z]{1,2}(?![a-z]))"  # Model in Model3D
    r"|\d+[A-Z]{1,2}(?![a-z])"  # 3D, 2FA in Model3D, user2FA
    r"|[A-Z]+\d*(?=[A-Z][a-z])"  # acronym before a capitalized word: HTML in HTMLBody
    r"|[A-Z]?[a-z]+\d*"  # a word: created, At, oauth2
    r"|[A-Z]+\d*"  # an acronym at the end: ID, S3
    r"|\d+"  # digits on their own: 2 in address_2
)

_PATTERNS: dict[str, re.Pattern[str]] = {
    "snake_case": re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"),
    "camelCase": re.compile(r"[a-z][a-zA-Z0-9]*"),
    "PascalCase": re.compile(r"[A-Z][a-zA-Z0-9]*"),
    "UPPER_SNAKE": re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*"),
}

#: Nouns used without a plural form as table names (`media`, `staff`).
UNCOUNTABLE = (
    "analytics",
    "audio",
    "auth",
    "billing",
    "equipment",
    "evidence",
    "feedback",
    "hardware",
    "info",
    "information",
    "knowledge",
    "media",
    "metadata",
    "music",
    "news",
    "oauth",
    "onboarding",
    "pricing",
    "software",
    "staff",
    "storage",
    "traffic",
)


def words(name: str) -> list[str]:
    """The words of a camelCase, PascalCase or snake_case name, as written."""
    return list(_words(name))


def lower_words(name: str) -> list[str]:
    """The words of ``name``, lower-cased (for word-list matching)."""
    return list(_lower_words(name))


@cache
def _words(name: str) -> tuple[str, ...]:
    # Cached: some forty rules split the same few thousand names.
    return tuple(w for chunk in _SEPARATORS.split(name) for w in _WORD.findall(chunk))


@cache
def _lower_words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _words(name))


#: :func:`lower_words` as one shared tuple per name (no copy: for reading only).
word_tuple = _lower_words


def snake_case(name: str) -> str:
    """`createdAt` → `created_at`, `userID` → `user_id`, `HTMLBody` → `html_body`."""
    return "_".join(lower_words(name)) or name


def upper_snake(name: str) -> str:
    """`inProgress` → `IN_PROGRESS`."""
    return "_".join(w.upper() for w in words(name)) or name


def pascal_case(name: str) -> str:
    """`order_item` → `OrderItem`, `user_id` → `UserId`."""
    return "".join(w[:1].upper() + w[1:].lower() for w in words(name)) or name


def camel_case(name: str) -> str:
    """`created_at` → `createdAt`."""
    pascal = pascal_case(name)
    return pascal[:1].lower() + pascal[1:]


def join_words(name_words: list[str], case: Case) -> str:
    """Lower-case words joined in ``case``: [order, items] → `order_items`, `OrderItems`."""
    if case == "snake_case":
        return "_".join(name_words)
    if case == "UPPER_SNAKE":
        return "_".join(name_words).upper()
    pascal = "".join(w[:1].upper() + w[1:] for w in name_words)
    return pascal if case == "PascalCase" else pascal[:1].lower() + pascal[1:]


@cache
def convert(name: str, case: Case) -> str:
    """``name`` written in ``case`` (leading underscores, a deliberate mark, kept).

    Cached, like :func:`is_case`: the naming rules ask for the same names over and over."""
    stripped = name.lstrip("_")
    if stripped != name:
        return name[: len(name) - len(stripped)] + convert(stripped, case)
    if case == "snake_case":
        return snake_case(name)
    if case == "UPPER_SNAKE":
        return upper_snake(name)
    if case == "PascalCase":
        return pascal_case(name)
    return camel_case(name)


@cache
def is_case(name: str, case: Case) -> bool:
    """Whether ``name`` is already written in ``case`` (after leading underscores)."""
    return _PATTERNS[case].fullmatch(name.lstrip("_")) is not None


@cache
def _engine() -> inflect.engine:
    return inflect.engine()


@cache
def _plural_noun(word: str) -> str:
    return str(_engine().plural_noun(word))


@cache
def _singular_noun(word: str) -> str | None:
    """The singular of ``word``, or ``None`` when it reads as a singular already."""
    found = _engine().singular_noun(word)
    return str(found) if found else None


@cache
def word_set(words: tuple[str, ...]) -> frozenset[str]:
    """The words of an option as one shared set per list: a set computes its hash once,
    so cached functions keyed on it (a rule's uncountable nouns) look up cheaply."""
    return frozenset(words)


#: English plurals never end like these (address, status, analysis), but
#: inflect 5 reads some of them as plurals; and singular nouns in -s it misreads.
_SINGULAR_ENDINGS = ("ss", "us", "is")
_SINGULAR_IN_S = frozenset({"alias", "atlas", "bias", "canvas", "gas", "lens", "chaos", "ethos"})


def is_plural(word: str, uncountable: Iterable[str] = UNCOUNTABLE) -> bool:
    """Whether the lower-case noun ``word`` reads as a plural (or has no plural)."""
    return word in uncountable or _reads_plural(word)


@lru_cache(maxsize=65536)
def _reads_plural(word: str) -> bool:
    """:func:`is_plural` of a countable noun. Cached: the naming rules ask about
    the same few thousand words on every lint."""
    if not word.isalpha():
        return True
    if word.endswith(_SINGULAR_ENDINGS) or word in _SINGULAR_IN_S:
        return False
    if _plural_noun(word) == word:  # news, series, sheep
        return True
    found = _singular_noun(word)
    return found is not None and _plural_noun(found) == word


def plural(word: str, uncountable: Iterable[str] = UNCOUNTABLE) -> str:
    """The plural of the lower-case noun ``word`` (itself when it is one already)."""
    if word in uncountable or _reads_plural(word):
        return word
    return _plural_noun(word)


def singular(word: str, uncountable: Iterable[str] = UNCOUNTABLE) -> str:
    """The singular of the lower-case noun ``word`` (itself when it is one already)."""
    if word in uncountable or not _reads_plural(word):
        return word
    return _singular_noun(word) or word


# ---------------------------------------------------------------------------
# Edits that set a database name (`@map` / `@@map`), shared by the PAC rules
# ---------------------------------------------------------------------------


def type_and_table_names(schema: Schema) -> frozenset[str]:
    """The database names of the schema's enums and models, built once per schema
    (rules ask for them for every name they would suggest)."""
    return per_signature(schema, _type_and_table_names)


def _type_and_table_names(schema: Schema) -> frozenset[str]:
    return frozenset(
        [*(e.db_name for e in schema.enums.values()), *(m.db_name for m in schema.models.values())]
    )


def _map_literal(attribute: Attribute | None) -> StringLit | None:
    if attribute is None:
        return None
    argument = attribute.arg("name", 0)
    if argument is not None and isinstance(argument.value, StringLit):
        return argument.value
    return None


def field_map_edit(fld: Field, name: str) -> Edit | None:
    """Give the field the column name ``name``: replace the string of its `@map`,
    or append `@map("name")` after its other attributes (before a comment).
    ``None`` when its `@map` has no string to replace."""
    existing = fld.attribute("map")
    if existing is None:
        return append_field_attribute(fld, f'@map("{name}")')
    literal = _map_literal(existing)
    if literal is None:
        return None
    span = fld.decl.span(literal)
    return Edit(span.path, span.start, span.end, f'"{name}"')


@dataclass(frozen=True, slots=True)
class _Block:
    """A declaration seen as a model by :func:`insert_block_attribute` (an enum)."""

    decl: Decl

    @property
    def block(self) -> Block:
        return self.decl.block


def block_map_edit(text: str, owner: Model | Enum, name: str) -> Edit | None:
    """Give the model or enum the database name ``name``: replace the string of its
    `@@map`, or add `@@map("name")` as its last block attribute."""
    existing = owner.attributes.get("map", [None])[0]
    if existing is None:
        block = owner.decl.block
        if not block.members and block.close_brace is None:
            return None  # an empty block still being typed: nothing in it to map yet
        # insert_block_attribute reads only the model's `block` and `decl`.
        target = owner if isinstance(owner, Model) else cast(Model, _Block(owner.decl))
        return insert_block_attribute(text, target, f'@@map("{name}")')
    literal = _map_literal(existing)
    if literal is None:
        return None
    span = owner.decl.span(literal)
    return Edit(span.path, span.start, span.end, f'"{name}"')


def enum_value_map_edit(enum: Enum, value: EnumValueDef, name: str) -> Edit | None:
    """Give the enum value the database name ``name`` (replace or append `@map`)."""
    node = value.node
    if not isinstance(node, EnumValue):
        return None
    existing = next((a for a in node.attributes if a.name.text == "map"), None)
    if existing is None:
        at = enum.decl.offset + node.end
        return Edit(enum.decl.path, at, at, f' @map("{name}")')
    literal = _map_literal(existing)
    if literal is None:
        return None
    span = enum.decl.span(literal)
    return Edit(span.path, span.start, span.end, f'"{name}"')


def map_argument_edit(decl: Decl, attribute: Attribute, name: str) -> Edit:
    """Add `map: "name"` to the attribute's arguments (`@id` → `@id(map: "name")`)."""
    args = attribute.args
    if args is None:
        at = decl.offset + attribute.end
        return Edit(decl.path, at, at, f'(map: "{name}")')
    at = decl.offset + args.end - 1
    separator = "" if not args.args else (" " if args.trailing_comma else ", ")
    return Edit(decl.path, at, at, f'{separator}map: "{name}"')


# ---------------------------------------------------------------------------
# Renames that keep the database names (PAC003, PAC004, PAC006)
# ---------------------------------------------------------------------------


def _name_items(attribute: Attribute | None, argument: str) -> Iterator[Ident | ConstRef]:
    """The names listed in the array argument ``argument`` of ``attribute``
    (`fields: [a, b(sort: Desc)]` → `a`, `b`)."""
    if attribute is None or attribute.args is None:
        return
    for arg in attribute.args.args:
        named = arg.name.text if arg.name is not None else ""
        if named != argument or not isinstance(arg.value, ArrayExpr):
            continue
        for item in arg.value.items:
            if isinstance(item, ConstRef):
                yield item
            elif isinstance(item, FuncCall):
                yield item.name


def rename_field_edits(schema: Schema, fld: Field, new: str) -> list[Edit]:
    """Rename the field to ``new`` everywhere the schema names it (its declaration, the
    field lists of its model's indexes and `@relation(fields:)`, the `references:` of
    relations to its model), keeping its column with `@map`."""
    model = fld.owner
    old = fld.name
    edits: list[Edit] = []

    def rename(decl: Decl, node: Ident | ConstRef) -> None:
        if node.text == old:
            span = decl.span(node)
            edits.append(Edit(span.path, span.start, span.end, new))

    rename(model.decl, fld.node.name)
    for attribute in model.decl.block.attributes:
        for argument in ("fields", ""):
            for item in _name_items(attribute, argument):
                rename(model.decl, item)
    for other in model.fields:
        if other.relation_attr is not None:
            for item in _name_items(other.relation_attr.attribute, "fields"):
                rename(model.decl, item)
    for other in fields_typed(schema, model):  # the relations to its model
        if isinstance(other.owner, Model) and other.relation_attr is not None:
            for item in _name_items(other.relation_attr.attribute, "references"):
                rename(other.owner.decl, item)
    if fld.attribute("map") is None:
        edits.append(append_field_attribute(fld, f'@map("{fld.db_name}")'))
    return edits


def rename_model_edits(schema: Schema, text: str, model: Model, new: str) -> list[Edit] | None:
    """Rename the model to ``new`` where the schema names it, keeping its table with
    `@@map`; ``None`` when an implicit many-to-many relation with a derived name would
    change its join table (`_AToB`)."""
    for relation in schema.relations:
        sides = (relation.forward.owner, relation.forward.target)
        if relation.kind == "N:M" and not relation.explicit_name and model in sides:
            return None
    span = model.decl.name_span
    edits = [Edit(span.path, span.start, span.end, new)]
    for fld in fields_typed(schema, model):
        if fld.node.type is not None:
            type_span = fld.decl.span(fld.node.type.name)
            edits.append(Edit(type_span.path, type_span.start, type_span.end, new))
    if model.attribute("map") is None:
        edit = block_map_edit(text, model, model.name)
        if edit is not None:
            edits.append(edit)
    return edits
