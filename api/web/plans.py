"""The plans' pages: every helhedsplan, and one with its contracts, budget across them, lineage and co-financing."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.http.preconditions import MinPosition
from api.http.reading import tracker, visible_records
from api.reports.contract_views import known_moment
from api.reports.plan_views import contracts_known, plan_record, plan_records
from api.web.errors import WebRoute
from api.web.params import AsOf
from api.web.rendering import render
from api.web.session import SessionDep
from projections import plan_cofinancing, plan_overview

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get("/helhedsplaner")
def plans(request: Request, session: SessionDep, as_of: AsOf, min_position: MinPosition = None) -> Response:
    known = known_moment(as_of.known_at)
    records = contracts_known(visible_records(request, session.user, min_position), known)
    rows = plan_overview.plan_list(plan_records(tracker(request), known), records, as_of.day)
    return render(request, "plans.html", session=session, as_of=as_of, rows=rows)


@router.get("/helhedsplaner/{key}")
def plan(request: Request, session: SessionDep, key: str, as_of: AsOf, min_position: MinPosition = None) -> Response:
    known = known_moment(as_of.known_at)
    record = plan_record(tracker(request), key, known)
    records = contracts_known(visible_records(request, session.user, min_position), known)
    view = plan_overview.plan_overview(record, records, plan_records(tracker(request), known), as_of.day)
    money = plan_cofinancing.cofinancing(record, records, as_of.day)
    return render(request, "plan.html", session=session, as_of=as_of, key=key, plan=view, money=money)
