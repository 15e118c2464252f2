"""The obligations export: a row per occurrence, per standing duty's period and per as-needed duty and its evidence.

Every row gives its contract, activity and party by key and beside it by name, and says the contract's
status on the export's date; an ended contract gets a last row "Kontrakten er afsluttet" once it reads
"afsluttet". "Dato" is the day of the fact the row shows: fulfilled, attested, evidenced or ended.
"Dage for sent" is on every met row (0 on time) and on every attested period (days after its frist);
as-needed duties are never due.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from api.reports.exports import Column, Table
from domain.vocabulary import ATTESTATION_STATUS, CONTRACT_STATUS, EVENT_WORD, OBLIGATION_STATE, dk_date

OBLIGATION_COLUMNS = (
    Column("Kontrakt"), Column("Kontraktnavn"), Column("Kontraktstatus"), Column("Aktivitet"),
    Column("Aktivitetsnavn"), Column("Forpligtelse"), Column("Part"), Column("Partnavn"), Column("Beskrivelse"),
    Column("Art"), Column("Periode"), Column("Periode fra", "date"), Column("Frist", "date"),
    Column("Status"), Column("Dato", "date"), Column("Dage for sent", "number"), Column("Begrundelse"),
    Column("Dokumentation"), Column("Registreret af"), Column("Senest dokumenteret", "date"),
    Column("Gange pr. år"),
)  # fmt: skip
KIND = {"occurrence": "Frist", "standing": "Løbende", "as_needed": "Efter behov", "contract": "Kontrakt"}
EVIDENCED = EVENT_WORD["Evidenced"]  # "dokumenteret"


def obligations_table(*statuses: Mapping[str, Any], titles: Mapping[str, str] | None = None) -> Table:
    """obligation_status.status() answers (one per contract) as rows a coordinator reads, in Danish; ``titles``
    names the contracts by key (without it a contract's name is its key)."""
    rows = [row for status in statuses for row in _rows(status, titles or {})]
    as_of = _day(statuses[0]["as_of"]) if statuses else None
    return Table(f"Forpligtelser pr. {as_of:%d.%m.%Y}" if as_of else "Forpligtelser", OBLIGATION_COLUMNS, rows)


def _rows(status: Mapping[str, Any], titles: Mapping[str, str]) -> list[tuple[Any, ...]]:
    contract = _Contract(status, titles)
    rows = [contract.occurrence(o) for o in status["occurrences"]]
    rows += [contract.period(p) for p in status.get("standing", [])]
    for duty in status.get("as_needed", []):
        rows.append(contract.as_needed(duty))
        rows += [contract.evidence(duty, e) for e in duty["evidence"]]
    if status.get("contract_status") == "ended":
        rows.append(contract.ended(_day(status["ended_on"])))
    return rows


class _Contract:
    """One contract's answer: the columns every row of it shares."""

    def __init__(self, status: Mapping[str, Any], titles: Mapping[str, str]) -> None:
        self.names: Mapping[str, str] = status.get("names", {})
        self.key = status.get("contract_key")
        self.title = titles.get(self.key or "", self.key)
        self.state = CONTRACT_STATUS.get(status.get("contract_status", ""), status.get("contract_status"))

    def _duty(self, row: Mapping[str, Any], kind: str, period: str | None = None) -> tuple[Any, ...]:
        name = self.names.get
        return (
            self.key, self.title, self.state, row["activity"], name(row["activity"], row["activity"]),
            row["responsibility"], row["party"], name(row["party"], row["party"]), row["description"], KIND[kind],
            period,
        )  # fmt: skip

    def occurrence(self, o: Mapping[str, Any]) -> tuple[Any, ...]:
        settlement = o["settlement"] or {}
        fulfilled = settlement.get("kind") == "fulfilled"
        met = fulfilled and o.get("state", "met") == "met"
        shown = settlement if met or not fulfilled else {}  # evidence dated after as_of is not shown
        waived = shown.get("kind") == "waived"
        return (
            *self._duty(o, "occurrence"), _day(o["window_start"]), _day(o["due"]), _state(o["state"]),
            _day(settlement["day"]) if met else None, o.get("days_late") if met else None,
            shown.get("reason") if waived else None, _evidence(shown), shown.get("actor"), None, None,
        )  # fmt: skip

    def period(self, p: Mapping[str, Any]) -> tuple[Any, ...]:
        attestation = p["attestation"] or {}
        return (
            *self._duty(p, "standing", p["period"]), _day(p["period_start"]), _day(p["due"]), _state(p["state"]),
            _day(attestation.get("day")), p.get("days_late"), attestation.get("reason") or None,
            attestation.get("evidence") or None, attestation.get("actor"), None, None,
        )  # fmt: skip

    def as_needed(self, duty: Mapping[str, Any]) -> tuple[Any, ...]:
        return (
            *self._duty(duty, "as_needed"), None, None, _state("as_needed"), None, None, None, None, None,
            _day(duty["last_evidenced"]), _per_year(duty["per_year"]),
        )  # fmt: skip

    def evidence(self, duty: Mapping[str, Any], e: Mapping[str, Any]) -> tuple[Any, ...]:
        return (
            *self._duty(duty, "as_needed", e["day"][:4]), None, None, EVIDENCED, _day(e["day"]), None, None,
            e["evidence"], e["actor"], None, None,
        )  # fmt: skip

    def ended(self, day: date | None) -> tuple[Any, ...]:
        text = f"Kontrakten er afsluttet {dk_date(day)}: intet forfalder efter denne dato" if day else None
        return (
            self.key, self.title, self.state, None, None, None, None, None, text, KIND["contract"], None, None, None,
            self.state, day,
            None, None, None, None, None, None,
        )  # fmt: skip


def _state(code: str) -> str:
    return OBLIGATION_STATE.get(code, ATTESTATION_STATUS.get(code, code))


def _evidence(settlement: Mapping[str, Any]) -> str | None:
    evidence = settlement.get("evidence") or {}
    if evidence.get("document"):
        return str(evidence["document"])
    return "Afholdt møde" if evidence.get("meeting_id") else None


def _per_year(counts: Mapping[str, int]) -> str:
    """'2014: 2; 2015: 1' – how often, per calendar year ('ingen' before the first time)."""
    return "; ".join(f"{year}: {n}" for year, n in counts.items()) or "ingen"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
