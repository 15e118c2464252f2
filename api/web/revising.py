"""The revision form: a forum decision that changes a cadence's frequency or a plan's budget frame from a date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, Request, Response

from api.http.auth import ADMINISTER, actor_of
from api.http.reading import tracker
from api.web.conflicts import stale
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import require_role
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.cadence import AsNeeded, Every, Frequency, PerYear
from domain.contract import contract_id
from domain.errors import RuleError, StaleError
from domain.permissions import Actor
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.use_cases.revisions import Revised, budget_frame, cadence_frequency
from domain.versions import Decision

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/kontrakter/{key}/revision"
FORMS = ("kadence", "ramme")
FREQUENCIES = {"per_year": "gange årligt", "every_months": "hver N. måned", "as_needed": "efter behov"}


@router.get(PATH)
def revision_form(request: Request, session: SessionDep, key: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "registrere revisioner")
    forum = tracker(request).get_contract(key).terms().revising_forum
    defaults = {"effective_from": as_of.day.isoformat(), "decided_by": forum}
    return _page(request, session, key, as_of, Forms({"kadence": dict(defaults), "ramme": dict(defaults)}))


@router.post(PATH)
def revise(request: Request, session: Poster, form: Submitted, key: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "registrere revisioner")
    reader = FormReader(form)
    change = "ramme" if reader.raw("change") == "ramme" else "kadence"
    version, effective = reader.version(), reader.day("effective_from")
    decision = Decision(reader.text("decided_by"), reader.day("decided_on"), reader.text("reference"))
    terms = tracker(request).get_contract(key).terms(effective)  # the cadences and plans to choose among
    revision = _cadence(reader, terms) if change == "kadence" else _frame(reader, terms)
    if effective is None or revision is None or not reader.ok:
        return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader))
    try:
        changes, outcome = revision(tracker(request), key, effective, decision, actor_of(session.user), version)
    except StaleError as e:
        conflict = stale(tracker(request), contract_id(key), version, e)
        return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader, stale=conflict))
    except RuleError as e:
        return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader, str(e)))
    if not changes:
        unchanged = f"Ingen ændring: sådan er vilkårene allerede fra {effective:%d.%m.%Y}."
        return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader, unchanged))
    return saved(key, as_of, outcome.position, "revideret", "moeder" if change == "kadence" else "oekonomi")


Revision = Callable[[Tracker, str, date, Decision, Actor, int | None], Revised]


def _cadence(reader: FormReader, terms: ContractTerms) -> Revision | None:
    """The use case changing the cadence the form names (None when a field is wrong)."""
    cadence = reader.choice("cadence", {c.key for a in terms.activities for c in a.cadences})
    kind = reader.choice("frequency", FREQUENCIES)
    number = reader.whole("number", minimum=1, maximum=365) if kind != "as_needed" else None
    if cadence is None or kind is None or (kind != "as_needed" and number is None):
        return None
    frequency = _frequency(kind, number)
    edit = cadence_frequency(cadence, frequency)
    return lambda t, key, on, decision, actor, version: t.revise_contract(key, edit, on, decision, actor, version)


def _frame(reader: FormReader, terms: ContractTerms) -> Revision | None:
    """The use case setting the budget frame the form names (None when a field is wrong)."""
    plan, total = reader.choice("plan", {p.key for p in terms.plans}), reader.kroner("total")
    if plan is None or total is None:
        return None
    return lambda t, key, on, decision, actor, version: t.revise_contract(
        key, budget_frame(key, plan, total, None), on, decision, actor, version
    )


def _frequency(kind: str, number: int | None) -> Frequency:
    if kind == "per_year" and number is not None:
        return PerYear(kind="per_year", times=number)
    if kind == "every_months" and number is not None:
        return Every(kind="every", interval=number, unit="months")
    return AsNeeded(kind="as_needed")


def _page(request: Request, session: Session, key: str, as_of: Day, forms: Forms) -> Response:
    contract = tracker(request).get_contract(key)
    terms = contract.terms(as_of.day)
    cadences = [(c.key, c.name, c.frequency.describe()) for a in terms.activities for c in a.cadences]
    return render(
        request, "revision_form.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        version=contract.version, cadences=cadences, plans=terms.plans, frequencies=list(FREQUENCIES.items()),
        forms=forms,
    )  # fmt: skip
