"""The validation stages (analysis.validate.STAGES): one registry, gates like Prisma's."""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

from analysis import validate
from analysis.validate import (
    STAGES,
    attributes,
    config,
    defaults,
    indexes,
    names,
    native_types,
    relations,
    types,
)
from analysis.validate.codes import CAPABILITY, DEFAULT, DUPLICATE, NO_UNIQUE_CRITERION
from tests.helpers import ds, errors

MODULES = (attributes, config, defaults, indexes, names, native_types, relations, types)


def test_every_stage_function_is_registered_once() -> None:
    registered = [check for stage in STAGES for check in stage.checks]
    assert len(registered) == len(set(registered))
    public = {
        fn
        for module in MODULES
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("check_") and fn.__module__ == module.__name__
    }
    assert public == set(registered)


def test_stage_names_are_unique() -> None:
    assert len({stage.name for stage in STAGES}) == len(STAGES)


def test_schema_wide_checks_do_not_hide_each_other() -> None:
    # SQL Server has no enums (types.check_schema) and `A` has no unique
    # criterion (indexes.check_schema): Prisma reports both.
    text = ds("sqlserver") + "enum E {\n  X\n}\n\nmodel A {\n  n Int\n  e E\n}\n"
    codes = [code for code, _, _ in errors(text)]
    assert CAPABILITY in codes
    assert NO_UNIQUE_CRITERION in codes


def test_attribute_errors_stop_the_schema_wide_checks() -> None:
    # Prisma reports the default; composite types on PostgreSQL would be a
    # schema-wide error, which it does not reach.
    text = ds("postgresql") + 'type C {\n  b Unsupported("x") @default(12)\n}\n'
    assert [code for code, _, _ in errors(text)] == [DEFAULT]


def test_name_errors_stop_type_resolution() -> None:
    text = ds("postgresql") + "model A {\n  id Int @id\n  id Nope\n}\n"
    assert [code for code, _, _ in errors(text)] == [DUPLICATE]


def test_a_broken_check_does_not_hide_the_others(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(schema: object, report: object) -> None:
        raise RuntimeError("under construction")

    names_stage = STAGES[1]
    assert names_stage.name == "names"
    with_broken = replace(names_stage, checks=(broken, *names_stage.checks))
    monkeypatch.setattr(validate, "STAGES", (STAGES[0], with_broken, *STAGES[2:]))
    text = ds("postgresql") + "model A {\n  id Int @id\n}\n\nmodel A {\n  id Int @id\n}\n"
    assert [code for code, _, _ in errors(text)] == [DUPLICATE]
    assert "broken failed" in caplog.text
