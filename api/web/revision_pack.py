"""What a forum meeting needs: changes since the previous revision, overdue items per party, standing and
as-needed duties, budget, goals."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from api.reports.contract_views import LOCAL, history_view
from domain.contract import Contract
from domain.terms import ContractTerms
from projections import budget_use, goal_progress, obligation_status, overdue_meetings
from projections.due_soon import mark_escalated
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
    status = mark_escalated(obligation_status.status(record, as_of), terms.escalation_days, as_of)
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
        "overdue": overdue_by_party(record, status, terms, as_of),
        "met_late": met_late(status, terms, since),
        "standing": standing_in_pack(status, terms, since),
        "as_needed": as_needed_in_pack(status, terms, since),
        "budget": budget_use.budget_use(record, as_of),
        "goals": goal_progress.goal_progress(record, as_of),
    }


def _takes_effect_after(row: dict[str, Any], as_of: date) -> bool:
    """A revision (or an ending) known by ``as_of`` that is in force only later."""
    effective = row.get("effective_from")
    return row["kind"] in ("revised", "ended") and effective is not None and effective > as_of.isoformat()


def overdue_by_party(record: Record, status: dict[str, Any], terms: ContractTerms, as_of: date) -> list[dict[str, Any]]:
    """Per party (by name): its overdue obligations, its standing duties' unattested periods past their frist,
    and the overdue meetings it convenes."""
    obligations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in status["occurrences"]:
        if row["state"] == "overdue":
            obligations[row["party"]].append(row)
    periods: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in status["standing"]:
        if row["state"] == "overdue":
            periods[row["party"]].append(row)
    meetings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for window in overdue_meetings.overdue(record, as_of):
        for party in window["conveners"]:
            meetings[party].append(window)
    return [
        {"party": name, "obligations": obligations[key], "standing": periods[key], "meetings": meetings[key]}
        for key, name in _parties(status, terms).items()
        if obligations[key] or periods[key] or meetings[key]
    ]


def met_late(status: dict[str, Any], terms: ContractTerms, since: date) -> list[dict[str, Any]]:
    """Occurrences met, and standing periods attested met, after their frist by evidence or an attestation dated
    from ``since`` to the pack's day, with the party's name (standing ones carry ``period``)."""
    parties, start = _parties(status, terms), since.isoformat()
    late = [
        {**row, "party_name": parties.get(row["party"], row["party"]), "day": row["settlement"]["day"]}
        for row in status["occurrences"]
        if row["state"] == "met" and row["days_late"] and start <= row["settlement"]["day"]
    ]
    late += [
        {**row, "party_name": parties.get(row["party"], row["party"]), "day": row["attestation"]["day"]}
        for row in status["standing"]
        if row["state"] == "met" and row["days_late"] and start <= row["attestation"]["day"]
    ]
    return sorted(late, key=lambda r: (r["day"], r["due"]))


def standing_in_pack(status: dict[str, Any], terms: ContractTerms, since: date) -> list[dict[str, Any]]:
    """The standing duties' periods the forum looks at: those with a frist from ``since`` to 30 days after the
    pack's day, those attested since ``since``, and every one still overdue; with the party's name."""
    parties = _parties(status, terms)
    shown = [
        {**row, "party_name": parties.get(row["party"], row["party"])}
        for row in status["standing"]
        if _in_pack(row, since.isoformat())
    ]
    return sorted(shown, key=lambda r: (r["party_name"], r["due"], r["description"]))


def _in_pack(row: dict[str, Any], start: str) -> bool:
    if row["state"] == "overdue" or (row["attestation"] and start <= row["attestation"]["day"]):
        return True
    return bool(start <= row["due"] and row["state"] != "open")  # due since the pack starts, or within 30 days


def as_needed_in_pack(status: dict[str, Any], terms: ContractTerms, since: date) -> list[dict[str, Any]]:
    """Every as-needed duty with when it was last evidenced, how often per year, and its evidence since ``since``."""
    parties, start = _parties(status, terms), since.isoformat()
    return sorted(
        (
            {**row, "party_name": parties.get(row["party"], row["party"]),
             "since": [e for e in row["evidence"] if start <= e["day"]]}
            for row in status["as_needed"]
        ),
        key=lambda r: (r["party_name"], r["description"]),
    )  # fmt: skip


def _parties(status: dict[str, Any], terms: ContractTerms) -> dict[str, str]:
    """The parties of the terms in force on the pack's day, by key, with their names."""
    return {p.key: status["names"].get(p.key, p.name) for p in terms.parties}


def local_day(recorded_at: str) -> date:
    return datetime.fromisoformat(recorded_at).astimezone(LOCAL).date()
