"""Validation checks: names (being written)."""

from __future__ import annotations

from analysis.model.schema import Schema
from analysis.validate.report import Report


def check(schema: Schema, report: Report) -> None:
    """Nothing yet."""
