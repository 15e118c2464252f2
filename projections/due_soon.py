"""Who gets which reminder on a day: what each party must do within N days or has missed, and what to escalate.

Pure answers with an explicit ``as_of``. ``contract_due`` lists a contract's open deadlines (obligations
and standing duties' periods) that are overdue or fall due within the horizon; ``select`` decides, per
recipient and contract, the digest of their party's deadlines (once per day or ISO week, as they chose)
and the escalations to coordinators of deadlines overdue by more than the contract's threshold (each
deadline once per recipient), and repeats what an earlier run planned but did not mark sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from projections import obligation_status
from projections.contract_record import status_on
from projections.record_shape import Record
from projections.terms_cache import terms_on

OPEN = ("overdue", "due_soon", "open")
DEFAULT_HORIZON_DAYS = 14


@dataclass(frozen=True)
class Recipient:
    """Someone who may be e-mailed: a user ('user:NAME') or a consenting contact person ('person:ID')."""

    ref: str
    name: str
    email: str
    frequency: str = "weekly"  # daily | weekly
    party: str | None = None  # whose deadlines the digest lists (None: no digest)
    coordinator: bool = False  # gets escalations
    contracts: frozenset[str] | None = None  # only these contracts (a contact person's own); None: every one


@dataclass(frozen=True)
class ContractDue:
    """A contract in force on the day: its title, escalation threshold and open deadlines by occurrence id."""

    key: str
    title: str
    escalation_days: int
    rows: dict[str, dict[str, Any]]
    names: dict[str, str] = field(default_factory=dict)  # parties' and activities' names


@dataclass(frozen=True)
class Sent:
    """What a recipient's log about one contract already holds."""

    planned: frozenset[str] = frozenset()  # kind/period of every planned dispatch
    unsent: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # kind, period, occurrences planned, not marked sent
    escalated: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Dispatch:
    """One recipient's e-mail part about one contract: a digest or an escalation."""

    recipient: Recipient
    kind: str
    period: str
    contract: str
    occurrences: tuple[str, ...]
    resend: bool = False  # planned by an earlier run that did not mark it sent
    rows: tuple[dict[str, Any], ...] = field(default=(), compare=False)


def occurrence_id(row: Mapping[str, Any]) -> str:
    return f"{row['responsibility']}@{row['due']}"


def contract_due(record: Record, as_of: date, horizon_days: int = DEFAULT_HORIZON_DAYS) -> ContractDue | None:
    """The contract's open deadlines up to ``as_of`` + horizon (None: not signed and in force, or an example)."""
    if status_on(record, as_of) != "signed":  # what status()["contract_status"] says, without the deadlines
        return None
    terms = terms_on(record, as_of)
    if terms.example:
        return None
    status = obligation_status.status(record, as_of)
    until = (as_of + timedelta(days=horizon_days)).isoformat()
    rows = {
        occurrence_id(row): {**row, "days_overdue": max((as_of - date.fromisoformat(row["due"])).days, 0)}
        for row in [*status["occurrences"], *status["standing"]]
        if row["state"] in OPEN and row["due"] <= until
    }
    return ContractDue(record["key"] or "", terms.title, terms.escalation_days, rows, status["names"])


def period_of(kind: str, frequency: str, as_of: date) -> str:
    """A digest's period: the day (daily) or ISO week (weekly); an escalation's: the day it is sent."""
    if kind == "digest" and frequency == "weekly":
        year, week, _ = as_of.isocalendar()
        return f"{year}-W{week:02d}"
    return as_of.isoformat()


def select(
    contracts: list[ContractDue], recipients: list[Recipient], history: Mapping[tuple[str, str], Sent], as_of: date
) -> list[Dispatch]:
    """Every e-mail part to send on ``as_of``: repeats of unsent ones first, then new digests and escalations."""
    found = []
    for recipient in recipients:
        for due in contracts:
            if recipient.contracts is None or due.key in recipient.contracts:
                found += list(_dispatches(recipient, due, history.get((recipient.ref, due.key), Sent()), as_of))
    return found


def _dispatches(recipient: Recipient, due: ContractDue, sent: Sent, as_of: date) -> Iterator[Dispatch]:
    for kind, period, occurrences in sent.unsent:
        yield Dispatch(recipient, kind, period, due.key, occurrences, True, _rows(due, occurrences))
    if recipient.party:
        period = period_of("digest", recipient.frequency, as_of)
        ids = [i for i, row in due.rows.items() if row["party"] == recipient.party]
        if ids and f"digest/{period}" not in sent.planned:
            yield Dispatch(recipient, "digest", period, due.key, tuple(ids), False, _rows(due, ids))
    if recipient.coordinator:
        period = period_of("escalation", recipient.frequency, as_of)
        ids = [i for i in escalated(due) if i not in sent.escalated]
        if ids and f"escalation/{period}" not in sent.planned:
            yield Dispatch(recipient, "escalation", period, due.key, tuple(ids), False, _rows(due, ids))


def escalated(due: ContractDue) -> list[str]:
    """The deadlines overdue by more than the contract's escalation threshold."""
    return [i for i, row in due.rows.items() if row["state"] == "overdue" and row["days_overdue"] > due.escalation_days]


def mark_escalated(status: dict[str, Any], escalation_days: int, as_of: date) -> dict[str, Any]:
    """The obligations status with ``escalated`` on each deadline overdue by more than the threshold on ``as_of``
    (the rule a run escalates by, so the revision pack reads "eskaleret" whether or not mail is set up)."""
    for row in [*status["occurrences"], *status["standing"]]:
        late = (as_of - date.fromisoformat(row["due"])).days
        row["escalated"] = row["state"] == "overdue" and late > escalation_days
    return status


def _rows(due: ContractDue, ids: Any) -> tuple[dict[str, Any], ...]:
    """The rows of the named occurrences still open (one met since it was planned is left out)."""
    return tuple(due.rows[i] for i in ids if i in due.rows)
