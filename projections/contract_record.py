"""One JSON record per contract: everything recorded about it, folded from its events.

``evolve(record, event)`` is pure: no clock, no I/O, no aggregates. The question modules
(obligation_status, overdue_meetings, budget_use, goal_progress, contract_directory) answer
from these records for an explicit ``as_of`` date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from uuid import UUID

from domain.budget import Ledger
from domain.contract import Contract
from domain.goal import IndicatorLog
from domain.meeting import Meeting
from domain.obligation import ObligationLog
from domain.terms import ContractTerms
from domain.versions import Version, unflatten
from domain.versions import fold as fold_versions

Record = dict[str, Any]


def empty(contract_id: UUID) -> Record:
    return {
        "id": str(contract_id),
        "key": None,
        "versions": [],
        "lifecycle": [],
        "meetings": {},
        "settlements": {},
        "ledgers": {},
        "measurements": {},
        "routes": {},
    }


def evolve(record: Record, event: Any) -> Record:
    """The record after one event. The record is updated in place and returned: a page of
    events for one contract folds into one record without copying it per event."""
    handler = _HANDLERS.get(type(event))
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


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _drafted(r: Record, e: Contract.Drafted) -> None:
    r["key"] = e.key
    r["versions"] = [_version(1, e, "0001-01-01", dict(e.terms), [], None)]


def _revised(r: Record, e: Contract.Revised) -> None:
    decision = {
        "decided_by": e.decision.decided_by,
        "decided_on": _iso(e.decision.decided_on),
        "reference": e.decision.reference,
    }
    r["versions"].append(
        _version(len(r["versions"]) + 1, e, e.effective_from.isoformat(), e.changes, e.removed, decision)
    )


def _version(number: int, e: Any, effective: str, changes: dict[str, Any], removed: list[str], decision: Any) -> Record:
    return {
        "number": number,
        "recorded_at": e.timestamp.isoformat(),
        "effective_from": effective,
        "actor": e.actor,
        "changes": changes,
        "removed": list(removed),
        "decision": decision,
    }


def _signed(r: Record, e: Contract.Signed) -> None:
    r["lifecycle"].append({"kind": "signed", "day": e.signed_on.isoformat(), "actor": e.actor})


def _ended(r: Record, e: Contract.Ended) -> None:
    r["lifecycle"].append({"kind": "ended", "day": e.ended_on.isoformat(), "actor": e.actor, "reason": e.reason})


def _meeting(r: Record, e: Any, **changes: Any) -> None:
    # version and recorded_at let a calendar feed say "this meeting changed" (SEQUENCE, DTSTAMP).
    meeting = r["meetings"].setdefault(_text(e.originator_id), {})
    meeting.update(changes, version=e.originator_version, recorded_at=e.timestamp.isoformat())


def _scheduled(r: Record, e: Meeting.Scheduled) -> None:
    _meeting(
        r, e, cadence=e.cadence, activity=e.activity, on=e.on.isoformat(), state="scheduled",
        conveners=list(e.conveners), location=e.location, attendees=[], decisions=[], agreements=[], actor=e.actor,
    )  # fmt: skip


def _held(r: Record, e: Meeting.Held) -> None:
    _meeting(
        r, e, on=e.held_on.isoformat(), state="held", attendees=list(e.attendees), decisions=list(e.decisions),
        agreements=list(e.agreements), actor=e.actor,
    )  # fmt: skip


def _moved(r: Record, e: Meeting.Moved) -> None:
    _meeting(r, e, on=e.to.isoformat())


def _cancelled(r: Record, e: Meeting.Cancelled) -> None:
    _meeting(r, e, state="cancelled", reason=e.reason)


def _opened_obligation(r: Record, e: ObligationLog.Opened) -> None:
    r["routes"][_text(e.originator_id)] = e.responsibility


def _settle(r: Record, e: Any, entry: Record) -> None:
    responsibility = r["routes"][_text(e.originator_id)]
    r["settlements"].setdefault(responsibility, {})[e.due.isoformat()] = entry


def _fulfilled(r: Record, e: ObligationLog.Fulfilled) -> None:
    evidence = {
        "meeting_id": str(e.evidence.meeting_id) if e.evidence.meeting_id else None,
        "document": e.evidence.document,
    }
    _settle(r, e, {"kind": "fulfilled", "day": e.fulfilled_on.isoformat(), "party": e.by_party, "evidence": evidence,
                   "actor": e.actor, "recorded_at": e.timestamp.isoformat()})  # fmt: skip


def _waived(r: Record, e: ObligationLog.Waived) -> None:
    _settle(
        r,
        e,
        {"kind": "waived", "day": None, "reason": e.reason, "actor": e.actor, "recorded_at": e.timestamp.isoformat()},
    )


def _opened_ledger(r: Record, e: Ledger.Opened) -> None:
    r["routes"][_text(e.originator_id)] = e.plan
    r["ledgers"][e.plan] = []


def _entry(r: Record, e: Any, entry: list[Any]) -> None:
    r["ledgers"][r["routes"][_text(e.originator_id)]].append(entry)


def _booked(r: Record, e: Ledger.ExpenseBooked) -> None:
    _entry(r, e, [e.booked_on.isoformat(), e.amount_ore, e.activity, e.funder, None])


def _reversed(r: Record, e: Ledger.ExpenseReversed) -> None:
    _, amount, activity, funder, _ = r["ledgers"][r["routes"][_text(e.originator_id)]][e.reverses - 1]
    _entry(r, e, [e.booked_on.isoformat(), -amount, activity, funder, e.reverses])


def _opened_indicator(r: Record, e: IndicatorLog.Opened) -> None:
    r["routes"][_text(e.originator_id)] = e.indicator
    r["measurements"][e.indicator] = {}


def _measured(r: Record, e: Any) -> None:
    indicator = r["routes"][_text(e.originator_id)]
    value = {"value": str(e.value), "measured_on": e.measured_on.isoformat(), "source": e.source,
             "actor": e.actor, "corrected": isinstance(e, IndicatorLog.Corrected)}  # fmt: skip
    r["measurements"][indicator][e.period] = value


_HANDLERS: dict[type[Any], Callable[[Record, Any], None]] = {
    Contract.Drafted: _drafted,
    Contract.Signed: _signed,
    Contract.Revised: _revised,
    Contract.Ended: _ended,
    Meeting.Scheduled: _scheduled,
    Meeting.Held: _held,
    Meeting.Moved: _moved,
    Meeting.Cancelled: _cancelled,
    ObligationLog.Opened: _opened_obligation,
    ObligationLog.Fulfilled: _fulfilled,
    ObligationLog.Waived: _waived,
    Ledger.Opened: _opened_ledger,
    Ledger.ExpenseBooked: _booked,
    Ledger.ExpenseReversed: _reversed,
    IndicatorLog.Opened: _opened_indicator,
    IndicatorLog.Measured: _measured,
    IndicatorLog.Corrected: _measured,
}


def terms_at(record: Record, day: date | None) -> ContractTerms:
    """The contract's terms in force on ``day`` (latest when None), as known now."""
    flat = fold_versions(_versions(record), day, None)
    assert flat is not None
    return unflatten(flat)


def rule_segments(record: Record) -> list[tuple[date, date | None, ContractTerms]]:
    """The spans in which one version of the terms is in force: (from, to inclusive or None, terms).

    An occurrence follows the rule in force on its due date, so a revised cadence changes
    expectations from its effective date only.
    """
    starts = sorted({date.fromisoformat(v["effective_from"]) for v in record["versions"][1:]})
    bounds = [date.min, *starts]
    spans = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - timedelta(days=1) if i + 1 < len(bounds) else None
        spans.append((start, end, terms_at(record, start)))
    return spans


def governs(span: tuple[date, date | None], due: date) -> bool:
    """Whether the terms in force over ``span`` govern an occurrence due on ``due``."""
    start, end = span
    return start <= due and (end is None or due <= end)


def status_on(record: Record, day: date) -> str:
    kinds = {f["kind"] for f in record["lifecycle"] if date.fromisoformat(f["day"]) <= day}
    return "ended" if "ended" in kinds else "signed" if "signed" in kinds else "drafted"


def _versions(record: Record) -> list[Version]:
    return [
        Version(
            v["number"],
            datetime.fromisoformat(v["recorded_at"]),
            date.fromisoformat(v["effective_from"]),
            v["actor"],
            v["changes"],
            tuple(v["removed"]),
        )
        for v in record["versions"]
    ]
