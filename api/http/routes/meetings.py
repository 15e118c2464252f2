"""Meetings of a contract's cadences: schedule, record held, move, cancel (parties: only those they convene)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response, status

from api.http import problems
from api.http.auth import Reader, actor_of
from api.http.preconditions import etag
from api.http.reading import tracker as _tracker
from api.http.schemas import Cancel, Held, HeldUnscheduled, MeetingPlan, MeetingRecorded, Move, Recorded
from api.http.writing import RecorderCreate, RecorderWrite, Write
from domain.meeting import Meeting
from domain.tracker import Outcome

router = APIRouter(tags=["møder"], responses=problems.RESPONSES)
MeetingId = Annotated[UUID, Path(description="Mødets id (fra svaret da det blev planlagt).")]


def _meeting_view(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": str(meeting.id),
        "version": meeting.version,
        "contract": meeting.contract_key,
        "activity": meeting.activity,
        "cadence": meeting.cadence,
        "on": meeting.on.isoformat(),
        "state": meeting.state,
        "conveners": list(meeting.conveners),
        "location": meeting.location,
        "agenda": meeting.agenda,
        "attendees": list(meeting.attendees),
        "decisions": list(meeting.decisions),
        "agreements": list(meeting.agreements),
    }


@router.post(
    "/contracts/{key}/meetings", status_code=status.HTTP_201_CREATED, summary="Planlæg et møde i en mødekadence"
)
def schedule_meeting(write: RecorderCreate, key: str, body: MeetingPlan) -> MeetingRecorded:
    """Planlægger et møde i en af kontraktens mødekadencer. Parter kan kun planlægge møder, de indkalder til."""
    meeting_id, outcome = write.tracker.schedule_meeting(
        key, body.cadence, body.on, body.location, body.agenda, write.actor
    )
    return _new_meeting(write, meeting_id, outcome)


@router.post(
    "/contracts/{key}/meetings/held",
    status_code=status.HTTP_201_CREATED,
    summary="Registrér et afholdt møde, der ikke var planlagt her",
)
def record_held(write: RecorderCreate, key: str, body: HeldUnscheduled) -> MeetingRecorded:
    """Registrerer et afholdt møde, der ikke var planlagt her. Indkalderens forpligtelse til at indkalde regnes som
    opfyldt for perioden.
    """
    meeting_id, outcome = write.tracker.record_meeting_held(
        key, body.cadence, body.held_on, body.attendees, body.decisions, body.agreements, body.location, write.actor
    )
    return _new_meeting(write, meeting_id, outcome)


@router.get("/meetings/{meeting_id}", summary="Ét møde (ETag = mødets version)")
def get_meeting(request: Request, response: Response, user: Reader, meeting_id: MeetingId) -> dict[str, Any]:
    """Ét møde med status, deltagere og beslutninger. ETag er mødets version."""
    meeting = _tracker(request).get_meeting(meeting_id, actor_of(user))
    etag(response, meeting.version)
    return _meeting_view(meeting)


@router.post("/meetings/{meeting_id}/held", summary="Registrér et planlagt møde som afholdt")
def hold_meeting(write: RecorderWrite, meeting_id: MeetingId, body: Held) -> Recorded:
    """Registrerer et planlagt møde som afholdt med deltagende parter, beslutninger og aftaler. Kræver If-Match."""
    outcome = write.tracker.hold_meeting(
        meeting_id, body.held_on, body.attendees, body.decisions, body.agreements, write.actor, write.expected
    )
    return write.recorded(outcome)


@router.post("/meetings/{meeting_id}/move", summary="Flyt et planlagt møde")
def move_meeting(write: RecorderWrite, meeting_id: MeetingId, body: Move) -> Recorded:
    """Flytter et planlagt møde til en ny dato med begrundelse. Kræver If-Match."""
    return write.recorded(write.tracker.move_meeting(meeting_id, body.to, body.reason, write.actor, write.expected))


@router.post("/meetings/{meeting_id}/cancel", summary="Aflys et planlagt møde")
def cancel_meeting(write: RecorderWrite, meeting_id: MeetingId, body: Cancel) -> Recorded:
    """Aflyser et planlagt møde med begrundelse. Kræver If-Match."""
    return write.recorded(write.tracker.cancel_meeting(meeting_id, body.reason, write.actor, write.expected))


def _new_meeting(write: Write, meeting_id: UUID, outcome: Outcome) -> MeetingRecorded:
    write.created(f"/meetings/{meeting_id}")
    return write.answer(MeetingRecorded, outcome, meeting_id=meeting_id)
