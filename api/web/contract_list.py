"""The overview's list: directory pages read until one page of rows the filters keep is full, and as a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request

from api.accounts.users import User
from api.http import reading
from api.reports.exports import Column, Table
from api.web import dashboard
from api.web.params import Day
from domain import vocabulary


@dataclass(frozen=True)
class ListPage:
    """The rows of one overview page, most urgent first; the key to continue after, the filters' choices."""

    rows: list[dict[str, Any]]
    following: str | None
    choices: dict[str, list[str]]


def list_page(
    request: Request,
    user: User,
    as_of: Day,
    filters: dict[str, str | None],
    wanted: dashboard.Wanted,
    after: str | None,
    limit: int | None,
) -> ListPage:
    """Up to ``limit`` kept rows after the key ``after`` (``limit`` None: every kept row)."""
    rows: list[dict[str, Any]] = []
    batch = limit or 200
    while True:
        page, choices = reading.directory_page(request, user, as_of.day, filters, after, batch, as_of.known_at)
        for entry, record in page:
            after = entry["key"]
            row = dashboard.row(entry, record, as_of.day)
            if wanted.keeps(row):
                rows.append(row)
            if limit is not None and len(rows) == limit:
                return ListPage(dashboard.most_urgent_first(rows), after, choices)
        if len(page) < batch:
            return ListPage(dashboard.most_urgent_first(rows), None, choices)


COLUMNS = (
    Column("Kontrakt"), Column("Nøgle"), Column("Byområde"), Column("Indsatsområde"), Column("Status"),
    Column("Eksempel"), Column("Forpligtelser opfyldt", "percent"), Column("Forfaldne forpligtelser", "number"),
    Column("Snart forfaldne forpligtelser", "number"), Column("Forsinkede møder", "number"),
    Column("Budgetramme (kr.)", "amount_ore"), Column("Brugt (kr.)", "amount_ore"), Column("Bemærkning"),
)  # fmt: skip


def list_table(rows: list[dict[str, Any]], as_of: date) -> Table:
    """The overview's rows as a spreadsheet, with names, not only keys."""
    return Table(f"Kontrakter pr. {as_of:%d.%m.%Y}", COLUMNS, [_line(r) for r in rows])


def _line(r: dict[str, Any]) -> tuple[Any, ...]:
    note = r["unavailable"]["reason"] if "unavailable" in r else _period_note(r)
    return (
        r["title"], r["key"], r["urban_area"], r["focus_area"], vocabulary.CONTRACT_STATUS[r["status"]],
        "ja" if r.get("example") else "nej", r["percent_met"], r["overdue_obligations"], r["due_soon"],
        r["overdue_meetings"], r.get("frame"), r.get("spent"), note,
    )  # fmt: skip


def _period_note(r: dict[str, Any]) -> str:
    return f"Perioden sluttede {date.fromisoformat(r['period_over']):%d.%m.%Y}" if "period_over" in r else ""
