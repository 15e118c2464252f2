"""The budget form: book an expense on a plan's frame, correct part of an entry or reverse what remains of it
(never edit one)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.datastructures import FormData

from api.http.auth import actor_of
from api.http.reading import one_record, tracker
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.ledger_sheet import activity_names, ledger_sheet
from api.web.params import AsOf, Day
from api.web.permissions import require_book
from api.web.posting import REFUSALS, FormPage
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.budget import ledger_id
from domain.contract import contract_id
from domain.errors import NotFoundError, PlanNotFoundError
from domain.terms import ContractTerms
from domain.tracker import Outcome
from projections import budget_use
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/kontrakter/{key}/budget/{plan}"
FORMS = ("bogfoer", "ret", "tilbagefoer")
Page = Annotated[int | None, Query(ge=1, le=1_000_000, description="Postlistens side (standard: den nyeste).")]
COUNTER_REFUSALS = (*REFUSALS, NotFoundError)  # a counter-entry names an entry that may not be there


@router.get(PATH)
def ledger_form(request: Request, session: SessionDep, key: str, plan: str, as_of: AsOf, side: Page = None) -> Response:
    return _ledger(request, session, key, plan, as_of, side).show({"bogfoer": {"booked_on": as_of.day.isoformat()}})


@router.post(PATH + "/bogfoer")
def book(request: Request, session: Poster, form: Submitted, key: str, plan: str, as_of: AsOf) -> Response:
    reader = FormReader(form)
    version, booked_on, amount = reader.version(), reader.day("booked_on"), reader.kroner("amount")
    text, voucher = reader.text("text"), reader.text("voucher", required=False) or None
    terms = _bookable(request, session, key, plan, booked_on)
    frame = next(p.budget_frame for p in terms.plans if p.key == plan)
    activity = reader.choice("activity", {a.key for a in terms.activities}, required=False)
    funder = reader.choice("funder", {f.funder for f in frame.funders}, required=False)
    write = None if booked_on is None or amount is None else lambda: tracker(request).book_expense(
        key, plan, booked_on, amount, text, actor_of(session.user), activity, funder, voucher, version
    )[1]  # fmt: skip
    return _ledger(request, session, key, plan, as_of).post(
        "bogfoer", reader, version, write, _saved(key, as_of, "bogfoert")
    )


@router.post(PATH + "/ret")
def correct(request: Request, session: Poster, form: Submitted, key: str, plan: str, as_of: AsOf) -> Response:
    return _counter(request, session, form, key, plan, as_of, "ret")


@router.post(PATH + "/tilbagefoer")
def reverse(request: Request, session: Poster, form: Submitted, key: str, plan: str, as_of: AsOf) -> Response:
    return _counter(request, session, form, key, plan, as_of, "tilbagefoer")


def _counter(
    request: Request, session: Session, form: FormData, key: str, plan: str, as_of: Day, which: str
) -> Response:
    """A counter-entry against an entry (never an edit): a correction of part of it (``ret``, with an amount) or the
    reversal of what remains of it (``tilbagefoer``)."""
    reader = FormReader(form)
    version, entry, booked_on = reader.version(), reader.whole("entry", minimum=1), reader.day("booked_on")
    amount = reader.kroner("amount") if which == "ret" else None
    reason = reader.text("reason")
    _bookable(request, session, key, plan, booked_on)
    books, actor = tracker(request), actor_of(session.user)
    write: Callable[[], Outcome] | None = None
    if entry is not None and booked_on is not None and which == "tilbagefoer":
        write = lambda: books.reverse_expense(key, plan, entry, booked_on, reason, actor, version)[1]  # noqa: E731
    elif entry is not None and booked_on is not None and amount is not None:
        write = lambda: books.correct_expense(key, plan, entry, booked_on, amount, reason, actor, version)[1]  # noqa: E731
    done = _saved(key, as_of, "rettet" if which == "ret" else "tilbagefoert")
    return _ledger(request, session, key, plan, as_of).post(which, reader, version, write, done, COUNTER_REFUSALS)


def _saved(key: str, as_of: Day, message: str) -> Callable[[int | None], Response]:
    return partial(saved, key, as_of, message=message, anchor="oekonomi")


def _ledger(request: Request, session: Session, key: str, plan: str, as_of: Day, page: int | None = None) -> FormPage:
    draw = partial(_page, request, session, key, plan, as_of, page)
    return FormPage(FORMS, draw, tracker(request), ledger_id(contract_id(key), plan))


def _bookable(request: Request, session: Session, key: str, plan: str, day: date | None) -> ContractTerms:
    """The terms on the booking date, if this user may book on the plan (the domain's rules)."""
    terms = tracker(request).get_contract(key).terms(day)
    require_book(session.user, terms, key, plan)
    if plan not in {p.key for p in terms.plans}:
        raise PlanNotFoundError(key, plan)
    return terms


def _page(
    request: Request, session: Session, key: str, plan: str, as_of: Day, page: int | None, forms: Forms
) -> Response:
    record = one_record(request, session.user, key)
    terms = terms_at(record, as_of.day)
    require_book(session.user, terms, key, plan)
    use = next((p for p in budget_use.budget_use(record, as_of.day) if p["plan"] == plan), None)
    if use is None:
        raise PlanNotFoundError(key, plan)
    book = tracker(request).get_ledger(key, plan)
    entries = book.entries if book is not None else []
    frame = next(p.budget_frame for p in terms.plans if p.key == plan)
    reversed_ = {e.reverses for e in entries if e.reverses is not None}
    remaining = {e.number: book.remaining_ore(e.number) for e in entries if e.counters is None} if book else {}
    activities = {a.key: a.name for a in terms.activities}
    return render(
        request, "ledger_form.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        use=use, entries=entries, reversed=reversed_, remaining=remaining,
        version=book.version if book else 0, activities=list(activities.items()),
        funders=[f.funder for f in frame.funders], forms=forms,
        sheet=ledger_sheet(entries, page, use["unassigned_expenses"] == "by_shares" and bool(frame.funders)),
        activity_names=activity_names(activities, entries),
    )  # fmt: skip
