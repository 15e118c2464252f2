"""Proposals (idea cards): draft, submit, discuss at a forum meeting, adopt into a contract, reject, withdraw."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import Field

from api.http import problems
from api.http.auth import Reader
from api.http.preconditions import etag_of
from api.http.reading import tracker as _tracker
from api.http.schemas import Body as In
from api.http.schemas import Free, Name, Recorded
from api.http.writing import CoordinatorWrite, RecorderCreate, RecorderWrite
from api.reports.forum_facts import proposal_facts, proposal_view
from domain.bounds import Day
from domain.forum_file import ProposalFile, document_from_json
from domain.terms.values import Key
from projections.forum_decisions import proposal_list

router = APIRouter(tags=["forslag"], responses=problems.RESPONSES)
State = Literal["drafted", "submitted", "discussed", "adopted", "rejected", "withdrawn"]


class StepIn(In):
    on: Day


class WithdrawalIn(StepIn):
    reason: Free = ""


class DiscussionIn(In):
    held_on: Day = Field(description="Dagen for forummødet hvor forslaget blev drøftet.")


class AdoptionIn(In):
    decision: Name = Field(min_length=1, description="Beslutningens nummer i forummets register.")
    contract: Key
    activity: Key = Field(description="Nøglen for den nye aktivitet i kontrakten.")
    effective_from: Day | None = Field(default=None, description="Gældende fra (standard: beslutningens dato).")


class RejectionIn(In):
    decision: Name = Field(min_length=1, description="Beslutningens nummer i forummets register.")
    reason: Free = Field(min_length=1)


class ProposalSaved(Recorded):
    action: str = Field(description="created, changed eller unchanged.")


@router.get("/proposals", summary="Forslag (idékort), evt. i én tilstand")
def proposals(
    request: Request,
    user: Reader,
    state: Annotated[State | None, Query(description="Kun forslag i denne tilstand.")] = None,
) -> list[dict[str, Any]]:
    """Forslagene med tilstand, seneste skridts dato og – for vedtagne – kontrakt og aktivitet."""
    return proposal_list(proposal_facts(_tracker(request)), state)


@router.put("/proposals/{key}", summary="Opret et forslag fra dets idékort, eller ret kladden")
def draft(write: RecorderCreate, key: str, document: Annotated[dict[str, Any], Body()]) -> ProposalSaved:
    """Forslagsfilens format som JSON (se contracts/proposals/). En part stiller forslag for sig selv."""
    file = document_from_json(document | {"key": key}, ProposalFile)
    action, outcome = write.tracker.draft_proposal(file, write.actor)
    return write.answer(ProposalSaved, outcome, action=action)


@router.get("/proposals/{key}", summary="Et forslag: idékortet, tilstand og historik")
def proposal(request: Request, response: Response, user: Reader, key: str) -> dict[str, Any]:
    """Idékortets felter under deres overskrifter, TEAM (organisationer), tilstanden og hvert skridt med hvem og
    hvornår."""
    found = _tracker(request).get_proposal(key)
    etag_of(response, found)
    return proposal_view(found)


@router.post("/proposals/{key}/submission", summary="Indsend forslaget til forummet")
def submit(write: RecorderWrite, key: str, body: StepIn) -> Recorded:
    """Forslagsstilleren (eller en koordinator) indsender kladden."""
    return write.recorded(write.tracker.submit_proposal(key, body.on, write.actor, write.expected))


@router.post("/proposals/{key}/withdrawal", summary="Træk forslaget tilbage")
def withdraw(write: RecorderWrite, key: str, body: WithdrawalIn) -> Recorded:
    """Før forummet har truffet beslutning; af forslagsstilleren eller en koordinator."""
    return write.recorded(write.tracker.withdraw_proposal(key, body.on, body.reason, write.actor, write.expected))


@router.post("/proposals/{key}/discussion", summary="Registrér at forummet drøftede forslaget")
def discuss(write: CoordinatorWrite, key: str, body: DiscussionIn) -> Recorded:
    """På et registreret møde i forummet."""
    return write.recorded(write.tracker.discuss_proposal(key, body.held_on, write.actor, write.expected))


@router.post("/proposals/{key}/adoption", summary="Vedtag forslaget som aktivitet i en kontrakt")
def adopt(write: CoordinatorWrite, key: str, body: AdoptionIn) -> Recorded:
    """På en beslutning i forummets register: kontrakten revideres med en ny aktivitet der henviser til forslaget."""
    _, outcome = write.tracker.adopt_proposal(
        key, body.decision, body.contract, body.activity, write.actor, body.effective_from, write.expected
    )
    return write.recorded(outcome)


@router.post("/proposals/{key}/rejection", summary="Afvis forslaget")
def reject(write: CoordinatorWrite, key: str, body: RejectionIn) -> Recorded:
    """På en beslutning i forummets register, med begrundelsen."""
    return write.recorded(write.tracker.reject_proposal(key, body.decision, body.reason, write.actor, write.expected))
