"""The derived question rows answer exactly as the folds over the contract records do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson
import psycopg
import pytest

from api.demo.generator import Spec, generate
from domain.tracker import Tracker
from projections import contract_directory, overdue_meetings, question_tables
from projections.database import ViewDatabase
from projections.runner import Projector
from projections.shell import VIEWS, Shell, load_records
from tests.conftest import AMAGER, contract_file

AFTER = date(2026, 1, 1)
SPEC = Spec(contracts=4, years=3, seed=11)
DAYS = [date(2013, 6, 1), date(2014, 5, 1), date(2015, 3, 15), date(2016, 6, 30), date(2016, 12, 31), date(2019, 1, 1)]


@pytest.fixture
def projector(store: dict[str, str]) -> Iterator[Projector]:
    tracker = Tracker(store, clock=lambda: AFTER)
    generate(tracker, SPEC)
    p = Projector(tracker, store, page_size=500)
    p.catch_up()
    yield p
    p.close()
    tracker.close()


def pages(ask: Any, limit: int) -> list[Any]:
    """Every row, read a page of ``limit`` at a time by keyset."""
    found: list[Any] = []
    while True:
        page = ask(found[-1][0] if found else None, limit)
        found += page
        if len(page) < limit:
            return found


def test_the_directory_from_derived_rows_is_the_fold_for_every_date_and_filter(projector: Projector) -> None:
    db = projector.db
    records = load_records(db)
    for day in DAYS:
        expected = contract_directory.directory(records, day)
        assert [orjson.loads(e) for e in question_tables.directory(db, day, {})] == expected
        for filters in ({"status": "signed"}, {"status": "drafted"}, {"text": "S11-00002"}, {"urban_area": "x"}):
            fold = contract_directory.directory(records, day, **{"text": None, **filters})
            assert [orjson.loads(e) for e in question_tables.directory(db, day, filters)] == fold


def test_the_directory_pages_by_key_without_losing_or_repeating_a_contract(projector: Projector) -> None:
    db = projector.db
    every = question_tables.directory(db, date(2016, 6, 30), {})

    def ask(after: Any, limit: int) -> list[Any]:
        rows = question_tables.directory(db, date(2016, 6, 30), {}, after=after, limit=limit)
        return [(orjson.loads(r)["key"], r) for r in rows]

    assert [r for _, r in pages(ask, 3)] == every


def test_overdue_meetings_from_derived_rows_are_the_fold_for_every_date_and_page(projector: Projector) -> None:
    db = projector.db
    records = load_records(db)
    for day in DAYS:
        expected = [row for r in records for row in overdue_meetings.overdue(r, day)]
        assert [orjson.loads(row) for _, row in question_tables.overdue(db, day)] == expected
        paged = pages(lambda after, limit, day=day: question_tables.overdue(db, day, after=after, limit=limit), 7)
        assert [orjson.loads(row) for _, row in paged] == expected
    assert any(question_tables.overdue(db, date(2016, 12, 31)))


def test_a_party_sees_only_the_rows_of_contracts_it_is_party_to(projector: Projector) -> None:
    db = projector.db
    records = load_records(db)
    party = _a_party(records[0])
    mine = [r for r in records if f" {party} " in contract_directory.readers(r)]
    day = date(2016, 12, 31)

    assert [orjson.loads(e) for e in question_tables.directory(db, day, {}, party=party)] == (
        contract_directory.directory(mine, day)
    )
    assert [orjson.loads(r) for _, r in question_tables.overdue(db, day, party=party)] == [
        row for r in mine for row in overdue_meetings.overdue(r, day)
    ]
    assert question_tables.directory(db, day, {}, party="ingen-part") == []


def _a_party(record: dict[str, Any]) -> str:
    return contract_directory.readers(record).split()[-1]


def hold_the_first_late_meeting(projector: Projector, day: date) -> tuple[list[Any], dict[str, Any]]:
    """Record held, on its due day, the first meeting overdue on ``day``: the overdue rows before, and its row."""
    before = question_tables.overdue(projector.db, day)
    late = orjson.loads(before[0][1])
    held = date.fromisoformat(late["due"])
    projector.tracker.record_meeting_held(late["contract"], late["cadence"], held, late["conveners"], [], [], "", "t")
    return before, late


def test_a_failed_derivation_leaves_the_contracts_dirty_and_the_next_catch_up_derives_them(
    projector: Projector, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, day = projector.db, date(2016, 12, 31)
    before, late = hold_the_first_late_meeting(projector, day)

    def crash(record: Any, until: date) -> Any:  # the database went away (a record's own fault is quarantined)
        raise psycopg.OperationalError("injected lost connection while deriving")

    monkeypatch.setattr(overdue_meetings, "late_windows", crash)
    with pytest.raises(psycopg.OperationalError, match="injected"):
        projector.catch_up()
    assert question_tables.overdue(db, day) == before  # rolled back as a whole
    positions = dict(db.fetchall("SELECT view, position FROM projection_tracking"))
    assert positions[question_tables.DERIVED] < positions[question_tables.NAME]

    monkeypatch.undo()
    projector.catch_up()
    after = [orjson.loads(row) for _, row in question_tables.overdue(db, day)]
    assert after == [row for r in load_records(db) for row in overdue_meetings.overdue(r, day)]
    assert late not in after
    positions = dict(db.fetchall("SELECT view, position FROM projection_tracking"))
    assert positions[question_tables.DERIVED] == positions[question_tables.NAME]


def test_an_open_ended_contract_is_answered_past_its_derived_windows_by_the_fold(store: dict[str, str]) -> None:
    tracker = Tracker(store, clock=lambda: AFTER)
    contract = contract_file(AMAGER)
    open_ended = contract.model_copy(update={"period": contract.period.model_copy(update={"end": None})})
    tracker.import_contract(open_ended, actor="koordinator", source="amager.yaml")
    tracker.record_meeting_held(open_ended.key, "netvaerksmoede", date(2014, 3, 12), ["sof"], [], [], "", "karen")
    projector = Projector(tracker, store)
    projector.catch_up()
    db, records = projector.db, load_records(projector.db)
    try:
        [(until,)] = db.fetchall(f"SELECT windows_until FROM {question_tables.CONTRACTS}")
        assert until < "2030-01-01"  # derived two years past the last fact, not for ever
        for day in (date(2015, 1, 1), date(2017, 6, 1), date(2030, 1, 1)):
            expected = [row for r in records for row in overdue_meetings.overdue(r, day)]
            paged = pages(lambda after, limit, day=day: question_tables.overdue(db, day, after=after, limit=limit), 5)
            assert [orjson.loads(row) for _, row in paged] == expected and expected
    finally:
        projector.close()
        tracker.close()


def test_rows_are_derived_only_once_the_records_have_the_events_that_marked_them(
    projector: Projector, store: dict[str, str]
) -> None:
    db, day = projector.db, date(2016, 12, 31)
    before, late = hold_the_first_late_meeting(projector, day)
    marks_only = Shell(ViewDatabase(store), projector.tracker.mapper, [VIEWS[question_tables.NAME]])  # a runner's share
    start = marks_only.resume_from()
    table = projector.tracker.recorder.events_table_name  # type: ignore[attr-defined]
    marks_only.apply_page(marks_only.db.read_events(table, start, 1000))

    assert question_tables.drain(marks_only.db) == 0
    assert question_tables.overdue(db, day) == before  # the record of the new meeting is not in yet
    marks_only.db.close()
    projector.catch_up()
    after = [orjson.loads(row) for _, row in question_tables.overdue(db, day)]
    assert late not in after
    assert after == [row for r in load_records(db) for row in overdue_meetings.overdue(r, day)]
