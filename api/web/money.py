"""The budget form: book an expense on a plan's frame, or reverse an entry (never edit one)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.auth import RECORD, check_plan, check_read
from api.reading import one_record
from api.web.conflicts import Stale, stale
from api.web.errors import WebRoute
from api.web.fields import FormReader
from api.web.params import AsOf, Day
from api.web.permissions import require_role
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.budget import ledger_id
from domain.contract import contract_id
from domain.errors import NotFoundError, RuleError, StaleError
from domain.tracker import Tracker
from projections import budget_use
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/kontrakter/{key}/budget/{plan}"


def _tracker(request: Request) -> Tracker:
    return request.app.state.tracker  # type: ignore[no-any-return]


@router.get(PATH)
def ledger_form(request: Request, session: SessionDep, key: str, plan: str, as_of: AsOf) -> Response:
    day = as_of.day.isoformat()
    return _page(request, session, key, plan, as_of, {"bogfoer": {"booked_on": day}, "tilbagefoer": {}}, {}, 200)


@router.post(PATH + "/bogfoer")
def book(request: Request, session: Poster, form: Submitted, key: str, plan: str, as_of: AsOf) -> Response:
    tracker = _tracker(request)
    reader = FormReader(form)
    version, booked_on, amount = reader.version(), reader.day("booked_on"), reader.kroner("amount")
    text, voucher = reader.text("text"), reader.text("voucher", required=False) or None
    terms = _checked(tracker, session, key, plan, booked_on)
    frame = next(p.budget_frame for p in terms.plans if p.key == plan)
    activity = reader.choice("activity", {a.key for a in terms.activities}, required=False)
    funder = reader.choice("funder", {f.funder for f in frame.funders}, required=False)
    if booked_on is None or amount is None or not reader.ok:
        return _retry(request, session, key, plan, as_of, "bogfoer", reader, None)
    try:
        _, outcome = tracker.book_expense(
            key, plan, booked_on, amount, text, session.user.name, activity, funder, voucher, version
        )
    except StaleError as e:
        conflict = stale(tracker, ledger_id(contract_id(key), plan), version, e)
        return _retry(request, session, key, plan, as_of, "bogfoer", reader, None, conflict)
    except RuleError as e:
        return _retry(request, session, key, plan, as_of, "bogfoer", reader, str(e))
    return saved(key, as_of, outcome.position, "bogfoert", "oekonomi")


@router.post(PATH + "/tilbagefoer")
def reverse(request: Request, session: Poster, form: Submitted, key: str, plan: str, as_of: AsOf) -> Response:
    tracker = _tracker(request)
    reader = FormReader(form)
    version, entry = reader.version(), reader.whole("entry", minimum=1)
    booked_on, reason = reader.day("booked_on"), reader.text("reason")
    _checked(tracker, session, key, plan, booked_on)
    if entry is None or booked_on is None or not reader.ok:
        return _retry(request, session, key, plan, as_of, "tilbagefoer", reader, None)
    try:
        _, outcome = tracker.reverse_expense(key, plan, entry, booked_on, reason, session.user.name, version)
    except StaleError as e:
        conflict = stale(tracker, ledger_id(contract_id(key), plan), version, e)
        return _retry(request, session, key, plan, as_of, "tilbagefoer", reader, None, conflict)
    except (RuleError, NotFoundError) as e:
        return _retry(request, session, key, plan, as_of, "tilbagefoer", reader, str(e))
    return saved(key, as_of, outcome.position, "tilbagefoert", "oekonomi")


def _checked(tracker: Tracker, session: Session, key: str, plan: str, day: Any) -> Any:
    """The terms on the booking date, if this user may book on the plan (the API's rules)."""
    require_role(session.user, RECORD, "bogføre udgifter")
    terms = tracker.get_contract(key).terms(day)
    check_read(session.user, terms, key)
    check_plan(session.user, terms, plan)
    if plan not in {p.key for p in terms.plans}:
        raise NotFoundError(f"Kontrakten '{key}' dækker ingen helhedsplan med nøglen '{plan}'.")
    return terms


def _retry(
    request: Request,
    session: Session,
    key: str,
    plan: str,
    as_of: Day,
    which: str,
    reader: FormReader,
    form_error: str | None,
    conflict: Stale | None = None,
) -> Response:
    values: dict[str, dict[str, Any]] = {"bogfoer": {}, "tilbagefoer": {}, which: reader.values()}
    problem = {which: form_error or reader.errors.get("version")}
    status = 409 if conflict else 422
    return _page(request, session, key, plan, as_of, values, {which: reader.errors}, status, problem, conflict)


def _page(
    request: Request,
    session: Session,
    key: str,
    plan: str,
    as_of: Day,
    values: dict[str, dict[str, Any]],
    errors: dict[str, dict[str, str]],
    status: int,
    form_error: dict[str, str | None] | None = None,
    conflict: Stale | None = None,
) -> Response:
    record = one_record(request, session.user, key)
    terms = terms_at(record, as_of.day)
    require_role(session.user, RECORD, "bogføre udgifter")
    check_plan(session.user, terms, plan)
    use = next((p for p in budget_use.budget_use(record, as_of.day) if p["plan"] == plan), None)
    if use is None:
        raise NotFoundError(f"Kontrakten '{key}' dækker ingen helhedsplan med nøglen '{plan}'.")
    book = _tracker(request).get_ledger(key, plan)
    entries = book.entries if book is not None else []
    reversed_ = {e.reverses for e in entries if e.reverses is not None}
    frame = next(p.budget_frame for p in terms.plans if p.key == plan)
    return render(
        request, "ledger_form.html", status, session=session, key=key, title=terms.title, as_of=as_of, use=use,
        entries=entries, reversed=reversed_, version=book.version if book else 0,
        activities=[(a.key, a.name) for a in terms.activities], funders=[f.funder for f in frame.funders],
        values=values, errors=errors, form_error=form_error or {}, stale=conflict,
    )  # fmt: skip
