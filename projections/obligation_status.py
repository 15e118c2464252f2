"""Which obligations are met: every occurrence of every responsibility, and its state on a date.

Evidence is placed on occurrences when the question is asked (domain/evidence.py): a held meeting of a
cadence for its conveners' duty in the window it falls in, a fulfilment on the occurrence its author
named or else the oldest open one due by its day, all under the rule in force on each due date and
only while the contract is in force (to the earlier of its period's end and the day it ended).

State on ``as_of``: ``met`` (by evidence dated on or before it; ``days_late`` 0 when on time),
``waived`` (a waiver in force and no evidence), ``overdue`` (due before it and not met), ``due_soon``
(due within ``DUE_SOON_DAYS``), ``open`` (due later). "% met" counts the occurrences due by ``as_of``
that are met, waived ones left out. Evidence that settles no occurrence is listed as ``unplaced``. The
answer also says the contract's status on ``as_of`` (``ended`` after its recorded end) and the names of
its parties and activities.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from domain.cadence import Occurrence
from domain.duties import frequency_of, governs, partitioned
from domain.evidence import Proof, days_late, place
from domain.terms import Responsibility
from projections.contract_record import ended_on, status_on
from projections.record_shape import DutyFacts, Record, Settlement, Waiver
from projections.standing_duties import include as _with_standing_duties
from projections.terms_cache import expected, names, segments

DUE_SOON_DAYS = 30
HORIZON = timedelta(days=366)
Duty = tuple[str, Responsibility, str | None]  # activity, responsibility, the cadence it convenes
NO_FACTS: DutyFacts = {"fulfilments": [], "waivers": [], "withdrawals": []}


def occurrences(record: Record, until: date, as_of: date | None = None) -> list[dict[str, Any]]:
    """All expected occurrences due by ``until``, each with the evidence or waiver settling it (evidence
    dated after ``as_of`` left out)."""
    return _answer(record, until, as_of)[0]


def _answer(record: Record, until: date, as_of: date | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    held = _held(record, as_of)
    for (activity, duty, cadence), found in _schedules(record, until):
        proofs = _proofs(record, duty.key, cadence, as_of, held)
        facts = record["settlements"].get(duty.key, NO_FACTS)
        history = _waiver_history(facts)
        waivers = _waivers_in_force(history)
        met, spare = place(found, proofs, {date.fromisoformat(d) for d in waivers})
        for occurrence in found:
            proof = met.get(occurrence.due)
            row = _row(record, activity, duty, occurrence, proof, waivers.get(occurrence.due.isoformat()))
            row["waivers"] = [w for w in history if w["due"] == row["due"]]
            rows.append(row)
        unplaced += [{"responsibility": duty.key, "party": duty.party, **p.ref} for p in spare if not p.within]
    rows.sort(key=lambda r: (r["due"], r["activity"], r["responsibility"]))
    return rows, unplaced


def _schedules(record: Record, until: date) -> list[tuple[Duty, list[Occurrence]]]:
    """Each responsibility's occurrences, under the version of the rule in force on each due date (the
    latest version's description and party name the responsibility)."""
    ended = ended_on(record)
    found: dict[str, set[Occurrence]] = defaultdict(set)
    latest: dict[str, Duty] = {}
    for start, end, terms in segments(record):
        for activity in terms.activities:
            for duty in activity.responsibilities:
                frequency, starts = frequency_of(terms, duty)
                cadence = duty.schedule.cadence if duty.schedule.kind == "convene" else None
                latest[duty.key] = (activity.key, duty, cadence)
                found[duty.key].update(
                    o for o in expected(terms, frequency, starts, until, ended) if governs((start, end), o.due)
                )
    return [(latest[key], partitioned(occurrences)) for key, occurrences in found.items() if occurrences]


def _held(record: Record, as_of: date | None) -> dict[str, Any]:
    """The meetings held by ``as_of``, in the order they were held (once per answer, for every duty)."""
    limit = as_of.isoformat() if as_of else "9999-12-31"
    held = [(m_id, m) for m_id, m in record["meetings"].items() if m["state"] == "held" and m["on"] <= limit]
    return dict(sorted(held, key=lambda item: item[1]["on"]))


def _proofs(
    record: Record, responsibility: str, cadence: str | None, as_of: date | None, held: dict[str, Any]
) -> list[Proof]:
    """The evidence of one duty dated by ``as_of``: its fulfilments and, for a convening duty, the
    cadence's held meetings (``_held``; an unnamed fulfilment recorded for a held meeting is that meeting)."""
    limit = as_of.isoformat() if as_of else "9999-12-31"
    proofs = []
    facts = record["settlements"].get(responsibility, NO_FACTS)
    for f in facts["fulfilments"]:
        if f["day"] > limit or (cadence and not f["named_due"] and f["evidence"]["meeting_id"] in held):
            continue  # the fulfilment a held meeting once wrote beside itself: the meeting counts
        named = date.fromisoformat(f["named_due"]) if f["named_due"] else None
        settlement: Settlement = {"kind": "fulfilled", "day": f["day"], "party": f["party"], "evidence": f["evidence"],
                                  "actor": f["actor"], "recorded_at": f["recorded_at"]}  # fmt: skip
        proofs.append(Proof(date.fromisoformat(f["day"]), named, False, settlement))
    for m_id, m in held.items():
        if m["cadence"] == cadence:
            settlement = {"kind": "fulfilled", "day": m["on"], "party": ", ".join(m["conveners"]),
                          "evidence": {"meeting_id": m_id, "document": None}, "actor": m["actor"],
                          "recorded_at": m["recorded_at"]}  # fmt: skip
            proofs.append(Proof(date.fromisoformat(m["on"]), None, True, settlement))
    return proofs


def _waiver_history(facts: DutyFacts) -> list[Waiver]:
    """The waivers in recording order, each marked ``withdrawn`` by the first later withdrawal of its due date."""
    history: list[Waiver] = []
    withdrawals = facts.get("withdrawals", [])
    steps = [(w["recorded_at"], 0, w) for w in facts["waivers"]] + [(w["recorded_at"], 1, w) for w in withdrawals]
    for _, kind, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if kind == 0:
            history.append({**step})  # type: ignore[typeddict-item]
            continue
        for waiver in reversed(history):
            if waiver["due"] == step["due"] and "withdrawn" not in waiver:
                waiver["withdrawn"] = {
                    "reason": step["reason"],
                    "actor": step["actor"],
                    "recorded_at": step["recorded_at"],
                }
                break
    return history


def _waivers_in_force(history: list[Waiver]) -> dict[str, Settlement]:
    """The waivers not withdrawn, by due date."""
    return {
        w["due"]: {"kind": "waived", "day": None, "reason": w["reason"], "actor": w["actor"],
                   "recorded_at": w["recorded_at"]}
        for w in history
        if "withdrawn" not in w
    }  # fmt: skip


def _row(
    record: Record, activity: str, duty: Responsibility, o: Occurrence, proof: Proof | None, waiver: Settlement | None
) -> dict[str, Any]:
    settlement = proof.ref if proof else waiver
    return {
        "contract": record["key"],
        "activity": activity,
        "responsibility": duty.key,
        "party": duty.party,
        "description": duty.description,
        "window_start": o.window_start.isoformat(),
        "due": o.due.isoformat(),
        "settlement": settlement,
        "days_late": days_late(o.due, proof.day) if proof else None,
    }


def state(row: dict[str, Any], as_of: date) -> str:
    return _state(row, as_of.isoformat(), (as_of + timedelta(days=DUE_SOON_DAYS)).isoformat())


def _state(row: dict[str, Any], today: str, soon: str) -> str:
    """``state`` with the dates as ISO text, as the rows hold them (ISO text sorts as dates do)."""
    settlement = row["settlement"]
    if settlement and settlement["kind"] == "fulfilled" and settlement["day"] <= today:
        return "met"
    if settlement and settlement["kind"] == "waived":
        return "waived"
    if row["due"] < today:
        return "overdue"
    return "due_soon" if row["due"] <= soon else "open"


def status(record: Record, as_of: date) -> dict[str, Any]:
    """Every occurrence with its state on ``as_of``, counts per contract, party and activity, and the
    evidence that settles no occurrence."""
    today, soon = as_of.isoformat(), (as_of + timedelta(days=DUE_SOON_DAYS)).isoformat()
    rows, unplaced = _answer(record, as_of + HORIZON, as_of)
    by_party: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_activity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row["state"] = _state(row, today, soon)  # the rows are this call's own
        by_party[row["party"]].append(row)
        by_activity[row["activity"]].append(row)
    ended = ended_on(record)
    answer = {
        "as_of": today,
        "contract_key": record["key"],
        "contract_status": status_on(record, as_of),  # 'ended' after its recorded end: reads "afsluttet"
        "ended_on": ended.isoformat() if ended else None,
        "names": names(record),  # parties' and activities' names, for what a person reads
        "occurrences": rows,
        "totals": _counts(rows),
        "by_party": {p: _counts(by_party[p]) for p in sorted(by_party)},
        "by_activity": {a: _counts(by_activity[a]) for a in sorted(by_activity)},
        "unplaced": unplaced,
    }
    return _with_standing_duties(record, as_of, answer)  # standing and as-needed duties: standing_duties.py


def _counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(r["state"] for r in rows)
    due = counts["met"] + counts["overdue"]
    late = [r["days_late"] for r in rows if r["state"] == "met" and r["days_late"]]
    return {
        "met": counts["met"],
        "met_late": len(late),
        "overdue": counts["overdue"],
        "due_soon": counts["due_soon"],
        "open": counts["open"],
        "waived": counts["waived"],
        "percent_met": round(100 * counts["met"] / due, 1) if due else None,
    }
