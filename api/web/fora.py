"""The fora's pages: a forum (members, meetings, decisions), a decision and what it authorised, and proposals."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.http import reading
from api.reports.forum_facts import approval_facts, proposal_facts, revision_facts
from api.web.errors import WebRoute
from api.web.params import AsOf
from api.web.rendering import render
from api.web.session import SessionDep
from domain.proposal import NEXT
from projections.forum_decisions import decision_answer, forum_answer, proposal_list

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get("/fora")
def fora(request: Request, session: SessionDep, as_of: AsOf) -> Response:
    tracker = reading.tracker(request)
    listed = [tracker.get_forum(key) for key in tracker.forum_keys()]
    return render(request, "fora.html", session=session, as_of=as_of, fora=listed)


@router.get("/fora/{key}")
def forum(request: Request, session: SessionDep, key: str, as_of: AsOf) -> Response:
    tracker = reading.tracker(request)
    answer = forum_answer(tracker.get_forum(key), revision_facts(tracker), proposal_facts(tracker), as_of.day)
    return render(request, "forum.html", session=session, as_of=as_of, forum=answer)


@router.get("/fora/{key}/beslutninger/{number}")
def decision(request: Request, session: SessionDep, key: str, number: str, as_of: AsOf) -> Response:
    tracker = reading.tracker(request)
    found = tracker.get_forum(key)
    answer = decision_answer(
        found, found.decision(number), revision_facts(tracker, number), proposal_facts(tracker), approval_facts(tracker)
    )
    return render(request, "forum_decision.html", session=session, as_of=as_of, decision=answer)


@router.get("/forslag")
def proposals(request: Request, session: SessionDep, as_of: AsOf, tilstand: str | None = None) -> Response:
    state = tilstand if tilstand in NEXT else None
    rows = proposal_list(proposal_facts(reading.tracker(request)), state)
    return render(request, "proposals.html", session=session, as_of=as_of, rows=rows, state=state or "")
