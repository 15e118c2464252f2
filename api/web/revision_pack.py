"""What a forum meeting needs: changes since the previous revision, overdue items per party, budget, goals."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from api.reports.contract_views import LOCAL, history_view
from domain.contract import Contract
from domain.terms import ContractTerms
from projections import budget_use, goal_progress, obligation_status, overdue_meetings
from projections.record_shape import Record


def revision_pack(
    contract: Contract,
    record: Record,
    terms: ContractTerms,
    as_of: date,
    since: date | None,
    known_at: datetime | None = None,
) -> dict[str, Any]:
    """The pack on ``as_of``: what was known by that day, from ``since`` (default: the previous revision's day).

    The changes are those recorded by the end of ``as_of`` (Danish time), or by ``known_at`` when the pack
    is asked "som kendt pr." (then ``record`` is that record as known then, too). Changes recorded later are
    not in it; a revision known by then but taking effect later is
    listed apart (vedtaget, træder i kraft …). ``starts_at_previous`` says whether the pack starts where
    the previous revision in force was recorded, so the page says "forrige revision" only then.
    """
    cutoff = known_at or datetime.combine(as_of, time.max, tzinfo=LOCAL)
    known = [row for row in history_view(contract) if datetime.fromisoformat(row["recorded_at"]) <= cutoff]
    pending = [row for row in known if _takes_effect_after(row, as_of)]
    in_force = [row for row in known if row not in pending]
    revisions = [row for row in in_force if row["kind"] == "revised"]
    previous = revisions[-1] if revisions else None
    start = local_day((previous or known[0])["recorded_at"]) if known else as_of
    since = since or start
    held = sorted(
        (m for m in record["meetings"].values() if m["state"] == "held" and since.isoformat() <= m["on"]),
        key=lambda m: m["on"],
    )
    return {
        "since": since,
        "previous_revision": previous,
        "starts_at_previous": previous is not None and since == start,
        "changes": [row for row in in_force if local_day(row["recorded_at"]) >= since],
        "pending": pending,
        "held": [m for m in held if m["on"] <= as_of.isoformat()],
        "cadence_names": {c.key: c.name for a in terms.activities for c in a.cadences},
        "overdue": overdue_by_party(record, terms, as_of),
        "met_late": met_late(record, terms, as_of, since),
        "budget": budget_use.budget_use(record, as_of),
        "goals": goal_progress.goal_progress(record, as_of),
    }


def _takes_effect_after(row: dict[str, Any], as_of: date) -> bool:
    """A revision (or an ending) known by ``as_of`` that is in force only later."""
    effective = row.get("effective_from")
    return row["kind"] in ("revised", "ended") and effective is not None and effective > as_of.isoformat()


def overdue_by_party(record: Record, terms: ContractTerms, as_of: date) -> list[dict[str, Any]]:
    """Per party: its overdue obligations and the overdue meetings it convenes."""
    parties = {p.key: p.name for p in terms.parties}
    obligations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in obligation_status.status(record, as_of)["occurrences"]:
        if row["state"] == "overdue":
            obligations[row["party"]].append(row)
    meetings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for window in overdue_meetings.overdue(record, as_of):
        for party in window["conveners"]:
            meetings[party].append(window)
    return [
        {"party": name, "obligations": obligations[key], "meetings": meetings[key]}
        for key, name in parties.items()
        if obligations[key] or meetings[key]
    ]


def met_late(record: Record, terms: ContractTerms, as_of: date, since: date) -> list[dict[str, Any]]:
    """Occurrences met after their due date, by evidence dated from ``since`` to ``as_of``, with the party's name."""
    parties = {p.key: p.name for p in terms.parties}
    return [
        {**row, "party_name": parties.get(row["party"], row["party"])}
        for row in obligation_status.status(record, as_of)["occurrences"]
        if row["state"] == "met" and row["days_late"] and since.isoformat() <= row["settlement"]["day"]
    ]


def local_day(recorded_at: str) -> date:
    return datetime.fromisoformat(recorded_at).astimezone(LOCAL).date()
