"""Validation: what Prisma itself would reject (codes ``PAE…``, see :mod:`codes`).

Prisma validates in stages and stops early: its parser database resolves
names, then types, then reads attributes (relation attributes included),
returning as soon as a stage found errors; the configuration is validated
next; and the schema-wide validation pipeline runs only on a schema without
any error so far (syntax included). Within a stage, every check runs: they do
not hide each other.

:data:`STAGES` declares these stages once, with the checks of each and the
condition under which Prisma would run it. :func:`validate` decides that
condition once per stage, from what the earlier stages found, so that no
check needs to look at other checks' findings to know whether it should run.
A check that raises is logged and skipped so that one bug never hides the
other checks' findings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from analysis.diagnostics import Diagnostic
from analysis.model.build import ModelCache
from analysis.model.relations import relations_of
from analysis.model.schema import Schema
from analysis.reuse import Change, Locator, Shifter, partition, restricted, update
from analysis.validate import (
    attributes,
    config,
    defaults,
    indexes,
    names,
    native_types,
    relation_parts,
    relations,
    types,
)
from analysis.validate.codes import DUPLICATE, UNKNOWN_TYPE
from analysis.validate.name_clashes import SchemaNames, relations_by_owner
from analysis.validate.names import NameProblem
from analysis.validate.relation_parts import RelationParts
from analysis.validate.report import Report

log = logging.getLogger(__name__)

Check = Callable[[Schema, Report], None]


@dataclass(frozen=True, slots=True)
class Earlier:
    """What the stages before the current one found: the input of every gate."""

    syntax_errors: bool
    """The text did not parse everywhere (a line, a block)."""
    error_codes: frozenset[str]
    """The codes of the errors reported so far."""

    @property
    def clean(self) -> bool:
        return not self.syntax_errors and not self.error_codes


Gate = Callable[[Earlier], bool]


def always(earlier: Earlier) -> bool:
    return True


def names_resolved(earlier: Earlier) -> bool:
    """Prisma resolves types only when names (declarations and configuration
    properties declared once) resolved."""
    return DUPLICATE not in earlier.error_codes


def names_and_types_resolved(earlier: Earlier) -> bool:
    """Prisma reads attributes only when names and types resolved."""
    return DUPLICATE not in earlier.error_codes and UNKNOWN_TYPE not in earlier.error_codes


def nothing_wrong(earlier: Earlier) -> bool:
    """Prisma's validation pipeline runs only on a schema without errors so far."""
    return earlier.clean


@dataclass(frozen=True, slots=True)
class Stage:
    """One of Prisma's validation stages: its checks all run, or none do."""

    name: str
    checks: tuple[Check, ...]
    runs_when: Gate
    """Decided once, before the stage, from what the earlier stages found."""


STAGES: tuple[Stage, ...] = (
    # The datasource and generators. Prisma validates them after its parser
    # database, without stopping it, so they gate nothing but the pipeline
    # (their duplicate properties, part of Prisma's name resolution, excepted).
    Stage("configuration", (config.check_config,), always),
    # Declarations: names declared twice, reserved or malformed; what Prisma's
    # parser rejects but ours keeps for the editor (aliases, fields without a type).
    Stage(
        "names",
        (names.check_names, names.check_members, types.check_aliases, types.check_missing_types),
        always,
    ),
    Stage("types", (types.check_types,), names_resolved),
    # Reading attributes (Prisma's parser database, relation attributes included).
    Stage(
        "attributes",
        (
            attributes.check_attributes,
            names.check_columns,
            defaults.check_defaults,
            indexes.check_index_attributes,
            relations.check_relation_attributes,
        ),
        names_and_types_resolved,
    ),
    # Prisma's validation pipeline: schema-wide, all checks together.
    Stage(
        "schema",
        (
            types.check_schema,
            types.check_composite_cycles,
            names.check_schema,
            indexes.check_schema,
            attributes.check_schema,
            defaults.check_schema,
            native_types.check_schema,
            relations.check_schema,  # last: it stops early on earlier pipeline errors, like Prisma
        ),
        nothing_wrong,
    ),
)


#: Checks whose diagnostics at a declaration depend only on that declaration,
#: the declarations it names or that name it, and the declaration signature
#: (see :mod:`analysis.reuse`), and that report only inside the declaration
#: they look at: after an edit they run on the dirty declarations alone
#: (`@relation` attributes on the fields an edit reached, see
#: :func:`relation_parts.attributes_again`). ``tests/test_incremental_analysis.py``
#: checks both properties. The schema-wide relation checks are kept by
#: declaration too, with Prisma's early stops applied afterwards
#: (:mod:`analysis.validate.relation_parts`).
LOCAL: frozenset[Check] = frozenset(
    {
        attributes.check_attributes,
        names.check_columns,
        defaults.check_defaults,
        indexes.check_index_attributes,
        types.check_types,
        defaults.check_schema,
        native_types.check_schema,
        attributes.check_schema,
        names.check_members,
        types.check_missing_types,
        relations.check_relation_attributes,
        indexes.check_schema,
        types.check_schema,
    }
)

#: Local checks whose findings in a declaration depend on that declaration
#: alone (and the declaration signature): after an edit they run on the changed
#: declarations only, not on their neighbours (a model that many models name
#: is the neighbour of every one of them).
OWN: frozenset[Check] = frozenset(
    {
        attributes.check_attributes,
        names.check_members,
        names.check_columns,
        native_types.check_schema,
    }
)


@dataclass(slots=True)
class Validation:
    """The diagnostics of one validation and what the next one can reuse."""

    diagnostics: list[Diagnostic]
    ran: tuple[bool, ...]
    """Whether each stage ran."""
    current: tuple[bool, ...]
    """Whether each stage's kept results (``parts``, ``names``, ``relations``)
    are those of this schema: it ran, or it was skipped but its kept results
    were updated with the edit (so that they are at hand when it runs again)."""
    parts: dict[Check, dict[int, list[Diagnostic]] | None]
    """A local check's diagnostics by owning block (``None``: not reusable)."""
    locator: Locator
    names: SchemaNames | None = None
    """The name index of :func:`names.check_schema`, when it ran."""
    relations: RelationParts | None = None
    """The findings of :func:`relations.check_schema` by owning block."""
    block_names: list[NameProblem] | None = None
    """The declarations :func:`names.check_names` reported (it always runs)."""


def validate(schema: Schema) -> list[Diagnostic]:
    return validate_again(schema).diagnostics


def validate_again(
    schema: Schema,
    previous: Validation | None = None,
    change: Change | None = None,
    shifter: Shifter | None = None,
    built: ModelCache | None = None,
) -> Validation:
    """Validate ``schema``; with the ``previous`` validation and the ``change``
    since, local checks run on the dirty declarations only and keep the rest
    (moved by ``shifter``). With the model cache of the build of ``schema``
    (``built``: what that build redid), the schema-wide name checks update
    the previous validation's index instead of judging every name again.

    A stage that does not run (an earlier one found errors) still updates the
    kept results of the previous validation with the dirty declarations, so
    that the keystroke that removes the error need not run it whole."""
    locator = (previous.locator.moved(schema.decls, shifter)
               if previous is not None and shifter is not None else Locator(schema.decls))
    view = restricted(schema, change) if change is not None else None
    scopes = (_Scopes(schema, change, view, previous.locator)
              if previous is not None and change is not None and view is not None else None)
    diagnostics: list[Diagnostic] = []
    errors = 0
    codes: set[str] = set()
    ran: list[bool] = []
    current: list[bool] = []
    parts: dict[Check, dict[int, list[Diagnostic]] | None] = {}
    index: SchemaNames | None = None
    kept_relations: RelationParts | None = None
    block_names: list[NameProblem] | None = None
    for number, stage in enumerate(STAGES):
        earlier = Earlier(schema.syntax_errors, frozenset(codes))
        runs = stage.runs_when(earlier)
        ran.append(runs)
        reuse = (previous is not None and view is not None and change is not None
                 and previous.current[number])
        if not runs:
            current.append(reuse)
            if reuse and previous is not None and change is not None and scopes is not None:
                for check in stage.checks:
                    if check is names.check_schema:
                        if previous.names is not None:
                            index = _names_again(schema, previous.names, built, shifter)
                    elif check is relations.check_schema:
                        kept_relations = _relations_kept(
                            previous, schema, locator, change, shifter)
                    elif check is relations.check_relation_attributes:
                        old = previous.parts.get(check)
                        if old is not None:
                            parts[check] = old if _relation_attributes_again(
                                old, scopes, locator, shifter) else None
                    elif check in LOCAL:
                        old = previous.parts.get(check)
                        if old is not None:
                            scope = scopes.of(check)
                            report = _report(0)
                            try:  # on a schema Prisma would not run it on
                                check(scope[1], report)
                            except Exception:  # its results are not kept then
                                log.debug("skipped check %s failed", check.__qualname__,
                                          exc_info=True)
                                continue
                            parts[check] = (old if update(old, report.diagnostics, locator,
                                                          scope[0], shifter) else None)
            continue
        current.append(True)
        for check in stage.checks:
            old = previous.parts.get(check) if reuse and previous is not None else None
            found: list[Diagnostic] | None = None
            if check is names.check_names:
                # An edit that keeps every declaration's name keeps its problems.
                block_names = (previous.block_names if previous is not None
                               and change is not None else None)
                if block_names is None:
                    block_names = names.block_name_problems(schema)
                report = _report(errors)
                names.report_block_names(schema, block_names, report)
                found = report.diagnostics
            elif check is names.check_schema:
                kept = (previous.names if previous is not None and previous.current[number]
                        and shifter is not None else None)
                index = _names_again(schema, kept, built, shifter)
                found = index.diagnostics() if index is not None else None
            elif check is relations.check_schema:
                kept_relations = (
                    _relations_kept(previous, schema, locator, change, shifter)
                    if reuse and previous is not None and change is not None
                    and view is not None else None)
                found, kept_relations = _relations_again(schema, errors, locator, kept_relations)
            elif (check is relations.check_relation_attributes and old is not None
                  and scopes is not None):
                if _relation_attributes_again(old, scopes, locator, shifter):
                    parts[check] = old
                    found = [d for items in old.values() for d in items]
            elif check in LOCAL and old is not None and scopes is not None:
                scope = scopes.of(check)
                report = _report(errors)
                _run(check, scope[1], report)
                if update(old, report.diagnostics, locator, scope[0], shifter):
                    parts[check] = old
                    found = [d for items in old.values() for d in items]
            if found is None:  # run it whole
                report = _report(errors)
                _run(check, schema, report)
                found = report.diagnostics
                if check in LOCAL:
                    parts[check] = partition(found, locator)
            diagnostics.extend(found)
            for d in found:
                if d.is_error:
                    errors += 1
                    codes.add(d.code)
    return Validation(diagnostics, tuple(ran), tuple(current), parts, locator, index,
                      kept_relations, block_names)


class _Scopes:
    """What a local check runs on after an edit: the dirty declarations, or
    for the checks of :data:`OWN` the changed ones (found when first needed)."""

    def __init__(self, schema: Schema, change: Change, view: Schema, before: Locator) -> None:
        self.schema = schema
        self.change = change
        self.view = view
        self.before = before
        self._own: tuple[Change, Schema] | None = None

    def of(self, check: Check) -> tuple[Change, Schema]:
        if check not in OWN:
            return self.change, self.view
        if self._own is None:
            change = self.change
            changed = relation_parts.changed_blocks(change, self.before)
            own = Change(change.region, changed, change.removed,
                         [e for e in change.entities if id(e.decl.block) in changed], [])
            self._own = own, restricted(self.schema, own)
        return self._own


def _relation_attributes_again(
    old: dict[int, list[Diagnostic]], scopes: _Scopes, locator: Locator,
    shifter: Shifter | None,
) -> bool:
    """Update the kept diagnostics of the `@relation` attributes with the edit
    (:func:`relation_parts.attributes_again`); ``False``: run it whole."""
    try:
        return relation_parts.attributes_again(
            old, scopes.schema, scopes.view, scopes.before, locator, scopes.change, shifter)
    except Exception:  # one broken check must not hide the others
        log.exception("validation check relations.check_relation_attributes failed")
        return False


def _relations_kept(
    previous: Validation, schema: Schema, locator: Locator, change: Change,
    shifter: Shifter | None,
) -> RelationParts | None:
    """The previous relation findings updated with the edit, if they can be
    (``None``: the checks run whole when their stage runs)."""
    kept = previous.relations
    if kept is None:
        return None
    try:
        updated = kept.update(schema, previous.locator, locator, change, shifter)
        return kept if updated else None
    except Exception:  # one broken check must not hide the others
        log.exception("validation check relations.check_schema failed")
        return None


def _relations_again(
    schema: Schema, before: int, locator: Locator, kept: RelationParts | None,
) -> tuple[list[Diagnostic], RelationParts | None]:
    """What the relation checks show after ``before`` errors of the checks
    before them: from the ``kept`` findings when they are at hand, else from a
    whole run (whose findings are kept for the next edit)."""
    if kept is not None:
        found = kept.shown(schema, before)
        if found is not None:
            return found, kept
    try:
        pipeline = relations.Pipeline(schema)
        pipeline.run()
        return pipeline.shown(before), relation_parts.kept(pipeline, locator)
    except Exception:  # one broken check must not hide the others
        log.exception("validation check relations.check_schema failed")
        return [], None


def _names_again(
    schema: Schema, previous: SchemaNames | None, built: ModelCache | None,
    shifter: Shifter | None,
) -> SchemaNames | None:
    """The name index of ``schema``: the previous one updated with what the model
    build redid when it can, else a new one (``None`` if building it failed)."""
    try:
        if built is not None and built.pairing is not None:
            pairing = built.pairing
            if (previous is not None and built.touched is not None
                    and previous.update(schema, lambda m: relations_of(pairing, m),
                                        [*built.touched.values(), *built.gone],
                                        shifter.items if shifter is not None else None)):
                return previous
            return SchemaNames.whole(schema, lambda m: relations_of(pairing, m))
        return SchemaNames.whole(schema, relations_by_owner(schema))
    except Exception:  # one broken check must not hide the others
        log.exception("validation check names.check_schema failed")
        return None


def _report(errors: int) -> Report:
    """A report for one check, knowing how many errors the checks before it found."""
    report = Report()
    report.error_count = errors
    return report


def _run(check: Check, schema: Schema, report: Report) -> None:
    try:
        check(schema, report)
    except Exception:  # one broken check must not hide the others
        log.exception("validation check %s.%s failed", check.__module__, check.__qualname__)
