"""The tables coordinators export: obligations, overdue meetings, budget use and the change log.

Each builder takes a projection's answer as it is and returns a ``Table`` with Danish headers
and values; a contract, party or activity is given by its key and, in the column beside it, by its name.
Contact persons' personal data is not in any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from api.reports.exports import Column, Table
from api.reports.obligation_rows import obligations_table as obligations_table
from domain.money import format_kroner
from domain.vocabulary import AGGREGATE, CONTRACT_STATUS, EVENT_WORD, FUNDER, dk_date
from projections.budget_use import percent_used
from projections.record_shape import Record
from projections.record_terms import status_on, terms_at

OVERDUE_COLUMNS = (
    Column("Kontrakt"), Column("Kontraktnavn"), Column("Kontraktstatus"), Column("Mødekadence"),
    Column("Mødekadencens navn"), Column("Indkaldere"), Column("Indkaldes af"),
    Column("Periode fra", "date"), Column("Frist", "date"), Column("Planlagte møder"),
    Column("Aflyste møder", "number"),
)  # fmt: skip
BUDGET_COLUMNS = (
    Column("Kontrakt"), Column("Kontraktnavn"), Column("Kontraktstatus"), Column("Helhedsplan"),
    Column("Helhedsplanens navn"), Column("Opdeling"), Column("Nøgle"), Column("Ramme (kr.)", "amount_ore"),
    Column("Forbrug (kr.)", "amount_ore"), Column("Tilbage (kr.)", "amount_ore"), Column("Forbrug", "percent"),
    Column("Prognose ved periodens slut (kr.)", "amount_ore"), Column("Bemærkning"),
)  # fmt: skip
AUDIT_COLUMNS = (
    Column("Nr.", "number"), Column("Kontrakt"), Column("Kontraktnavn"), Column("Område"), Column("Hændelse"),
    Column("Registreret af"), Column("Registreret", "datetime"), Column("Dato", "date"), Column("Beslutning"),
    Column("Beskrivelse"),
)  # fmt: skip


@dataclass(frozen=True)
class ContractHead:
    """What an export row says of its contract: the status on the export's date, the parties' and activities' names
    and its title."""

    status: str
    names: Mapping[str, str]
    title: str = ""


def contract_head(record: Record, day: date) -> ContractHead:
    """The contract's status word on ``day`` ("afsluttet" after a recorded end), its parties' and activities' names
    and its title."""
    terms = terms_at(record, None)
    names = {p.key: p.name for p in terms.parties} | {a.key: a.name for a in terms.activities}
    return ContractHead(CONTRACT_STATUS[status_on(record, day)], names, terms.title)


def contract_titles(records: Iterable[Record]) -> dict[str, str]:
    """Each contract's title (as its terms now read) by its key."""
    return {r["key"] or "": terms_at(r, None).title for r in records}


def overdue_meetings_table(rows: Iterable[Mapping[str, Any]], heads: Mapping[str, ContractHead]) -> Table:
    """The windows of overdue_meetings.overdue() that ended without a held meeting (``heads`` by contract key)."""
    return Table("Manglende møder", OVERDUE_COLUMNS, [_overdue(r, heads[r["contract"]]) for r in rows])


def budget_table(
    plans_by_contract: Mapping[str, Sequence[Mapping[str, Any]]], heads: Mapping[str, ContractHead]
) -> Table:
    """budget_use.budget_use() per contract key: a row per plan, then per funder and per activity."""
    rows: list[tuple[Any, ...]] = []
    for contract, plans in plans_by_contract.items():
        for plan in plans:
            head = heads[contract]
            rows += [(row[0], head.title, head.status, *row[1:]) for row in _plan_rows(contract, plan, head.names)]
    return Table("Budgetforbrug", BUDGET_COLUMNS, rows)


def audit_table(rows: Iterable[Mapping[str, Any]], titles: Mapping[str, str] | None = None) -> Table:
    """Rows of audit_log.query(): who recorded what, when and on which decision (``titles``: contracts by key)."""
    return Table("Ændringslog", AUDIT_COLUMNS, [_audit(r, titles or {}) for r in rows])


def _overdue(r: Mapping[str, Any], head: ContractHead) -> tuple[Any, ...]:
    scheduled = ", ".join(f"{_day(d):%d.%m.%Y}" for d in r["scheduled"])
    return (
        r["contract"], head.title, head.status, r["cadence"], r["name"], ", ".join(r["conveners"]),
        ", ".join(head.names.get(c, c) for c in r["conveners"]),
        _day(r["window_start"]), _day(r["due"]),
        scheduled or None, r["cancelled"],
    )  # fmt: skip


def _plan_rows(contract: str, plan: Mapping[str, Any], names: Mapping[str, str]) -> list[tuple[Any, ...]]:
    notes = [text for flag, text in (("overspent", "Overforbrug"), ("over_allocated", "Mere fordelt end rammen"))
             if plan[flag]]  # fmt: skip
    counters = (("corrected", "Rettet"), ("reversed", "Tilbageført"))
    notes += [f"{word} {format_kroner(plan[key])}" for key, word in counters if plan.get(key)]
    rows: list[tuple[Any, ...]] = [
        (contract, plan["plan"], plan["name"], "I alt", None, plan["frame"], plan["spent"], plan["remaining"],
         plan["percent_used"], plan["projected_at_period_end"], ", ".join(notes) or None),
    ]  # fmt: skip
    for f in plan["by_funder"]:
        name = FUNDER.get(f["funder"], f["funder"] or "ikke angivet")
        notes = [] if f["frame"] is not None else ["Uden andel i rammen"]
        if f.get("by_shares"):
            notes.append(f"Heraf {format_kroner(f['by_shares'])} fordelt efter finansieringsandele")
        rows.append(
            _part(
                contract, plan, (f"Finansiering: {name}", f["funder"]), f["frame"], f["spent"], "; ".join(notes) or None
            )
        )
    for a in plan["by_activity"]:
        note = "Over fordelingen" if a["over_allocation"] else None
        key = a["activity"]
        label = f"Aktivitet: {a.get('activity_name') or names.get(key, key)}" if key else "Aktivitet: ikke angivet"
        rows.append(_part(contract, plan, (label, key), a["allocated"], a["spent"], note))
    return rows


def _part(
    contract: str,
    plan: Mapping[str, Any],
    label: tuple[str, str | None],
    frame: int | None,
    spent: int,
    note: str | None,
) -> tuple[Any, ...]:
    remaining = frame - spent if frame is not None else None
    return (
        contract,
        plan["plan"],
        plan["name"],
        *label,
        frame,
        spent,
        remaining,
        percent_used(spent, frame),
        None,
        note,
    )


def _audit(r: Mapping[str, Any], titles: Mapping[str, str]) -> tuple[Any, ...]:
    decision = r["decision"]
    shown = None
    if decision:
        day = decision.get("decided_on")
        parts = (
            decision.get("decided_by"),
            dk_date(date.fromisoformat(day)) if day else None,
            decision.get("reference"),
        )
        shown = ", ".join(str(v) for v in parts if v) or None
    return (
        r["position"], r["contract_key"], titles.get(r["contract_key"] or "", r["contract_key"]),
        AGGREGATE.get(r["aggregate_type"], r["aggregate_type"]),
        EVENT_WORD.get(r["event_type"], r["event_type"]), r["actor"], datetime.fromisoformat(r["recorded_at"]),
        _day(r["effective_date"]), shown, r["summary"],
    )  # fmt: skip


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
