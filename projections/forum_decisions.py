"""What a forum decided and what each decision authorised: revisions of contracts, proposals adopted or rejected,
and regulation-account approvals of a plan's co-financing – a pure answer for an explicit ``as_of`` date.

The facts are handed in as typed records (``api/reports/forum_facts.py`` gathers them from the log): a revision
names its decision as the contract recorded it; it belongs to a registered decision when forum, day and reference
match (``domain.forum.decision_number``), and is listed as "ikke i beslutningsregistret" (legacy) otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.forum import Forum, RegisteredDecision, decision_number, forum_key
from domain.vocabulary import DECISION_STANDING, PROPOSAL_STATE, dk_date


@dataclass(frozen=True)
class RevisionFact:
    """One contract revision resting on a forum decision."""

    contract: str
    title: str
    version: int
    effective_from: date
    actor: str
    decided_by: str
    decided_on: date | None
    reference: str | None
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProposalFact:
    """A proposal to a forum: its state, and the decision, contract and activity of its last step."""

    key: str
    title: str
    forum: str
    example: bool
    discussed_on: tuple[date, ...]
    state: str
    on: date
    decision: str = ""
    contract: str = ""
    activity: str = ""
    note: str = ""


def of_decision(fact: RevisionFact) -> tuple[str, str]:
    """The forum key and decision number a revision's decision names."""
    return decision_key(fact.decided_by, fact.decided_on, fact.reference)


def decision_key(decided_by: str, decided_on: date | None, reference: str | None) -> tuple[str, str]:
    """The forum key and decision number a decision (forum, day, reference) names; no number without a day."""
    number = decision_number(decided_on, reference or "") if decided_on else ""
    return forum_key(decided_by), number


def forum_answer(forum: Forum, revisions: list[RevisionFact], proposals: list[ProposalFact], as_of: date) -> Any:
    """The forum as of a day: members then, meetings and decisions up to then, and the legacy revisions."""
    mine = [r for r in revisions if of_decision(r)[0] == forum.key]
    return {
        "key": forum.key,
        "name": forum.name,
        "urban_area": forum.urban_area,
        "register_from": forum.register_from.isoformat(),
        "as_of": as_of.isoformat(),
        "members": [
            {
                "party": m.party,
                "name": m.name,
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on and m.left_on.isoformat(),
                "member": m.member_on(as_of),
            }
            for m in sorted(forum.members.values(), key=lambda m: m.name.lower())
        ],
        "meetings": [
            {
                "held_on": m.held_on.isoformat(),
                "agenda": list(m.agenda),
                "proposals": [p.key for p in proposals if m.held_on in p.discussed_on],
            }
            for m in sorted(forum.meetings.values(), key=lambda m: m.held_on)
            if m.held_on <= as_of
        ],
        "decisions": [
            _decision(d) | {"authorised": _counts(d, mine, proposals)}
            for d in sorted(forum.decisions.values(), key=lambda d: (d.decided_on, d.number))
            if d.decided_on <= as_of
        ],
        "unregistered": [_revision(r) for r in mine if of_decision(r)[1] not in forum.decisions],
    }


def decision_answer(
    forum: Forum,
    decision: RegisteredDecision,
    revisions: list[RevisionFact],
    proposals: list[ProposalFact],
    approvals: Sequence[dict[str, Any]] = (),
) -> Any:
    """Everything one decision authorised; ``approvals`` are the plans' regulation-account approvals, each with the
    forum decision it names (``decision``: decided_by, decided_on, reference), as the plan's record keeps them."""
    mine = [r for r in revisions if of_decision(r) == (forum.key, decision.number)]
    return {
        "forum": {"key": forum.key, "name": forum.name},
        **_decision(decision),
        "revisions": [_revision(r) for r in mine],
        "proposals": [_proposal(p) for p in proposals if p.decision == decision.number and p.forum == forum.key],
        "approvals": [a for a in approvals if _approval_of(a) == (forum.key, decision.number)],
    }


def _approval_of(approval: dict[str, Any]) -> tuple[str, str]:
    """The forum key and decision number an approval's decision names (as ``of_decision`` for a revision)."""
    named = approval["decision"]
    day = date.fromisoformat(named["decided_on"]) if named.get("decided_on") else None
    return decision_key(named["decided_by"], day, named.get("reference"))


def _decision(d: RegisteredDecision) -> dict[str, Any]:
    return {
        "number": d.number,
        "decided_on": d.decided_on.isoformat(),
        "decided_on_text": dk_date(d.decided_on),
        "reference": d.reference,
        "text": d.text,
        "recorded_by": d.actor,
        "recorded_at": d.recorded_at.isoformat(),
        "standing": DECISION_STANDING["registered"],
    }


def _counts(d: RegisteredDecision, mine: list[RevisionFact], proposals: list[ProposalFact]) -> dict[str, int]:
    return {
        "revisions": sum(1 for r in mine if of_decision(r)[1] == d.number),
        "proposals": sum(1 for p in proposals if p.decision == d.number),
    }


def _revision(r: RevisionFact) -> dict[str, Any]:
    return {
        "contract": r.contract,
        "title": r.title,
        "version": r.version,
        "effective_from": r.effective_from.isoformat(),
        "actor": r.actor,
        "decision": {
            "decided_by": r.decided_by,
            "decided_on": r.decided_on and r.decided_on.isoformat(),
            "reference": r.reference,
        },
        "lines": list(r.lines),
    }


def _proposal(p: ProposalFact) -> dict[str, Any]:
    return {
        "key": p.key,
        "title": p.title,
        "state": p.state,
        "state_text": PROPOSAL_STATE.get(p.state, p.state),
        "on": p.on.isoformat(),
        "contract": p.contract,
        "activity": p.activity,
        "reason": p.note if p.state == "rejected" else "",
        "example": p.example,
    }


def proposal_list(proposals: list[ProposalFact], state: str | None) -> list[dict[str, Any]]:
    """Proposals, optionally in one state, newest step first."""
    chosen = [p for p in proposals if state is None or p.state == state]
    return [_proposal(p) | {"forum": p.forum} for p in sorted(chosen, key=lambda p: (p.on, p.key), reverse=True)]
