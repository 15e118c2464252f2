"""A proposal moves drafted → submitted → discussed → adopted / rejected, or is withdrawn before a decision;
every other step is refused with a Danish rule error, and each step records who and when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.errors import RuleError
from domain.proposal import (
    AdoptionBeforeDiscussionError,
    CardIncompleteError,
    Proposal,
    ProposalStepBeforeLastError,
    ProposalStepRefusedError,
    RejectionReasonRequiredError,
    UnknownCardFieldError,
)
from tests.unit.scenario import expect, given, history, when_created

CARD = {"goal": "Hvad nu hvis ledige beboere selv udførte driftsopgaver?", "idea": "Ledige beboere arbejder lokalt."}
DAY = date(2019, 1, 10)


def drafted() -> Proposal:
    return Proposal.draft("2-plus-2-er-5", "2+2=5", "eksempelby", "sof", CARD, ["Team Social"], True, DAY, "anne")


def submitted(p: Proposal) -> None:
    p.submit(date(2019, 2, 1), "sof-bruger")


def discussed(p: Proposal) -> None:
    p.discuss(date(2019, 3, 14), "koordinator")


def adopted(p: Proposal) -> None:
    p.adopt(date(2019, 3, 14), "2019-03-14-referat-punkt-2", "eksempel", "driftsopgaver", "koordinator")


def withdrawn(p: Proposal) -> None:
    p.withdraw(date(2019, 3, 20), "Forslagsstilleren trak det", "sof-bruger")


Step = Callable[[Proposal], Any]
LATER = date(2019, 4, 1)
REFUSED: list[tuple[str, list[Step], Step, type[RuleError]]] = [
    ("a draft is not discussed before it is submitted", [], lambda p: p.discuss(LATER, "k"), ProposalStepRefusedError),
    ("a draft is not adopted", [], lambda p: p.adopt(LATER, "d", "c", "a", "k"), AdoptionBeforeDiscussionError),
    ("a submitted proposal is adopted only after discussion", [submitted],
     lambda p: p.adopt(LATER, "d", "c", "a", "k"), AdoptionBeforeDiscussionError),
    ("a submitted proposal is not rejected before discussion", [submitted],
     lambda p: p.reject(LATER, "d", "For dyrt", "k"), ProposalStepRefusedError),
    ("a rejection gives its reason", [submitted, discussed], lambda p: p.reject(LATER, "d", " ", "k"),
     RejectionReasonRequiredError),
    ("an adopted proposal is not withdrawn", [submitted, discussed, adopted],
     lambda p: p.withdraw(LATER, "Fortrudt", "k"), ProposalStepRefusedError),
    ("an adopted proposal is not adopted again", [submitted, discussed, adopted],
     lambda p: p.adopt(LATER, "d", "c", "a", "k"), AdoptionBeforeDiscussionError),
    ("a withdrawn proposal is not submitted again", [withdrawn], lambda p: p.submit(LATER, "k"),
     ProposalStepRefusedError),
    ("a step is not dated before the last one", [submitted], lambda p: p.withdraw(date(2019, 1, 31), "x", "k"),
     ProposalStepBeforeLastError),
    ("a submitted card is not changed", [submitted], lambda p: p.change_card("2+2=6", CARD, [], "k"),
     ProposalStepRefusedError),
]  # fmt: skip


@pytest.mark.parametrize(("past", "command", "error"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_step_out_of_the_lifecycle_is_refused(past: list[Step], command: Step, error: type[RuleError]) -> None:
    given(*history(drafted, *past)).when(command).refused(error)


def test_drafting_records_the_card_the_proposer_and_who_drafted_it() -> None:
    when_created(drafted).then(expect(Proposal.Drafted, key="2-plus-2-er-5", proposed_by="sof", actor="anne",
                                      card=CARD, team=["Team Social"], example=True))  # fmt: skip


def test_adoption_records_the_decision_the_contract_and_the_activity_with_who_and_when() -> None:
    given(*history(drafted, submitted, discussed)).when(adopted).then(
        expect(Proposal.Stepped, state="adopted", on=date(2019, 3, 14), actor="koordinator",
               decision="2019-03-14-referat-punkt-2", contract="eksempel", activity="driftsopgaver")
    )  # fmt: skip


def test_a_proposal_may_be_discussed_again_at_a_later_meeting_before_the_forum_decides() -> None:
    again = given(*history(drafted, submitted, discussed)).when(lambda p: p.discuss(LATER, "k"))
    again.then(expect(Proposal.Stepped, state="discussed", on=LATER))


@pytest.mark.parametrize(
    ("title", "card", "error"),
    [("2+2=5", {"goal": "Mål"}, CardIncompleteError), ("2+2=5", {**CARD, "budget": "1 mio."}, UnknownCardFieldError)],
    ids=["a card has a goal and an idea", "a card has only the idea card's fields"],
)
def test_a_card_without_its_goal_and_idea_or_with_unknown_fields_is_refused(
    title: str, card: dict[str, str], error: type[RuleError]
) -> None:
    with pytest.raises(error):
        Proposal.draft("x", title, "eksempelby", "sof", card, [], False, DAY, "anne")
