"""Which occurrence evidence settles, decided at question time (no database)."""

from __future__ import annotations

from datetime import date

from domain.cadence import Occurrence
from domain.evidence import Proof, place
from domain.obligation import ObligationLog, named_due

D = date
QUARTERS = [
    Occurrence(D(2015, 1, 1), D(2015, 3, 31)),
    Occurrence(D(2015, 4, 1), D(2015, 6, 30)),
    Occurrence(D(2015, 7, 1), D(2015, 9, 30)),
    Occurrence(D(2015, 10, 1), D(2015, 12, 31)),
]


def test_a_q3_report_handed_in_on_5_october_settles_q3_not_q4() -> None:
    met, spare = place(QUARTERS[2:], [Proof(D(2015, 10, 5))])
    assert (list(met), spare) == ([D(2015, 9, 30)], [])


def test_a_named_fulfilment_is_placed_before_the_unnamed_ones() -> None:
    # 5 Oct names Q2; 1 Oct names nothing and, with Q2 taken, settles Q3 (the oldest open by its day)
    named, unnamed = Proof(D(2015, 10, 5), D(2015, 6, 30)), Proof(D(2015, 10, 1))
    met, _ = place(QUARTERS, [unnamed, named])
    assert met == {D(2015, 3, 31): unnamed, D(2015, 6, 30): named}


def test_a_held_meeting_counts_only_for_the_window_it_falls_in() -> None:
    meeting = Proof(D(2015, 11, 10), within=True)
    met, _ = place(QUARTERS, [meeting])
    assert met == {D(2015, 12, 31): meeting}


def test_a_waived_occurrence_is_skipped_by_unnamed_evidence_for_an_older_one_but_met_in_its_own_window() -> None:
    met, _ = place(QUARTERS, [Proof(D(2015, 7, 5))], waived={D(2015, 3, 31)})
    assert list(met) == [D(2015, 6, 30)]
    met, _ = place(QUARTERS[:1], [Proof(D(2015, 3, 5))], waived={D(2015, 3, 31)})
    assert list(met) == [D(2015, 3, 31)]


def test_evidence_for_an_occurrence_already_met_settles_nothing() -> None:
    first, second = Proof(D(2015, 2, 1)), Proof(D(2015, 2, 2))
    met, spare = place(QUARTERS[:1], [first, second])
    assert (met, spare) == ({D(2015, 3, 31): first}, [second])


def test_a_stored_fulfilment_named_its_due_date_only_when_that_was_before_its_day() -> None:
    # version 1 chose the window holding the day unless the author named another (necessarily earlier) one
    assert named_due(D(2015, 9, 30), D(2015, 10, 5)) == D(2015, 9, 30)
    assert named_due(D(2015, 12, 31), D(2015, 10, 5)) is None
    state = {"due": "2015-09-30", "fulfilled_on": "2015-10-05"}
    ObligationLog.Fulfilled.upcast_v1_v2(state)
    assert state["due"] == D(2015, 9, 30)
