"""`forum demo`: the Amager contract's demo history, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from api.cli.views import contract_status
from api.demo.history import KEY, HistoryAlreadyRecordedError, load_demo, load_demo_if_empty
from domain.tracker import Tracker
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file

AFTER = date(2026, 1, 1)


@pytest.fixture
def tracker(store: dict[str, str]) -> Iterator[Tracker]:
    t = Tracker(store, clock=lambda: AFTER)
    yield t
    t.close()


def head(tracker: Tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def test_demo_imports_the_contract_and_a_second_run_records_nothing(tracker: Tracker) -> None:
    first = load_demo(tracker)
    after_first = head(tracker)
    second = load_demo(tracker)

    assert (first.imported, first.loaded) == (True, True)
    assert first.events > 150
    assert (second.imported, second.loaded, second.events) == (False, False, 0)
    assert head(tracker) == after_first


def test_demo_dashboards_show_overdue_meetings_waivers_late_duties_and_an_activity_over_its_allocation(
    tracker: Tracker, store: dict[str, str]
) -> None:
    load_demo(tracker)

    projector = Projector(tracker, store)
    projector.catch_up()
    status = contract_status(load_records(projector.db, KEY)[0], AFTER)
    projector.close()

    overdue = {(m["cadence"], m["due"]) for m in status["overdue_meetings"]}
    assert overdue == {
        ("netvaerksmoede", "2015-12-31"),  # cancelled
        ("netvaerksmoede", "2017-06-30"),  # four a year from 2017
        ("temamoede-aarligt", "2016-12-31"),
        ("kontaktpersonmoede-lokalt", "2017-12-31"),  # held in January 2018
    }
    states = {(o["responsibility"], o["due"]): o for o in status["obligations"]["occurrences"]}
    assert states["sof-indkalde-netvaerksmoede", "2017-06-30"]["state"] == "overdue"
    assert states["vibo-indkalde-aarligt-temamoede", "2016-12-31"]["state"] == "waived"
    late = states["sof-indkalde-kontaktpersonmoede", "2017-12-31"]
    assert (late["state"], late["settlement"]["day"]) == ("met", "2018-01-16")
    urbanplanen = next(b for b in status["budget"] if b["plan"] == "urbanplanen")
    assert not urbanplanen["overspent"] and urbanplanen["reversed"] > 0
    assert [a["activity"] for a in urbanplanen["by_activity"] if a["over_allocation"]] == ["praksisnetvaerk"]
    assert all(not b["overspent"] for b in status["budget"])
    assert {i["indicator"]: i["latest"] for g in status["goals"] for i in g["indicators"]} == {
        "udsaettelser": "29",
        "misligholdelsessager": "97",
        "klagesager": "44",
    }


def test_demo_revision_changes_the_network_cadence_from_2017_on_a_forum_decision(tracker: Tracker) -> None:
    load_demo(tracker)

    contract = tracker.get_contract(KEY)
    revision = contract.versions[-1]

    def network_times(day: date) -> int:
        frequency = contract.terms(day).activities[0].cadences[0].frequency
        assert frequency.kind == "per_year"
        return frequency.times

    assert revision.effective_from == date(2017, 1, 1)
    assert revision.decision is not None
    assert revision.decision.decided_by == "Boligsocialt Forum Amager"
    assert revision.decision.reference is not None and revision.decision.reference.startswith("Demo:")
    assert (network_times(date(2016, 12, 31)), network_times(date(2017, 1, 1))) == (3, 4)


def test_demo_facts_are_labelled_and_name_no_person(tracker: Tracker) -> None:
    load_demo(tracker)

    history = [n for n in tracker.recorder.select_notifications(start=1, limit=10_000) if "Drafted" not in n.topic]
    states = [json.loads(n.state) for n in history if n.topic.startswith("forum:") and ":Contract" not in n.topic]

    assert {s["actor"] for s in states if "actor" in s} <= {
        "demo:koordinator", "demo:sof", "demo:3b", "demo:vibo-hab-aab-fsb-dfb"
    }  # fmt: skip
    texts = [s.get(field) for s in states for field in ("text", "reason", "source") if s.get(field)]
    texts += [s["evidence"]["_data_"]["document"] for s in states if "evidence" in s]
    texts = [t for t in texts if t is not None]  # a held meeting is evidence without a document
    assert texts and all(t.startswith("Demo:") for t in texts)
    contacts = contract_file(AMAGER).contacts
    everything = " ".join(n.state.decode() for n in history)
    assert "@" not in everything
    assert not [c.name for c in contacts if c.name in everything]


def test_demo_is_not_mixed_into_a_contract_with_recorded_history(tracker: Tracker) -> None:
    tracker.import_contract(contract_file(AMAGER), "koordinator", "amager.yaml")
    tracker.book_expense(KEY, "urbanplanen", date(2015, 5, 1), 100_000, "Temadag", "okonomi")
    before = head(tracker)

    with pytest.raises(HistoryAlreadyRecordedError):
        load_demo(tracker)
    assert load_demo_if_empty(tracker) is False
    assert head(tracker) == before


def test_demo_is_loaded_into_an_empty_store_once(tracker: Tracker) -> None:
    assert load_demo_if_empty(tracker) is True
    after = head(tracker)
    assert load_demo_if_empty(tracker) is False
    assert head(tracker) == after
