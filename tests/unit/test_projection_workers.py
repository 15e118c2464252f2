"""How many processes rebuild the views: one per two idle cores (each also keeps a PostgreSQL
backend busy), never more than there are views."""

from __future__ import annotations

from projections.runner import worker_count


def test_a_rebuild_runs_in_one_process_on_two_cores() -> None:
    assert worker_count(cores=2, load=0.3, views=2) == 1


def test_a_rebuild_uses_a_worker_per_two_idle_cores_of_a_bigger_machine() -> None:
    assert worker_count(cores=4, load=0.2, views=4) == 2
    assert worker_count(cores=8, load=2.6, views=4) == 3


def test_a_rebuild_uses_only_the_idle_cores_of_a_busy_machine() -> None:
    assert worker_count(cores=4, load=2.6, views=4) == 1
    assert worker_count(cores=2, load=3.9, views=2) == 1


def test_a_rebuild_never_starts_more_workers_than_views() -> None:
    assert worker_count(cores=16, load=0.0, views=2) == 2
