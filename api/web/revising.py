"""The revision form: a forum decision that changes a cadence's frequency or a plan's budget frame from a date."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError

from api.auth import ADMINISTER
from api.web.conflicts import Stale, stale
from api.web.errors import WebRoute
from api.web.fields import FormReader
from api.web.params import AsOf, Day
from api.web.permissions import require_role
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.contract import contract_id
from domain.errors import RuleError, StaleError, TermsError
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.versions import Decision

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/kontrakter/{key}/revision"
FREQUENCIES = {"per_year": "gange årligt", "every_months": "hver N. måned", "as_needed": "efter behov"}


def _tracker(request: Request) -> Tracker:
    return request.app.state.tracker  # type: ignore[no-any-return]


@router.get(PATH)
def revision_form(request: Request, session: SessionDep, key: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "registrere revisioner")
    forum = _tracker(request).get_contract(key).terms().revising_forum
    defaults = {"effective_from": as_of.day.isoformat(), "decided_by": forum}
    return _page(request, session, key, as_of, {"kadence": dict(defaults), "ramme": dict(defaults)}, {}, 200)


@router.post(PATH)
def revise(request: Request, session: Poster, form: Submitted, key: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "registrere revisioner")
    tracker = _tracker(request)
    reader = FormReader(form)
    change = "ramme" if reader.raw("change") == "ramme" else "kadence"
    version, effective = reader.version(), reader.day("effective_from")
    decision = Decision(reader.text("decided_by"), reader.day("decided_on", required=False), reader.text("reference"))
    try:
        terms = _changed(tracker.get_contract(key).terms(effective), change, reader)
        if effective is None or terms is None or not reader.ok:
            return _retry(request, session, key, as_of, change, reader, None)
        changes, outcome = tracker.revise_contract(key, terms, effective, decision, session.user.name, version)
    except StaleError as e:
        return _retry(request, session, key, as_of, change, reader, None, stale(tracker, contract_id(key), version, e))
    except RuleError as e:
        return _retry(request, session, key, as_of, change, reader, str(e))
    if not changes:
        unchanged = f"Ingen ændring: sådan er vilkårene allerede fra {effective:%d.%m.%Y}."
        return _retry(request, session, key, as_of, change, reader, unchanged)
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
        raise TermsError([(".".join(str(p) for p in err["loc"]), err["msg"]) for err in e.errors()]) from None


def _frequency(kind: str, number: int | None) -> dict[str, Any]:
    if kind == "per_year":
        return {"kind": "per_year", "times": number}
    if kind == "every_months":
        return {"kind": "every", "interval": number, "unit": "months"}
    return {"kind": "as_needed"}


def _retry(
    request: Request,
    session: Session,
    key: str,
    as_of: Day,
    which: str,
    reader: FormReader,
    form_error: str | None,
    conflict: Stale | None = None,
) -> Response:
    values: dict[str, dict[str, Any]] = {"kadence": {}, "ramme": {}, which: reader.values()}
    problem = {which: form_error or reader.errors.get("version")}
    status = 409 if conflict else 422
    return _page(request, session, key, as_of, values, {which: reader.errors}, status, problem, conflict)


def _page(
    request: Request,
    session: Session,
    key: str,
    as_of: Day,
    values: dict[str, dict[str, Any]],
    errors: dict[str, dict[str, str]],
    status: int,
    form_error: dict[str, str | None] | None = None,
    conflict: Stale | None = None,
) -> Response:
    contract = _tracker(request).get_contract(key)
    terms = contract.terms(as_of.day)
    cadences = [(c.key, c.name, c.frequency.describe()) for a in terms.activities for c in a.cadences]
    return render(
        request, "revision_form.html", status, session=session, key=key, title=terms.title, as_of=as_of,
        version=contract.version, cadences=cadences, plans=terms.plans, frequencies=list(FREQUENCIES.items()),
        values=values, errors=errors, form_error=form_error or {}, stale=conflict,
    )  # fmt: skip
