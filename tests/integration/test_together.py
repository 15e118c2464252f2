"""Use cases run together: one transaction for all they record, nothing when one is refused."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.errors import UnknownAttendeesError
from domain.tracker import Tracker
from tests.conftest import AMAGER, contract_file

KEY = "amager-udsatte-grupper-2013"


def head(tracker: Tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def test_commands_in_a_block_see_each_other_and_are_saved_in_one_transaction(tracker: Tracker) -> None:
    tracker.import_contract(contract_file(AMAGER), "koordinator", "amager.yaml")
    before = head(tracker)

    with tracker.together():
        meeting_id, scheduled = tracker.schedule_meeting(KEY, "netvaerksmoede", date(2015, 3, 11), "", "", "karen")
        tracker.hold_meeting(meeting_id, date(2015, 3, 11), ["sof", "3b"], [], [], "karen")
        entry, _ = tracker.book_expense(KEY, "urbanplanen", date(2015, 3, 1), 100_000, "Forplejning", "okonomi")
        tracker.reverse_expense(KEY, "urbanplanen", entry, date(2015, 3, 2), "Fejl", "okonomi")
        assert head(tracker) == before and scheduled.position is None

    recorded = tracker.recorder.select_notifications(start=before + 1, limit=100)
    assert [n.topic.removeprefix("forum:") for n in recorded] == [
        "Meeting.Scheduled", "Meeting.Held", "Ledger.Opened", "Ledger.ExpenseBooked", "Ledger.ExpenseReversed",
    ]  # fmt: skip
    assert tracker.get_meeting(meeting_id).state == "held"


def test_a_refused_command_in_a_block_records_nothing_of_the_block(tracker: Tracker) -> None:
    tracker.import_contract(contract_file(AMAGER), "koordinator", "amager.yaml")
    before = head(tracker)

    with pytest.raises(UnknownAttendeesError), tracker.together():
        tracker.book_expense(KEY, "urbanplanen", date(2015, 3, 1), 100_000, "Forplejning", "okonomi")
        tracker.record_meeting_held(KEY, "netvaerksmoede", date(2015, 3, 11), ["ukendt"], [], [], "", "karen")

    assert head(tracker) == before
    assert tracker.get_ledger(KEY, "urbanplanen") is None


def test_meeting_ids_come_from_the_injected_source(store: dict[str, str]) -> None:
    ids = iter([UUID(int=1), UUID(int=2)])
    tracker = Tracker(store, clock=lambda: date(2016, 1, 1), new_id=lambda: next(ids))
    try:
        tracker.import_contract(contract_file(AMAGER), "koordinator", "amager.yaml")
        first, _ = tracker.schedule_meeting(KEY, "netvaerksmoede", date(2015, 3, 11), "", "", "karen")
    finally:
        tracker.close()

    assert first == UUID(int=1)
