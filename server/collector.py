"""Cyclic garbage collection on the server's terms.

A schema of 5,000 models is over a million long-lived objects; one full
collection scans them all in about a second, and CPython starts one whenever
enough allocations pile up — in the middle of a keystroke's analysis or a
hover. The server turns automatic collection off. After each analysis the
objects alive are frozen (never scanned again); the little cyclic garbage an
edit leaves (the replaced declarations: some 150 objects a keystroke) waits for
the worker to be idle.

A full collection then runs only when the frozen objects have grown by a
quarter since the last one — CPython's own rule for its oldest generation —
or a whole schema was replaced. A count of edits would scan the whole heap
every few hundred keystrokes to free a few thousand objects (at 5,000 models:
1.2 s of CPU for 29,000 objects after 200 edits), and a keystroke typed during
that second waits for it.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)

IDLE_SECONDS = 2.0
"""How long the analyzer must have had nothing to do before it collects."""
GROWTH = 0.25
"""Growth of the frozen objects since the last full collection that makes the next one due."""


class Collector:
    def __init__(self) -> None:
        gc.disable()
        self._full_pending = False
        self._baseline: int | None = None
        """Objects frozen after the last full collection (or the first analysis)."""

    def analyzed(self, *, replaced_all: bool) -> None:
        """After an analysis: freeze what is alive, note when a whole schema's
        objects became garbage."""
        gc.freeze()
        if self._baseline is None:
            self._baseline = gc.get_freeze_count()
        if replaced_all:
            self._full_pending = True

    @property
    def full_due(self) -> bool:
        baseline = self._baseline or 0
        return self._full_pending or gc.get_freeze_count() > baseline * (1 + GROWTH)

    def idle(self) -> None:
        """Nothing to analyze for a while: collect, fully when it is due."""
        if self.full_due:
            started = time.perf_counter()
            gc.unfreeze()
            found = gc.collect()
            gc.freeze()
            self._baseline = gc.get_freeze_count()
            self._full_pending = False
            log.info(
                "collected %d objects in %.0f ms", found, (time.perf_counter() - started) * 1e3
            )
        else:
            gc.collect(1)  # young objects only: what requests left since the last freeze
