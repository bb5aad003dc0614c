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
    relations,
    types,
)
from analysis.validate.codes import DUPLICATE, UNKNOWN_TYPE
from analysis.validate.name_clashes import SchemaNames, relations_by_owner
from analysis.validate.names import NameProblem
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
#: they look at: after an edit they run on the dirty declarations alone.
#: ``tests/test_incremental_analysis.py`` checks both properties.
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

#: Checks that are local (as :data:`LOCAL`) only while no error is reported
#: before them nor by them: Prisma's relation checks stop at the first error of
#: the pipeline, and with `relationMode = "prisma"` or SQL Server they follow
#: chains of referential actions through the whole schema.
LOCAL_WHILE_CLEAN: frozenset[Check] = frozenset({relations.check_schema})


@dataclass(slots=True)
class Validation:
    """The diagnostics of one validation and what the next one can reuse."""

    diagnostics: list[Diagnostic]
    ran: tuple[bool, ...]
    """Whether each stage ran."""
    parts: dict[Check, dict[int, list[Diagnostic]] | None]
    """A local check's diagnostics by owning block (``None``: not reusable)."""
    locator: Locator
    names: SchemaNames | None = None
    """The name index of :func:`names.check_schema`, when it ran."""
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
    the previous validation's index instead of judging every name again."""
    locator = Locator(schema.decls)
    view = restricted(schema, change) if change is not None else None
    diagnostics: list[Diagnostic] = []
    errors = 0
    codes: set[str] = set()
    ran: list[bool] = []
    parts: dict[Check, dict[int, list[Diagnostic]] | None] = {}
    index: SchemaNames | None = None
    block_names: list[NameProblem] | None = None
    for number, stage in enumerate(STAGES):
        earlier = Earlier(schema.syntax_errors, frozenset(codes))
        runs = stage.runs_when(earlier)
        ran.append(runs)
        if not runs:
            continue
        reuse = (previous is not None and view is not None and change is not None
                 and previous.ran[number])
        for check in stage.checks:
            local = check in LOCAL or (
                check in LOCAL_WHILE_CLEAN and errors == 0 and not _follows_chains(schema)
            )
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
                kept = (previous.names if previous is not None and previous.ran[number]
                        and shifter is not None else None)
                index = _names_again(schema, kept, built, shifter)
                found = index.diagnostics() if index is not None else None
            elif local and old is not None and change is not None and view is not None:
                report = _report(errors)
                _run(check, view, report)
                fresh = report.diagnostics
                if (check in LOCAL or not any(d.is_error for d in fresh)) and update(
                    old, fresh, locator, change, shifter
                ):
                    parts[check] = old
                    found = [d for items in old.values() for d in items]
            if found is None:  # run it whole
                report = _report(errors)
                _run(check, schema, report)
                found = report.diagnostics
                if check in LOCAL or (local and not any(d.is_error for d in found)):
                    parts[check] = partition(found, locator)
            diagnostics.extend(found)
            for d in found:
                if d.is_error:
                    errors += 1
                    codes.add(d.code)
    return Validation(diagnostics, tuple(ran), parts, locator, index, block_names)


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


def _follows_chains(schema: Schema) -> bool:
    """Whether relation checks follow referential actions across the schema."""
    return schema.provider == "sqlserver" or schema.relation_mode == "prisma"


def _run(check: Check, schema: Schema, report: Report) -> None:
    try:
        check(schema, report)
    except Exception:  # one broken check must not hide the others
        log.exception("validation check %s.%s failed", check.__module__, check.__qualname__)
