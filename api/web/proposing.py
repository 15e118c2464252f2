"""The proposal's page and the forms that take it through the forum: submit, discuss, adopt, reject, withdraw."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.accounts.users import User
from api.http.auth import actor_of
from api.http.reading import tracker
from api.reports.forum_facts import proposal_view
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.posting import FormPage
from api.web.rendering import link, render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.forum import forum_key
from domain.proposal import NEXT, Proposal, proposal_id
from domain.tracker import Outcome, Tracker

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/forslag/{key}"
# Form name: the state it leads to.
STEPS = {"indsend": "submitted", "droeft": "discussed", "vedtag": "adopted", "afvis": "rejected", "traek": "withdrawn"}
PROPOSERS = ("indsend", "traek")  # the proposing party's own steps; the others are the forum's (a coordinator's)


@router.get(PATH)
def proposal(request: Request, session: SessionDep, key: str, as_of: AsOf) -> Response:
    return _forms(request, session, key, as_of).show({n: {"on": as_of.day.isoformat()} for n in STEPS})


@router.post(PATH)
def step(request: Request, session: Poster, form: Submitted, key: str, as_of: AsOf) -> Response:
    reader = FormReader(form)
    which = reader.choice("skridt", STEPS) or "indsend"
    write = _write(reader, which, tracker(request), key, session.user)
    saved = partial(_saved, key, as_of)
    return _forms(request, session, key, as_of).post(which, reader, reader.version(), write, saved)


def _write(reader: FormReader, which: str, t: Tracker, key: str, user: User) -> Callable[[], Outcome] | None:
    """The use case the posted form asks for (None when a field it needs is missing)."""
    actor, seen = actor_of(user), reader.version()
    if which in ("indsend", "traek"):
        on, reason = reader.day("on"), reader.text("reason", required=which == "traek")
        if on is None:
            return None
        if which == "indsend":
            return lambda: t.submit_proposal(key, on, actor, seen)
        return lambda: t.withdraw_proposal(key, on, reason, actor, seen)
    if which == "droeft":
        held = reader.day("on")
        return None if held is None else (lambda: t.discuss_proposal(key, held, actor, seen))
    decision = reader.text("decision")
    if which == "afvis":
        reason = reader.text("reason")
        return lambda: t.reject_proposal(key, decision, reason, actor, seen)
    contract, activity, effective = reader.text("contract"), reader.text("activity"), reader.day("on", False)
    return lambda: t.adopt_proposal(key, decision, contract, activity, actor, effective, seen)[1]


def _saved(key: str, as_of: Day, position: int | None) -> Response:
    return RedirectResponse(link(f"/forslag/{key}", as_of=as_of.given, min_position=position), status_code=303)


def _forms(request: Request, session: Session, key: str, as_of: Day) -> FormPage:
    t = tracker(request)
    found = t.get_proposal(key)
    return FormPage(tuple(STEPS), partial(_page, request, session, found, as_of), t, proposal_id(key))


def _page(request: Request, session: Session, found: Proposal, as_of: Day, forms: Forms) -> Response:
    t = tracker(request)
    forum = t.get_forum(found.forum)
    user = session.user
    own = user.role == "party" and user.party == found.proposed_by
    shown = [
        n for n in STEPS if STEPS[n] in NEXT[found.state] and (user.role == "coordinator" or (own and n in PROPOSERS))
    ]
    revised = [k for k in t.contract_keys() if forum_key(t.get_contract(k).terms().revising_forum) == forum.key]
    decisions = [(d.number, f"{d.decided_on:%d.%m.%Y} – {d.reference}") for d in forum.decisions.values()]
    meetings = [(m.isoformat(), f"{m:%d.%m.%Y}") for m in sorted(forum.meetings)]
    return render(
        request, "proposal.html", forms.status, session=session, as_of=as_of, proposal=proposal_view(found),
        forum_name=forum.name, forum_key=forum.key, forms=forms, shown=shown, decisions=decisions,
        contracts=[(k, k) for k in revised], meetings=meetings,
    )  # fmt: skip
