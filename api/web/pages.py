"""The overview of all contracts and one contract's page, for a date."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.preconditions import MinPosition
from api.reading import one_record, visible_records
from api.web import dashboard
from api.web.errors import WebRoute
from api.web.params import AsOf
from api.web.permissions import allowed
from api.web.rendering import render
from api.web.session import SessionDep

router = APIRouter(route_class=WebRoute, include_in_schema=False)

SAVED = {
    "moede": "Mødet er registreret som afholdt.",
    "opfyldt": "Forpligtelsen er registreret som opfyldt.",
    "frafaldet": "Forpligtelsen er registreret som frafaldet.",
    "bogfoert": "Udgiften er bogført.",
    "tilbagefoert": "Posteringen er tilbageført.",
    "revideret": "Revisionen er registreret.",
}


@router.get("/")
def overview(
    request: Request,
    session: SessionDep,
    as_of: AsOf,
    byomraade: str | None = None,
    indsatsomraade: str | None = None,
    status: str | None = None,
    min_position: MinPosition = None,
) -> Response:
    records = visible_records(request, session.user, min_position)
    data = dashboard.overview(records, as_of.day, byomraade or None, indsatsomraade or None, status or None)
    filters = {"byomraade": byomraade or "", "indsatsomraade": indsatsomraade or "", "status": status or ""}
    return render(request, "overview.html", session=session, as_of=as_of, filters=filters, **data)


@router.get("/kontrakter/{key}")
def contract(
    request: Request,
    session: SessionDep,
    key: str,
    as_of: AsOf,
    min_position: MinPosition = None,
    besked: str | None = None,
) -> Response:
    page = dashboard.contract_page(one_record(request, session.user, key, min_position), as_of.day)
    return render(
        request,
        "contract.html",
        session=session,
        key=key,
        as_of=as_of,
        allowed=allowed(session.user, page["terms"]),
        saved=SAVED.get(besked or ""),
        **page,
    )
