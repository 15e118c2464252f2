"""The rules a proposal's life breaks, each with its Danish message (re-exported by ``domain/proposal.py``)."""

from __future__ import annotations

from datetime import date

from domain.errors import AlreadyExistsError, NotFoundError, NotPermittedError, RuleError
from domain.vocabulary import PROPOSAL_STATE

STATE_NAMES = PROPOSAL_STATE


class ProposalNotFoundError(NotFoundError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Forslaget '{key}' findes ikke.")


class ProposalAlreadyExistsError(AlreadyExistsError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Forslaget '{key}' findes allerede.")


class ProposalStepRefusedError(RuleError):
    """A proposal moves only along its lifecycle: drafted → submitted → discussed → adopted/rejected; withdrawn
    before a decision."""

    def __init__(self, key: str, state: str, wanted: str) -> None:
        self.key, self.state, self.wanted = key, state, wanted
        super().__init__(
            f"Forslaget '{key}' er {STATE_NAMES.get(state, state)} og kan ikke blive "
            f"{STATE_NAMES.get(wanted, wanted)} nu."
        )


class AdoptionBeforeDiscussionError(RuleError):
    """The forum adopts a proposal only after it discussed it at a meeting."""

    def __init__(self, key: str, state: str) -> None:
        self.key, self.state = key, state
        super().__init__(
            f"Forslaget '{key}' er {STATE_NAMES.get(state, state)}: det kan først vedtages, når det er drøftet "
            "på et forummøde."
        )


class ProposalNotAdoptableError(RuleError):
    """An adoption names the decision and the contract activity the proposal becomes."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Vedtagelsen af forslaget '{key}' skal angive beslutningen, kontrakten og aktiviteten.")


class RejectionReasonRequiredError(RuleError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Angiv begrundelsen for at afvise forslaget '{key}'.")


class ProposalStepBeforeLastError(RuleError):
    """A proposal's steps follow each other in time."""

    def __init__(self, key: str, on: date, last: date) -> None:
        self.key, self.on, self.last = key, on, last
        super().__init__(
            f"Forslaget '{key}' kan ikke ændre tilstand {on:%d.%m.%Y}: det seneste skridt var {last:%d.%m.%Y}."
        )


class UnknownCardFieldError(RuleError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"Idékortet har intet felt '{name}'.")


class CardIncompleteError(RuleError):
    """An idea card has a title, a goal (MÅL) and an idea (IDEEN)."""

    def __init__(self, title: str) -> None:
        self.title = title
        super().__init__(f"Idékortet '{title}' skal have en titel, et mål (MÅL) og en idé (IDEEN).")


class ProposerNotMemberError(RuleError):
    """A proposal is proposed by the forum or by one of its member parties."""

    def __init__(self, proposer: str, forum: str) -> None:
        self.proposer, self.forum = proposer, forum
        super().__init__(f"'{proposer}' er hverken {forum} eller medlem af det og kan ikke stille forslaget.")


class ProposalMeetingNotFoundError(NotFoundError):
    """A proposal is discussed at a recorded meeting of its forum."""

    def __init__(self, forum: str, held_on: date) -> None:
        self.forum, self.held_on = forum, held_on
        super().__init__(f"{forum} har intet møde registreret {held_on:%d.%m.%Y}; registrér mødet først.")


class ContractNotUnderForumError(RuleError):
    """A proposal becomes an activity only of a contract its forum revises."""

    def __init__(self, contract: str, forum: str) -> None:
        self.contract, self.forum = contract, forum
        super().__init__(
            f"Kontrakten '{contract}' revideres ikke af {forum}; forslaget kan ikke blive en aktivitet i den."
        )


class ActivityAlreadyInContractError(RuleError):
    def __init__(self, contract: str, activity: str) -> None:
        self.contract, self.activity = contract, activity
        super().__init__(f"Kontrakten '{contract}' har allerede en aktivitet '{activity}'; vælg en anden nøgle.")


class NotProposerError(NotPermittedError):
    """A party user proposes, submits and withdraws only as its own party."""

    def __init__(self, party: str | None, proposer: str) -> None:
        self.party, self.proposer = party, proposer
        super().__init__(
            f"Som bruger for '{party}' kan du kun stille og trække forslag for din egen part, ikke '{proposer}'."
        )
