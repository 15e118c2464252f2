"""The revision form: a forum decision that changes a cadence's frequency or a plan's budget frame from a date."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError

from api.http.auth import ADMINISTER
from api.http.reading import tracker
from api.web.conflicts import stale
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import require_role
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.contract import contract_id
from domain.errors import RuleError, StaleError
from domain.terms import ContractTerms, terms_error
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
    decision = Decision(reader.text("decided_by"), reader.day("decided_on", required=False), reader.text("reference"))
    try:
        terms = _changed(tracker(request).get_contract(key).terms(effective), change, reader)
        if effective is None or terms is None or not reader.ok:
            return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader))
        changes, outcome = tracker(request).revise_contract(key, terms, effective, decision, session.user.name, version)
    except StaleError as e:
        conflict = stale(tracker(request), contract_id(key), version, e)
        return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader, stale=conflict))
    except RuleError as e:
        return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader, str(e)))
    if not changes:
        unchanged = f"Ingen ændring: sådan er vilkårene allerede fra {effective:%d.%m.%Y}."
        return _page(request, session, key, as_of, Forms.refused(FORMS, change, reader, unchanged))
    return saved(key, as_of, outcome.position, "revideret", "moeder" if change == "kadence" else "oekonomi")


def _changed(terms: ContractTerms, change: str, reader: FormReader) -> ContractTerms | None:
    """The terms with the one change the form asks for (None when a field is wrong)."""
    data = terms.model_dump(mode="json")
    if change == "kadence":
        cadences = {c["key"]: c for a in data["activities"] for c in a["cadences"]}
        cadence = reader.choice("cadence", cadences)
        kind = reader.choice("frequency", FREQUENCIES)
        number = reader.whole("number", minimum=1, maximum=365) if kind != "as_needed" else None
        if cadence is None or kind is None or (kind != "as_needed" and number is None):
            return None
        cadences[cadence]["frequency"] = _frequency(kind, number)
    else:
        plans = {p["key"]: p for p in data["plans"]}
        plan, total = reader.choice("plan", plans), reader.kroner("total")
        if plan is None or total is None:
            return None
        plans[plan]["budget_frame"]["total"] = total
    try:
        return ContractTerms.model_validate(data)
    except ValidationError as e:
        raise terms_error(e) from None


def _frequency(kind: str, number: int | None) -> dict[str, Any]:
    if kind == "per_year":
        return {"kind": "per_year", "times": number}
    if kind == "every_months":
        return {"kind": "every", "interval": number, "unit": "months"}
    return {"kind": "as_needed"}


def _page(request: Request, session: Session, key: str, as_of: Day, forms: Forms) -> Response:
    contract = tracker(request).get_contract(key)
    terms = contract.terms(as_of.day)
    cadences = [(c.key, c.name, c.frequency.describe()) for a in terms.activities for c in a.cadences]
    return render(
        request, "revision_form.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        version=contract.version, cadences=cadences, plans=terms.plans, frequencies=list(FREQUENCIES.items()),
        forms=forms,
    )  # fmt: skip
