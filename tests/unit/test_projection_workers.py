"""How many processes rebuild the views: one per idle core, never more than there are views."""

from __future__ import annotations

from projections.runner import worker_count


def test_a_rebuild_uses_every_core_of_an_idle_machine() -> None:
    assert worker_count(cores=2, load=0.3, views=2) == 2


def test_a_rebuild_uses_only_the_idle_cores_of_a_busy_machine() -> None:
    assert worker_count(cores=4, load=2.6, views=4) == 2
    assert worker_count(cores=2, load=3.9, views=2) == 1


def test_a_rebuild_never_starts_more_workers_than_views() -> None:
    assert worker_count(cores=8, load=0.0, views=2) == 2
