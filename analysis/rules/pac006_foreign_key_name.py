"""PAC006 foreign-key-name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model, Relation, Schema
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext, per_signature
from analysis.rules.naming_case import field_map_edit, rename_field_edits, word_tuple
from analysis.rules.owned import forward_relations


class ForeignKeyNameOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    infer_style: bool = True
    """Stay silent on a schema whose models are mostly named in lower case (an
    introspected database keeps its own column names)."""


class ForeignKeyName(Rule):
    """
    ## What it does
    Flags a single-column foreign key to an `id` (or `uuid`) whose name does not end in
    `Id`, such as `createdBy` or `writer`, and proposes the relation field's name followed
    by `Id` (`creatorId`); when the foreign key has a `@map`, flags a column that does not
    end in `_id`.

    ## Why is this bad?
    A foreign key column is read far more often than it is written: in joins, in indexes,
    in `WHERE` clauses of raw queries and in every table browser. `ownerId` next to
    `owner User` says at once where it points; `creator` or `uid` make every reader look up
    the `@relation` to find out, and hide which of two relations to the same model a column
    belongs to.

    ## Example
    ```prisma
    model Post {
      id     Int  @id
      writer Int
      author User @relation(fields: [writer], references: [id])
    }
    ```

    ## Use instead
    ```prisma
    model Post {
      id       Int  @id
      authorId Int  @map("writer")
      author   User @relation(fields: [authorId], references: [id])
    }
    ```

    ## Fix safety
    Unsafe: the fix renames the field everywhere the schema names it and keeps its column
    with `@map`, so the database is untouched, but application code using the old field
    name must change.

    ## When to ignore
    When the column name is fixed by an existing database or another application. Composite
    foreign keys, foreign keys to natural keys (`slug`, `email`), and schemas whose models
    are mostly named in lower case (introspected; option `infer_style`) are never flagged.
    """

    code = "PAC006"
    name = "foreign-key-name"
    group = Group.NAMING
    severity = Severity.INFO
    neighbours = "relations"
    scope = "model"  # a relation's key is in the referencing model; the style reads names
    Options = ForeignKeyNameOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, ForeignKeyNameOptions)
        schema = ctx.schema
        if options.infer_style and per_signature(schema, _introspected):
            return
        relations = forward_relations(ctx)
        uses = Counter(id(f) for r in relations for f in r.fk_fields)
        for relation in relations:
            found = _single_key(relation)
            if found is None or uses[id(found[0])] > 1:
                continue
            fk, model = found
            forward = relation.forward
            referenced = relation.referenced_fields[0]
            if word_tuple(referenced.name)[-1:] not in (("id",), ("uuid",)):
                continue  # a natural key (`slug`, `email`) names the column well as it is
            if word_tuple(fk.name)[-1] not in _KEY_WORDS:
                expected = forward.name + "Id"
                fixes: tuple[Fix, ...] = ()
                if expected not in model.by_name:
                    edits = rename_field_edits(schema, fk, expected)
                    fixes = (Fix(f"Rename the field to `{expected}`", tuple(edits), False),)
                yield self.finding(
                    ctx,
                    fk.name_span,
                    f"The foreign key `{fk.name}` of relation `{forward.name}` does not end in "
                    "`Id`: a reader cannot tell it holds the key of a "
                    f"`{referenced.owner.name}` (`{expected}` would say so).",
                    related=((forward.name_span, f"relation `{forward.name}`"),),
                    fixes=fixes,
                )
            elif fk.attribute("map") is not None and word_tuple(fk.db_name)[-1] not in _KEY_WORDS:
                attribute = fk.attribute("map")
                assert attribute is not None
                column = "_".join(word_tuple(fk.name))
                yield self.finding(
                    ctx,
                    fk.decl.span(attribute),
                    f"The column `{fk.db_name}` of foreign key `{fk.name}` does not end in "
                    f"`_id`: in SQL it reads as a value, not a reference (`{column}` "
                    "would say so).",
                    related=((forward.name_span, f"relation `{forward.name}`"),),
                    fixes=_column_fix(fk, column),
                )


def _column_fix(fk: Field, column: str) -> tuple[Fix, ...]:
    taken = {f.db_name for f in fk.owner.fields}
    edit = field_map_edit(fk, column) if column not in taken else None
    return (Fix(f'Change `@map("{column}")`', (edit,), safe=False),) if edit else ()


#: Last words that mark a column as holding a key.
_KEY_WORDS = frozenset(["id", "uid", "uuid"])


def _introspected(schema: Schema) -> bool:
    """Whether most models are named in lower case (table names kept as model names)."""
    models = list(schema.models.values())
    lower = sum(m.name[:1].islower() for m in models)
    return lower >= 3 and lower * 2 > len(models)


def _single_key(relation: Relation) -> tuple[Field, Model] | None:
    """The foreign key field, its model and the referenced model of a relation with a
    one-column foreign key."""
    forward = relation.forward
    if (
        relation.kind == "N:M"
        or len(relation.fk_fields) != 1
        or len(relation.referenced_fields) != 1
        or forward.is_ignored
    ):
        return None
    model = forward.owner
    target = forward.target
    if not isinstance(model, Model) or not isinstance(target, Model) or model.is_ignored:
        return None
    return relation.fk_fields[0], model
