"""Cyclic garbage collection on the server's terms.

A schema of 5,000 models is some millions of long-lived objects; one full
collection scans them all in about a second, and CPython starts one whenever
enough allocations pile up — in the middle of a keystroke's analysis or a
hover. The server turns automatic collection off. After each analysis the
objects alive are frozen (never scanned again); the little cyclic garbage an
edit leaves (the replaced declarations) waits for the worker to be idle, and
a full collection then runs only when it is worth it: after a whole schema
was replaced, or after many edits.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)

IDLE_SECONDS = 2.0
"""How long the analyzer must have had nothing to do before it collects."""
EDITS_PER_COLLECTION = 200


class Collector:
    def __init__(self) -> None:
        gc.disable()
        self._full_pending = False
        self._edits = 0

    def analyzed(self, *, replaced_all: bool) -> None:
        """After an analysis: freeze what is alive, remember the garbage it left."""
        if replaced_all:
            self._full_pending = True
        else:
            self._edits += 1
        gc.freeze()

    def idle(self) -> None:
        """Nothing to analyze for a while: collect, fully when it is worth it."""
        if self._full_pending or self._edits >= EDITS_PER_COLLECTION:
            started = time.perf_counter()
            gc.unfreeze()
            found = gc.collect()
            gc.freeze()
            log.info(
                "collected %d objects in %.0f ms", found, (time.perf_counter() - started) * 1e3
            )
            self._full_pending = False
            self._edits = 0
        else:
            gc.collect(1)  # young objects only: what requests left since the last freeze
