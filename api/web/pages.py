"""The overview of all contracts and one contract's page, for a date."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.http import reading
from api.http.preconditions import MinPosition, wait_for_views
from api.http.reading import one_record
from api.reports.contact_persons import entry_with_persons
from api.web import dashboard
from api.web.errors import WebRoute
from api.web.params import AsOf
from api.web.permissions import allowed
from api.web.rendering import render
from api.web.session import SessionDep

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PAGE = 50  # contracts per overview page

SAVED = {
    "moede": "Mødet er registreret som afholdt.",
    "opfyldt": "Forpligtelsen er registreret som opfyldt.",
    "frafaldet": "Forpligtelsen er registreret som frafaldet.",
    "bogfoert": "Udgiften er bogført.",
    "rettet": "Rettelsen af posteringen er bogført.",
    "tilbagefoert": "Posteringen er tilbageført.",
    "revideret": "Revisionen er registreret.",
    "planlagt": "Mødet er planlagt.",
    "flyttet": "Mødet er flyttet.",
    "aflyst": "Mødet er aflyst.",
    "underskrevet": "Kontrakten er registreret som underskrevet.",
    "afsluttet": "Kontrakten er registreret som afsluttet.",
    "maalt": "Målingen er registreret.",
    "maaling-rettet": "Rettelsen af målingen er registreret.",
}
# The contract page's sections a confirmation can be shown at: the top of what was changed (else the page's top).
SECTIONS = ("top", "moeder", "aktiviteter", "oekonomi", "maal")


@router.get("/")
def overview(
    request: Request,
    session: SessionDep,
    as_of: AsOf,
    byomraade: str | None = None,
    indsatsomraade: str | None = None,
    status: str | None = None,
    aktivitetstype: str | None = None,
    maalgruppe: str | None = None,
    efter: str | None = None,
    antal: Annotated[int, Query(ge=1, le=500)] = PAGE,
    min_position: MinPosition = None,
) -> Response:
    """The contracts a page at a time in key order (``efter`` the last key shown), most urgent first."""
    wait_for_views(request, min_position)
    filters = {"urban_area": byomraade or None, "focus_area": indsatsomraade or None, "status": status or None}
    filters |= {"activity_type": aktivitetstype or None, "target_group": maalgruppe or None}
    page, choices = reading.directory_page(
        request, session.user, as_of.day, filters, efter or None, antal, as_of.known_at
    )
    rows = dashboard.overview(page, as_of.day)
    following = page[-1][0]["key"] if len(page) == antal else None
    shown = {"byomraade": byomraade or "", "indsatsomraade": indsatsomraade or "", "status": status or ""}
    shown |= {"aktivitetstype": aktivitetstype or "", "maalgruppe": maalgruppe or ""}
    return render(
        request, "overview.html", session=session, as_of=as_of, filters=shown, rows=rows, following=following,
        antal=antal, urban_areas=choices["urban_areas"], focus_areas=choices["focus_areas"],
        statuses=choices["statuses"],
    )  # fmt: skip


@router.get("/kontrakter/{key}")
def contract(
    request: Request,
    session: SessionDep,
    key: str,
    as_of: AsOf,
    min_position: MinPosition = None,
    besked: str | None = None,
    afsnit: str | None = None,
) -> Response:
    page = dashboard.contract_page(one_record(request, session.user, key, min_position, as_of.known_at), as_of.day)
    page["entry"] = entry_with_persons(reading.tracker(request), page["entry"])
    return render(
        request,
        "contract.html",
        session=session,
        key=key,
        as_of=as_of,
        allowed=allowed(session.user, page["terms"]),
        saved=SAVED.get(besked or ""),
        saved_at=afsnit if afsnit in SECTIONS else "top",
        **page,
    )
