"""Validation: what Prisma itself would reject (codes ``PAE…``, see :mod:`codes`).

Every check is a function ``check(schema, report)`` listed once in
:data:`CHECKS`. A check that raises is logged and skipped so that one bug
never hides the other checks' findings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

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
from analysis.validate.report import Report

log = logging.getLogger(__name__)

Check = Callable[[Schema, Report], None]

CHECKS: tuple[Check, ...] = (
    config.check,
    names.check,
    types.check,
    attributes.check,
    defaults.check,
    native_types.check,
    indexes.check,
    relations.check,
)


def validate(schema: Schema) -> list[Diagnostic]:
    report = Report()
    for check in CHECKS:
        try:
            check(schema, report)
        except Exception:  # one broken check must not hide the others
            log.exception("validation check %s failed", check.__module__)
    return report.diagnostics
