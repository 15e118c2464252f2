"""Stable JSON shapes of contracts, their history and differences (shared by the CLI and the API).

Amounts are integer øre; dates ISO 8601. Fields are only ever added, never renamed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain import bounds
from domain.change_text import describe_changes
from domain.contract import BEGINNING, Contract
from domain.errors import RuleError, VersionNotFoundError
from domain.versions import Change, Version, differences, flatten
from projections.known_at import as_known_at
from projections.record_shape import Record

LOCAL = ZoneInfo("Europe/Copenhagen")


def aware(moment: datetime | None) -> datetime | None:
    """A time without zone is read as Danish local time."""
    return moment.replace(tzinfo=LOCAL) if moment is not None and moment.tzinfo is None else moment


def known_moment(known_at: datetime | None) -> datetime | None:
    """The time an answer is "as known at": without zone Danish local time; absent or in the future, now (None)."""
    moment = aware(known_at)
    return None if moment is None or moment >= datetime.now(UTC) else moment


def known_record(record: Record, known_at: datetime | None) -> Record:
    """The record as known at ``known_at`` (see ``known_moment``); 404 when the contract was not recorded yet."""
    return as_known_at(record, known_moment(known_at))


def contract_view(
    contract: Contract, effective: date | None = None, known_at: datetime | None = None
) -> dict[str, Any]:
    """The contract as in force on ``effective`` and as known at ``known_at``."""
    known_at = aware(known_at)
    terms = contract.terms(effective, known_at)
    return {
        "key": contract.key,
        "id": str(contract.id),
        "status": contract.status(effective, known_at),
        "signed_on": _iso(_fact(contract, "signed", known_at)),
        "ended_on": _iso(_fact(contract, "ended", known_at)),
        "terms_version": contract.version_at(known_at),
        "aggregate_version": contract.version,
        "effective": _iso(effective),
        "known_at": known_at.isoformat() if known_at else None,
        **terms.model_dump(mode="json"),
    }


def summary_view(contract: Contract) -> dict[str, Any]:
    terms = contract.terms()
    return {
        "key": contract.key,
        "title": terms.title,
        "urban_area": terms.urban_area,
        "focus_area": terms.focus_area,
        "period": terms.period.model_dump(mode="json"),
        "status": contract.status(),
        "example": terms.example,
        "terms_version": contract.version_at(),
    }


def history_view(contract: Contract) -> list[dict[str, Any]]:
    """Every recorded change of the contract, oldest first: who, when, on which decision, and what it changed.

    ``lines`` says in the forum's words what a revision changed on the day it took effect; a change of
    a draft (no decision, in force from the start) has no ``effective_from``.
    """
    rows: list[dict[str, Any]] = []
    for v in contract.versions:
        rows.append(
            {
                "kind": "drafted" if v.number == 1 else "revised",
                "terms_version": v.number,
                "recorded_at": v.recorded_at.isoformat(),
                "effective_from": None if v.effective_from == BEGINNING else v.effective_from.isoformat(),
                "actor": v.actor,
                "decision": None
                if v.decision is None
                else {
                    "decided_by": v.decision.decided_by,
                    "decided_on": _iso(v.decision.decided_on),
                    "reference": v.decision.reference,
                },
                "changed": sorted(v.changes) if v.number > 1 else [],
                "removed": sorted(v.removed),
                "lines": [line.as_dict() for line in revision_lines(contract, v)],
            }
        )
    for f in contract.lifecycle:
        rows.append(
            {
                "kind": f.kind,
                "recorded_at": f.recorded_at.isoformat(),
                "effective_from": f.day.isoformat(),
                "actor": f.actor,
                "reason": f.reason or None,
            }
        )
    return sorted(rows, key=lambda r: r["recorded_at"])


def diff_view(contract: Contract, start: str, end: str) -> dict[str, Any]:
    """Differences between two versions ('v2') or two effective dates ('2015-06-01')."""
    before, after = _flat_at(contract, start), _flat_at(contract, end)
    return {
        "key": contract.key,
        "from": start,
        "to": end,
        "changes": [_change(c) for c in differences(before, after)],
        "lines": [line.as_dict() for line in describe_changes(before, after)],
    }


def revision_lines(contract: Contract, version: Version) -> list[Any]:
    """What a revision changed on the day it took effect, as the forum reads it (nothing for the draft)."""
    if version.number == 1:
        return []
    day = version.effective_from
    before = flatten(contract.terms(day, contract.recorded_at(version.number - 1)))
    return describe_changes(before, flatten(contract.terms(day, version.recorded_at)))


def _flat_at(contract: Contract, point: str) -> dict[str, Any]:
    if point.startswith("v") and point[1:].isascii() and point[1:].isdigit() and len(point) <= 10:
        number = int(point[1:])
        recorded_at = contract.recorded_at(number)
        if recorded_at is None:
            raise VersionNotFoundError(contract.key, number)
        return flatten(contract.terms(known_at=recorded_at))
    try:
        day = date.fromisoformat(point)
    except ValueError:
        raise NotAPointError(point[:40]) from None
    return flatten(contract.terms(bounds.day(day, point)))


def _change(change: Change) -> dict[str, Any]:
    return {"path": change.path, "kind": change.kind, "before": change.before, "after": change.after}


def _fact(contract: Contract, kind: str, known_at: datetime | None) -> date | None:
    return next(
        (f.day for f in contract.lifecycle if f.kind == kind and (known_at is None or f.recorded_at <= known_at)),
        None,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class NotAPointError(RuleError):
    """A point to compare is a date or a version."""

    def __init__(self, point: str) -> None:
        self.point = point
        super().__init__(f"'{point}' er hverken en dato (ÅÅÅÅ-MM-DD) eller en version (v1, v2 ...).")
