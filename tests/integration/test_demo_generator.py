"""`forum demo generate`: deterministic, resumable, and its data set builds every view."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from api.cli.views import contract_status
from api.demo.generator import DemoReachesTodayError, Spec, digest, generate
from api.demo.life import Year, _held
from domain.meeting import Meeting
from domain.tracker import Tracker
from projections import routing, shell
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file
from tests.integration.test_demo import AFTER, tracker

SPEC = Spec(contracts=3, years=3, seed=7)

__all__ = ["tracker"]  # the fixture: a tracker whose clock says 2026, after the demo's years


def sqlite_tracker(path: Path) -> Tracker:
    return Tracker({"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}, clock=lambda: AFTER)


def generated_digest(path: Path, spec: Spec) -> str:
    tracker = sqlite_tracker(path)
    try:
        generate(tracker, spec)
        return digest(tracker)
    finally:
        tracker.close()


def test_the_same_seed_writes_the_same_events_in_any_store(tracker: Tracker, tmp_path: Path) -> None:
    result = generate(tracker, SPEC)

    assert result.written == 3 and result.events > 500
    assert digest(tracker) == generated_digest(tmp_path / "again.sqlite3", SPEC)
    assert digest(tracker) != generated_digest(tmp_path / "other.sqlite3", Spec(3, 3, seed=8))


def test_a_rerun_skips_complete_contracts_and_adds_only_the_missing_ones(tmp_path: Path) -> None:
    tracker = sqlite_tracker(tmp_path / "resumed.sqlite3")
    try:
        generate(tracker, Spec(2, SPEC.years, SPEC.seed))
        resumed = generate(tracker, SPEC)
        again = generate(tracker, SPEC)
        resumed_digest = digest(tracker)
    finally:
        tracker.close()

    assert (resumed.written, resumed.skipped) == (1, 2)
    assert (again.written, again.skipped, again.events) == (0, 3, 0)
    assert resumed_digest == generated_digest(tmp_path / "whole.sqlite3", SPEC)


def test_generated_data_builds_every_view_with_overdue_meetings_and_duties(
    tracker: Tracker, store: dict[str, str]
) -> None:
    result = generate(tracker, SPEC)

    projector = Projector(tracker, store)
    applied = projector.catch_up()
    records = load_records(projector.db)
    projector.close()

    assert applied == result.events
    assert sorted(r["key"] for r in records) == ["demo-s7-00001", "demo-s7-00002", "demo-s7-00003"]
    statuses = [contract_status(r, SPEC.end + timedelta(days=1)) for r in records]  # ended on SPEC.end: over after it
    assert all(s["contract"]["example"] and s["contract"]["status"] == "ended" for s in statuses)
    assert sum(len(s["overdue_meetings"]) for s in statuses) > 0
    assert sum(s["obligations"]["totals"]["overdue"] for s in statuses) > 0
    assert sum(s["obligations"]["totals"]["waived"] for s in statuses) > 0
    assert all(b["spent"] > 0 for s in statuses for b in s["budget"])


def test_years_reaching_today_are_refused(tracker: Tracker) -> None:
    with pytest.raises(DemoReachesTodayError) as refused:
        generate(tracker, Spec(1, 13, 1))
    assert refused.value.most == 12  # 2014–2025 is the most before 1 January 2026
    assert not tracker.contract_keys()


def test_a_day_drawn_twice_for_a_cadence_is_recorded_once(tracker: Tracker) -> None:
    key = tracker.import_contract(contract_file(AMAGER), actor="t", source="test").key
    terms = tracker.get_contract(key).terms(date(2015, 1, 1))
    cadence = terms.activities[0].cadences[0]
    year = Year(tracker, key, random.Random(1), terms, 2015)

    _held(year, cadence, date(2015, 3, 2))
    _held(year, cadence, date(2015, 3, 2))
    year.record()  # the tracker refuses a second record of the same cadence and day

    events = [tracker.mapper.to_domain_event(n) for n in tracker.recorder.select_notifications(1, 1000)]
    assert [e.held_on for e in events if isinstance(e, Meeting.Held)] == [date(2015, 3, 2)]


def test_records_forgotten_between_pages_are_read_again_and_fold_the_same(
    tracker: Tracker, store: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tracker, SPEC)
    whole = Projector(tracker, store)
    whole.catch_up()
    expected = stored_records(whole)
    whole.close()

    monkeypatch.setattr(shell, "KEPT_RECORDS", 1)  # keeps only each page's own records
    monkeypatch.setattr(shell, "KEPT_REBUILDING", 1)
    monkeypatch.setattr(routing, "KEPT_ROUTES", 4)  # forgets routes every page
    forgetful = Projector(tracker, store, page_size=40)
    forgetful.rebuild(workers=1)

    assert stored_records(forgetful) == expected
    assert len(forgetful.shell._memory["contract_records"]) < len(expected)
    forgetful.close()


def stored_records(projector: Projector) -> list[tuple[str, str]]:
    return projector.db.fetchall("SELECT contract_id, record FROM view_contract_records ORDER BY contract_id")
