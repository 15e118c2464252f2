"""Calendars (iCalendar feeds of meetings and due dates) and spreadsheets (CSV/XLSX) from the views."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from api.accounts.users import User
from api.http import problems
from api.http.auth import Auditor, Reader, calendar_user
from api.http.preconditions import MinPosition
from api.http.reading import one_record, visible_records
from api.reports.activity_rows import activities_table, with_activity
from api.reports.calendar import calendar_feed, parties
from api.reports.calendar_address import calendar_address
from api.reports.exports import XLSX, Table, file_response
from api.reports.goal_rows import goals_table
from api.reports.tables import (
    audit_table,
    budget_table,
    contract_head,
    contract_titles,
    obligations_table,
    overdue_meetings_table,
)
from domain.bounds import Day
from domain.errors import NotFoundError
from projections import audit_log, budget_use, obligation_status, overdue_meetings
from projections.record_shape import Record

router = APIRouter(tags=["kalender og eksport"], responses=problems.RESPONSES)
AsOf = Annotated[Day | None, Query(description="Pr. dato (standard: i dag).")]
Format = Literal["csv", "xlsx"]
AUDIT_EXPORT_LIMIT = 100_000


@router.get("/calendar-link", summary="Adresse til at abonnere på en kalender (med et kalendertoken kun til læsning)")
def calendar_link(
    request: Request,
    user: Reader,
    target: Annotated[
        str, Query(description="Kontraktnøgle eller partnøgle.", examples=["amager-udsatte-grupper-2013"])
    ],
) -> dict[str, str]:
    """Giver en adresse kalenderprogrammer kan abonnere på. Adressen indeholder et kalendertoken, der kun giver adgang
    til kalendere og holder op med at virke, når brugeren tilbagekaldes.
    """
    return {"url": calendar_address(request, user.name, target)}


@router.get(
    "/calendar/{target}.ics",
    summary="Kalender (iCalendar) for en kontrakt eller en part: møder og frister",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def calendar(
    request: Request,
    user: Annotated[User, Depends(calendar_user)],
    target: str,
    as_of: AsOf = None,
    min_position: MinPosition = None,
) -> Response:
    """iCalendar-feed (RFC 5545) med møder og frister for en kontrakt eller for en part. Stabile UID'er; flyttede og
    aflyste møder opdateres i kalenderen.
    """
    records = visible_records(request, user, min_position)
    chosen = [r for r in records if r["key"] == target]
    if chosen:
        body = calendar_feed(chosen, as_of or date.today())
    elif target in parties(records):
        body = calendar_feed(records, as_of or date.today(), party=target)
    else:
        raise NotFoundError(f"'{target}' er hverken en kontrakt eller en part, du kan se.")
    return Response(body, media_type="text/calendar; charset=utf-8")


FILES: dict[int | str, dict[str, Any]] = {200: {"description": "Filen", "content": {"text/csv": {}, XLSX: {}}}}


@router.get(
    "/exports/audit.{fmt}", summary="Revisionssporet som CSV eller XLSX", response_class=Response, responses=FILES
)
def export_audit(
    request: Request,
    user: Auditor,
    fmt: Format,
    contract: Annotated[str | None, Query(description="Kun denne kontrakt.")] = None,
    min_position: MinPosition = None,
) -> Response:
    """Revisionssporet som regneark: CSV (semikolon, UTF-8 med BOM, danske formater) eller XLSX (datoer og beløb som
    rigtige celletyper).
    """
    titles = contract_titles(visible_records(request, user, min_position))  # waits for the views like the log
    with request.app.state.views.connection() as db:
        rows = audit_log.query(db, contract=contract, limit=AUDIT_EXPORT_LIMIT)
    return file_response(audit_table(rows, titles), fmt, "revisionsspor")


@router.get(
    "/exports/{what}.{fmt}",
    summary="Forpligtelser, forfaldne møder, budgetforbrug, aktiviteter eller mål som CSV eller XLSX",
    response_class=Response,
    responses=FILES,
)
def export(
    request: Request,
    user: Reader,
    what: Literal["obligations", "overdue-meetings", "budget", "activities", "goals"],
    fmt: Format,
    contract: Annotated[str | None, Query(description="Kun denne kontrakt (standard: alle du kan se).")] = None,
    as_of: AsOf = None,
    activity_type: Annotated[
        str | None, Query(max_length=80, description="Kun kontrakter (aktiviteter) med en aktivitet af denne type.")
    ] = None,
    target_group: Annotated[
        str | None, Query(max_length=80, description="Kun kontrakter (aktiviteter) med en aktivitet for målgruppen.")
    ] = None,
    min_position: MinPosition = None,
) -> Response:
    """Forpligtelser, forfaldne møder, budgetforbrug, aktiviteter (med type, målgrupper og aldersgrupper) eller mål
    (mål og fremdrift pr. periode) pr. dato som regneark: CSV (semikolon, danske formater) eller XLSX (typede
    celler). Med `activity_type` / `target_group` kun kontrakterne med en sådan aktivitet (i aktivitetsudtrækket:
    kun de aktiviteter).
    """
    day = as_of or date.today()
    if contract is not None:
        records = [one_record(request, user, contract, min_position)]
    else:
        records = visible_records(request, user, min_position)
    records = with_activity(records, day, activity_type, target_group)
    if what == "activities":
        table = activities_table(records, day, activity_type, target_group)
    else:
        table = _table(what, records, day)
    return file_response(table, fmt, f"{_NAMES[what]}-{day.isoformat()}")


def _table(what: str, records: list[Record], day: date) -> Table:
    if what == "goals":
        return goals_table(records, day)
    heads = {r["key"] or "": contract_head(r, day) for r in records}
    if what == "obligations":
        titles = {key: head.title for key, head in heads.items()}
        table = obligations_table(*(obligation_status.status(r, day) for r in records), titles=titles)
    elif what == "overdue-meetings":
        table = overdue_meetings_table([row for r in records for row in overdue_meetings.overdue(r, day)], heads)
    else:
        table = budget_table({r["key"] or "": budget_use.budget_use(r, day) for r in records}, heads)
    return table


_NAMES: dict[str, Any] = {"obligations": "forpligtelser", "overdue-meetings": "forfaldne-moeder", "budget": "budget",
                          "activities": "aktiviteter", "goals": "maal"}  # fmt: skip
