"""The contract's lifecycle in the web: a coordinator records it signed, or ended with the day and the reason."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fastapi import APIRouter, Request, Response

from api.http.auth import ADMINISTER, actor_of
from api.http.reading import one_record, tracker
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import require_role
from api.web.posting import FormPage
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.contract import contract_id
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)
LIFECYCLE = "/kontrakter/{key}/underskrift-og-afslutning"
FORMS = ("underskriv", "afslut")
SECTION = "top"  # the contract page's facts (status and period) are what changes


@router.get(LIFECYCLE)
def lifecycle_forms(request: Request, session: SessionDep, key: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "underskrive og afslutte kontrakter")
    day = as_of.day.isoformat()
    return _page(request, session, key, as_of).show({"underskriv": {"signed_on": day}, "afslut": {"ended_on": day}})


@router.post(LIFECYCLE + "/underskriv")
def sign(request: Request, session: Poster, form: Submitted, key: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "underskrive kontrakter")
    reader = FormReader(form)
    version, signed_on = reader.version(), reader.day("signed_on")
    write = None if signed_on is None else lambda: tracker(request).sign_contract(
        key, signed_on, actor_of(session.user), version
    )  # fmt: skip
    return _page(request, session, key, as_of).post(
        "underskriv", reader, version, write, _saved(key, as_of, "underskrevet")
    )


@router.post(LIFECYCLE + "/afslut")
def end(request: Request, session: Poster, form: Submitted, key: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "afslutte kontrakter")
    reader = FormReader(form)
    version, ended_on, reason = reader.version(), reader.day("ended_on"), reader.text("reason")
    write = None if ended_on is None else lambda: tracker(request).end_contract(
        key, ended_on, reason, actor_of(session.user), version
    )  # fmt: skip
    return _page(request, session, key, as_of).post("afslut", reader, version, write, _saved(key, as_of, "afsluttet"))


def _saved(key: str, as_of: Day, message: str) -> Callable[[int | None], Response]:
    return partial(saved, key, as_of, message=message, anchor=SECTION)


def _page(request: Request, session: Session, key: str, as_of: Day) -> FormPage:
    return FormPage(FORMS, partial(_drawn, request, session, key, as_of), tracker(request), contract_id(key))


def _drawn(request: Request, session: Session, key: str, as_of: Day, forms: Forms) -> Response:
    contract = tracker(request).get_contract(key, actor_of(session.user))
    terms = terms_at(one_record(request, session.user, key), as_of.day)
    return render(
        request, "contract_lifecycle.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        signed_on=contract.signed_on, ended_on=contract.ended_on, version=contract.version, forms=forms,
    )  # fmt: skip
