"""A run's reminder logs and contact-person registers read together equal the same read one by one (both stores)."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest

from domain.contact_persons import ContactPersons, contact_persons_id
from domain.errors import StaleError
from domain.permissions import Actor
from domain.reminders import ReminderLog, reminder_log_id
from domain.tracker import Tracker
from persistence import bulk_read
from tests.conftest import AMAGER, contract_file

KEY = "amager-udsatte-grupper-2013"
ON = date(2014, 5, 20)
COORDINATOR = Actor("koordinator", "coordinator")
PARTS = [(KEY, "digest", "2014-W21", ("a@2014-04-30", "b@2014-05-31"))]


def _state(log: ReminderLog) -> tuple[object, ...]:
    return log.id, log.version, log.recipient, log.contract_key, log.dispatches, log.escalated


@pytest.mark.parametrize("chunk", [1, bulk_read.CHUNK])
def test_logs_read_together_are_the_logs_read_one_by_one_and_missing_ones_are_left_out(
    tracker: Tracker, chunk: int
) -> None:
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    for recipient in ("user:sofie", "user:bo", "user:kirsten"):
        tracker.plan_reminders(recipient, PARTS, ON, COORDINATOR)
    tracker.mark_reminders_sent("user:sofie", PARTS, COORDINATOR)

    pairs = [(KEY, r) for r in ("user:sofie", "user:bo", "user:kirsten", "user:ingen")] + [("ingen", "user:sofie")]
    with mock.patch.object(bulk_read, "CHUNK", chunk):
        together = tracker.reminder_logs(pairs)

    one_by_one = {reminder_log_id(k, r): tracker.reminder_log(k, r) for k, r in pairs}
    assert sorted(together) == sorted(i for i, log in one_by_one.items() if log is not None)
    assert {i: _state(log) for i, log in together.items()} == {
        i: _state(log) for i, log in one_by_one.items() if log is not None
    }
    assert together[reminder_log_id(KEY, "user:sofie")].unsent() == []
    assert len(together[reminder_log_id(KEY, "user:bo")].unsent()) == 1


def test_a_run_keeps_its_logs_current_through_planning_and_marking_and_never_changes_them_unsaved(
    tracker: Tracker,
) -> None:
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    logs = tracker.reminder_logs([(KEY, "user:sofie")])
    assert logs == {}

    tracker.plan_reminders("user:sofie", PARTS, ON, COORDINATOR, logs)
    planned = logs[reminder_log_id(KEY, "user:sofie")]
    assert planned.version == 2 and planned.unsent()
    tracker.mark_reminders_sent("user:sofie", PARTS, COORDINATOR, logs)
    marked = logs[reminder_log_id(KEY, "user:sofie")]

    assert planned is not marked and planned.unsent()  # the saved copy replaced it, unchanged
    stored = tracker.reminder_log(KEY, "user:sofie")
    assert stored is not None and _state(stored) == _state(marked) and marked.unsent() == []


def test_registers_read_together_give_the_same_consenting_persons(tracker: Tracker) -> None:
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    person = tracker.contact_persons(KEY)["sof-omraadechef-voksenenheden"]["person"]
    tracker.consent_to_reminders(KEY, person, "weekly", COORDINATOR)

    together = tracker.consenting_persons_of([KEY, "ingen"])

    assert together == {KEY: tracker.consenting_persons(KEY), "ingen": []}
    assert [c.person for c in together[KEY]] == [person]
    assert tracker._load_all([contact_persons_id(KEY)], ContactPersons)[contact_persons_id(KEY)].persons


def test_a_second_run_at_the_same_time_is_stopped_by_the_version_check_when_it_plans(
    store: dict[str, str], tracker: Tracker
) -> None:
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    other = Tracker(store, clock=lambda: ON)
    try:
        ours, theirs = (t.reminder_logs([(KEY, "user:sofie")]) for t in (tracker, other))
        tracker.plan_reminders("user:sofie", PARTS, ON, COORDINATOR, ours)
        with pytest.raises(StaleError, match="En anden har registreret en ændring samtidig"):
            other.plan_reminders("user:sofie", PARTS, ON, COORDINATOR, theirs)
    finally:
        other.close()
    stored = tracker.reminder_log(KEY, "user:sofie")
    assert stored is not None and stored.version == 2 and theirs == {}
