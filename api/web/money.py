"""The budget form: book an expense on a plan's frame, correct part of an entry or reverse what remains of it
(never edit one)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response
from starlette.datastructures import FormData

from api.http.auth import actor_of
from api.http.reading import one_record, tracker
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import require_book
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.budget import ledger_id
from domain.contract import contract_id
from domain.errors import NotFoundError, PlanNotFoundError, RuleError, StaleError
from domain.terms import ContractTerms
from projections import budget_use
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/kontrakter/{key}/budget/{plan}"
FORMS = ("bogfoer", "ret", "tilbagefoer")


@router.get(PATH)
def ledger_form(request: Request, session: SessionDep, key: str, plan: str, as_of: AsOf) -> Response:
    forms = Forms({"bogfoer": {"booked_on": as_of.day.isoformat()}, "ret": {}, "tilbagefoer": {}})
    return _page(request, session, key, plan, as_of, forms)


@router.post(PATH + "/bogfoer")
def book(request: Request, session: Poster, form: Submitted, key: str, plan: str, as_of: AsOf) -> Response:
    reader = FormReader(form)
    version, booked_on, amount = reader.version(), reader.day("booked_on"), reader.kroner("amount")
    text, voucher = reader.text("text"), reader.text("voucher", required=False) or None
    terms = _bookable(request, session, key, plan, booked_on)
    frame = next(p.budget_frame for p in terms.plans if p.key == plan)
    activity = reader.choice("activity", {a.key for a in terms.activities}, required=False)
    funder = reader.choice("funder", {f.funder for f in frame.funders}, required=False)
    if booked_on is None or amount is None or not reader.ok:
        return _page(request, session, key, plan, as_of, Forms.refused(FORMS, "bogfoer", reader))
    try:
        _, outcome = tracker(request).book_expense(
            key, plan, booked_on, amount, text, actor_of(session.user), activity, funder, voucher, version
        )
    except (StaleError, RuleError) as e:
        return _page(request, session, key, plan, as_of, _refused(request, key, plan, "bogfoer", reader, version, e))
    return saved(key, as_of, outcome.position, "bogfoert", "oekonomi")


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
    if entry is None or booked_on is None or (which == "ret" and amount is None) or not reader.ok:
        return _page(request, session, key, plan, as_of, Forms.refused(FORMS, which, reader))
    books, actor = tracker(request), actor_of(session.user)
    try:
        if amount is None:
            _, outcome = books.reverse_expense(key, plan, entry, booked_on, reason, actor, version)
        else:
            _, outcome = books.correct_expense(key, plan, entry, booked_on, amount, reason, actor, version)
    except (StaleError, RuleError, NotFoundError) as e:
        return _page(request, session, key, plan, as_of, _refused(request, key, plan, which, reader, version, e))
    return saved(key, as_of, outcome.position, "rettet" if which == "ret" else "tilbagefoert", "oekonomi")


def _refused(
    request: Request, key: str, plan: str, which: str, reader: FormReader, seen: int | None, error: Exception
) -> Forms:
    return Forms.refused_by(error, FORMS, which, reader, (tracker(request), ledger_id(contract_id(key), plan), seen))


def _bookable(request: Request, session: Session, key: str, plan: str, day: date | None) -> ContractTerms:
    """The terms on the booking date, if this user may book on the plan (the domain's rules)."""
    terms = tracker(request).get_contract(key).terms(day)
    require_book(session.user, terms, key, plan)
    if plan not in {p.key for p in terms.plans}:
        raise PlanNotFoundError(key, plan)
    return terms


def _page(request: Request, session: Session, key: str, plan: str, as_of: Day, forms: Forms) -> Response:
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
    return render(
        request, "ledger_form.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        use=use, entries=entries, reversed=reversed_, remaining=remaining,
        version=book.version if book else 0, activities=[(a.key, a.name) for a in terms.activities],
        funders=[f.funder for f in frame.funders], forms=forms,
    )  # fmt: skip
