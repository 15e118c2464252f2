"""The overview of all contracts and one contract's page, for a date."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.http import reading
from api.http.preconditions import MinPosition, wait_for_views
from api.http.reading import one_record
from api.reports.calendar_address import subscription
from api.reports.contact_persons import entry_with_persons
from api.reports.exports import file_response
from api.web import dashboard
from api.web.contract_list import list_page, list_table
from api.web.errors import WebRoute
from api.web.params import AsOf, FileFormat
from api.web.permissions import allowed
from api.web.rendering import render
from api.web.session import SessionDep
from domain.vocabulary import CONTRACT_STATUS

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
    soeg: str | None = None,
    forfaldne: bool = False,
    mine: bool = False,
    eksempler: bool = False,
    aktivitetstype: str | None = None,
    maalgruppe: str | None = None,
    efter: str | None = None,
    antal: Annotated[int, Query(ge=1, le=500)] = PAGE,
    hent: FileFormat | None = None,
    min_position: MinPosition = None,
) -> Response:
    """The contracts a page at a time in key order (``efter`` the last key shown), most urgent first; ``hent``: every
    contract the filters keep as a file."""
    wait_for_views(request, min_position)
    text = (soeg or "").strip()[:100]
    filters = {"urban_area": byomraade or None, "focus_area": indsatsomraade or None,
               "status": dashboard.stored_status(status or None), "text": text or None}  # fmt: skip
    filters |= {"activity_type": aktivitetstype or None, "target_group": maalgruppe or None}
    party = session.user.party if mine else None
    wanted = dashboard.Wanted(status or None, forfaldne, party, eksempler)
    found = list_page(request, session.user, as_of, filters, wanted, efter or None, None if hent else antal)
    if hent:
        return file_response(list_table(found.rows, as_of.day), hent, f"kontrakter-{as_of.day.isoformat()}")
    shown = {"byomraade": byomraade or "", "indsatsomraade": indsatsomraade or "", "status": status or "",
             "soeg": text, "forfaldne": forfaldne, "mine": mine, "eksempler": eksempler}  # fmt: skip
    shown |= {"aktivitetstype": aktivitetstype or "", "maalgruppe": maalgruppe or ""}
    return render(
        request, "overview.html", session=session, as_of=as_of, filters=shown, rows=found.rows,
        following=found.following, antal=antal, urban_areas=found.choices["urban_areas"],
        focus_areas=found.choices["focus_areas"], statuses=list(CONTRACT_STATUS),
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
        feed=subscription(request, session.user.name, key),
        saved_at=afsnit if afsnit in SECTIONS else "top",
        **page,
    )
