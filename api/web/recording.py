"""Forms for what parties record: a meeting held, an obligation fulfilled (or waived by a coordinator)."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from api.http.auth import ADMINISTER, RECORD, ForbiddenError, actor_of
from api.http.reading import one_record, tracker
from api.web import attesting
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import allowed, require_convene, require_role
from api.web.posting import duty_forms
from api.web.rendering import link, render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.duties import find_cadence, find_responsibility
from domain.errors import RuleError
from domain.obligation import Evidence, obligation_log_id
from domain.tracker import Tracker
from projections import obligation_status, overdue_meetings
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def saved(key: str, as_of: Day, position: int | None, message: str, anchor: str) -> RedirectResponse:
    """Back to the contract page, once the views include what was just recorded, at the section (``anchor``) that
    shows it: the page puts the confirmation at that section's top, so the browser lands on it."""
    target = link(f"/kontrakter/{key}", as_of=as_of.given, min_position=position, besked=message, afsnit=anchor)
    return RedirectResponse(f"{target}#{anchor}", status_code=303)


# --- a meeting held --------------------------------------------------------------------


@router.get("/kontrakter/{key}/moeder/{cadence}")
def meeting_form(request: Request, session: SessionDep, key: str, cadence: str, as_of: AsOf) -> Response:
    return _meeting_page(request, session, key, cadence, as_of, {"held_on": as_of.day.isoformat()}, {}, None, 200)


@router.post("/kontrakter/{key}/moeder/{cadence}")
def record_meeting(request: Request, session: Poster, form: Submitted, key: str, cadence: str, as_of: AsOf) -> Response:
    require_role(session.user, RECORD, "registrere møder")
    reader = FormReader(form, multiple={"attendees"})
    held_on = reader.day("held_on")
    terms = tracker(request).get_contract(key).terms(held_on)  # the parties to choose among
    require_convene(session.user, terms, key, cadence)
    attendees = reader.choices("attendees", {p.key for p in terms.parties}, at_least=1)
    decisions, agreements = reader.lines("decisions"), reader.lines("agreements")
    location = reader.text("location", required=False)
    if held_on is None or not reader.ok:
        return _meeting_page(request, session, key, cadence, as_of, reader.values(), reader.errors, None, 422)
    try:
        _, outcome = tracker(request).record_meeting_held(
            key, cadence, held_on, attendees, decisions, agreements, location, actor_of(session.user)
        )
    except RuleError as e:
        return _meeting_page(request, session, key, cadence, as_of, reader.values(), {}, str(e), 422)
    return saved(key, as_of, outcome.position, "moede", "moeder")


def _meeting_page(
    request: Request,
    session: Session,
    key: str,
    cadence: str,
    as_of: Day,
    values: dict[str, Any],
    errors: dict[str, str],
    form_error: str | None,
    status: int,
) -> Response:
    record = one_record(request, session.user, key)
    terms = terms_at(record, as_of.day)
    require_convene(session.user, terms, key, cadence)
    _, found = find_cadence(terms, cadence)
    compliance = next(c for c in overdue_meetings.compliance(record, as_of.day) if c["cadence"] == cadence)
    values.setdefault("attendees", [])
    return render(
        request, "meeting_form.html", status, session=session, key=key, title=terms.title, as_of=as_of,
        cadence=found, compliance=compliance, parties=terms.parties, values=values, errors=errors,
        form_error=form_error,
    )  # fmt: skip


# --- an obligation fulfilled or waived ---------------------------------------------------

OBLIGATION = "/kontrakter/{key}/forpligtelser/{responsibility}"
FORMS = ("opfyld", "frafald", "tilbagekald")
ACTIVITIES = "aktiviteter"  # the contract page's section an obligation is shown in


@router.get(OBLIGATION)
def obligation_form(request: Request, session: SessionDep, key: str, responsibility: str, as_of: AsOf) -> Response:
    initial = {"opfyld": {"fulfilled_on": as_of.day.isoformat()}}
    return _obligations(request, session, key, responsibility, as_of).show(initial)


@router.post(OBLIGATION + "/opfyld")
def fulfil(request: Request, session: Poster, form: Submitted, key: str, responsibility: str, as_of: AsOf) -> Response:
    require_role(session.user, RECORD, "registrere forpligtelser")
    reader = FormReader(form)
    version, due = reader.version(), reader.day("due", required=False)
    fulfilled_on, document = reader.day("fulfilled_on"), reader.text("document")
    write = None if fulfilled_on is None else lambda: tracker(request).fulfil_obligation(
        key, responsibility, fulfilled_on, Evidence(document=document), actor_of(session.user), due, version
    )  # fmt: skip
    page = _obligations(request, session, key, responsibility, as_of)
    return page.post("opfyld", reader, version, write, partial(saved, key, as_of, message="opfyldt", anchor=ACTIVITIES))


# A waiver and its withdrawal: the same fields, a coordinator's, one use case each.
WAIVERS = {
    "frafald": ("frafalde forpligtelser", Tracker.waive_obligation, "frafaldet"),
    "tilbagekald": ("tilbagekalde frafald", Tracker.withdraw_waiver, "frafald tilbagekaldt"),
}


@router.post(OBLIGATION + "/frafald")
def waive(request: Request, session: Poster, form: Submitted, key: str, responsibility: str, as_of: AsOf) -> Response:
    return _waiver(request, session, form, key, responsibility, as_of, "frafald")


@router.post(OBLIGATION + "/tilbagekald")
def withdraw(
    request: Request, session: Poster, form: Submitted, key: str, responsibility: str, as_of: AsOf
) -> Response:
    return _waiver(request, session, form, key, responsibility, as_of, "tilbagekald")


def _waiver(
    request: Request, session: Session, form: FormData, key: str, responsibility: str, as_of: Day, which: str
) -> Response:
    """Waive an occurrence or withdraw its waiver (``which``), with the reason."""
    action, record, message = WAIVERS[which]
    require_role(session.user, ADMINISTER, action)
    reader = FormReader(form)
    version, due, reason = reader.version(), reader.day("due"), reader.text("reason")
    write = None if due is None else partial(
        record, tracker(request), key, responsibility, due, reason, actor_of(session.user), version
    )  # fmt: skip
    page = _obligations(request, session, key, responsibility, as_of)
    return page.post(which, reader, version, write, partial(saved, key, as_of, message=message, anchor=ACTIVITIES))


def _obligation_page(
    request: Request, session: Session, key: str, responsibility: str, as_of: Day, forms: Forms
) -> Response:
    record = one_record(request, session.user, key)
    terms = terms_at(record, as_of.day)
    _, duty = find_responsibility(terms, responsibility)
    if duty.schedule.kind in attesting.STANDING_KINDS:  # attested per period or evidenced by date
        return attesting.standing_page(request, session, key, responsibility, as_of, forms)
    may = allowed(session.user, terms)
    may_fulfil, may_waive = responsibility in may.responsibilities, may.waive
    if not (may_fulfil or may_waive):
        raise ForbiddenError(f"Du kan ikke registrere noget på forpligtelsen '{responsibility}'.")
    rows = [
        o for o in obligation_status.status(record, as_of.day)["occurrences"] if o["responsibility"] == responsibility
    ]
    log = tracker(request).get_obligation_log(key, responsibility)
    return render(
        request, "obligation_form.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        duty=duty, party=next(p.name for p in terms.parties if p.key == duty.party), rows=rows,
        unsettled=[o for o in rows if o["state"] != "met"], version=log.version if log else 0,
        unwaived=[o for o in rows if o["settlement"] is None], waived=[o for o in rows if o["state"] == "waived"],
        may_fulfil=may_fulfil, may_waive=may_waive, forms=forms,
    )  # fmt: skip


_obligations = duty_forms(FORMS, _obligation_page, obligation_log_id)
