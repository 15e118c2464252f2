"""The facts the forum and proposal answers are made from, read from the log: revisions resting on decisions and
the proposals with their steps; and a proposal as its page and the API show it."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from api.reports.contract_views import revision_lines
from api.reports.plan_views import plan_records
from domain.proposal import Proposal
from domain.tracker import Tracker
from domain.vocabulary import CARD_FIELD, PROPOSAL_STATE, dk_date
from projections.forum_decisions import ProposalFact, RevisionFact, of_decision
from projections.plan_cofinancing import all_approvals


def revision_facts(tracker: Tracker, lines_for: str | None = None) -> list[RevisionFact]:
    """Every contract revision that names a decision; with the change lines of those of decision ``lines_for``
    (a decision number), which only a decision page needs."""
    facts = []
    for key in tracker.contract_keys():
        contract = tracker.get_contract(key)
        title = contract.terms().title
        for version in contract.versions:
            d = version.decision
            if d is None:
                continue
            fact = RevisionFact(
                key,
                title,
                version.number,
                version.effective_from,
                version.actor,
                d.decided_by,
                d.decided_on,
                d.reference,
            )
            if lines_for is not None and of_decision(fact)[1] == lines_for:
                lines = tuple(line.text for line in revision_lines(contract, version))
                fact = dataclasses.replace(fact, lines=lines)
            facts.append(fact)
    return facts


def proposal_facts(tracker: Tracker) -> list[ProposalFact]:
    return [proposal_fact(tracker.get_proposal(key)) for key in tracker.proposal_keys()]


def proposal_fact(p: Proposal) -> ProposalFact:
    last = p.steps[-1]
    discussed = tuple(s.on for s in p.steps if s.state == "discussed")
    return ProposalFact(
        p.key,
        p.title,
        p.forum,
        p.example,
        discussed,
        last.state,
        last.on,
        last.decision,
        last.contract,
        last.activity,
        last.note,
    )


def proposal_view(p: Proposal) -> dict[str, Any]:
    """A proposal: its card under the seed's headings, TEAM, its state and every step with who and when."""
    return {
        "key": p.key,
        "title": p.title,
        "forum": p.forum,
        "proposed_by": p.proposed_by,
        "example": p.example,
        "state": p.state,
        "state_text": PROPOSAL_STATE[p.state],
        "version": p.version,
        "card": [{"field": f, "heading": CARD_FIELD[f], "text": p.card[f]} for f in CARD_FIELD if p.card.get(f)],
        "team": list(p.team),
        "history": [
            {
                "state": s.state,
                "state_text": PROPOSAL_STATE[s.state],
                "on": s.on.isoformat(),
                "actor": s.actor,
                "recorded_at": s.recorded_at.isoformat(),
                "note": s.note,
                "decision": s.decision,
                "contract": s.contract,
                "activity": s.activity,
            }
            for s in p.steps
        ],
    }


def approval_facts(tracker: Tracker) -> list[dict[str, Any]]:
    """Every regulation-account approval in every plan, with its plan and use, for the decision pages."""
    approvals = all_approvals(plan_records(tracker))
    return [a | {"approved_on_text": dk_date(date.fromisoformat(a["approved_on"]))} for a in approvals]
