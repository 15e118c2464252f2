"""A server's start-up objects kept out of the cyclic garbage collector's full passes (``gc.freeze``).

Measured (tests/benchmarks/README.md, 2026-11-30): the contract status question answered in 6 ms at p50 but
84 ms at p99; the tail was the collector's generation-2 passes, each walking every object the process had
made (modules, routes, templates, caches, the records read while starting). With those objects frozen after
start-up the p99 was 8 ms. Objects made later are collected as before; the frozen ones live as long as the
process anyway, so nothing that would have been freed is kept.
"""

from __future__ import annotations

import gc


def freeze_start_up() -> None:
    """Collect what starting left behind, then keep every object alive now out of later full passes."""
    gc.collect()
    gc.freeze()
