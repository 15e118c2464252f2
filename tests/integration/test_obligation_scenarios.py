"""Obligations in real contract life, on both stores: ended contracts, retroactive revisions, waivers withdrawn, late
fulfilments. Every expected figure is worked out by hand in the comments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from domain.cadence import PerYear
from domain.obligation import AmbiguousFulfilmentError, Evidence, NotWaivedError
from domain.tracker import Tracker
from domain.use_cases.revisions import cadence_frequency
from domain.versions import Decision
from projections import contract_directory, obligation_status, overdue_meetings
from projections.known_at import as_known_at
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, EXAMPLE, contract_file, projecting

AMAGER_KEY = "amager-udsatte-grupper-2013"
EXAMPLE_KEY = "eksempel-social-vicevaert"
CONVENE = "sof-indkalde-netvaerksmoede"
CONTACT_LIST = "sof-kontaktliste-og-dagsorden"
ATTENDEES = ["sof", "3b"]


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    yield from projecting(tracker, store)


def record(projector: Projector, key: str) -> Any:
    projector.catch_up()
    [found] = load_records(projector.db, key)
    return found


def rows(projector: Projector, key: str, responsibility: str, as_of: date) -> list[tuple[str, str, int | None]]:
    status = obligation_status.status(record(projector, key), as_of)
    found = [r for r in status["occurrences"] if r["responsibility"] == responsibility]
    return [(r["due"], r["state"], r["days_late"]) for r in found]


def imported(tracker: Tracker, path: Any) -> None:
    tracker.import_contract(contract_file(path), "koordinator", path.name)


def test_an_ended_contract_expects_nothing_after_its_end_and_reads_ended_after_it(
    tracker: Tracker, projector: Projector
) -> None:
    # Given the example contract (from 2018-01-01; the eviction list every 14 days) ended on 2018-06-30
    imported(tracker, EXAMPLE)
    tracker.end_contract(EXAMPLE_KEY, date(2018, 6, 30), "Helhedsplanen ophørte", "koordinator")

    # When the eviction list is asked for as of 2019-12-31
    found = rows(projector, EXAMPLE_KEY, "liste-over-fogedsager", date(2019, 12, 31))

    # Then due 15.01, 29.01, …, 18.06 (12 = 1 Jan + 14k, k = 1..12), and the window 19.06-02.07 is covered
    # 12 of 14 days (>= half): due on the end day 30.06. 13 in all, nothing after the end.
    assert [due for due, _, _ in found][:2] == ["2018-01-15", "2018-01-29"]
    assert [due for due, _, _ in found][-2:] == ["2018-06-18", "2018-06-30"]
    assert {state for _, state, _ in found} == {"overdue"} and len(found) == 13
    # And on its end day it is still in force; the day after it reads "afsluttet"
    entry = contract_directory.entry
    assert entry(record(projector, EXAMPLE_KEY), date(2018, 6, 30))["status"] == "signed"
    assert entry(record(projector, EXAMPLE_KEY), date(2018, 7, 1))["status"] == "ended"
    assert tracker.get_contract(EXAMPLE_KEY).status(date(2018, 7, 1)) == "ended"


def test_an_ended_contract_has_no_meeting_windows_after_its_end(tracker: Tracker, projector: Projector) -> None:
    # Given the Amager contract (network meetings 3 a year) ended on 2015-06-30
    imported(tracker, AMAGER)
    tracker.end_contract(AMAGER_KEY, date(2015, 6, 30), "Erstattet", "koordinator")

    # Then the network windows are 2014's three, Jan-Apr 2015, and May-Aug 2015 (61 of 123 days covered:
    # 2 * 61 = 122 < 123, so it does not count); none as of 2017 is due after the end
    answer = overdue_meetings.compliance(record(projector, AMAGER_KEY), date(2017, 12, 31))
    [network] = [c for c in answer if c["cadence"] == "netvaerksmoede"]
    assert [w["due"] for w in network["windows"]] == ["2014-04-30", "2014-08-31", "2014-12-31", "2015-04-30"]


def test_a_retroactive_revision_re_places_the_held_meetings_for_the_conveners_duty(
    tracker: Tracker, projector: Projector
) -> None:
    # Given network meetings held 10.03, 15.06 and 10.11.2015 under "3 a year" (each window met)
    imported(tracker, AMAGER)
    for day in (date(2015, 3, 10), date(2015, 6, 15), date(2015, 11, 10)):
        tracker.record_meeting_held(AMAGER_KEY, "netvaerksmoede", day, ATTENDEES, [], [], "", "karen")
    assert [s for d, s, _ in rows(projector, AMAGER_KEY, CONVENE, date(2015, 12, 31)) if d[:4] == "2015"] == [
        "met", "met", "met",
    ]  # fmt: skip

    # When the forum later decides 4 a year from 1 January 2015 (recorded after the meetings)
    decision = Decision("Boligsocialt Forum Amager", date(2015, 12, 1), "Punkt 3")
    four = PerYear(kind="per_year", times=4)
    edit = cadence_frequency("netvaerksmoede", four)
    tracker.revise_contract(AMAGER_KEY, edit, date(2015, 1, 1), decision, "koordinator")

    # Then 2015 has quarters: 10.03 meets Q1, 15.06 Q2, nothing in Jul-Sep (overdue), 10.11 Q4 - all on time
    found = [(d, s, late) for d, s, late in rows(projector, AMAGER_KEY, CONVENE, date(2015, 12, 31)) if d[:4] == "2015"]
    assert found == [
        ("2015-03-31", "met", 0), ("2015-06-30", "met", 0), ("2015-09-30", "overdue", None), ("2015-12-31", "met", 0),
    ]  # fmt: skip
    # And the meetings view says the same of the same windows
    meetings = overdue_meetings.compliance(record(projector, AMAGER_KEY), date(2015, 12, 31))
    [network] = [c for c in meetings if c["cadence"] == "netvaerksmoede"]
    window_states = {w["due"]: w["state"] for w in network["windows"] if w["due"][:4] == "2015"}
    assert window_states == {d: s for d, s, _ in found}


def test_a_late_fulfilment_without_a_due_date_settles_the_oldest_open_occurrence_with_its_days_late(
    tracker: Tracker, projector: Projector
) -> None:
    # Given the network convening duty (Jan-Apr due 30.04.2014, May-Aug due 31.08.2014) with nothing recorded
    imported(tracker, AMAGER)

    # When the convening is evidenced by a document on 05.05.2014, naming no due date
    tracker.fulfil_obligation(AMAGER_KEY, CONVENE, date(2014, 5, 5), Evidence(document="Indkaldelse"), "karen")

    # Then it settles Jan-Apr (the oldest open one due by 05.05), 5 days late - not May-Aug
    assert rows(projector, AMAGER_KEY, CONVENE, date(2014, 5, 31))[:2] == [
        ("2014-04-30", "met", 5),
        ("2014-08-31", "open", None),
    ]


def test_a_fulfilment_with_several_open_occurrences_before_it_must_name_one_and_nothing_is_written(
    tracker: Tracker,
) -> None:
    # Given the network convening duty with 30.04.2014 and 31.08.2014 both open on 05.09.2014
    imported(tracker, AMAGER)
    head = tracker.recorder.max_notification_id()

    # When a fulfilment names no due date, it is refused with the open due dates
    with pytest.raises(AmbiguousFulfilmentError) as refused:
        tracker.fulfil_obligation(AMAGER_KEY, CONVENE, date(2014, 9, 5), Evidence(document="Referat"), "karen")
    assert refused.value.open_dues == [date(2014, 4, 30), date(2014, 8, 31)]
    assert tracker.recorder.max_notification_id() == head

    # And naming one is accepted
    tracker.fulfil_obligation(
        AMAGER_KEY, CONVENE, date(2014, 9, 5), Evidence(document="Referat"), "karen", due=date(2014, 8, 31)
    )


def test_a_waiver_withdrawn_then_fulfilled_is_met_late_and_history_keeps_both(
    tracker: Tracker, projector: Projector
) -> None:
    # Given the contact list (once, by 30.04.2014) waived
    imported(tracker, AMAGER)
    tracker.waive_obligation(AMAGER_KEY, CONTACT_LIST, date(2014, 4, 30), "Listen fandtes allerede", "koordinator")
    assert rows(projector, AMAGER_KEY, CONTACT_LIST, date(2014, 6, 1)) == [("2014-04-30", "waived", None)]

    # When the waiver is withdrawn, the occurrence is overdue again
    tracker.withdraw_waiver(AMAGER_KEY, CONTACT_LIST, date(2014, 4, 30), "Forummet vil have listen", "koordinator")
    assert rows(projector, AMAGER_KEY, CONTACT_LIST, date(2014, 6, 1)) == [("2014-04-30", "overdue", None)]
    with pytest.raises(NotWaivedError):
        tracker.withdraw_waiver(AMAGER_KEY, CONTACT_LIST, date(2014, 4, 30), "Igen", "koordinator")

    # And fulfilled on 10.06.2014: met, 41 days late (30.04 -> 31.05 is 31 days, -> 10.06 ten more)
    tracker.fulfil_obligation(AMAGER_KEY, CONTACT_LIST, date(2014, 6, 10), Evidence(document="Kontaktliste"), "karen")
    assert rows(projector, AMAGER_KEY, CONTACT_LIST, date(2014, 6, 30)) == [("2014-04-30", "met", 41)]
    [row] = [
        r
        for r in obligation_status.status(record(projector, AMAGER_KEY), date(2014, 6, 30))["occurrences"]
        if r["responsibility"] == CONTACT_LIST
    ]
    assert [(w["reason"], w["withdrawn"]["reason"]) for w in row["waivers"]] == [
        ("Listen fandtes allerede", "Forummet vil have listen")
    ]
    # And as known when only the waiver was recorded, it is waived (the withdrawal is a later fact)
    waived_at = datetime.fromisoformat(row["waivers"][0]["recorded_at"])
    then = obligation_status.status(as_known_at(record(projector, AMAGER_KEY), waived_at), date(2014, 6, 30))
    assert [
        (r["state"], r["waivers"][0].get("withdrawn"))
        for r in then["occurrences"]
        if r["responsibility"] == CONTACT_LIST
    ] == [("waived", None)]


def test_a_fulfilment_after_a_waiver_in_force_makes_the_occurrence_met(tracker: Tracker, projector: Projector) -> None:
    # Given the contact list waived
    imported(tracker, AMAGER)
    tracker.waive_obligation(AMAGER_KEY, CONTACT_LIST, date(2014, 4, 30), "Udsat", "koordinator")

    # When it is fulfilled on 20.04.2014 all the same
    tracker.fulfil_obligation(AMAGER_KEY, CONTACT_LIST, date(2014, 4, 20), Evidence(document="Liste"), "karen")

    # Then it is met, on time
    assert rows(projector, AMAGER_KEY, CONTACT_LIST, date(2014, 6, 1)) == [("2014-04-30", "met", 0)]
