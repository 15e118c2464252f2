"""Forms for a cadence's meetings in the calendar: schedule one, then hold, move or cancel it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from uuid import UUID

from fastapi import APIRouter, Request, Response
from starlette.datastructures import FormData

from api.http.auth import RECORD, actor_of
from api.http.reading import one_record, tracker
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import require_convene, require_role
from api.web.posting import FormPage
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.contract import contract_id
from domain.duties import find_cadence
from domain.errors import MeetingNotFoundError
from domain.meeting import Meeting
from domain.permissions import Actor
from domain.tracker import Outcome
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)
SCHEDULE = "/kontrakter/{key}/moeder/{cadence}/planlaeg"
MEETING = "/kontrakter/{key}/moede/{meeting_id}"
FORMS = ("afhold", "flyt", "aflys")
SECTION = "moeder"  # the contract page's section the meetings are shown in


# --- schedule a meeting of a cadence ---------------------------------------------------


@router.get(SCHEDULE)
def schedule_form(request: Request, session: SessionDep, key: str, cadence: str, as_of: AsOf) -> Response:
    return _scheduling(request, session, key, cadence, as_of).show({"planlaeg": {"on": as_of.day.isoformat()}})


@router.post(SCHEDULE)
def schedule(request: Request, session: Poster, form: Submitted, key: str, cadence: str, as_of: AsOf) -> Response:
    require_role(session.user, RECORD, "planlægge møder")
    reader = FormReader(form)
    on, location = reader.day("on"), reader.text("location", required=False)
    agenda = reader.text("agenda", required=False)
    write = None if on is None else lambda: tracker(request).schedule_meeting(
        key, cadence, on, location, agenda, actor_of(session.user)
    )[1]  # fmt: skip
    page = _scheduling(request, session, key, cadence, as_of)
    return page.post("planlaeg", reader, None, write, partial(saved, key, as_of, message="planlagt", anchor=SECTION))


def _scheduling(request: Request, session: Session, key: str, cadence: str, as_of: Day) -> FormPage:
    draw = partial(_schedule_page, request, session, key, cadence, as_of)
    return FormPage(("planlaeg",), draw, tracker(request), contract_id(key))


def _schedule_page(request: Request, session: Session, key: str, cadence: str, as_of: Day, forms: Forms) -> Response:
    terms = terms_at(one_record(request, session.user, key), as_of.day)
    require_convene(session.user, terms, key, cadence)
    _, found = find_cadence(terms, cadence)
    return render(
        request, "meeting_schedule_form.html", forms.status, session=session, key=key, title=terms.title,
        as_of=as_of, cadence=found, forms=forms,
    )  # fmt: skip


# --- hold, move or cancel a scheduled meeting --------------------------------------------


@router.get(MEETING)
def meeting_page(request: Request, session: SessionDep, key: str, meeting_id: UUID, as_of: AsOf) -> Response:
    meeting = _meeting(request, session, key, meeting_id)
    initial = {"afhold": {"held_on": meeting.on.isoformat(), "attendees": list(meeting.conveners)}}
    return _forms(request, session, key, meeting_id, as_of).show(initial)


@router.post(MEETING + "/afhold")
def hold(request: Request, session: Poster, form: Submitted, key: str, meeting_id: UUID, as_of: AsOf) -> Response:
    reader = _reader(session, form, "registrere møder")
    held_on = reader.day("held_on")
    parties = {p.key for p in tracker(request).get_contract(key).terms(held_on).parties}
    attendees = reader.choices("attendees", parties, at_least=1)
    decisions, agreements = reader.lines("decisions"), reader.lines("agreements")
    write = None if held_on is None else partial(
        tracker(request).hold_meeting, meeting_id, held_on, attendees, decisions, agreements
    )  # fmt: skip
    return _post(request, session, key, meeting_id, as_of, "afhold", reader, write, "moede")


@router.post(MEETING + "/flyt")
def move(request: Request, session: Poster, form: Submitted, key: str, meeting_id: UUID, as_of: AsOf) -> Response:
    reader = _reader(session, form, "flytte møder")
    to, reason = reader.day("to"), reader.text("reason", required=False)
    write = None if to is None else partial(tracker(request).move_meeting, meeting_id, to, reason)
    return _post(request, session, key, meeting_id, as_of, "flyt", reader, write, "flyttet")


@router.post(MEETING + "/aflys")
def cancel(request: Request, session: Poster, form: Submitted, key: str, meeting_id: UUID, as_of: AsOf) -> Response:
    reader = _reader(session, form, "aflyse møder")
    cancelled = partial(tracker(request).cancel_meeting, meeting_id, reader.text("reason"))
    return _post(request, session, key, meeting_id, as_of, "aflys", reader, cancelled, "aflyst")


def _reader(session: Session, form: FormData, action: str) -> FormReader:
    """The form of a meeting's page, once the user's role may record meetings at all."""
    require_role(session.user, RECORD, action)
    return FormReader(form, multiple={"attendees"})


def _post(
    request: Request,
    session: Session,
    key: str,
    meeting_id: UUID,
    as_of: Day,
    which: str,
    reader: FormReader,
    write: Callable[[Actor, int | None], Outcome] | None,
    message: str,
) -> Response:
    """Form ``which`` of the meeting's page posted: ``write`` (given the actor and the version the form showed)
    runs, then back to the contract's meetings with ``message``."""
    _meeting(request, session, key, meeting_id)
    version = reader.version()
    written = None if write is None else partial(write, actor_of(session.user), version)
    page = _forms(request, session, key, meeting_id, as_of)
    return page.post(which, reader, version, written, partial(saved, key, as_of, message=message, anchor=SECTION))


def _forms(request: Request, session: Session, key: str, meeting_id: UUID, as_of: Day) -> FormPage:
    draw = partial(_meeting_drawn, request, session, key, meeting_id, as_of)
    return FormPage(FORMS, draw, tracker(request), meeting_id)


def _meeting(request: Request, session: Session, key: str, meeting_id: UUID) -> Meeting:
    """The meeting, if it is one of this contract's and the user may record its cadence's meetings."""
    meeting = tracker(request).get_meeting(meeting_id, actor_of(session.user))
    if meeting.contract_key != key:
        raise MeetingNotFoundError(meeting_id)
    require_convene(session.user, tracker(request).get_contract(key).terms(meeting.on), key, meeting.cadence)
    return meeting


def _meeting_drawn(
    request: Request, session: Session, key: str, meeting_id: UUID, as_of: Day, forms: Forms
) -> Response:
    meeting = _meeting(request, session, key, meeting_id)
    terms = terms_at(one_record(request, session.user, key), as_of.day)
    _, found = find_cadence(terms, meeting.cadence)
    forms.values["afhold"].setdefault("attendees", [])
    return render(
        request, "meeting_page.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        meeting=meeting, cadence=found, parties=terms.parties, version=meeting.version, forms=forms,
    )  # fmt: skip
