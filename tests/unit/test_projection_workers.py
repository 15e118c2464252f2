"""How many processes rebuild the views by default: one per core, at most eight (each owns a share of the contracts)."""

from __future__ import annotations

from uuid import uuid4

from projections.partitioned import Partition, default_workers


def test_a_rebuild_uses_one_process_per_core() -> None:
    assert default_workers(1) == 1
    assert default_workers(2) == 2
    assert default_workers(6) == 6


def test_a_rebuild_uses_at_most_eight_processes() -> None:
    assert default_workers(64) == 8


def test_every_contract_belongs_to_exactly_one_partition() -> None:
    contracts = [str(uuid4()) for _ in range(200)]
    partitions = [Partition(index, 3, {}) for index in range(3)]
    owners = [[p.index for p in partitions if p.owns_contract(c)] for c in contracts]
    assert all(len(o) == 1 for o in owners)
    assert {o[0] for o in owners} == {0, 1, 2}
