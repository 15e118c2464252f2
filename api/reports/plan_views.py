"""The plans' records read from the store (a plan's events and its co-financing ledger's), for every way out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.cofinancing import cofinancing_id
from domain.plan import PlanNotRegisteredError, plan_id
from domain.tracker import Tracker
from domain.versions import Decision
from projections.known_at import known_records
from projections.plan_cofinancing import approvals_referencing
from projections.plan_record import PlanRecord, fold
from projections.record_shape import Record


def plan_record(tracker: Tracker, key: str, known_at: datetime | None = None) -> PlanRecord:
    """One plan's record as known at ``known_at`` (default: now); PlanNotRegisteredError when there is none."""
    events: list[Any] = [*tracker.events.get(plan_id(key)), *tracker.events.get(cofinancing_id(key))]
    record = fold(key, events, known_at)
    if not record["terms"]:
        raise PlanNotRegisteredError(key)
    return record


def plan_records(tracker: Tracker, known_at: datetime | None = None) -> list[PlanRecord]:
    """Every plan's record as known at ``known_at``, in the order they were recorded (those not known then left out)."""
    records = []
    for key in tracker.plan_keys():
        try:
            records.append(plan_record(tracker, key, known_at))
        except PlanNotRegisteredError:
            continue
    return records


def contracts_known(records: list[Record], known_at: datetime | None) -> list[Record]:
    """The contract records as known at ``known_at`` (None: now, as they are)."""
    return records if known_at is None else known_records(records, known_at)


def approvals_for(tracker: Tracker, decision: Decision) -> list[dict[str, Any]]:
    """The regulation-account approvals resting on the forum's ``decision``, in every plan (for the decision's page)."""
    return approvals_referencing(decision, plan_records(tracker))
