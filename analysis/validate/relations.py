"""Validation checks: relations.

Follows Prisma's two stages (see :data:`analysis.validate.STAGES`):

1. While reading `@relation` attributes (Prisma's parser database,
   :func:`check_relation_attributes`): names in `fields:` / `references:`
   that do not exist or are relation fields, unknown referential actions,
   empty names, `@relation` where no relation is possible, relation fields
   inside composite types.
2. Only when the whole schema got through the earlier stages without errors
   (Prisma's validation pipeline, :func:`check_schema`): ambiguous
   relations, missing opposite fields, `fields` / `references` placement,
   unique criteria, type mismatches, arity, referential actions the provider
   and relation mode support (`SetNull` on required foreign keys too), cycles
   and multiple cascade paths, implicit and embedded many-to-many
   requirements, and the warnings (missing index with `relationMode =
   "prisma"`, MySQL `SetDefault`, MongoDB native types).

A problem that concerns both sides of a relation is reported once, on the
side Prisma reports first, with the other side as related information.

Relations are those paired by :mod:`analysis.model.relations`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from analysis.diagnostics import Diagnostic
from analysis.model.names import MAX_IDENTIFIER, default_relation_name
from analysis.model.relations import is_relation_field, relation_name_of, supported_actions
from analysis.model.schema import Field, Model, Relation, Schema, Span
from analysis.syntax.nodes import ConstRef, StringLit
from analysis.validate.codes import (
    RELATION,
    WARNING,
)
from analysis.validate.name_clashes import counted_models
from analysis.validate.report import Report

ACTIONS = ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")
"""Prisma's referential actions, in the order its messages list them."""

CONNECTOR_NAMES = {
    "postgresql": "Postgres",
    "mysql": "MySQL",
    "sqlite": "sqlite",
    "sqlserver": "SQL Server",
    "cockroachdb": "CockroachDB",
    "mongodb": "MongoDB",
}

_CYCLE_HINT = "Read more at https://pris.ly/d/cyclic-referential-actions"
_PATH_BUDGET = 100_000
"""Most cascade paths followed from one relation (their number can grow
exponentially with the schema)."""


def check_relation_attributes(
    schema: Schema, report: Report, reached: Callable[[Model, Field], bool] | None = None,
) -> None:
    """Stage 1: reading `@relation` attributes (Prisma's attribute stage);
    ``reached``: which fields of the models to check (all by default)."""
    _composite_type_fields(schema, report)
    _relation_attributes(schema, report, reached)


def check_schema(schema: Schema, report: Report) -> None:
    """Stage 2: the relation checks of Prisma's schema-wide validation pipeline."""
    pipeline = Pipeline(schema)
    pipeline.run()
    found = pipeline.shown(report.error_count)
    report.diagnostics.extend(found)
    report.error_count += sum(1 for d in found if d.is_error)


def _container(model: Model) -> str:
    return "view" if model.is_view else "model"


def _names(fields: Iterable[Field | str]) -> str:
    return ", ".join(f if isinstance(f, str) else f.name for f in fields)


# ---------------------------------------------------------------------------
# Stage 1: reading the attributes
# ---------------------------------------------------------------------------


def _composite_type_fields(schema: Schema, report: Report) -> None:
    for ctype in schema.all_composite_types:
        for fld in ctype.fields:
            for attribute in fld.attributes.get("relation", ()):
                report.error(
                    RELATION,
                    "A field of a composite type cannot have a `@relation` attribute: "
                    "composite types cannot hold relations.",
                    ctype.decl.span(attribute),
                )
            if isinstance(fld.target, Model):
                report.error(
                    RELATION,
                    f"The field `{fld.name}` of composite type `{ctype.name}` has the model "
                    f"type `{fld.target.name}`: relation fields are not supported inside "
                    "composite types.",
                    fld.type_span,
                )


def _relation_attributes(
    schema: Schema, report: Report, reached: Callable[[Model, Field], bool] | None,
) -> None:
    for model in counted_models(schema):
        for fld in model.fields:
            if reached is not None and not reached(model, fld):
                continue
            relation_attrs = fld.attributes.get("relation", ())
            if not is_relation_field(fld):
                if fld.kind != "unknown":
                    for attribute in relation_attrs:
                        report.error(
                            RELATION,
                            f"`@relation` can only be used on relation fields, and `{fld.name}` "
                            f"is not one (its type `{fld.type_name}` is not a model).",
                            model.decl.span(attribute),
                        )
                continue
            _check_relation_attribute(model, fld, report)


def _check_relation_attribute(model: Model, fld: Field, report: Report) -> None:
    attr = fld.relation_attr
    if attr is None or attr.attribute is None:
        return
    attribute = attr.attribute
    decl = model.decl
    target = fld.target
    assert isinstance(target, Model)
    args = attribute.args.args if attribute.args is not None else ()
    values = {a.name.text: a.value for a in args if a.name is not None}

    if attr.fields is not None:
        unknown, relational = _problem_fields(model, attr.fields)
        value = values.get("fields")
        span = decl.span(value) if value is not None else decl.span(attribute)
        if unknown:
            report.error(
                RELATION,
                f"The `fields` argument must name existing fields of model `{model.name}`; "
                f"these do not exist: {_names(unknown)}.",
                span,
            )
        if relational:
            report.error(
                RELATION,
                "The `fields` argument must name scalar fields, not relation fields: "
                f"{_names(relational)}.",
                span,
            )
        if not unknown and not relational:
            duplicate = _first_duplicate(attr.fields)
            if duplicate is not None:
                report.error(
                    RELATION,
                    f"The `fields` argument names the field `{duplicate}` more than once.",
                    decl.span(attribute),
                )
    if attr.references is not None:
        unknown, relational = _problem_fields(target, attr.references)
        if unknown:
            report.error(
                RELATION,
                f"The `references` argument must name existing fields of the related model "
                f"`{target.name}`; these do not exist there: {_names(unknown)}.",
                decl.span(attribute),
            )
        if relational:
            report.error(
                RELATION,
                f"The `references` argument must name scalar fields of the related model "
                f"`{target.name}`, not relation fields: {_names(relational)}.",
                decl.span(attribute),
            )
        if not unknown and not relational:
            duplicate = _first_duplicate(attr.references)
            if duplicate is not None:
                report.error(
                    RELATION,
                    f"The `references` argument names the field `{duplicate}` more than once.",
                    decl.span(attribute),
                )

    name_value = values.get("name")
    if name_value is None:
        positional = [a for a in args if a.name is None]
        name_value = positional[0].value if positional else None
    if isinstance(name_value, StringLit) and name_value.value == "":
        report.error(RELATION, "A relation name cannot be empty.", decl.span(attribute))
    map_value = values.get("map")
    if isinstance(map_value, StringLit) and map_value.value == "":
        report.error(
            RELATION, "The `map` argument cannot be an empty string.", decl.span(map_value)
        )

    for key in ("onDelete", "onUpdate"):
        value = values.get(key)
        if isinstance(value, ConstRef) and value.text not in ACTIONS:
            report.error(
                RELATION,
                f"`{value.text}` is not a referential action. Use one of "
                f"{', '.join(f'`{a}`' for a in ACTIONS)}.",
                decl.span(value),
            )


def _problem_fields(model: Model, names: Sequence[str]) -> tuple[list[str], list[str]]:
    unknown: list[str] = []
    relational: list[str] = []
    for name in names:
        fld = model.by_name.get(name) if "." not in name else None
        if fld is None:
            unknown.append(name)
        elif fld.kind == "model":
            relational.append(name)
    return unknown, relational


def _first_duplicate(names: Sequence[str]) -> str | None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def _resolved(model: Model, names: Sequence[str] | None) -> list[Field]:
    """The scalar fields ``names`` name, or ``[]`` if any does not resolve."""
    if not names:
        return []
    out = []
    for name in names:
        fld = model.by_name.get(name)
        if fld is None or fld.kind == "model":
            return []
        out.append(fld)
    return out


# ---------------------------------------------------------------------------
# Stage 2: the validation pipeline
# ---------------------------------------------------------------------------


def _triggers(action: str | None) -> bool:
    """Does the action modify the related records (anything but NoAction / Restrict)?"""
    return action not in ("NoAction", "Restrict", None)


IN_FIELD, IN_AMBIGUITY, IN_RELATION, IN_CHAIN, IN_GATED = range(5)
"""What part of the pipeline reported a finding (see :class:`Pipeline`): the
per-field checks, an ambiguity (which stops the pipeline), a relation's checks,
its chains of referential actions (cycles, multiple cascade paths), or the last
checks of a one-to-one relation, which Prisma runs only while nothing is wrong."""

Entry = tuple[Diagnostic, int, Relation | None, Field | None]
"""A finding of the pipeline, the part that reported it, and its relation (for
the relation checks) or field (for the per-field checks)."""


class Pipeline:
    """Prisma's relation checks, each finding tagged with what reported it.

    Prisma stops early: an ambiguous relation stops the whole pipeline, and
    the last checks of a one-to-one relation run only while nothing was
    reported so far (by the schema-wide checks before this one too). The
    pipeline runs each relation's checks as if that relation were the first
    with a problem (its gated checks run while *it* has no error), tags each
    finding (:data:`Entry`), and :func:`shown` applies Prisma's stops
    afterwards. Kept by declaration, the entries let a keystroke re-run the
    checks of the declarations it touched alone and still show exactly what
    Prisma would (:mod:`analysis.validate.relation_parts`).

    ``chains``: follow chains of referential actions (they need every
    relation of the schema). By default every model's fields and every
    relation are checked; ``models`` (with ``reached``, which of their fields)
    and ``relations`` restrict the checks to some of them.
    """

    def __init__(
        self,
        schema: Schema,
        *,
        chains: bool = True,
        models: Iterable[Model] | None = None,
        reached: Callable[[Model, Field], bool] | None = None,
        relations: Sequence[Relation] | None = None,
    ) -> None:
        self.schema = schema
        self.models = models
        self.reached = reached
        self.relations = schema.relations if relations is None else relations
        self.report = Report()
        self.entries: list[Entry] = []
        self.provider = schema.provider
        self.mode = schema.relation_mode
        self.actions = supported_actions(schema)
        self.chains = chains
        self.ambiguous = False
        """An ambiguity stopped the pipeline before the relations."""
        self.errors = 0
        """The errors of the relation being checked (of all fields before)."""
        self._part = IN_FIELD
        self._relation: Relation | None = None
        self._field: Field | None = None
        self._complete: dict[int, list[Relation]] | None = None

    def error(self, message: str, span: Span, related: tuple[tuple[Span, str], ...] = ()) -> None:
        self.errors += 1
        self.report.error(RELATION, message, span, related)
        self.entries.append(
            (self.report.diagnostics[-1], self._part, self._relation, self._field))

    def pair_error(self, message: str, first: Field, second: Field) -> None:
        """One finding about both sides of a relation: at ``first`` (the side
        Prisma reports first), pointing at ``second`` too."""
        self.error(message, first.span, ((second.span, "the other side of the relation"),))

    def warning(self, message: str, span: Span) -> None:
        self.report.warning(WARNING, message, span)
        self.entries.append(
            (self.report.diagnostics[-1], self._part, self._relation, self._field))

    # -- driver ---------------------------------------------------------

    def run(self) -> None:
        if not self._fields():
            self.ambiguous = True
            return
        self._field = None
        for relation in self.relations:
            self._relation = relation
            self._part = IN_RELATION
            self.errors = 0
            if relation.kind == "N:M":
                if relation.embedded:
                    self._embedded(relation)
                else:
                    self._many_to_many(relation)
            else:
                self._inline(relation)

    def shown(self, before: int) -> list[Diagnostic]:
        """What Prisma shows of a whole run after ``before`` errors of the checks
        that ran before this one."""
        if self.ambiguous:  # the findings up to the ambiguity, which ends them
            return [entry[0] for entry in self.entries]
        found = shown(self.entries, before, self.schema.relations)
        assert found is not None  # a whole run's relations are the schema's
        return found

    # -- relation fields, model by model ---------------------------------

    def _fields(self) -> bool:
        """Per-field checks; ``False`` when an ambiguity stops everything."""
        groups: dict[tuple[int, int, str], list[Field]] = {}
        fields: list[tuple[Model, Field, Model, list[Field]]] = []
        models = counted_models(self.schema) if self.models is None else (
            m for m in self.models if self.schema.models.get(m.name) is m)
        # A field is ambiguous with the fields of its model naming the same
        # model: they are all reached or none is.
        reached = self.reached
        for model in models:
            for fld in model.fields:
                if is_relation_field(fld) and (reached is None or reached(model, fld)):
                    target = fld.target
                    assert isinstance(target, Model)
                    name = relation_name_of(fld) or default_relation_name(model.name, target.name)
                    group = groups.setdefault((id(model), id(target), name), [])
                    group.append(fld)
                    fields.append((model, fld, target, group))
        for model, fld, target, group in fields:
            self._field = fld
            if len(group) > 1 and self._ambiguity(fld, model, target, group):
                return False
            self._ignored_target(fld, model, target)
            self._supported_actions(fld)
            self._set_null_on_required(fld, model)
            self._foreign_key_name(fld)
            self._missing_index(fld, model)
            self._mysql_set_default(fld)
            self._mongodb_native_types(fld, model, target)
        return True

    def _mongodb_native_types(self, fld: Field, model: Model, target: Model) -> None:
        """MongoDB joins on the foreign key only when both sides store the same type."""
        attr = fld.relation_attr
        if self.provider != "mongodb" or attr is None:
            return
        fks = _resolved(model, attr.fields)
        refs = _resolved(target, attr.references)
        for fk, ref in zip(fks, refs, strict=False):
            a, b = _native_name(fk), _native_name(ref)
            if a == b:
                continue
            both = f"`{model.name}.{fk.name}` and `{target.name}.{ref.name}`"
            if a is not None and b is not None:
                hint = f"use `@db.{a}` or `@db.{b}` on both"
            elif b is not None:
                hint = f"add `@db.{b}` to `{model.name}.{fk.name}` or remove it from the other"
            else:
                hint = f"add `@db.{a}` to `{target.name}.{ref.name}` or remove it from the other"
            self.warning(
                f"The fields {both} should have the same native type, or MongoDB cannot join "
                f"the collections correctly: {hint}. This will become an error in the future.",
                fk.span,
            )

    def _ambiguity(self, fld: Field, model: Model, target: Model, group: list[Field]) -> bool:
        names = _and_list([f"`{f.name}`" for f in group])
        explicit = relation_name_of(fld) is not None
        if model is target:
            if explicit and len(group) == 2:
                return False
            if not explicit and len(group) == 2:
                message = (
                    f"Ambiguous self relation: the fields {names} in model `{model.name}` both "
                    f"refer to `{target.name}`. If they are the two sides of one relation, give "
                    "them the same relation name with `@relation(<name>)`."
                )
            elif not explicit:
                message = (
                    f"Unnamed self relations: the fields {names} in model `{model.name}` have no "
                    "relation name. Name the relations with `@relation(<name>)`."
                )
            else:
                message = (
                    f"Wrongly named self relation: the fields {names} in model `{model.name}` "
                    "share one relation name, but at most two fields can belong to one "
                    "relation. Give one of them a different relation name."
                )
        elif not explicit:
            message = (
                f"Ambiguous relation: the fields {names} in model `{model.name}` both refer to "
                f"`{target.name}`. Give them different relation names with `@relation(<name>)`."
            )
        else:
            message = (
                f"Wrongly named relation: the fields {names} in model `{model.name}` use the "
                "same relation name. Give them different relation names with "
                "`@relation(<name>)`."
            )
        self._part = IN_AMBIGUITY
        self.error(message, fld.span)
        return True

    def _set_null_on_required(self, fld: Field, model: Model) -> None:
        """`SetNull` cannot null a required foreign-key field."""
        attr = fld.relation_attr
        if attr is None:
            return
        fk = _resolved(model, attr.fields)
        if not fk or all(f.arity != "required" for f in fk):
            return
        warn = self.provider == "postgresql" and self.mode == "foreignKeys"
        for key, action in (("onDelete", attr.on_delete), ("onUpdate", attr.on_update)):
            if action != "SetNull":
                continue
            if warn:
                self.warning(
                    f"The `{key}` referential action should not be `SetNull` when a foreign-key "
                    "field is required: setting it to null fails at run time. Choose another "
                    "action, or make the foreign-key fields optional.",
                    fld.span,
                )
            else:
                self.error(
                    f"The `{key}` referential action cannot be `SetNull` when a foreign-key "
                    "field is required. Choose another action, or make the foreign-key fields "
                    "optional.",
                    fld.span,
                )

    def _ignored_target(self, fld: Field, model: Model, target: Model) -> None:
        if target.is_ignored and not fld.is_ignored and not model.is_ignored:
            self.error(
                f"The relation field `{fld.name}` on model `{model.name}` must be marked "
                f"`@ignore`, because the model `{target.name}` it points to is ignored.",
                fld.span,
            )

    def _action_span(self, fld: Field, key: str) -> Span:
        attr = fld.relation_attr
        if attr is not None and attr.attribute is not None and attr.attribute.args is not None:
            for argument in attr.attribute.args.args:
                if argument.name is not None and argument.name.text == key:
                    return fld.decl.span(argument)
        return fld.span

    def _supported_actions(self, fld: Field) -> None:
        attr = fld.relation_attr
        if attr is None:
            return
        allowed = [a for a in ACTIONS if a in self.actions]
        for key, action in (("onDelete", attr.on_delete), ("onUpdate", attr.on_update)):
            if action is None or action not in ACTIONS or action in self.actions:
                continue
            message = (
                f"The referential action `{action}` is not supported here. Allowed values: "
                f"{', '.join(f'`{a}`' for a in allowed)}."
            )
            if self.mode == "prisma" and action == "NoAction" and "Restrict" in self.actions:
                connector = CONNECTOR_NAMES.get(self.provider or "", self.provider or "")
                message += (
                    f" `NoAction` is not implemented for {connector} with "
                    '`relationMode = "prisma"`; `Restrict` behaves alike. '
                    "Learn more at https://pris.ly/d/relation-mode"
                )
            self.error(message, self._action_span(fld, key))

    def _foreign_key_name(self, fld: Field) -> None:
        attr = fld.relation_attr
        if attr is None or attr.map is None or attr.attribute is None:
            return
        if self.provider in ("sqlite", "mongodb"):
            self.error(
                f"The provider `{self.provider}` does not support named foreign keys: remove "
                "`map` from `@relation`.",
                fld.decl.span(attr.attribute),
            )
            return
        limit = MAX_IDENTIFIER.get(self.provider or "")
        if limit is not None and len(attr.map.encode()) > limit:
            self.error(
                f"The foreign key name `{attr.map}` is too long: "
                f"{CONNECTOR_NAMES.get(self.provider or '', '')} allows at most {limit} bytes.",
                fld.decl.span(attr.attribute),
            )

    def _missing_index(self, fld: Field, model: Model) -> None:
        if self.mode != "prisma" or self.provider == "mongodb":
            return
        attr = fld.relation_attr
        if attr is None or attr.fields is None or attr.attribute is None:
            return
        fk = _resolved(model, attr.fields)
        if not fk:
            return
        for index in model.all_indexes:
            prefix = [e.field for e in index.fields[: len(fk)]]
            if len(prefix) == len(fk) and all(a is b for a, b in zip(prefix, fk, strict=True)):
                return
        self.warning(
            'With `relationMode = "prisma"` no foreign keys are created, so the fields '
            f"{_names(fk)} get no index from the database. Queries on this relation may be "
            "slow: add an index on them (`@@index`). Learn more at "
            "https://pris.ly/d/relation-mode-prisma-indexes",
            fld.decl.span(attr.attribute),
        )

    def _mysql_set_default(self, fld: Field) -> None:
        if self.provider != "mysql" or self.mode != "foreignKeys":
            return
        attr = fld.relation_attr
        if attr is None:
            return
        for action in (attr.on_delete, attr.on_update):
            if action == "SetDefault":
                self.warning(
                    "MySQL does not really support the `SetDefault` referential action, so "
                    "it may not behave as expected. Read more at "
                    "https://pris.ly/d/mysql-set-default",
                    fld.span,
                )

    # -- 1:1 and 1:N --------------------------------------------------------

    def _inline(self, relation: Relation) -> None:
        forward = relation.referencing_field
        back = relation.back_field
        if forward is not None and back is not None and not relation.back_only and self.chains:
            self._part = IN_CHAIN
            self._cycles(relation)
            self._multiple_paths(relation)
            self._part = IN_RELATION
        if forward is not None:
            self._references_unique(relation, forward)
            self._same_length(forward)
            self._field_arity(relation, forward)
            self._types_match(relation, forward)
        if relation.kind == "1:1":
            self._one_to_one(relation, forward, back)
        else:
            self._one_to_many(relation, forward, back)

    def _references_unique(self, relation: Relation, forward: Field) -> None:
        referenced = relation.referenced_model
        refs = relation.referenced_fields
        if referenced is None or not refs:
            return
        wanted = sorted(f.name for f in refs)
        criteria = self._unique_criteria(referenced)
        if any(sorted(c) == wanted for c in criteria):
            if self.provider == "sqlserver" and len(refs) > 1:
                names = [f.name for f in refs]
                if not any(c == names for c in criteria):
                    self.error(
                        f"The `references` argument must list the fields of a unique "
                        f"criterion of model `{referenced.name}` in the same order; check "
                        f"the order of `{_names(refs)}`.",
                        forward.span,
                    )
            return
        if len(refs) == 1:
            hint = f"add `@unique` to the field `{refs[0].name}` in model `{referenced.name}`"
        else:
            hint = f"add `@@unique([{_names(refs)}])` to model `{referenced.name}`"
        self.error(
            "The `references` argument must name a unique criterion of the related model "
            f"(its id, or a `@unique` / `@@unique`): {hint}.",
            forward.span,
        )

    @staticmethod
    def _unique_criteria(model: Model) -> list[list[str]]:
        out = []
        for index in ([model.primary_key] if model.primary_key else []) + model.uniques:
            out.append([e.name if not e.path else f"{e.name}.{'.'.join(e.path)}"
                        for e in index.fields])
        return out

    def _same_length(self, forward: Field) -> None:
        attr = forward.relation_attr
        if attr is None or attr.fields is None or attr.references is None:
            return
        if len(attr.fields) != len(attr.references) and attr.attribute is not None:
            self.error(
                "`fields` and `references` must list the same number of fields.",
                forward.decl.span(attr.attribute),
            )

    def _field_arity(self, relation: Relation, forward: Field) -> None:
        if forward.arity != "required" or not relation.fk_fields:
            return
        if all(f.arity == "required" for f in relation.fk_fields):
            return
        self.error(
            f"The relation field `{forward.name}` is required, but at least one of its "
            f"foreign-key fields ({_names(relation.fk_fields)}) is optional. Make the relation "
            "field optional as well.",
            forward.span,
        )

    def _types_match(self, relation: Relation, forward: Field) -> None:
        referenced = relation.referenced_model
        if referenced is None or not relation.fk_fields:
            return
        model = relation.referencing_model.name
        for fk, ref in zip(relation.fk_fields, relation.referenced_fields, strict=False):
            if _scalar_type(fk) != _scalar_type(ref):
                self.error(
                    f"The type of the field `{fk.name}` in model `{model}` "
                    f"does not match the type of the referenced field `{ref.name}` in model "
                    f"`{referenced.name}`.",
                    forward.span,
                )

    def _missing_opposite(self, fld: Field) -> None:
        owner = fld.owner
        target = fld.target
        assert isinstance(owner, Model) and isinstance(target, Model)
        self.error(
            f"The relation field `{fld.name}` on {_container(owner)} `{owner.name}` is missing "
            f"an opposite relation field on the model `{target.name}`. Either run "
            "`prisma format` or add it manually.",
            fld.span,
            ((target.decl.name_span, f"the {_container(target)} to add it to"),),
        )

    def _one_to_many(self, relation: Relation, forward: Field | None, back: Field | None) -> None:
        if forward is None:
            if back is not None:
                self._missing_opposite(back)
            return
        if back is None:
            self._missing_opposite(forward)
            return
        fattr, battr = forward.relation_attr, back.relation_attr
        if fattr is None or not fattr.fields:
            self.error(
                f"The relation field `{forward.name}` on model `{forward.owner.name}` must "
                "specify the `fields` argument in `@relation`. You can run `prisma format` to "
                "fix this automatically.",
                forward.span,
            )
        if fattr is None or not fattr.references:
            self.error(
                f"The relation field `{forward.name}` on model `{forward.owner.name}` must "
                "specify the `references` argument in `@relation`.",
                forward.span,
            )
        if battr is not None and (battr.fields or battr.references):
            self.error(
                f"The relation field `{back.name}` on model `{back.owner.name}` must not "
                "specify `fields` or `references`: only the opposite field "
                f"`{forward.name}` on model `{forward.owner.name}` holds them.",
                back.span,
            )
        if battr is not None and (battr.on_delete is not None or battr.on_update is not None):
            self.error(
                f"The relation field `{back.name}` on model `{back.owner.name}` must not "
                "specify `onDelete` or `onUpdate`: set them on the opposite field "
                f"`{forward.name}` on model `{forward.owner.name}` (or, for a many-to-many "
                "relation, in an explicit join model).",
                back.span,
            )

    def _one_to_one(self, relation: Relation, forward: Field | None, back: Field | None) -> None:
        if forward is None:
            return
        if back is None:
            self._missing_opposite(forward)
            self._fk_unique(relation, forward)
            return
        fattr, battr = forward.relation_attr, back.relation_attr
        f_fields = bool(fattr and fattr.fields)
        b_fields = bool(battr and battr.fields)
        f_refs = bool(fattr and fattr.references)
        b_refs = bool(battr and battr.references)
        pair = (
            f"`{forward.name}` on model `{forward.owner.name}` and `{back.name}` on model "
            f"`{back.owner.name}`"
        )
        # Problems of the pair are reported once, on the side Prisma reports
        # first, with the other side as related information.
        if not f_fields and not b_fields:
            self.pair_error(
                f"The relation fields {pair} do not provide the `fields` argument in "
                "`@relation`. Provide it on one of the two fields.",
                forward,
                back,
            )
        if not f_refs and not b_refs:
            self.pair_error(
                f"The relation fields {pair} do not provide the `references` argument in "
                "`@relation`. Provide it on one of the two fields.",
                forward,
                back,
            )
        if f_refs and b_refs:
            self.pair_error(
                f"The relation fields {pair} both provide the `references` argument in "
                "`@relation`. Provide it on only one of the two fields.",
                forward,
                back,
            )
        if f_fields and b_fields:
            self.pair_error(
                f"The relation fields {pair} both provide the `fields` argument in "
                "`@relation`. Provide it on only one of the two fields.",
                forward,
                back,
            )
        f_actions = bool(fattr and (fattr.on_delete or fattr.on_update))
        b_actions = bool(battr and (battr.on_delete or battr.on_update))
        if f_actions and b_actions:
            self.pair_error(
                f"The relation fields {pair} both provide `onDelete` or `onUpdate` in "
                "`@relation`. Provide them on only one of the two fields.",
                back,
                forward,
            )
        elif b_actions:
            self.error(
                f"The relation field `{back.name}` on model `{back.owner.name}` must not "
                "specify `onDelete` or `onUpdate`: set them on the opposite field "
                f"`{forward.name}` on model `{forward.owner.name}`.",
                back.span,
            )
        self._fk_unique(relation, forward)
        # Like Prisma: the remaining checks only on a pipeline without errors so
        # far (the schema-wide checks run before this one included). They run
        # as if this relation were the first with errors; `shown` decides.
        if self.errors:
            return
        self._part = IN_GATED
        if f_fields and b_refs:
            self.pair_error(
                f"The relation field `{forward.name}` on model `{forward.owner.name}` "
                f"provides `fields` while the related field `{back.name}` on model "
                f"`{back.owner.name}` provides `references`. Provide both arguments on the "
                "same side.",
                forward,
                back,
            )
        if f_refs and b_fields:
            self.error(
                f"The relation field `{forward.name}` on model `{forward.owner.name}` provides "
                f"`references` while the related field `{back.name}` on model "
                f"`{back.owner.name}` provides `fields`. Provide both arguments on the same "
                "side.",
                forward.span,
            )
        if self.errors:
            return
        if back.arity == "required":
            self.error(
                f"The relation field `{back.name}` on model `{back.owner.name}` cannot be "
                "required: the database cannot enforce that. Change its type from "
                f"`{forward.owner.name}` to `{forward.owner.name}?`.",
                back.span,
            )
        if self.errors:
            return
        if forward.arity == "required" and battr is not None and (
            battr.fields is not None or battr.references is not None
        ):
            self.error(
                f"The relation field `{back.owner.name}.{back.name}` defines `fields` and/or "
                "`references`, but they belong on the required side of the relation "
                f"(`{forward.owner.name}.{forward.name}`) so that the constraint is enforced. "
                "Alternatively, make this field required and the opposite optional, or make "
                "both sides optional.",
                back.span,
            )

    def _fk_unique(self, relation: Relation, forward: Field) -> None:
        fk = relation.fk_fields
        if not fk:
            return
        model = relation.referencing_model
        # Like Prisma: the id or a unique constraint with exactly these fields, in this order.
        wanted = [f.name for f in fk]
        if any(c == wanted for c in self._unique_criteria(model)):
            return
        if len(fk) == 1:
            hint = f"add `@unique` to the field `{fk[0].name}`"
        else:
            hint = f"add `@@unique([{_names(fk)}])` to the model"
        self.error(
            "A one-to-one relation must use unique fields on the side that defines it: "
            f"{hint}, or change the relation to one-to-many.",
            forward.span,
        )

    # -- referential action cycles (SQL Server, relationMode = "prisma") -----

    def _complete_from(self, model: Model) -> list[Relation]:
        """The 1:1 and 1:N relations with both fields whose foreign key is in ``model``."""
        if self._complete is None:
            self._complete = {}
            for r in self.schema.relations:
                if r.kind != "N:M" and not r.back_only and r.back is not None:
                    self._complete.setdefault(id(r.referencing_model), []).append(r)
        return self._complete.get(id(model), [])

    @staticmethod
    def _relation_triggers(relation: Relation) -> bool:
        return _triggers(relation.on_delete) or _triggers(relation.on_update)

    def _cascade_error(self, relation: Relation, message: str) -> None:
        defaults = []
        if not relation.on_delete_explicit and _triggers(relation.on_delete):
            defaults.append(f"`onDelete`: `{relation.on_delete}`")
        if not relation.on_update_explicit and _triggers(relation.on_update):
            defaults.append(f"`onUpdate`: `{relation.on_update}`")
        if defaults:
            message += f" (Implicit default {', and '.join(defaults)})"
        self.error(f"{message} {_CYCLE_HINT}", relation.forward.span)

    def _cycles(self, relation: Relation) -> None:
        if self.provider != "sqlserver" and self.mode != "prisma":
            return
        parent = relation.referencing_model
        visited: set[int] = set()
        stack: list[tuple[Relation, list[Relation]]] = [(relation, [relation])]
        while stack:
            current, path = stack.pop()
            visited.add(id(current.forward))
            related = current.referenced_model
            if related is None or not self._relation_triggers(current):
                continue
            if current.referencing_model is related:
                self._cascade_error(
                    relation,
                    "A self-relation must have `onDelete` and `onUpdate` set to `NoAction` in "
                    "one of its `@relation` attributes.",
                )
                return
            if related is parent:
                cycle = " → ".join(f"{r.referencing_model.name}.{r.forward.name}" for r in path)
                self._cascade_error(
                    relation,
                    "These relations form a cycle of referential actions; one of their "
                    "`@relation` attributes must set `onDelete` and `onUpdate` to `NoAction`. "
                    f"Cycle path: {cycle}.",
                )
                return
            for nxt in self._complete_from(related):
                if id(nxt.forward) not in visited:
                    stack.append((nxt, [*path, nxt]))

    def _multiple_paths(self, relation: Relation) -> None:
        if self.provider != "sqlserver" or self.mode == "prisma":
            return
        if not self._relation_triggers(relation):
            return
        parent = relation.referencing_model
        paths: list[list[Relation]] = []
        stack: list[tuple[Relation, list[Relation], set[int]]] = [
            (r, [r], set())
            for r in self._complete_from(parent)
            if self._relation_triggers(r)
        ]
        budget = _PATH_BUDGET
        while stack:
            budget -= 1
            if budget < 0:
                return  # too many paths to enumerate: say nothing rather than hang
            current, path, on_path = stack.pop()
            model, related = current.referencing_model, current.referenced_model
            on_path.add(id(current.forward))
            if related is None or model is related or related is parent:
                continue
            onward = [
                (r, [*path, r], set(on_path))
                for r in self._complete_from(related)
                if self._relation_triggers(r) and id(r.forward) not in on_path
            ]
            if not onward:
                paths.append([*path, current])
                continue
            stack.extend(onward)
        seen: dict[str, set[str]] = {}
        for path in paths:
            models = seen.setdefault(path[0].forward.name, set())
            for r in path:
                target = r.referenced_model
                if target is not None:
                    models.add(target.name)
        reachable: set[str] = set()
        mine = seen.pop(relation.forward.name, None)
        if mine is not None:
            for other in seen.values():
                reachable |= mine & other
        if not reachable:
            return
        names = ", ".join(f"`{n}`" for n in sorted(reachable))
        if len(reachable) == 1:
            head = f"When a record of model {names} is updated or deleted"
        else:
            head = f"When records of models {names} are updated or deleted"
        self._cascade_error(
            relation,
            f"{head}, the referential actions cascade to model `{parent.name}` through "
            "multiple paths. Break one of these paths by setting `onUpdate` and `onDelete` "
            "to `NoAction`.",
        )

    # -- implicit many-to-many --------------------------------------------------

    def _many_to_many(self, relation: Relation) -> None:
        """Implicit many-to-many. A problem both sides share is reported once,
        on the side Prisma reports first (model A's), the other as related."""
        field_a, field_b = relation.forward, relation.back
        if field_b is None:
            return
        sides = (field_a, field_b)
        if self.provider == "mongodb":
            self.pair_error(
                "Implicit many-to-many relations are not supported on MongoDB. Use the "
                "syntax of https://pris.ly/d/document-database-many-to-many",
                field_a,
                field_b,
            )
        owner_a, owner_b = field_a.owner, field_b.owner
        assert isinstance(owner_a, Model) and isinstance(owner_b, Model)
        with_view = owner_a.is_view or owner_b.is_view
        if with_view:
            # Saying that the view has no `@id` as well would only add noise.
            self.pair_error(
                "Implicit many-to-many relations are not supported for views.", field_a, field_b
            )
        for fld in sides:
            related = fld.target
            owner = fld.owner
            assert isinstance(related, Model) and isinstance(owner, Model)
            pk = related.primary_key
            if pk is None or len(pk.fields) != 1:
                if not with_view:
                    self.error(
                        f"The relation field `{fld.name}` on model `{owner.name}` references "
                        f"`{related.name}`, which has no single-field `@id`. Models without "
                        "one cannot be part of an implicit many-to-many relation: use an "
                        "explicit join model.",
                        fld.span,
                    )
                continue
            attr = fld.relation_attr
            refs = attr.references if attr is not None else None
            if refs is not None and refs != [pk.fields[0].name]:
                self.error(
                    "An implicit many-to-many relation must reference the id field of the "
                    f"related model `{related.name}`, but `references` names: {_names(refs)}.",
                    fld.span,
                )
        actions = [
            self._action_span(fld, key)
            for fld in sides
            for key, value in (
                ("onDelete", fld.relation_attr.on_delete if fld.relation_attr else None),
                ("onUpdate", fld.relation_attr.on_update if fld.relation_attr else None),
            )
            if value is not None
        ]
        if actions:
            self.error(
                "Referential actions are not supported on implicit many-to-many relations.",
                actions[0],
                tuple((span, "another referential action") for span in actions[1:]),
            )
        with_references = [
            f for f in sides if f.relation_attr and f.relation_attr.references is not None
        ]
        if with_references:
            message = (
                "An implicit many-to-many relation cannot have a `references` argument. "
                "Remove it, or change the relation to one-to-many."
            )
            if len(with_references) == 2:
                self.pair_error(message, field_a, field_b)
            else:
                self.error(message, with_references[0].span)

    # -- MongoDB two-way embedded many-to-many ------------------------------------

    def _arg_span(self, fld: Field, key: str) -> Span:
        """`key:` in the field's `@relation`, else the attribute, else the field."""
        attr = fld.relation_attr
        if attr is None or attr.attribute is None:
            return fld.span
        if attr.attribute.args is not None:
            for argument in attr.attribute.args.args:
                if argument.name is not None and argument.name.text == key:
                    return fld.decl.span(argument)
        return fld.decl.span(attr.attribute)

    def _embedded(self, relation: Relation) -> None:
        field_a, field_b = relation.forward, relation.back
        if field_b is None:
            return
        sides = (field_a, field_b)
        if self.provider != "mongodb":
            connector = CONNECTOR_NAMES.get(self.provider or "", "this provider")
            self.pair_error(
                "Embedded many-to-many relations (lists with `fields:`) are not supported on "
                f"{connector}. Define an implicit many-to-many relation instead (no `fields` "
                "or `references`): https://pris.ly/d/relational-database-many-to-many",
                field_a,
                field_b,
            )
            return
        for fld in sides:
            attr = fld.relation_attr
            owner, target = fld.owner, fld.target
            assert isinstance(owner, Model) and isinstance(target, Model)
            refs = _resolved(target, attr.references if attr else None)
            fks = _resolved(owner, attr.fields if attr else None)
            if len(refs) != 1:
                self.error(
                    "The `references` argument of an embedded many-to-many relation must name "
                    "exactly one scalar field. https://pris.ly/d/many-to-many-relations",
                    self._arg_span(fld, "references"),
                )
            if len(fks) != 1:
                self.error(
                    "The `fields` argument of an embedded many-to-many relation must name "
                    "exactly one scalar field. https://pris.ly/d/many-to-many-relations",
                    self._arg_span(fld, "fields"),
                )
            pk = target.primary_key
            single_pk = pk is not None and len(pk.fields) == 1
            if refs and not (single_pk and pk is not None and pk.fields[0].field is refs[0]):
                self.error(
                    "The `references` argument of an embedded many-to-many relation must name "
                    f"the single-field `@id` of model `{target.name}`.",
                    self._arg_span(fld, "references"),
                )
            if refs and fks:
                fk, ref = fks[0], refs[0]
                if not (
                    fk.is_list
                    and not ref.is_list
                    and _scalar_type(fk) == _scalar_type(ref)
                    and _native_name(fk) == _native_name(ref)
                ):
                    self.error(
                        f"The field `{fk.name}` in `fields` must be a list of the type of "
                        f"`{target.name}.{ref.name}`, with the same native type.",
                        self._arg_span(fld, "@relation"),
                    )
        for fld in sides:
            attr = fld.relation_attr
            for key, value in (
                ("onDelete", attr.on_delete if attr else None),
                ("onUpdate", attr.on_update if attr else None),
            ):
                if value is not None:
                    self.error(
                        "Referential actions are not supported on embedded many-to-many "
                        "relations.",
                        self._action_span(fld, key),
                    )


def _and_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _native_name(fld: Field) -> str | None:
    """The name of the native type attribute (`ObjectId` of `@db.ObjectId`)."""
    native = fld.native_type
    return native.name.text.split(".", 1)[-1] if native is not None else None


def _scalar_type(fld: Field) -> str:
    if fld.kind == "unsupported" and fld.node.type is not None:
        unsupported = fld.node.type.unsupported
        return f"Unsupported({unsupported.value if unsupported is not None else ''})"
    return f"{fld.kind}:{fld.type_name}"



def shown(
    entries: Iterable[Entry], before: int, relations: Sequence[Relation]
) -> list[Diagnostic] | None:
    """What Prisma shows of the pipeline's ``entries`` (no ambiguity among
    them) after ``before`` errors of the checks before it: everything but the
    gated checks, and those of the one relation whose errors come before any
    other error of the pipeline (``relations`` gives their order). ``None``
    when an entry's relation is not among ``relations``."""
    out: list[Diagnostic] = []
    gated: list[Entry] = []
    failed: list[Relation] = []
    field_errors = False
    for entry in entries:
        diagnostic, part, relation, _ = entry
        if part == IN_GATED:
            gated.append(entry)
            continue
        out.append(diagnostic)
        if diagnostic.is_error:
            if relation is None:
                field_errors = True
            else:
                failed.append(relation)
    if not gated or before or field_errors:
        return out
    order = {id(r): i for i, r in enumerate(relations)}
    first = len(relations)
    for relation in failed:
        at = order.get(id(relation))
        if at is None:
            return None
        first = min(first, at)
    chosen: int | None = None
    for _, _, relation, _ in gated:
        at = order.get(id(relation))
        if at is None:
            return None
        if at < first and (chosen is None or at < chosen):
            chosen = at
    if chosen is None:
        return out
    winner = relations[chosen]
    out.extend(entry[0] for entry in gated if entry[2] is winner)
    return out
