"""PAC008 identifier-too-long."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from functools import lru_cache

from analysis.diagnostics import Severity
from analysis.model.names import MAX_IDENTIFIER
from analysis.model.schema import Field, Model, Relation, Schema, Span
from analysis.rules.base import Edit, Finding, Fix, Group, Rule, RuleContext, per_schema_with
from analysis.rules.field_names import columns_by_name, relation_fields_of
from analysis.rules.naming_case import (
    block_map_edit,
    enum_value_map_edit,
    field_map_edit,
    lower_words,
    map_argument_edit,
    type_and_table_names,
)
from analysis.syntax.nodes import Attribute, EnumValue

_SUFFIX = {"id": "pkey", "unique": "key", "index": "idx", "fulltext": "idx"}


class IdentifierTooLong(Rule):
    """
    ## What it does
    Flags a database identifier longer than PostgreSQL's limit of 63 bytes: a table,
    column, enum type or enum value name, and the constraint and index names Prisma derives
    when there is no `map:` (`<table>_<columns>_idx`, `_key`, `_pkey`, `<table>_<columns>_fkey`).

    ## Why is this bad?
    PostgreSQL cuts longer names to 63 bytes with only a notice, so the table or column in
    the database is not called what the schema says, and two long names with the same first
    63 bytes become one. Prisma shortens the names it derives itself: the result no longer
    names its columns, and two indexes on the same long prefix get names that differ only
    by chance. A 63-byte enum value is rejected outright.

    ## Example
    ```prisma
    model OrganizationMembershipInvitation {
      id                     Int @id
      organizationId         Int
      invitedByOrganizationMemberId Int

      @@index([organizationId, invitedByOrganizationMemberId])
    }
    ```

    ## Use instead
    ```prisma
    model OrganizationMembershipInvitation {
      id                     Int @id
      organizationId         Int
      invitedByOrganizationMemberId Int

      @@index([organizationId, invitedByOrganizationMemberId], map: "omi_org_inviter_idx")
    }
    ```

    ## Fix safety
    A new `map:` for an index or constraint renames it in the next migration (a rename, no
    data changes): safe. A new `@map` / `@@map` for a table, column or enum renames them in
    the database, which `prisma migrate` writes as drop and create: unsafe. The suggested
    name shortens every word; rename it to something meaningful.

    ## When to ignore
    Rarely: a name truncated by PostgreSQL is a latent bug in every raw query that spells the
    full name.
    """

    code = "PAC008"
    name = "identifier-too-long"
    group = Group.NAMING
    severity = Severity.WARNING
    neighbours = "relations"
    providers = frozenset({"postgresql", "cockroachdb"})
    scope = "model"  # a suggested name avoids the model's own names and the table names

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        schema = ctx.schema
        limit = MAX_IDENTIFIER.get(schema.provider or "", 63)
        tables = type_and_table_names(schema)
        # A name of at most this many characters fits in ``limit`` bytes (a UTF-8
        # character takes four at most): most columns, told apart without a call.
        short = limit // 4
        foreign_keys = schema.relation_mode == "foreignKeys"
        # A whole run finds the models with a long column name by name.
        long = per_schema_with(schema, _long_owners, short) if ctx.scope is None else None
        for model in ctx.models:
            if model.is_ignored:
                continue
            taken = _Taken(tables, model)
            if _too_long(model.db_name, limit):
                kind = "view" if model.is_view else "table"
                target = _unique(shorten([model.db_name], "", limit), taken)
                edit = block_map_edit(ctx.text(model.decl.path), model, target)
                yield self._finding(
                    ctx,
                    model.decl.name_span,
                    f"The {kind} name `{model.db_name}` is {_bytes(model.db_name)} bytes long: "
                    f"PostgreSQL cuts it to {limit} bytes.",
                    f'Map the {kind} to "{target}"',
                    edit,
                    safe=False,
                )
            for fld in model.fields if long is None or id(model) in long else ():
                name = fld.db_name
                if len(name) <= short or fld.kind == "model" or not _too_long(name, limit):
                    continue
                target = shorten([fld.db_name], "", limit)
                yield self._finding(
                    ctx,
                    fld.name_span,
                    f"The column name `{fld.db_name}` of `{model.name}` is "
                    f"{_bytes(fld.db_name)} bytes long: PostgreSQL cuts it to {limit} bytes.",
                    f'Map the column to "{target}"',
                    field_map_edit(fld, target),
                    safe=False,
                )
            if not model.is_view:
                yield from self._indexes(ctx, model, limit, taken)
                if foreign_keys:
                    relation_fields = (
                        model.fields if long is None else relation_fields_of(schema, model)
                    )
                    yield from self._foreign_keys(ctx, model, relation_fields, limit, taken)
        for enum in ctx.enums:
            taken = _Taken(tables, None)
            text = ctx.text(enum.decl.path)
            if _too_long(enum.db_name, limit):
                target = _unique(shorten([enum.db_name], "", limit), taken)
                yield self._finding(
                    ctx,
                    enum.decl.name_span,
                    f"The enum type name `{enum.db_name}` is {_bytes(enum.db_name)} bytes "
                    f"long: PostgreSQL cuts it to {limit} bytes.",
                    f'Map the enum to "{target}"',
                    block_map_edit(text, enum, target),
                    safe=False,
                )
            for value in enum.values:
                node = value.node
                if not _too_long(value.db_name, limit) or not isinstance(node, EnumValue):
                    continue
                target = shorten([value.db_name], "", limit)
                yield self._finding(
                    ctx,
                    enum.decl.span(node.name),
                    f"The enum value `{value.db_name}` is {_bytes(value.db_name)} bytes long: "
                    f"PostgreSQL rejects enum labels over {limit} bytes.",
                    f'Map the value to "{target}"',
                    enum_value_map_edit(enum, value, target),
                    safe=False,
                )

    def _indexes(
        self, ctx: RuleContext, model: Model, limit: int, taken: _Taken
    ) -> Iterator[Finding]:
        for index in model.all_indexes:
            if index.map is not None:
                continue  # an explicit name over the limit is a validation error
            suffix = _SUFFIX[index.kind]
            columns = [] if index.kind == "id" else index.columns
            full = "_".join([model.db_name, *columns, suffix])
            if not _too_long(full, limit):
                continue
            target = _unique(shorten([model.db_name, *columns], suffix, limit), taken)
            what = {"id": "primary key", "unique": "unique constraint"}.get(index.kind, "index")
            yield self._finding(
                ctx,
                index.span,
                f"The {what} name Prisma derives, `{full}`, is {_bytes(full)} bytes long: it "
                f"is shortened to `{index.db_name}`, which no longer names its columns and "
                "can collide with another shortened name.",
                f'Name the {what} "{target}" with `map:`',
                map_argument_edit(model.decl, index.attribute, target),
                safe=True,
            )

    def _foreign_keys(
        self,
        ctx: RuleContext,
        model: Model,
        fields: list[Field],
        limit: int,
        taken: _Taken,
    ) -> Iterator[Finding]:
        for fld in fields:
            relation = fld.relation
            if fld.kind != "model" or relation is None or relation.forward is not fld:
                continue
            found = _derived_fk(relation)
            if found is None:
                continue
            model, columns, attribute = found
            full = "_".join([model.db_name, *columns, "fkey"])
            if not _too_long(full, limit):
                continue
            target = _unique(shorten([model.db_name, *columns], "fkey", limit), taken)
            yield self._finding(
                ctx,
                model.decl.span(attribute),
                f"The foreign key name Prisma derives, `{full}`, is {_bytes(full)} bytes long: "
                f"it is shortened to {limit} bytes, no longer names its columns and can "
                "collide with another shortened name.",
                f'Name the foreign key "{target}" with `map:`',
                map_argument_edit(model.decl, attribute, target),
                safe=True,
            )

    def _finding(
        self,
        ctx: RuleContext,
        span: Span,
        message: str,
        title: str,
        edit: Edit | None,
        *,
        safe: bool,
    ) -> Finding:
        fixes = (Fix(title, (edit,), safe=safe),) if edit is not None else ()
        return self.finding(ctx, span, message, fixes=fixes)


def _long_owners(schema: Schema, short: int) -> set[int]:
    """The ids of the models with a column name longer than ``short`` characters."""
    return {
        id(fld.owner)
        for name, fields in columns_by_name(schema).items()
        if len(name) > short
        for fld in fields
    }


def _bytes(name: str) -> int:
    return len(name.encode())


def _too_long(name: str, limit: int) -> bool:
    # An ASCII name has as many bytes as characters: no need to encode it.
    return (len(name) if name.isascii() else _bytes(name)) > limit


def shorten(parts: Sequence[str], suffix: str, limit: int) -> str:
    """A name of at most ``limit`` bytes for ``parts`` + ``suffix``. With several parts
    (a table and its columns) the table is first cut to its initials
    (`workflow_trigger_ref` → `wtr`); then every word is cut to the same length, as long
    as possible; a short hash when even that is too long."""
    return _shorten(tuple(parts), suffix, limit)


@lru_cache(maxsize=16384)
def _shorten(parts: tuple[str, ...], suffix: str, limit: int) -> str:
    """:func:`shorten`, cached: the same long names are shortened again by every lint."""
    split = [lower_words(p) or [p.lower()] for p in parts]
    tail = [suffix] if suffix else []
    candidates = [split]
    if len(split) > 1 and len(split[0]) > 1:
        candidates.append([["".join(w[0] for w in split[0])], *split[1:]])
    for width in (0, *range(12, 0, -1)):
        for candidate in candidates if width == 0 else candidates[-1:]:
            name = "_".join(
                [*("_".join(w[:width] if width else w for w in ws) for ws in candidate), *tail]
            )
            if _bytes(name) <= limit:
                return name
    digest = hashlib.sha1("_".join(parts).encode()).hexdigest()[:8]
    head = "_".join(parts)[: limit - len(digest) - len(suffix) - 2]
    return "_".join([head, digest, *tail])


class _Taken:
    """The names a suggestion must avoid: the schema's table and enum names,
    the declaration's own constraint names and the names suggested for it so far.
    (Not the constraint names of other models: a suggestion then depends on its
    own declaration alone, and a clash shows as Prisma's error once applied.)"""

    __slots__ = ("model", "own", "tables")

    def __init__(self, tables: frozenset[str], model: Model | None) -> None:
        self.tables = tables
        self.model = model
        self.own: set[str] | None = None
        """Read from the model at the first suggestion (most models need none)."""

    def _own(self) -> set[str]:
        own = self.own
        if own is None:
            model = self.model
            own = self.own = (
                {i.db_name for i in model.all_indexes} if model is not None else set()
            )
        return own

    def __contains__(self, name: str) -> bool:
        return name in self._own() or name in self.tables

    def add(self, name: str) -> None:
        self._own().add(name)


def _unique(name: str, taken: _Taken) -> str:
    """``name``, or with a number before its suffix when another object has it."""
    result = name
    number = 2
    while result in taken:
        result = f"{name}_{number}"
        number += 1
    taken.add(result)
    return result


def _derived_fk(relation: Relation) -> tuple[Model, list[str], Attribute] | None:
    """The referencing model, the foreign key columns and the `@relation` attribute of a
    foreign key Prisma names itself (no `map:`)."""
    forward = relation.forward
    model = forward.owner
    attr = forward.relation_attr
    if (
        relation.kind == "N:M"
        or not isinstance(model, Model)
        or model.is_view
        or model.is_ignored
        or forward.is_ignored
        or attr is None
        or attr.attribute is None
        or attr.map is not None
        or not relation.fk_fields
    ):
        return None
    return model, [f.db_name for f in relation.fk_fields], attr.attribute
