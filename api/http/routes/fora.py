"""Fora and their decision registers: members, meetings, decisions, and what each decision authorised."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response, status
from pydantic import Field

from api.http import problems
from api.http.auth import Reader
from api.http.preconditions import etag_of
from api.http.reading import tracker as _tracker
from api.http.schemas import Body as In
from api.http.schemas import Free, Name, Recorded
from api.http.writing import CoordinatorCreate, CoordinatorWrite
from api.reports.forum_facts import approval_facts, proposal_facts, revision_facts
from domain.bounds import Day
from domain.forum_file import ForumFile, document_from_json
from projections.forum_decisions import decision_answer, forum_answer

router = APIRouter(tags=["fora"], responses=problems.RESPONSES)


class ForumMeetingIn(In):
    held_on: Day
    agenda: list[Free] = Field(min_length=1, max_length=200, description="Dagsordenspunkterne.")


class DecisionRecordIn(In):
    decided_on: Day
    reference: Name = Field(min_length=1, examples=["Referat, punkt 3"])
    text: Free = Field(min_length=1, description="Hvad forummet besluttede.")


class ForumImported(Recorded):
    key: str
    action: str = Field(description="created, updated eller unchanged.")


class DecisionRecorded(Recorded):
    number: str = Field(description="Beslutningens nummer i registret (dens adresse).")


@router.get("/forums", summary="Alle registrerede fora")
def fora(request: Request, user: Reader) -> list[dict[str, Any]]:
    """Hvert forum med nøgle, navn, byområde, antal medlemmer og antal beslutninger i registret."""
    tracker = _tracker(request)
    listed = [tracker.get_forum(key) for key in tracker.forum_keys()]
    return [
        {"key": f.key, "name": f.name, "urban_area": f.urban_area, "members": len(f.members),
         "decisions": len(f.decisions)}
        for f in listed
    ]  # fmt: skip


@router.put("/forums/{key}", summary="Registrér et forum fra dets fil, eller tilføj hvad filen har af nyt")
def import_forum(write: CoordinatorCreate, key: str, document: Annotated[dict[str, Any], Body()]) -> ForumImported:
    """Forumfilens format som JSON (se contracts/fora/). Nye medlemmer, udtrædelser, møder og beslutninger
    registreres; det allerede registrerede ændres ikke (en ændret beslutningstekst afvises)."""
    file = document_from_json(document | {"key": key}, ForumFile)
    done = write.tracker.import_forum(file, write.actor)
    return write.answer(ForumImported, done.outcome, key=done.key, action=done.action)


@router.get("/forums/{key}", summary="Et forum: medlemmer, møder, beslutninger pr. dato")
def forum(request: Request, response: Response, user: Reader, key: str,
          as_of: Annotated[Day | None, Query(description="Pr. dato (standard: i dag).")] = None) -> Any:  # fmt: skip
    """Medlemmer pr. datoen, møder med dagsorden og beslutningerne til og med datoen med antal revisioner og forslag
    hver har bemyndiget; `unregistered`: revisioner på forummets beslutninger der ikke er i beslutningsregistret."""
    tracker = _tracker(request)
    found = tracker.get_forum(key)
    etag_of(response, found)
    day = as_of or tracker.clock()
    return forum_answer(found, revision_facts(tracker), proposal_facts(tracker), day)


@router.post("/forums/{key}/meetings", status_code=status.HTTP_201_CREATED, summary="Registrér et forummøde")
def record_meeting(write: CoordinatorWrite, key: str, body: ForumMeetingIn) -> Recorded:
    """Et møde i forummet (ét pr. dag) med dagsordenspunkterne."""
    return write.recorded(write.tracker.record_forum_meeting(key, body.held_on, body.agenda, write.actor,
                                                             write.expected))  # fmt: skip


@router.post("/forums/{key}/decisions", status_code=status.HTTP_201_CREATED, summary="Registrér en beslutning")
def record_decision(write: CoordinatorWrite, key: str, body: DecisionRecordIn) -> DecisionRecorded:
    """En beslutning i forummets register: dato, reference (som revisioner angiver den) og tekst."""
    number, outcome = write.tracker.record_forum_decision(
        key, body.decided_on, body.reference, body.text, write.actor, write.expected
    )
    forum = write.tracker.get_forum(key)
    write.created(f"/forums/{forum.key}/decisions/{number}")
    return write.answer(DecisionRecorded, outcome, number=number)


@router.get("/forums/{key}/decisions/{number}", summary="En beslutning og alt hvad den bemyndigede")
def decision(request: Request, user: Reader, key: str, number: str) -> Any:
    """Revisioner af kontrakter (med hvad der ændredes), vedtagne og afviste forslag, og (når planerne har dem)
    godkendelser af brug af reguleringskontoen."""
    tracker = _tracker(request)
    found = tracker.get_forum(key)
    entry = found.decision(number)
    return decision_answer(
        found, entry, revision_facts(tracker, lines_for=number), proposal_facts(tracker), approval_facts(tracker)
    )
