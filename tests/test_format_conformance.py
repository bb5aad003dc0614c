"""The formatter against Prisma's reformat fixtures and the real schemas of the corpus.

Every reformat pair must match byte for byte (see ``tests/format_conformance.py``);
formatting is idempotent on every pair and every real schema, and it never changes
what a schema means: the formatted text has the same models, fields, attributes,
enums and configuration, and the same validation verdict.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.api import analyze
from analysis.format import format_files
from analysis.format.expressions import attribute, expression
from analysis.model.schema import CompositeType, Model
from analysis.syntax.nodes import Attribute
from analysis.text import SourceFile
from tests import format_conformance as fc
from tests.helpers import CORPUS, schema_files

REAL = CORPUS / "real"

needs_reformat = pytest.mark.skipif(
    not fc.REFORMAT.is_dir(), reason=f"reformat corpus not found at {fc.REFORMAT}"
)
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"real schemas not found at {REAL}")

PAIRS = fc.load_pairs() if fc.REFORMAT.is_dir() else []
REAL_SCHEMAS = sorted(p for p in REAL.iterdir() if p.is_dir()) if REAL.is_dir() else []


@needs_reformat
def test_every_reformat_pair_matches() -> None:
    outcomes = fc.run()
    matched = [o.pair.name for o in outcomes if o.matched]
    assert len(outcomes) == 18  # 14 single-file pairs and 4 multi-file folders
    assert len(matched) == len(outcomes), [o.pair.name for o in outcomes if not o.matched]


@needs_reformat
@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_reformat_pair(pair: fc.Pair) -> None:
    outcome = fc.run_pair(pair)
    assert outcome.got == pair.expected, outcome.diff()
    assert outcome.idempotent


def _meaning(files: list[SourceFile]) -> tuple[object, ...]:
    """What a schema says, independent of layout (attributes as canonical text)."""
    analysis = analyze(files)
    schema = analysis.schema

    def attrs(grouped: dict[str, list[Attribute]]) -> list[str]:
        return sorted(attribute(a) for found in grouped.values() for a in found)

    owners: list[Model | CompositeType] = [*schema.all_models, *schema.all_composite_types]
    models = [
        (
            m.name,
            [(f.name, f.type_name, f.arity, attrs(f.attributes)) for f in m.fields],
            attrs(m.attributes),
        )
        for m in owners
    ]
    enums = [(e.name, [v.name for v in e.values], attrs(e.attributes)) for e in schema.all_enums]
    config = [
        (c.name, [(k, expression(v.value)) for k, v in c.properties.items()])
        for c in [*schema.datasources, *schema.generators]
    ]
    verdict = sorted((d.code, d.message) for d in analysis.diagnostics)
    return models, enums, config, verdict


@needs_real
@pytest.mark.parametrize("folder", REAL_SCHEMAS, ids=[p.name for p in REAL_SCHEMAS])
def test_real_schema_formats_idempotently_and_keeps_its_meaning(folder: Path) -> None:
    files = schema_files(folder)
    first = format_files(files)
    assert [r.errors for r in first] == [() for _ in first]
    formatted = [SourceFile(r.path, r.text) for r in first]
    again = format_files(formatted)
    assert [r.text for r in again] == [r.text for r in first]
    assert _meaning(formatted) == _meaning(files)
