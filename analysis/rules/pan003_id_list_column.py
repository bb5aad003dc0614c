"""PAN003 id-list-column."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model, Schema
from analysis.rules.base import Finding, Group, Rule, RuleContext, per_schema
from analysis.rules.naming_case import lower_words, word_tuple
from analysis.rules.type_edits import table_fields_of

_ID_TYPES = frozenset({"String", "Int", "BigInt"})


class IdListColumn(Rule):
    """
    ## What it does
    Flags a column that holds several ids of another model: a scalar list (`String[]`,
    `Int[]`) named `<x>Ids`, or a `String` named `<x>Ids` or `<x>List` (ids joined by commas
    or serialized as JSON), when `<x>` names a model of the schema.

    ## Why is this bad?
    No foreign key can check the elements of a list or the parts of a string: ids of rows
    that were never created or were deleted since stay in the list, nothing cascades, and
    every reader must cope with dangling ids. Finding the rows that mention a given id
    needs a scan (or a GIN index on the array, on PostgreSQL only), joins need `unnest`,
    and adding or removing one id rewrites the whole value, so concurrent updates lose
    each other's changes. A relation, or a join model for many-to-many, has none of these
    problems.

    ## Example
    ```prisma
    model User {
      id String @id
    }

    model Board {
      id      Int      @id
      userIds String[]
    }
    ```

    ## Use instead
    ```prisma
    model User {
      id     String        @id
      boards BoardMember[]
    }

    model Board {
      id      Int           @id
      members BoardMember[]
    }

    model BoardMember {
      boardId Int
      userId  String
      board   Board @relation(fields: [boardId], references: [id], onDelete: Cascade)
      user    User  @relation(fields: [userId], references: [id], onDelete: Cascade)

      @@id([boardId, userId])
      @@index([userId])
    }
    ```

    ## Fix safety
    There is no automatic fix: the join model needs a data migration from the list.

    ## When to ignore
    When the ids belong to another system (a payment provider, another database), where no
    foreign key is possible anyway: the rule only flags lists whose `<x>` names a model of
    the schema (`assetIds` or `bookingAssetIds` next to `model Asset`), so rename the field
    when it does by accident. MongoDB, where lists of ids are the way to model relations,
    is never flagged.
    """

    code = "PAN003"
    name = "id-list-column"
    group = Group.NORMALIZATION
    severity = Severity.WARNING
    neighbours = "own"  # the related place is another model's name: signature
    providers = frozenset({"postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"})
    scope = "model"  # finds the model a name speaks of by the models' names (signature)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        keys: dict[int, list[Field]] = {}  # each model's foreign keys, read for a candidate
        for type_name in sorted(_ID_TYPES):
            for field in table_fields_of(ctx, type_name):
                if field.kind != "scalar":
                    continue
                words = word_tuple(field.name)
                if len(words) < 2 or words[-1] not in ("ids", "list"):
                    continue  # not a candidate: _check would pass it
                model = field.owner
                assert isinstance(model, Model)
                found = keys.get(id(model))
                if found is None:
                    found = keys[id(model)] = _relation_scalars(model)
                if field in found:
                    continue
                models = per_schema(ctx.schema, _models_by_name)
                finding = self._check(ctx, model, field, models)
                if finding is not None:
                    yield finding

    def _check(
        self, ctx: RuleContext, model: Model, field: Field, models: dict[str, Model]
    ) -> Finding | None:
        words = lower_words(field.name)
        if len(words) < 2:
            return None
        suffix = words[-1]
        if suffix == "ids" and (field.is_list or field.type_name == "String"):
            how = "a list" if field.is_list else "a string"
        elif suffix == "list" and not field.is_list and field.type_name == "String":
            how = "a string"
        else:
            return None
        target = _named_model(words[:-1], models)
        if target is None or (suffix == "list" and target is model):
            return None
        return self.finding(
            ctx,
            field.name_span,
            f"`{field.name}` on `{model.name}` keeps ids of `{target.name}` in {how}: no "
            "foreign key checks them, nothing cascades, and every lookup by id scans (use a "
            "relation or a join model).",
            related=((target.decl.name_span, f"the model whose ids `{field.name}` holds"),),
        )


def _models_by_name(schema: Schema) -> dict[str, Model]:
    """Models by their name's words, the last one singular (`ModelVersions` → modelversion)."""
    return {_key(lower_words(m.name)): m for m in schema.models.values() if m.name}


def _named_model(words: list[str], models: dict[str, Model]) -> Model | None:
    """The model that the longest tail of ``words`` names (`bookingAssetIds` → `Asset`
    when there is no `BookingAsset`)."""
    for start in range(len(words)):
        model = models.get(_key(words[start:]))
        if model is not None:
            return model
    return None


def _key(words: list[str]) -> str:
    return "".join(words[:-1]) + _singular(words[-1]) if words else ""


def _relation_scalars(model: Model) -> list[Field]:
    """The fields that relations of the model use as foreign keys."""
    out: list[Field] = []
    for field in model.fields:
        attr = field.relation_attr
        if attr is not None and attr.fields:
            out.extend(model.by_name[n] for n in attr.fields if n in model.by_name)
    return out


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
