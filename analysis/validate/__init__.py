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
from analysis.model.schema import Schema
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
    Stage("names", (names.check_names, types.check_syntax), always),
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


def validate(schema: Schema) -> list[Diagnostic]:
    report = Report()
    for stage in STAGES:
        earlier = Earlier(
            schema.syntax_errors,
            frozenset(d.code for d in report.diagnostics if d.is_error),
        )
        if not stage.runs_when(earlier):
            continue
        for check in stage.checks:
            try:
                check(schema, report)
            except Exception:  # one broken check must not hide the others
                log.exception("validation check %s.%s failed", check.__module__,
                              check.__qualname__)
    return report.diagnostics
