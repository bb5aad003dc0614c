"""The server's collector: nothing scanned while typing, cycles freed when idle."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from server.collector import GROWTH, Collector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


@pytest.fixture
def collector() -> Iterator[Collector]:
    enabled = gc.isenabled()
    yield Collector()
    gc.unfreeze()
    if enabled:
        gc.enable()


def garbage_cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def test_automatic_collection_is_off(collector: Collector) -> None:
    assert not gc.isenabled()


def test_a_replaced_schema_is_collected_when_idle(collector: Collector) -> None:
    left = garbage_cycle()
    collector.analyzed(replaced_all=True)  # the cycle is frozen with the rest
    assert gc.get_freeze_count() > 0
    gc.collect(1)
    assert left() is not None
    collector.idle()
    assert left() is None


def test_edits_collect_fully_only_once_the_frozen_objects_grew_by_a_quarter(
    collector: Collector,
) -> None:
    collector.analyzed(replaced_all=False)  # the first analysis: the baseline
    left = garbage_cycle()
    collector.analyzed(replaced_all=False)
    collector.idle()
    assert left() is not None  # frozen: a young collection does not scan it
    assert not collector.full_due
    grown = [Node() for _ in range(int(gc.get_freeze_count() * GROWTH) + 1)]
    del grown  # cyclic garbage: nothing frees it but a full collection
    collector.analyzed(replaced_all=False)
    assert collector.full_due
    collector.idle()
    assert left() is None
    assert not collector.full_due  # the baseline is what is alive now
