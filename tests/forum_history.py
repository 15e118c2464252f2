"""The shipped example forum, its example proposal "2+2=5" taken through adoption into the example contract."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.forum_file import load_forum_file, load_proposal_file
from domain.tracker import Tracker
from tests.conftest import CONTRACTS, EXAMPLE, contract_file

FORA = CONTRACTS / "fora"
AMAGER_FORUM = FORA / "boligsocialt-forum-amager.yaml"
EXAMPLE_FORUM = FORA / "eksempel-forum.yaml"
CARD = CONTRACTS / "proposals" / "eksempel-2-plus-2-er-5.yaml"
FORUM = "boligsocialt-forum-eksempelby"
PROPOSAL = "2-plus-2-er-5"
DECISION = "2019-03-14-referat-14-03-2019-punkt-2"  # the example forum's decision to adopt it
CONTRACT = "eksempel-social-vicevaert"
ACTIVITY = "driftsopgaver-til-ledige"
MEETING = date(2019, 3, 14)


def import_fora(tracker: Tracker, *paths: Path) -> None:
    for path in paths or (AMAGER_FORUM, EXAMPLE_FORUM):
        tracker.import_forum(load_forum_file(path), "koordinator")


def discussed_card(tracker: Tracker) -> None:
    """The example contract, the fora, and the card drafted, submitted and discussed at the forum's meeting."""
    tracker.import_contract(contract_file(EXAMPLE), "koordinator", EXAMPLE.name)
    import_fora(tracker)
    tracker.draft_proposal(load_proposal_file(CARD), "koordinator")
    tracker.submit_proposal(PROPOSAL, date(2019, 2, 1), "koordinator")
    tracker.discuss_proposal(PROPOSAL, MEETING, "koordinator")


def adopted_card(tracker: Tracker) -> None:
    """… and adopted on the forum's decision as an activity of the example contract from 01.04.2019."""
    discussed_card(tracker)
    tracker.adopt_proposal(PROPOSAL, DECISION, CONTRACT, ACTIVITY, "koordinator", date(2019, 4, 1))
