"""The forum's decision register and the idea card's adoption, on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from api.reports.forum_facts import proposal_facts, revision_facts
from domain.forum_file import ForumFile, load_forum_file, load_proposal_file
from domain.forum_register import DecisionNotInRegisterError
from domain.permissions import Actor
from domain.proposal_errors import (
    AdoptionBeforeDiscussionError,
    ContractNotUnderForumError,
    NotProposerError,
    ProposalMeetingNotFoundError,
)
from domain.terms import ContractFile
from domain.tracker import Tracker
from domain.versions import Decision
from projections.forum_decisions import decision_answer, forum_answer
from tests.conftest import AMAGER, EXAMPLE, contract_file, network_times, reopen
from tests.forum_history import (
    ACTIVITY,
    AMAGER_FORUM,
    CARD,
    CONTRACT,
    DECISION,
    EXAMPLE_FORUM,
    FORUM,
    PROPOSAL,
    adopted_card,
    discussed_card,
    import_fora,
)

EKSEMPELBY = "Boligsocialt Forum Eksempelby"


def test_the_shipped_forum_files_register_their_fora_once(tracker: Tracker) -> None:
    import_fora(tracker)
    again = [tracker.import_forum(f, "koordinator").action for f in _files()]

    assert again == ["unchanged", "unchanged"]
    assert tracker.forum_keys() == ["boligsocialt-forum-amager", FORUM]
    amager = tracker.get_forum("Boligsocialt Forum Amager")
    assert set(amager.members) == {p.key for p in contract_file(AMAGER).parties}


def test_the_idea_card_is_adopted_into_an_activity_of_the_example_contract_on_the_forums_decision(
    tracker: Tracker, store: dict[str, str]
) -> None:
    adopted_card(tracker)

    with reopen(store) as fresh:  # as stored, not as cached
        contract = fresh.get_contract(CONTRACT)
        activity = next(a for a in contract.terms(date(2019, 4, 1)).activities if a.key == ACTIVITY)
        assert (activity.name, activity.proposal) == ("2+2=5", PROPOSAL)
        assert contract.versions[-1].decision == Decision(EKSEMPELBY, date(2019, 3, 14), "Referat 14.03.2019, punkt 2")
        assert [s.state for s in fresh.get_proposal(PROPOSAL).steps] == [
            "drafted", "submitted", "discussed", "adopted"
        ]  # fmt: skip
        forum = fresh.get_forum(FORUM)
        page = decision_answer(forum, forum.decision(DECISION), revision_facts(fresh, DECISION), proposal_facts(fresh))
    print("\nDECISION PAGE ANSWER:", page)
    assert [(r["contract"], r["version"], r["lines"]) for r in page["revisions"]] == [
        (CONTRACT, 2, ["Aktivitet «2+2=5»: tilføjet"])
    ]
    assert [(p["key"], p["state_text"], p["contract"], p["activity"]) for p in page["proposals"]] == [
        (PROPOSAL, "vedtaget", CONTRACT, ACTIVITY)
    ]


def test_a_proposal_is_adopted_only_after_discussion_and_into_a_contract_its_forum_revises(tracker: Tracker) -> None:
    discussed_card(tracker)
    tracker.import_contract(contract_file(AMAGER), "koordinator", AMAGER.name)
    with pytest.raises(ContractNotUnderForumError):
        tracker.adopt_proposal(PROPOSAL, DECISION, "amager-udsatte-grupper-2013", ACTIVITY, "koordinator")
    with pytest.raises(ProposalMeetingNotFoundError):
        tracker.discuss_proposal(PROPOSAL, date(2019, 5, 1), "koordinator")
    tracker.withdraw_proposal(PROPOSAL, date(2019, 3, 20), "Trukket", "koordinator")
    with pytest.raises(AdoptionBeforeDiscussionError):
        tracker.adopt_proposal(PROPOSAL, DECISION, CONTRACT, ACTIVITY, "koordinator")
    assert ACTIVITY not in {a.key for a in tracker.get_contract(CONTRACT).terms(date(2019, 4, 1)).activities}


def test_a_rejection_rests_on_a_registered_decision_and_shows_on_the_decision(tracker: Tracker) -> None:
    discussed_card(tracker)
    tracker.reject_proposal(PROPOSAL, DECISION, "Ikke midler i 2019", "koordinator")

    forum = tracker.get_forum(FORUM)
    page = decision_answer(forum, forum.decision(DECISION), revision_facts(tracker, DECISION), proposal_facts(tracker))
    assert [(p["state_text"], p["reason"]) for p in page["proposals"]] == [("afvist", "Ikke midler i 2019")]
    assert page["revisions"] == []


def test_a_party_proposes_only_for_itself(tracker: Tracker) -> None:
    import_fora(tracker)
    with pytest.raises(NotProposerError):
        tracker.draft_proposal(load_proposal_file(CARD), Actor("sof-bruger", "party", "sof"))
    _, outcome = tracker.draft_proposal(
        load_proposal_file(CARD), Actor("eb-bruger", "party", "eksempel-boligorganisation")
    )
    assert outcome.version == 1


def test_from_the_registers_first_day_a_revision_must_name_a_registered_decision(tracker: Tracker) -> None:
    discussed_card(tracker)
    current = tracker.get_contract(CONTRACT).terms()
    terms = current.model_copy(update={"title": current.title + " (revideret)"})
    before = tracker.get_contract(CONTRACT).version
    unregistered = Decision(EKSEMPELBY, date(2019, 3, 14), "Referat, punkt 9")
    with pytest.raises(DecisionNotInRegisterError):
        tracker.revise_contract(CONTRACT, terms, date(2019, 4, 1), unregistered, "koordinator")
    assert tracker.get_contract(CONTRACT).version == before  # nothing written

    registered = Decision("boligsocialt-forum-eksempelby", date(2019, 3, 14), "Referat 14.03.2019, punkt 2")
    changes, _ = tracker.revise_contract(CONTRACT, terms, date(2019, 4, 1), registered, "koordinator")
    assert changes


def test_the_amager_history_decided_before_the_register_began_stays_valid_and_shows_as_not_in_the_register(
    tracker: Tracker,
) -> None:
    tracker.import_contract(contract_file(AMAGER), "koordinator", AMAGER.name)
    import_fora(tracker)
    terms = network_times(tracker.get_contract("amager-udsatte-grupper-2013").terms(), 4)
    decided = Decision("Boligsocialt Forum Amager", date(2016, 11, 24), "Referat, punkt 3")
    tracker.revise_contract("amager-udsatte-grupper-2013", terms, date(2017, 1, 1), decided, "koordinator")

    page = forum_answer(tracker.get_forum("boligsocialt-forum-amager"), revision_facts(tracker), [], date(2017, 1, 1))
    assert [(r["contract"], r["version"]) for r in page["unregistered"]] == [("amager-udsatte-grupper-2013", 2)]
    assert {m["party"] for m in page["members"] if m["member"]} == {"3b", "vibo-hab-aab-fsb-dfb", "lejerbo", "sof",
                                                                    "suf", "tmf"}  # fmt: skip


def _files() -> list[ForumFile]:
    return [load_forum_file(AMAGER_FORUM), load_forum_file(EXAMPLE_FORUM)]


def test_a_contract_files_revision_block_from_the_registers_first_day_must_name_a_registered_decision(
    tracker: Tracker,
) -> None:
    discussed_card(tracker)
    data = contract_file(EXAMPLE).model_dump()
    block = {"decided_on": date(2019, 3, 14), "effective_from": date(2019, 4, 1)}
    unregistered = ContractFile.model_validate(
        data | {"title": "Ændret titel", "revision": block | {"reference": "Referat, punkt 9"}}
    )
    with pytest.raises(DecisionNotInRegisterError):
        tracker.import_contract(unregistered, "koordinator", "eksempel.yaml")
    assert tracker.get_contract(CONTRACT).version == 2  # drafted and signed: nothing more written

    registered = ContractFile.model_validate(
        data | {"title": "Ændret titel", "revision": block | {"reference": "Referat 14.03.2019, punkt 2"}}
    )
    assert tracker.import_contract(registered, "koordinator", "eksempel.yaml").action == "revised"
