"""Projections on a real SQLite file and a real PostgreSQL: a scripted 2014–2017 history of the
Amager contract, hand-computed answers, rebuild equals incremental, and crash safety."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.obligation import Evidence
from domain.tracker import Tracker
from domain.versions import Decision
from projections import audit_log, budget_use, obligation_status, overdue_meetings
from projections.database import ViewDatabase
from projections.decoding import OrjsonTranscoder, decode_all, faster
from projections.runner import Projector
from projections.shell import VIEWS, load_records
from tests.conftest import AMAGER, contract_file, in_threads, network_times, projecting

KEY = "amager-udsatte-grupper-2013"
END_OF_2017 = date(2017, 12, 31)


@pytest.fixture
def history(store: dict[str, str]) -> Iterator[Tracker]:
    """The Amager contract 2014–2017: meetings held and one missed, a revised cadence, expenses."""
    tracker = Tracker(store, clock=lambda: END_OF_2017)
    contract = contract_file(AMAGER)
    tracker.import_contract(contract, actor="koordinator", source="amager.yaml")
    for held in ["2014-03-12", "2014-06-18", "2014-11-05", "2015-03-10", "2015-10-07"]:  # May–Aug 2015 missed
        network(tracker, held)
    meeting(tracker, "temamoede-aarligt", "2014-09-24", ["3b", "vibo-hab-aab-fsb-dfb"])  # none in 2015
    meeting(tracker, "kontaktpersonmoede-lokalt", "2014-10-01", ["sof"])
    meeting(tracker, "kontaktpersonmoede-lokalt", "2015-10-01", ["sof"])
    meeting(tracker, "opstartsmoede-sundbygaard", "2014-04-22", ["sof", "3b"])
    tracker.fulfil_obligation(
        KEY, "sof-kontaktliste-og-dagsorden", date(2014, 3, 12), Evidence(document="Kontaktliste"), "karen"
    )
    four = network_times(contract.terms(), times=4)
    decision = Decision("Boligsocialt Forum Amager", date(2015, 11, 15), "punkt 3")
    tracker.revise_contract(KEY, four, date(2016, 1, 1), decision, actor="koordinator")
    for held in ["2016-02-10", "2016-05-11", "2016-11-09"]:  # Jul–Sep 2016 missed
        network(tracker, held)
    tracker.book_expense(
        KEY, "urbanplanen", date(2014, 5, 1), 15_000_000, "Temadag", "okonomi", activity="praksisnetvaerk", funder="lbf"
    )
    entry, _ = tracker.book_expense(KEY, "urbanplanen", date(2014, 9, 1), 5_000_000, "Fejl", "okonomi", funder="lbf")
    tracker.reverse_expense(KEY, "urbanplanen", entry, date(2014, 9, 2), "Fejlbogført", "okonomi")
    tracker.book_expense(
        KEY, "sundholm-holmbladsgade", date(2015, 6, 1), 170_000_000, "Stor udgift", "okonomi", funder="lbf"
    )
    yield tracker
    tracker.close()


def reset(projector: Projector) -> None:
    """Every view back to position zero, without replaying."""
    for view in VIEWS.values():
        projector.shell.rebuild(view)


def network(tracker: Tracker, held: str) -> None:
    meeting(tracker, "netvaerksmoede", held, ["sof", "3b", "vibo-hab-aab-fsb-dfb"])


def meeting(tracker: Tracker, cadence: str, held: str, attendees: list[str]) -> None:
    tracker.record_meeting_held(KEY, cadence, date.fromisoformat(held), attendees, [], [], "", actor="karen")


@pytest.fixture
def projector(store: dict[str, str], history: Tracker) -> Iterator[Projector]:
    yield from projecting(history, store, page_size=7)  # small pages: many transactions


def record(projector: Projector) -> dict[str, Any]:
    projector.catch_up()
    [found] = load_records(projector.db, KEY)
    return found


def by_cadence(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["cadence"]: r for r in rows}


def test_overdue_meetings_at_the_end_of_2015_are_the_missed_network_window(projector: Projector) -> None:
    rows = overdue_meetings.overdue(record(projector), date(2015, 12, 31))

    assert [(r["cadence"], r["window_start"], r["due"]) for r in rows] == [
        ("netvaerksmoede", "2015-05-01", "2015-08-31")
    ]


def test_compliance_per_year_and_next_due_follow_the_revised_cadence(projector: Projector) -> None:
    network_ = by_cadence(overdue_meetings.compliance(record(projector), date(2015, 12, 31)))["netvaerksmoede"]

    assert network_["compliance_by_year"] == {
        "2014": {"expected": 3, "met": 3, "percent": 100.0},
        "2015": {"expected": 3, "met": 2, "percent": 66.7},
    }
    assert network_["last_held"] == "2015-10-07"
    assert network_["next_due"] == "2016-03-31"  # 4 per year from 2016: first quarter


def test_a_revised_cadence_changes_expectations_only_from_its_effective_date(projector: Projector) -> None:
    cadences = by_cadence(overdue_meetings.compliance(record(projector), date(2016, 12, 31)))
    windows = [(w["window_start"], w["due"], w["state"]) for w in cadences["netvaerksmoede"]["windows"]]

    assert [w for w in windows if w[1].startswith("2015")] == [
        ("2015-01-01", "2015-04-30", "met"),
        ("2015-05-01", "2015-08-31", "overdue"),
        ("2015-09-01", "2015-12-31", "met"),
    ]
    assert [w for w in windows if w[1].startswith("2016")] == [
        ("2016-01-01", "2016-03-31", "met"),
        ("2016-04-01", "2016-06-30", "met"),
        ("2016-07-01", "2016-09-30", "overdue"),
        ("2016-10-01", "2016-12-31", "met"),
    ]
    overdue = overdue_meetings.overdue(record(projector), date(2016, 12, 31))
    assert [(r["cadence"], r["due"]) for r in overdue] == [
        ("netvaerksmoede", "2015-08-31"),
        ("netvaerksmoede", "2016-09-30"),
        ("temamoede-aarligt", "2015-12-31"),
    ]


def test_the_yearly_theme_meeting_becomes_overdue_the_day_after_its_window(projector: Projector) -> None:
    r = record(projector)

    assert by_cadence(overdue_meetings.compliance(r, date(2015, 12, 31)))["temamoede-aarligt"]["overdue"] == 0
    assert by_cadence(overdue_meetings.compliance(r, date(2016, 1, 1)))["temamoede-aarligt"]["overdue"] == 1


def test_obligations_of_the_network_convener_are_met_by_the_held_meetings(projector: Projector) -> None:
    status = obligation_status.status(record(projector), date(2015, 12, 31))
    convene = [o for o in status["occurrences"] if o["responsibility"] == "sof-indkalde-netvaerksmoede"]

    assert [(o["due"], o["state"]) for o in convene if o["due"] <= "2015-12-31"] == [
        ("2014-04-30", "met"), ("2014-08-31", "met"), ("2014-12-31", "met"),
        ("2015-04-30", "met"), ("2015-08-31", "overdue"), ("2015-12-31", "met"),
    ]  # fmt: skip
    assert convene[0]["settlement"]["evidence"]["meeting_id"] is not None
    once = [o for o in status["occurrences"] if o["responsibility"] == "sof-kontaktliste-og-dagsorden"]
    assert [(o["due"], o["state"]) for o in once] == [("2014-04-30", "met")]
    assert status["by_party"]["sof"]["overdue"] >= 1


def test_budget_use_at_the_end_of_2015(projector: Projector) -> None:
    plans = {p["plan"]: p for p in budget_use.budget_use(record(projector), date(2015, 12, 31))}

    urban = plans["urbanplanen"]
    assert (urban["booked"], urban["reversed"], urban["spent"]) == (20_000_000, 5_000_000, 15_000_000)
    assert urban["remaining"] == 303_844_700 - 15_000_000
    assert urban["monthly_burn"] == {"2014-05": 15_000_000, "2014-09": 0}
    assert urban["by_funder"][0] == {  # 75 % of 3.038.447,00 kr. is whole øre
        "funder": "lbf",
        "frame": 227_883_525,
        "spent": 15_000_000,
        "remaining": 212_883_525,
        "by_shares": 0,
    }
    sundholm = plans["sundholm-holmbladsgade"]
    assert sundholm["overspent"] is True
    assert sundholm["remaining"] == 162_621_700 - 170_000_000
    assert sundholm["percent_used"] == 104.5


def test_budget_use_before_the_expenses_were_booked_is_zero(projector: Projector) -> None:
    plans = budget_use.budget_use(record(projector), date(2014, 4, 30))

    assert [p["spent"] for p in plans] == [0, 0]


def table_contents(projector: Projector) -> dict[str, list[Any]]:
    db = projector.db
    return {
        "records": db.fetchall(
            "SELECT contract_id, contract_key, record FROM view_contract_records ORDER BY contract_id"
        ),
        "audit": db.fetchall(f"SELECT * FROM {audit_log.TABLE} ORDER BY position"),
    }


def caught_up_contents(history: Tracker, store: dict[str, str]) -> dict[str, list[Any]]:
    """The view tables after one projector catches up with the whole history in one go."""
    reference = Projector(history, store)
    try:
        reference.catch_up()
        return table_contents(reference)
    finally:
        reference.close()


def test_rebuild_equals_incremental(store: dict[str, str], history: Tracker, projector: Projector) -> None:
    # Incremental: views followed page by page while commands ran (here: caught up after each command).
    incremental = Projector(history, store, page_size=1)
    incremental.catch_up()
    network(history, "2017-02-01")
    incremental.catch_up()
    history.book_expense(KEY, "urbanplanen", date(2017, 3, 1), 1_000_000, "Forplejning", "okonomi")
    incremental.catch_up()
    before = table_contents(incremental)
    incremental.close()

    projector.rebuild()

    assert table_contents(projector) == before
    assert projector.lag().behind == {name: 0 for name in VIEWS}


def test_a_page_that_fails_half_way_leaves_views_and_positions_unchanged(
    store: dict[str, str], history: Tracker
) -> None:
    expected = caught_up_contents(history, store)
    crashing = Projector(history, store, page_size=10)
    reset(crashing)
    pages = {"n": 0}

    def crash(view: Any, items: list[Any]) -> None:
        if view.NAME == "audit_log":
            pages["n"] += 1
            if pages["n"] == 3:
                raise RuntimeError("injected crash after the contract records of page 3 were written")

    crashing.shell.fail_after = crash
    with pytest.raises(RuntimeError, match="injected"):
        crashing.catch_up()
    assert crashing.shell.positions() == {"contract_records": 20, "audit_log": 20, "question_rows": 20}  # two pages
    crashing.shell.fail_after = None
    crashing.catch_up()

    assert table_contents(crashing) == expected
    crashing.close()


def test_two_runners_at_once_apply_every_event_exactly_once(store: dict[str, str], history: Tracker) -> None:
    single = Projector(history, store)
    single.catch_up()
    expected = table_contents(single)
    reset(single)
    runners = [Projector(history, store, page_size=5) for _ in range(2)]
    in_threads(lambda n: runners[n].catch_up(), len(runners))

    assert table_contents(single) == expected
    for r in [single, *runners]:
        r.close()


def test_the_audit_log_has_every_event_with_its_actor_and_pages_by_position(
    projector: Projector, history: Tracker
) -> None:
    projector.catch_up()
    head = projector.head()
    everything = audit_log.query(projector.db, limit=1000)

    # not about a contract's content: the contract-log entry, and each plan the import made of the contract's
    # inline plans (its registration and its entry in the log of plans)
    outside = 1 + 2 * len(history.plan_keys())
    assert len(everything) == head - outside
    assert {r["actor"] for r in everything} == {"koordinator", "karen", "okonomi"}
    revision = audit_log.query(projector.db, event_type="Revised")
    assert revision[0]["decision"] == {
        "decided_by": "Boligsocialt Forum Amager",
        "decided_on": "2015-11-15",
        "reference": "punkt 3",
    }
    assert revision[0]["effective_date"] == "2016-01-01"
    first = audit_log.query(projector.db, actor="okonomi", limit=2)
    second = audit_log.query(projector.db, actor="okonomi", limit=2, before=first[-1]["position"])
    assert [r["event_type"] for r in first + second] == ["ExpenseBooked", "Opened", "ExpenseReversed", "ExpenseBooked"]
    assert "bogførte 1.700.000,00 kr. 01.06.2015" in first[0]["summary"]
    assert audit_log.query(projector.db, contract="findes-ikke") == []


def test_read_your_writes_waits_for_a_position_within_a_bound(projector: Projector, history: Tracker) -> None:
    _, outcome = history.record_meeting_held(KEY, "netvaerksmoede", date(2017, 3, 1), ["sof"], [], [], "", "karen")

    assert outcome.position is not None
    assert projector.wait_for(outcome.position, timeout=300) is True  # returns once caught up: the bound is a net
    assert projector.wait_for(outcome.position + 1000, timeout=0.2) is False


def test_the_views_decode_every_stored_event_as_the_application_does(store: dict[str, str], history: Tracker) -> None:
    notifications = history.recorder.select_notifications(start=1, limit=1000)
    db = ViewDatabase(store)
    rows = db.read_events(history.recorder.events_table_name, 1, 1000)  # type: ignore[attr-defined]
    db.close()

    decoded = decode_all(faster(history.mapper), rows)

    expected = [history.mapper.to_domain_event(n) for n in notifications]
    assert [(type(e), vars(e)) for e in decoded] == [(type(e), vars(e)) for e in expected]
    assert len({type(e) for e in decoded}) >= 10  # contract, meetings, obligations, ledger: nested values too


def test_an_event_the_fast_decoder_cannot_read_is_decoded_by_the_application_transcoder(history: Tracker) -> None:
    transcoder = OrjsonTranscoder(history.mapper.transcoder)
    huge = transcoder.encode({"amount": 2**70, "day": date(2015, 3, 12)})
    nested = transcoder.encode({"entries": [{"amount": -(2**64) - 1}], "top": 2**63})
    alone = transcoder.encode(2**65)

    assert transcoder.decode(huge) == {"amount": 2**70, "day": date(2015, 3, 12)}
    assert transcoder.decode(nested) == {"entries": [{"amount": -(2**64) - 1}], "top": 2**63}
    assert transcoder.decode(alone) == 2**65


def test_routes_stored_before_they_were_tracked_are_stored_again(store: dict[str, str], history: Tracker) -> None:
    older = Projector(history, store)
    older.catch_up()
    routes = older.db.fetchall("SELECT * FROM projection_routes ORDER BY aggregate_id")
    older.db.execute("DELETE FROM projection_tracking WHERE view = 'routes'")  # as the untracked version left it
    older.close()

    upgraded = Projector(history, store)
    upgraded.catch_up()
    history.book_expense(KEY, "urbanplanen", date(2017, 3, 1), 1_000_000, "Forplejning", "okonomi")  # an old ledger

    assert upgraded.db.fetchall("SELECT * FROM projection_routes ORDER BY aggregate_id") == routes
    urban = next(p for p in budget_use.budget_use(record(upgraded), END_OF_2017) if p["plan"] == "urbanplanen")
    assert urban["spent"] == 16_000_000
    upgraded.close()


def test_a_rebuild_in_worker_processes_equals_incremental(store: dict[str, str], history: Tracker) -> None:
    incremental = Projector(history, store, page_size=1)
    incremental.catch_up()
    expected = table_contents(incremental)
    incremental.close()
    parallel = Projector(history, store, page_size=7)
    seen: list[int] = []

    applied = parallel.rebuild(workers=2, progress=seen.append)

    assert table_contents(parallel) == expected
    assert applied == sum(seen) == parallel.head()
    assert parallel.lag().behind == {name: 0 for name in VIEWS}
    parallel.close()


def test_a_worker_of_one_view_does_not_wait_for_a_page_of_another_view(store: dict[str, str], history: Tracker) -> None:
    if not store["PERSISTENCE_MODULE"].endswith("postgres"):
        pytest.skip("SQLite serialises writers: one worker there")
    records, audit = (Projector(history, store, views=[name]) for name in ("contract_records", "audit_log"))
    reset(records)
    finished = threading.Event()
    finished_while_held: list[bool] = []

    def while_records_hold_their_page(view: Any, items: list[Any]) -> None:
        worker = threading.Thread(target=lambda: (audit.catch_up(), finished.set()))
        worker.start()
        worker.join(timeout=300)  # a safety net: were the worker blocked by this page, it would never finish
        finished_while_held.append(finished.is_set())

    records.shell.fail_after = while_records_hold_their_page
    records.catch_up()

    assert finished_while_held and all(finished_while_held)
    assert records.positions() == {"contract_records": records.head()}
    assert audit.positions() == {"audit_log": audit.head()}
    for p in (records, audit):
        p.close()


def test_the_views_read_the_stored_events_as_the_recorder_does(store: dict[str, str], history: Tracker) -> None:
    db = ViewDatabase(store)

    rows = db.read_events(history.recorder.events_table_name, 3, 5)  # type: ignore[attr-defined]

    expected = history.recorder.select_notifications(start=3, limit=5)
    assert [(r[0], UUID(str(r[1])), r[2], r[3], r[4]) for r in rows] == [
        (n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, n.state) for n in expected
    ]
    assert [type(r[4]) for r in rows] == [bytes] * 5
    db.close()
