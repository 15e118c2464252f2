"""What a forum meeting needs: changes since the previous revision, overdue items per party, budget status."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from api.reports.contract_views import LOCAL, diff_view, history_view
from domain.contract import Contract
from domain.terms import ContractTerms
from projections import budget_use, obligation_status, overdue_meetings
from projections.record_shape import Record


def revision_pack(
    contract: Contract, record: Record, terms: ContractTerms, as_of: date, since: date | None
) -> dict[str, Any]:
    """The pack on ``as_of``, covering what was recorded from ``since`` (default: the latest revision's day)."""
    history = history_view(contract)
    revisions = [h for h in history if h["kind"] == "revised"]
    since = since or local_day((revisions[-1] if revisions else history[0])["recorded_at"])
    changes = []
    for row in history:
        if local_day(row["recorded_at"]) < since:
            continue
        if row["kind"] == "revised":
            number = row["terms_version"]
            row = {**row, "diff": diff_view(contract, f"v{number - 1}", f"v{number}")["changes"]}
        changes.append(row)
    held = sorted(
        (m for m in record["meetings"].values() if m["state"] == "held" and since.isoformat() <= m["on"]),
        key=lambda m: m["on"],
    )
    return {
        "since": since,
        "previous_revision": revisions[-1] if revisions else None,
        "changes": changes,
        "held": [m for m in held if m["on"] <= as_of.isoformat()],
        "cadence_names": {c.key: c.name for a in terms.activities for c in a.cadences},
        "overdue": overdue_by_party(record, terms, as_of),
        "budget": budget_use.budget_use(record, as_of),
    }


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


def local_day(recorded_at: str) -> date:
    return datetime.fromisoformat(recorded_at).astimezone(LOCAL).date()
