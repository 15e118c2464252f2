"""Proposal use cases: draft an idea card, submit it, discuss it at a forum meeting, adopt, reject or withdraw it."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.forum import Forum, forum_key
from domain.forum_file import ProposalFile
from domain.permissions import Actor, acting, require_administer, require_role
from domain.proposal import Proposal, proposal_id
from domain.proposal_errors import (
    ActivityAlreadyInContractError,
    ContractNotUnderForumError,
    NotProposerError,
    ProposalAlreadyExistsError,
    ProposalMeetingNotFoundError,
    ProposalNotFoundError,
    ProposerNotMemberError,
)
from domain.use_cases.fora import ForumUseCases
from domain.use_cases.records import Outcome, current, use_case
from domain.use_cases.revisions import validated
from domain.versions import Change, Decision


class ProposalUseCases(ForumUseCases):
    """Idea cards put to a forum, and what the forum decided about them."""

    @use_case
    def draft_proposal(self, file: ProposalFile, actor: Actor | str) -> tuple[str, Outcome]:
        """Draft a proposal from its card (or change the card of a draft); a party user proposes as its party."""
        who = acting(actor)
        forum = self._forum(file.forum, "read")
        self._may_propose(who, forum, file.proposed_by)
        proposal = self._maybe(proposal_id(file.key), Proposal, "write")
        if proposal is None:
            proposal = Proposal.draft(
                file.key, file.title, forum.key, file.proposed_by, file.card_fields(), list(file.team),
                file.example, file.drafted_on, who.name,
            )  # fmt: skip
            return "created", self._save(proposal, subject=proposal)
        if proposal.forum != forum.key or proposal.proposed_by != file.proposed_by:
            raise ProposalAlreadyExistsError(file.key)
        if not proposal.change_card(file.title, file.card_fields(), list(file.team), who.name):
            return "unchanged", Outcome(proposal.version, None)
        return "changed", self._save(proposal, subject=proposal)

    @use_case
    def submit_proposal(self, key: str, on: date, actor: Actor | str, expected_version: int | None = None) -> Outcome:
        """Submit a draft to the forum (its proposer or a coordinator)."""
        proposal = self._proposal_for(key, acting(actor), expected_version, proposer_too=True)
        proposal.submit(on, acting(actor).name)
        return self._save(proposal, subject=proposal)

    @use_case
    def withdraw_proposal(
        self, key: str, on: date, reason: str, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Withdraw a proposal before the forum decided on it (its proposer or a coordinator)."""
        proposal = self._proposal_for(key, acting(actor), expected_version, proposer_too=True)
        proposal.withdraw(on, reason, acting(actor).name)
        return self._save(proposal, subject=proposal)

    @use_case
    def discuss_proposal(
        self, key: str, held_on: date, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Record that the forum discussed the proposal at its meeting of that day."""
        proposal = self._proposal_for(key, acting(actor), expected_version)
        forum = self._forum(proposal.forum, "read")
        if held_on not in forum.meetings:
            raise ProposalMeetingNotFoundError(forum.name, held_on)
        proposal.discuss(held_on, acting(actor).name)
        return self._save(proposal, subject=proposal)

    @use_case
    def reject_proposal(
        self, key: str, decision: str, reason: str, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Record the forum's decision to reject the proposal, with the reason."""
        proposal = self._proposal_for(key, acting(actor), expected_version)
        entry = self._forum(proposal.forum, "read").decision(decision)
        proposal.reject(entry.decided_on, entry.number, reason, acting(actor).name)
        return self._save(proposal, subject=proposal)

    @use_case
    def adopt_proposal(
        self, key: str, decision: str, contract: str, activity: str, actor: Actor | str,
        effective_from: date | None = None, expected_version: int | None = None,
    ) -> tuple[list[Change], Outcome]:  # fmt: skip
        """Adopt the proposal on a forum decision: it becomes an activity of a contract the forum revises, through a
        revision on that decision whose activity names the proposal."""
        who = acting(actor)
        proposal = self._proposal_for(key, who, expected_version)
        forum = self._forum(proposal.forum, "read")
        entry = forum.decision(decision)
        target = self._contract(contract, "write")
        if forum_key(target.terms().revising_forum) != forum.key:
            raise ContractNotUnderForumError(contract, forum.name)
        effective = effective_from or entry.decided_on
        terms = _with_activity(target.terms(effective).model_dump(mode="json"), proposal, contract, activity)
        changes = target.revise(terms, effective, Decision(forum.name, entry.decided_on, entry.reference), who.name)
        proposal.adopt(entry.decided_on, entry.number, contract, activity, who.name)
        return changes, self._save(target, proposal, subject=proposal)

    def get_proposal(self, key: str) -> Proposal:
        return self._proposal(key, "read")

    def proposal_keys(self) -> list[str]:
        """Every proposal's key, in the order they were drafted."""
        return [e.key for e in self._created(Proposal.Drafted.TOPIC)]

    def _proposal(self, key: str, use: Any) -> Proposal:
        proposal = self._maybe(proposal_id(key), Proposal, use)
        if proposal is None:
            raise ProposalNotFoundError(key)
        return proposal

    def _proposal_for(self, key: str, who: Actor, expected: int | None, proposer_too: bool = False) -> Proposal:
        """The proposal to change: the forum's steps are a coordinator's; the proposer's own steps its party's too."""
        proposal = current(self._proposal(key, "write"), expected)
        if not proposer_too or who.role != "party":
            require_administer(who, "behandle forslag i forummet")
        elif who.party != proposal.proposed_by:
            raise NotProposerError(who.party, proposal.proposed_by)
        return proposal

    def _may_propose(self, who: Actor, forum: Forum, proposer: str) -> None:
        require_role(who, ("coordinator", "party"), "stille forslag")
        if who.role == "party" and who.party != proposer:
            raise NotProposerError(who.party, proposer)
        if proposer != forum.key and proposer not in forum.members:
            raise ProposerNotMemberError(proposer, forum.name)


def _with_activity(data: dict[str, Any], proposal: Proposal, contract: str, activity: str) -> Any:
    """The terms with the proposal as a new activity: its title as the name, its MÅL as the purpose."""
    if any(a["key"] == activity for a in data["activities"]):
        raise ActivityAlreadyInContractError(contract, activity)
    purpose = proposal.card.get("goal", proposal.title)
    data["activities"].append({"key": activity, "name": proposal.title, "purpose": purpose, "proposal": proposal.key})
    return validated(data)
