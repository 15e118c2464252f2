"""One record per contract, folded from its events: everything recorded about it, slice by slice.

``evolve(record, event)`` is pure: no clock, no I/O, no aggregates. The record's typed slices are in
record_shape.py; the questions (registry.py) answer from records for an explicit ``as_of`` date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from uuid import UUID

from domain.budget import Ledger
from domain.contract import Contract
from domain.goal import IndicatorLog
from domain.meeting import Meeting
from domain.obligation import ObligationLog
from projections import attestation_record
from projections.record_shape import Decision, DutyFacts, Evidence, MeetingEntry, Record, Slice, TermsVersion
from projections.record_terms import ended_on as ended_on
from projections.record_terms import rule_segments as rule_segments
from projections.record_terms import spans as spans
from projections.record_terms import status_on as status_on
from projections.record_terms import terms_at as terms_at

Handler = Callable[[Record, Any], None]


def empty(contract_id: UUID) -> Record:
    return {
        "id": str(contract_id),
        "key": None,
        "versions": [],
        "lifecycle": [],
        "meetings": {},
        "settlements": {},
        "attestations": {},
        "ledgers": {},
        "measurements": {},
        "routes": {},
        "superseded": [],
    }


def evolve(record: Record, event: Any, handlers: Mapping[type[Any], Handler] | None = None) -> Record:
    """The record after one event (by ``handlers``, default: every slice's). The record is updated in
    place and returned: a page of events for one contract folds into one record without copying it."""
    handler = (HANDLERS if handlers is None else handlers).get(type(event))
    if handler is not None:
        handler(record, event)
    return record


def fold(contract_id: UUID, events: list[Any]) -> Record:
    """A contract's record from its events (as the tests and a rebuild see it)."""
    record = empty(contract_id)
    for event in events:
        evolve(record, event)
    return record


def _text(aggregate_id: UUID) -> str:
    """``str(aggregate_id)``, remembered: an aggregate's events mostly follow one another."""
    return _text_of(aggregate_id.int)  # an int hashes in C, a UUID in Python


@lru_cache(maxsize=8192)
def _text_of(number: int) -> str:
    return str(UUID(int=number))


def _drafted(r: Record, e: Contract.Drafted) -> None:
    r["key"] = e.key
    r["versions"] = [_version(1, e, "0001-01-01", dict(e.terms), [], None)]


def _revised(r: Record, e: Contract.Revised) -> None:
    d = e.decision  # None: a change of the draft
    decision: Decision | None = (
        None
        if d is None
        else {
            "decided_by": d.decided_by,
            "decided_on": d.decided_on.isoformat() if d.decided_on else None,
            "reference": d.reference,
        }
    )
    r["versions"].append(
        _version(len(r["versions"]) + 1, e, e.effective_from.isoformat(), e.changes, e.removed, decision)
    )


def _version(
    number: int, e: Any, effective: str, changes: dict[str, Any], removed: list[str], decision: Decision | None
) -> TermsVersion:
    return {
        "number": number,
        "recorded_at": e.timestamp.isoformat(),
        "effective_from": effective,
        "actor": e.actor,
        "changes": changes,
        "removed": list(removed),
        "decision": decision,
    }


def supersede(record: Record, path: list[str], at: str) -> None:
    """Keep the entry at ``path`` (if any) as it was until ``at``, before an event replaces or removes it.

    An entry replaced in the instant it was recorded was never known as it was, so it is not kept.
    """
    found: Any = record
    for key in path:
        found = found.get(key) if isinstance(found, dict) else None
    if isinstance(found, dict) and found.get("recorded_at") != at:
        record["superseded"].append({"path": list(path), "until": at, "entry": dict(found)})


def _signed(r: Record, e: Contract.Signed) -> None:
    r["lifecycle"].append(
        {"kind": "signed", "day": e.signed_on.isoformat(), "actor": e.actor, "recorded_at": e.timestamp.isoformat()}
    )


def _ended(r: Record, e: Contract.Ended) -> None:
    r["lifecycle"].append({"kind": "ended", "day": e.ended_on.isoformat(), "actor": e.actor, "reason": e.reason,
                           "recorded_at": e.timestamp.isoformat()})  # fmt: skip


def _meeting(r: Record, e: Any) -> MeetingEntry:
    """The meeting's entry, marked as changed by ``e`` (a calendar feed's SEQUENCE and DTSTAMP); the entry
    it replaces is kept as superseded."""
    meeting_id, at = _text(e.originator_id), e.timestamp.isoformat()
    supersede(r, ["meetings", meeting_id], at)
    meeting: MeetingEntry = {**r["meetings"][meeting_id], "version": e.originator_version, "recorded_at": at}
    r["meetings"][meeting_id] = meeting
    return meeting


def _scheduled(r: Record, e: Meeting.Scheduled) -> None:
    r["meetings"][_text(e.originator_id)] = {
        "cadence": e.cadence, "activity": e.activity, "on": e.on.isoformat(), "state": "scheduled",
        "conveners": list(e.conveners), "location": e.location, "attendees": [], "decisions": [], "agreements": [],
        "actor": e.actor, "version": e.originator_version, "recorded_at": e.timestamp.isoformat(),
    }  # fmt: skip


def _held(r: Record, e: Meeting.Held) -> None:
    meeting = _meeting(r, e)
    meeting["on"], meeting["state"], meeting["actor"] = e.held_on.isoformat(), "held", e.actor
    meeting["attendees"], meeting["decisions"] = list(e.attendees), list(e.decisions)
    meeting["agreements"] = list(e.agreements)


def _moved(r: Record, e: Meeting.Moved) -> None:
    _meeting(r, e)["on"] = e.to.isoformat()


def _cancelled(r: Record, e: Meeting.Cancelled) -> None:
    meeting = _meeting(r, e)
    meeting["state"], meeting["reason"] = "cancelled", e.reason


def _opened_obligation(r: Record, e: ObligationLog.Opened) -> None:
    r["routes"][_text(e.originator_id)] = e.responsibility


def _facts(r: Record, e: Any) -> DutyFacts:
    """A responsibility's facts: append-only lists, so the record as known at a time cuts them by recorded_at."""
    responsibility = r["routes"][_text(e.originator_id)]
    return r["settlements"].setdefault(responsibility, {"fulfilments": [], "waivers": [], "withdrawals": []})


def _fulfilled(r: Record, e: ObligationLog.Fulfilled) -> None:
    meeting_id = e.evidence.meeting_id
    evidence: Evidence = {"meeting_id": str(meeting_id) if meeting_id else None, "document": e.evidence.document}
    _facts(r, e)["fulfilments"].append(
        {"day": e.fulfilled_on.isoformat(), "named_due": e.due.isoformat() if e.due else None, "party": e.by_party,
         "evidence": evidence, "actor": e.actor, "recorded_at": e.timestamp.isoformat()}
    )  # fmt: skip


def _waived(r: Record, e: ObligationLog.Waived) -> None:
    _facts(r, e)["waivers"].append(
        {"due": e.due.isoformat(), "reason": e.reason, "actor": e.actor, "recorded_at": e.timestamp.isoformat()}
    )


def _waiver_withdrawn(r: Record, e: ObligationLog.WaiverWithdrawn) -> None:
    _facts(r, e)["withdrawals"].append(
        {"due": e.due.isoformat(), "reason": e.reason, "actor": e.actor, "recorded_at": e.timestamp.isoformat()}
    )


def _opened_ledger(r: Record, e: Ledger.Opened) -> None:
    r["routes"][_text(e.originator_id)] = e.plan
    r["ledgers"][e.plan] = []


def _booked(r: Record, e: Ledger.ExpenseBooked) -> None:
    r["ledgers"][r["routes"][_text(e.originator_id)]].append(
        {"booked_on": e.booked_on.isoformat(), "amount_ore": e.amount_ore, "activity": e.activity,
         "funder": e.funder, "reverses": None, "recorded_at": e.timestamp.isoformat()}
    )  # fmt: skip


def _corrected(r: Record, e: Ledger.ExpenseCorrected) -> None:
    entries = r["ledgers"][r["routes"][_text(e.originator_id)]]
    booked = entries[e.corrects - 1]
    entries.append(
        {"booked_on": e.booked_on.isoformat(), "amount_ore": -e.amount_ore, "activity": booked["activity"],
         "funder": booked["funder"], "reverses": None, "corrects": e.corrects, "recorded_at": e.timestamp.isoformat()}
    )  # fmt: skip


def _reversed(r: Record, e: Ledger.ExpenseReversed) -> None:
    entries = r["ledgers"][r["routes"][_text(e.originator_id)]]
    booked = entries[e.reverses - 1]
    amount = booked["amount_ore"] if e.amount_ore is None else e.amount_ore  # None: stored before corrections
    entries.append(
        {"booked_on": e.booked_on.isoformat(), "amount_ore": -amount, "activity": booked["activity"],
         "funder": booked["funder"], "reverses": e.reverses, "recorded_at": e.timestamp.isoformat()}
    )  # fmt: skip


def _opened_indicator(r: Record, e: IndicatorLog.Opened) -> None:
    r["routes"][_text(e.originator_id)] = e.indicator
    r["measurements"][e.indicator] = {}


def _measured(r: Record, e: Any) -> None:
    indicator, at = r["routes"][_text(e.originator_id)], e.timestamp.isoformat()
    supersede(r, ["measurements", indicator, e.period], at)
    r["measurements"][indicator][e.period] = {
        "value": str(e.value), "measured_on": e.measured_on.isoformat(), "source": e.source, "actor": e.actor,
        "corrected": isinstance(e, IndicatorLog.Corrected), "recorded_at": at,
    }  # fmt: skip


# The events that fold into each slice of the record (a question declares the slices it reads:
# projections/registry.py). Opening a log routes its later events to the slice's key.
SLICES: dict[Slice, dict[type[Any], Handler]] = {
    "versions": {Contract.Drafted: _drafted, Contract.Revised: _revised},
    "lifecycle": {Contract.Signed: _signed, Contract.Ended: _ended},
    "meetings": {Meeting.Scheduled: _scheduled, Meeting.Held: _held, Meeting.Moved: _moved,
                 Meeting.Cancelled: _cancelled},
    "settlements": {ObligationLog.Opened: _opened_obligation, ObligationLog.Fulfilled: _fulfilled,
                    ObligationLog.Waived: _waived, ObligationLog.WaiverWithdrawn: _waiver_withdrawn},
    "attestations": attestation_record.HANDLERS,
    "ledgers": {Ledger.Opened: _opened_ledger, Ledger.ExpenseBooked: _booked, Ledger.ExpenseCorrected: _corrected,
                Ledger.ExpenseReversed: _reversed},
    "measurements": {IndicatorLog.Opened: _opened_indicator, IndicatorLog.Measured: _measured,
                     IndicatorLog.Corrected: _measured},
}  # fmt: skip


def handlers_for(slices: set[Slice]) -> dict[type[Any], Handler]:
    """The handlers that fold ``slices`` (the versions always: every answer reads the terms)."""
    return {cls: handler for name in sorted({"versions", *slices}) for cls, handler in SLICES[name].items()}


HANDLERS = handlers_for(set(SLICES))
