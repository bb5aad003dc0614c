"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
"""Schemas shared beside the repository (``../shared/corpus``), never copied into it."""


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder; tests that use it are skipped when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
