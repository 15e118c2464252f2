"""Which standing duties are attested and which as-needed duties are evidenced, on a date.

A standing duty has one row per period (year, half-year or quarter) while the contract is in
force, each following the rule in force on the period's last day. Its state on ``as_of`` is the
latest attestation dated by then — ``met`` (opfyldt), ``partly_met`` (delvist opfyldt) or
``not_met`` (ikke opfyldt), with ``days_late`` (the days it came after the period's due date) —
else ``overdue`` after the period's due date, ``due_soon`` within ``DUE_SOON_DAYS`` of it, or
``open``. "% met" counts met periods among those met, partly met, not met or overdue. An
as-needed duty is never overdue: its row says how often it was evidenced.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from domain.duties import governs
from domain.evidence import days_late
from domain.standing import periods_of
from projections.record_shape import Attestation, Record, StandingRecord
from projections.terms_cache import segments, terms_on

DUE_SOON_DAYS = 30
HORIZON = timedelta(days=366)  # how far an open-ended contract's periods are laid out
STANDING_STATES = ("met", "partly_met", "not_met", "overdue", "due_soon", "open")
_EMPTY: StandingRecord = {"attested": {}, "evidence": []}


def standing_periods(record: Record, as_of: date, due_by: date | None = None) -> list[dict[str, Any]]:
    """Every period of every standing duty begun by ``as_of`` (with ``due_by``: due by then, begun or not),
    with its attestations dated by ``as_of`` and its state then."""
    today, soon = as_of.isoformat(), (as_of + timedelta(days=DUE_SOON_DAYS)).isoformat()
    ended, until = _ended_on(record), max(as_of + HORIZON, due_by or as_of)
    rows = []
    for start, end, terms in segments(record):
        for activity in terms.activities:
            for duty in activity.responsibilities:
                if duty.schedule.kind != "ongoing":
                    continue
                attested = record.get("attestations", {}).get(duty.key, _EMPTY)["attested"]
                for period in periods_of(terms, duty, ended, until):
                    shown = period.due <= due_by if due_by else period.start <= as_of
                    if not shown or not governs((start, end), period.end):
                        continue  # not begun (or due) yet, or another version of the terms governs this period
                    history = [a for a in attested.get(period.code, []) if a["day"] <= today]
                    last = history[-1] if history else None
                    rows.append({
                        "contract": record["key"], "activity": activity.key, "responsibility": duty.key,
                        "party": duty.party, "description": duty.description, "period": period.code,
                        "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
                        "due": period.due.isoformat(), "attestation": last, "history": history,
                        "state": _state(history, period.due.isoformat(), today, soon),
                        "days_late": days_late(period.due, date.fromisoformat(last["day"])) if last else None,
                    })  # fmt: skip
    return sorted(rows, key=lambda r: (r["period_start"], r["activity"], r["responsibility"]))


def _state(history: list[Attestation], due: str, today: str, soon: str) -> str:
    if history:
        return history[-1]["status"]
    if due < today:
        return "overdue"
    return "due_soon" if due <= soon else "open"


def as_needed(record: Record, as_of: date) -> list[dict[str, Any]]:
    """Every as-needed duty in force on ``as_of``: when it was last evidenced and how often, per year."""
    today, year_ago = as_of.isoformat(), (as_of - timedelta(days=365)).isoformat()
    rows = []
    terms = terms_on(record, as_of)
    for activity in terms.activities:
        for duty in activity.responsibilities:
            if duty.schedule.kind != "as_needed":
                continue
            evidence = [
                e for e in record.get("attestations", {}).get(duty.key, _EMPTY)["evidence"] if e["day"] <= today
            ]
            evidence.sort(key=lambda e: (e["day"], e["recorded_at"]))
            rows.append({
                "contract": record["key"], "activity": activity.key, "responsibility": duty.key,
                "party": duty.party, "description": duty.description, "state": "as_needed",
                "evidenced": len(evidence), "last_evidenced": evidence[-1]["day"] if evidence else None,
                "per_year": dict(sorted(Counter(e["day"][:4] for e in evidence).items())),
                "last_12_months": sum(1 for e in evidence if e["day"] > year_ago), "evidence": evidence,
            })  # fmt: skip
    return rows


def include(record: Record, as_of: date, answer: dict[str, Any]) -> dict[str, Any]:
    """The obligations answer with standing duties' periods and as-needed duties added, counts included."""
    periods, needed = standing_periods(record, as_of), as_needed(record, as_of)
    answer["standing"], answer["as_needed"] = periods, needed
    _add(answer["totals"], periods, needed)
    for group, field in (("by_party", "party"), ("by_activity", "activity")):
        by: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
        for row in periods:
            by[row[field]][0].append(row)
        for row in needed:
            by[row[field]][1].append(row)
        for name, (own_periods, own_needed) in by.items():
            _add(answer[group].setdefault(name, _zero()), own_periods, own_needed)
        answer[group] = dict(sorted(answer[group].items()))
    return answer


def _zero() -> dict[str, Any]:
    return {"met": 0, "met_late": 0, "overdue": 0, "due_soon": 0, "open": 0, "waived": 0, "percent_met": None}


def _add(counts: dict[str, Any], periods: list[dict[str, Any]], needed: list[dict[str, Any]]) -> None:
    """Add standing periods and as-needed duties to one group's counts, and recompute its % met."""
    states = Counter(r["state"] for r in periods)
    for name in ("met", "overdue", "due_soon", "open"):
        counts[name] = counts.get(name, 0) + states[name]
    counts["partly_met"] = counts.get("partly_met", 0) + states["partly_met"]
    counts["not_met"] = counts.get("not_met", 0) + states["not_met"]
    counts["as_needed"] = counts.get("as_needed", 0) + len(needed)
    counts["evidenced"] = counts.get("evidenced", 0) + sum(r["evidenced"] for r in needed)
    due = counts["met"] + counts["overdue"] + counts["partly_met"] + counts["not_met"]
    counts["percent_met"] = round(100 * counts["met"] / due, 1) if due else None


def _ended_on(record: Record) -> date | None:
    return next((date.fromisoformat(f["day"]) for f in record["lifecycle"] if f["kind"] == "ended"), None)
