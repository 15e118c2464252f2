"""The contract over time: the revision pack, the audit timeline and time travel with differences."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request, Response

from api.http.auth import AUDIT, actor_of
from api.http.reading import one_record, tracker
from api.reports.contract_views import LOCAL, diff_view
from api.web.errors import WebRoute
from api.web.params import AsOf, parse_day, parse_moment
from api.web.permissions import allowed, require_role
from api.web.rendering import render
from api.web.revision_pack import revision_pack
from api.web.session import Session, SessionDep
from domain.contract import Contract
from domain.errors import NotFoundError, RuleError
from domain.terms import ContractTerms
from projections import audit_log
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PAGE = 50


def _readable(request: Request, session: Session, key: str) -> tuple[Contract, ContractTerms]:
    """The contract and its latest terms, if the user may read it."""
    contract = tracker(request).get_contract(key, actor_of(session.user))
    return contract, contract.terms()


@router.get("/kontrakter/{key}/revisionspakke")
def pack(request: Request, session: SessionDep, key: str, as_of: AsOf, siden: str | None = None) -> Response:
    contract, _ = _readable(request, session, key)
    record = one_record(request, session.user, key, None, as_of.known_at)  # "som kendt pr.": the record then
    since = parse_day(siden, "siden") if siden else None
    terms = terms_at(record, as_of.day)
    return render(
        request, "revision_pack.html", session=session, key=key, as_of=as_of, terms=terms,
        allowed=allowed(session.user, terms),
        **revision_pack(contract, record, terms, as_of.day, since, as_of.known_at),
    )  # fmt: skip


@router.get("/kontrakter/{key}/historik")
def timeline(
    request: Request,
    session: SessionDep,
    key: str,
    as_of: AsOf,
    aktoer: str | None = None,
    type: str | None = None,
    fra: str | None = None,
    til: str | None = None,
    foer: int | None = None,
) -> Response:
    require_role(session.user, AUDIT, "se revisionssporet")
    terms = terms_at(one_record(request, session.user, key), as_of.day)
    start = _midnight(parse_day(fra, "fra")) if fra else None
    end = _midnight(parse_day(til, "til") + timedelta(days=1)) if til else None
    with request.app.state.views.connection() as db:
        rows = audit_log.query(db, key, aktoer or None, type or None, start, end, foer, PAGE)
    return render(
        request, "audit.html", session=session, key=key, as_of=as_of, terms=terms, allowed=allowed(session.user, terms),
        rows=rows, filters={"aktoer": aktoer or "", "type": type or "", "fra": fra or "", "til": til or ""},
        next=rows[-1]["position"] if len(rows) == PAGE else None,
    )  # fmt: skip


@router.get("/kontrakter/{key}/tidsrejse")
def time_travel(
    request: Request,
    session: SessionDep,
    key: str,
    as_of: AsOf,
    gaeldende: str | None = None,
    kendt: str | None = None,
    fra: str | None = None,
    til: str | None = None,
) -> Response:
    contract, latest = _readable(request, session, key)
    effective = parse_day(gaeldende, "gældende pr.") if gaeldende else None
    known_at = parse_moment(kendt) if kendt else None
    last = len(contract.versions)
    if fra is None and til is None and last > 1:
        fra, til = f"v{last - 1}", f"v{last}"
    try:
        terms, missing = contract.terms(effective, known_at), None
    except NotFoundError as e:
        terms, missing = None, str(e)
    try:
        diff, diff_error = (diff_view(contract, fra, til) if fra and til else None), None
    except (NotFoundError, RuleError) as e:
        diff, diff_error = None, str(e)
    return render(
        request, "time_travel.html", 404 if missing else 200, session=session, key=key, as_of=as_of,
        allowed=allowed(session.user, latest), title=latest.title, terms=terms, missing=missing,
        status=contract.status(effective, known_at), version=contract.version_at(known_at), effective=effective,
        known_at=known_at, versions=contract.versions, axes={"gaeldende": gaeldende or "", "kendt": kendt or ""},
        diff=diff, diff_error=diff_error, diff_points={"fra": fra or "", "til": til or ""},
    )  # fmt: skip


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL)
