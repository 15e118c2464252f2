"""Use cases every way in shares: the actor is authorised by the use case, and the revisions HTTP and web both make."""

from __future__ import annotations

from datetime import date

import pytest

from domain.cadence import PerYear
from domain.errors import (
    ExpenseOutsidePlanPeriodError,
    MeetingHeldInFutureError,
    NotOnPlanError,
    NotPermittedError,
    RoleNotPermittedError,
    UnknownTermsPathError,
)
from domain.permissions import Actor
from domain.tracker import Tracker
from domain.use_cases.revisions import budget_frame, cadence_frequency, paths
from domain.versions import Decision
from tests.conftest import AMAGER, contract_file

KEY, PLAN = "amager-udsatte-grupper-2013", "urbanplanen"
FORUM = Decision(decided_by="Boligsocialt Forum Amager", decided_on=date(2014, 12, 1), reference="Referat")
BOLIG, SOF = Actor("bo", "party", "3b"), Actor("karen", "party", "sof")


@pytest.fixture
def amager(tracker: Tracker) -> Tracker:
    tracker.import_contract(contract_file(AMAGER), actor="ann", source="test")
    return tracker


def head(tracker: Tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def test_a_party_books_on_its_own_plan_and_is_refused_on_another(amager: Tracker) -> None:
    entry, _ = amager.book_expense(KEY, PLAN, date(2015, 3, 1), 10_000, "Kaffe", BOLIG)
    before = head(amager)

    with pytest.raises(NotOnPlanError):
        amager.book_expense(KEY, PLAN, date(2015, 3, 1), 10_000, "Kaffe", SOF)

    assert entry == 1 and head(amager) == before
    ledger = amager.get_ledger(KEY, PLAN)
    assert ledger is not None and ledger.entries[0].actor == "bo"


def test_readers_and_auditors_record_nothing(amager: Tracker) -> None:
    for actor in (Actor("l", "reader"), Actor("r", "auditor")):
        with pytest.raises(RoleNotPermittedError):
            amager.record_meeting_held(KEY, "netvaerksmoede", date(2015, 3, 1), ["sof"], [], [], "", actor)
        with pytest.raises(NotPermittedError):
            amager.sign_contract(KEY, date(2013, 12, 12), actor)


def test_an_expense_dated_after_its_plan_ended_is_refused_but_a_late_reversal_is_not(amager: Tracker) -> None:
    entry, _ = amager.book_expense(KEY, PLAN, date(2017, 12, 20), 50_000, "Afslutning", "ann")

    with pytest.raises(ExpenseOutsidePlanPeriodError):
        amager.book_expense(KEY, PLAN, date(2018, 1, 2), 50_000, "For sent", "ann")
    number, _ = amager.reverse_expense(KEY, PLAN, entry, date(2018, 2, 1), "Fejlbogført", "ann")

    ledger = amager.get_ledger(KEY, PLAN)
    assert ledger is not None and number == 2 and ledger.spent_ore() == 0


def test_a_meeting_held_after_today_is_refused(amager: Tracker) -> None:
    with pytest.raises(MeetingHeldInFutureError):
        amager.record_meeting_held(KEY, "netvaerksmoede", date(2016, 1, 16), ["sof"], [], [], "", "ann")


def test_setting_a_budget_frame_records_one_revision_of_its_total(amager: Tracker) -> None:
    frame = budget_frame(KEY, PLAN, 400_000_000, None)
    changes, outcome = amager.revise_contract(KEY, frame, date(2016, 1, 1), FORUM, "ann")

    assert [c.path for c in changes] == [f"plans.{PLAN}.budget_frame.total"]
    assert outcome.position is not None
    frame = next(p.budget_frame for p in amager.get_contract(KEY).terms(date(2016, 1, 1)).plans if p.key == PLAN)
    assert frame.total == 400_000_000


def test_changing_a_cadence_records_its_new_frequency_from_the_date(amager: Tracker) -> None:
    frequency = PerYear(kind="per_year", times=6)
    changes, _ = amager.revise_contract(
        KEY, cadence_frequency("netvaerksmoede", frequency), date(2016, 1, 1), FORUM, "ann"
    )

    assert changes and all("netvaerksmoede.frequency" in c.path for c in changes)
    terms = amager.get_contract(KEY).terms
    cadence = [c for a in terms(date(2016, 1, 1)).activities for c in a.cadences if c.key == "netvaerksmoede"]
    before = [c for a in terms(date(2015, 1, 1)).activities for c in a.cadences if c.key == "netvaerksmoede"]
    assert cadence[0].frequency == frequency and before[0].frequency != frequency


def test_revising_by_paths_refuses_to_remove_a_path_that_is_not_there(amager: Tracker) -> None:
    before = head(amager)
    with pytest.raises(UnknownTermsPathError):
        amager.revise_contract(KEY, paths({}, ["ingen.sti"]), date(2016, 1, 1), FORUM, "ann")
    assert head(amager) == before
