"""What falls due across contracts: the open occurrences and standing periods of a date range, by week."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from api.accounts.users import User
from api.http.reading import visible_records
from api.reports.calendar import parties
from api.reports.exports import Column, Table
from api.web.params import FileFormat
from domain import vocabulary
from domain.errors import NotFoundError
from projections import obligation_status
from projections.record_shape import Record
from projections.terms_cache import names, terms_on

OPEN = ("overdue", "due_soon", "open")  # not met, not waived: something to do


def open_duties(
    records: Iterable[Record], as_of: date, until: date, party: str | None, overdue: bool
) -> list[dict[str, Any]]:
    """The open duties due from ``as_of`` through ``until`` (and, with ``overdue``, those overdue on ``as_of``) of
    ``party`` (None: every party), by due date."""
    rows = []
    for record in records:
        answer = obligation_status.status(record, as_of)
        named, title = names(record), terms_on(record, as_of).title
        for row in [*answer["occurrences"], *answer["standing"]]:
            due = date.fromisoformat(row["due"])
            wanted = as_of <= due <= until or (overdue and row["state"] == "overdue")
            if row["state"] in OPEN and wanted and party in (None, row["party"]):
                rows.append(_shown(row, title, named, as_of))
    return sorted(rows, key=lambda r: (r["due"], r["title"], r["description"]))


def _shown(row: dict[str, Any], title: str, named: dict[str, str], as_of: date) -> dict[str, Any]:
    due = date.fromisoformat(row["due"])
    return {
        "contract": row["contract"], "title": title, "responsibility": row["responsibility"],
        "activity": named.get(row["activity"], row["activity"]), "description": row["description"],
        "party": row["party"], "party_name": named.get(row["party"], row["party"]), "due": due,
        "period": row.get("period"), "state": row["state"], "days_overdue": max((as_of - due).days, 0),
    }  # fmt: skip


def by_week(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows grouped by the ISO week of their due date: 'uge 49 (2026)', Monday to Sunday."""
    weeks = []
    for (year, week), group in groupby(rows, key=lambda r: r["due"].isocalendar()[:2]):
        monday = date.fromisocalendar(year, week, 1)
        weeks.append({"year": year, "week": week, "monday": monday, "sunday": monday + timedelta(days=6),
                      "rows": list(group)})  # fmt: skip
    return weeks


COLUMNS = (
    Column("Uge"), Column("Frist", "date"), Column("Kontrakt"), Column("Aktivitet"), Column("Forpligtelse"),
    Column("Periode"), Column("Part"), Column("Status"), Column("Dage forfalden", "number"),
)  # fmt: skip


def duties_table(title: str, rows: list[dict[str, Any]]) -> Table:
    """The rows as a spreadsheet, names beside nothing but names (keys mean nothing to a reader)."""
    return Table(title, COLUMNS, [_line(r) for r in rows])


def _line(r: dict[str, Any]) -> tuple[Any, ...]:
    year, week = r["due"].isocalendar()[:2]
    return (
        f"uge {week} ({year})", r["due"], r["title"], r["activity"], r["description"], r["period"] or "",
        r["party_name"], vocabulary.OBLIGATION_STATE[r["state"]], r["days_overdue"] or None,
    )  # fmt: skip


@dataclass(frozen=True)
class Asked:
    """What a page of duties was asked for: one party (or none), how many days ahead, the list as a file."""

    part: str | None
    days: int | None
    file: FileFormat | None


def asked(
    part: str | None = None, dage: Annotated[int | None, Query(ge=1, le=366)] = None, hent: FileFormat | None = None
) -> Asked:
    return Asked(part or None, dage, hent)


@dataclass(frozen=True)
class DutyList:
    """The open duties of a page, the parties to choose among, the one chosen and the last day shown."""

    rows: list[dict[str, Any]]
    parties: list[tuple[str, str]]
    party: str | None
    until: date


def duty_list(request: Request, user: User, as_of: date, party: str | None, days: int, mine: bool) -> DutyList:
    """The open duties the user may read of ``party`` due in ``days`` days from ``as_of``; ``mine``: a party's
    tasks, its overdue ones too (no party: none), else every party's when ``party`` is None."""
    records = visible_records(request, user)
    choices = sorted(parties(records).items(), key=lambda item: item[1])
    if party is not None and party not in dict(choices):
        raise NotFoundError(f"'{party}' er ikke en part i de kontrakter, du kan se.")
    until = as_of + timedelta(days=days)
    rows = [] if mine and party is None else open_duties(records, as_of, until, party, overdue=mine)
    return DutyList(rows, choices, party, until)


Duties = Annotated[Asked, Depends(asked)]
