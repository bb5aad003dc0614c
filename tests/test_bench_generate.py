"""The benchmark schema generator writes realistic, valid, reproducible schemas.

Only shape and validity are checked here; timing belongs to ``bench/run.py``.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from analysis.api import analyze
from analysis.diagnostics import Severity
from analysis.model.schema import SCALARS
from analysis.text import SourceFile
from bench.generate import generate_schema

_BLOCK = re.compile(r"^(model|enum)\s+(\w+)\s*\{\n(.*?)^\}", re.M | re.S)
_FIELD = re.compile(r"^\s+(\w+)\s+(\w+)(\[\]|\?)?(.*)$")
_RELATION_NAME = re.compile(r'@relation\(\s*"([^"]+)"')


def _blocks(text: str) -> tuple[dict[str, list[tuple[str, str, str, str]]], set[str]]:
    """Models (name → fields as (name, type, modifier, rest)) and enum names, by regex."""
    models: dict[str, list[tuple[str, str, str, str]]] = {}
    enums: set[str] = set()
    for kind, name, body in _BLOCK.findall(text):
        if kind == "enum":
            enums.add(name)
            continue
        fields = []
        for line in body.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith(("//", "@@")):
                continue
            m = _FIELD.match(line)
            assert m, f"unexpected line in model {name}: {line!r}"
            fields.append((m.group(1), m.group(2), m.group(3) or "", m.group(4)))
        models[name] = fields
    return models, enums


@pytest.fixture(scope="module", params=[50, 300])
def schema(request: pytest.FixtureRequest) -> tuple[int, str]:
    return request.param, generate_schema(request.param, seed=7)


def test_model_count_and_lines_per_model(schema: tuple[int, str]) -> None:
    count, text = schema
    models, enums = _blocks(text)
    assert len(models) == count
    assert count // 10 - 1 <= len(enums) <= count // 10 + 1
    per_model = text.count("\n") / count
    assert 11 <= per_model <= 18, per_model


def test_every_field_type_resolves_and_every_relation_has_a_back_relation(
    schema: tuple[int, str],
) -> None:
    _, text = schema
    models, enums = _blocks(text)
    # (model, target, relation name) for every relation field
    ends: Counter[tuple[frozenset[str], str | None]] = Counter()
    for model, fields in models.items():
        names = [f[0] for f in fields]
        assert len(names) == len(set(names)), f"duplicate field in {model}"
        for _name, typ, modifier, rest in fields:
            if typ in SCALARS or typ in enums:
                continue
            assert typ in models, f"{model}: relation to missing model {typ}"
            assert modifier != "[]" or "fields:" not in rest
            m = _RELATION_NAME.search(rest)
            ends[(frozenset((model, typ)), m.group(1) if m else None)] += 1
    for (pair, name), n in ends.items():
        # Each relation has exactly two ends: the field and its back-relation.
        assert n == 2, (sorted(pair), name, n)


def test_relations_between_the_same_models_are_named(schema: tuple[int, str]) -> None:
    _, text = schema
    models, _ = _blocks(text)
    per_pair: Counter[frozenset[str]] = Counter()
    unnamed: Counter[frozenset[str]] = Counter()
    for model, fields in models.items():
        for _name, typ, _modifier, rest in fields:
            if typ in models:
                pair = frozenset((model, typ))
                per_pair[pair] += 1
                if not _RELATION_NAME.search(rest):
                    unnamed[pair] += 1
    for pair, n in unnamed.items():
        assert n == per_pair[pair] == 2, f"ambiguous relations between {sorted(pair)}"


def test_schema_covers_the_features_benchmarks_need(schema: tuple[int, str]) -> None:
    _, text = schema
    for needle in (
        'provider = "postgresql"', 'provider = "prisma-client-js"', "@default(cuid())",
        "@default(autoincrement())", "@@id([", "@db.VarChar(", "@db.Text",
        "@db.Decimal(", " BigInt", " Float", " Boolean", "@default(now())", "@updatedAt",
        " Json", " Bytes", "[]", "?", "onDelete: Cascade", "@unique", 'Tree"', "@@index([",
        '@@map("', '@map("', "///", " // ",
    ):
        assert needle in text, needle
    assert "url" not in text.split("datasource db", 1)[1].split("}", 1)[0]


def test_analysis_reports_no_errors(schema: tuple[int, str]) -> None:
    _, text = schema
    result = analyze([SourceFile("g.prisma", text)])
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == [], errors[:5]


def test_same_seed_same_text_other_seed_other_text() -> None:
    assert generate_schema(120, seed=3) == generate_schema(120, seed=3)
    assert generate_schema(120, seed=3) != generate_schema(120, seed=4)


def test_tiny_schemas_are_valid_too() -> None:
    for count in (1, 2, 5):
        models, _ = _blocks(generate_schema(count))
        assert len(models) == count
    with pytest.raises(ValueError):
        generate_schema(0)
