"""The forum's register: a decision is known by forum (name or key), day and reference; from the day the register
begins it is the authority for revisions, earlier decisions are legacy."""

from __future__ import annotations

from datetime import date

import pytest

from domain.forum import (
    AgendaRequiredError,
    DecisionAlreadyRegisteredError,
    Forum,
    MemberLeavingRefusedError,
    forum_id,
    forum_key,
)
from domain.forum_register import DecisionNotInRegisterError, require_registered, standing
from domain.versions import Decision
from tests.unit.scenario import expect, given, history

NAME = "Boligsocialt Forum Amager"


def registered() -> Forum:
    forum = Forum.register(NAME, "Amager-Sundby", date(2016, 1, 1), "koordinator")
    forum.join("sof", "Socialforvaltningen", date(2013, 12, 12), "koordinator")
    forum.decide(date(2016, 11, 24), "Referat, punkt 3", "Netværket mødes fire gange årligt.", "koordinator")
    return forum


def test_a_forum_is_the_same_by_its_name_or_its_key() -> None:
    assert forum_key(NAME) == "boligsocialt-forum-amager"
    assert forum_id(NAME) == forum_id("boligsocialt-forum-amager") == forum_id("  boligsocialt forum AMAGER ")
    assert forum_key("Boligsocialt Forum Ørestad Nord/Syd") == "boligsocialt-forum-oerestad-nord-syd"


@pytest.mark.parametrize(
    ("decision", "held"),
    [
        (Decision(NAME, date(2016, 11, 24), "Referat, punkt 3"), "registered"),
        (Decision("boligsocialt-forum-amager", date(2016, 11, 24), "referat,  punkt 3"), "registered"),
        (Decision(NAME, date(2015, 3, 1), "Dagsordenspunkt 4"), "legacy"),
    ],
    ids=["by name", "by key, reference in other case and spacing", "before the register began"],
)
def test_a_revision_decision_resolves_to_its_register_entry_or_is_legacy(decision: Decision, held: str) -> None:
    forum = registered()
    assert standing(forum, decision) == held
    entry = require_registered(forum, decision)
    assert (entry is not None) == (held == "registered")


def test_a_decision_from_the_registers_first_day_that_is_not_in_it_is_refused() -> None:
    with pytest.raises(DecisionNotInRegisterError, match="Referat, punkt 9"):
        require_registered(registered(), Decision(NAME, date(2016, 11, 24), "Referat, punkt 9"))


def test_a_decision_of_a_forum_that_is_not_registered_is_accepted_as_legacy() -> None:
    assert require_registered(None, Decision("Boligsocialt Forum Valby", date(2020, 1, 1), "Punkt 1")) is None


def test_the_same_day_and_reference_is_one_decision() -> None:
    given(*history(registered)).when(
        lambda f: f.decide(date(2016, 11, 24), "Referat,  punkt 3", "Noget andet", "k")
    ).refused(DecisionAlreadyRegisteredError)


def test_a_meeting_has_an_agenda_and_a_member_leaves_once_after_joining() -> None:
    given(*history(registered)).when(lambda f: f.hold_meeting(date(2016, 11, 24), [" "], "k")).refused(
        AgendaRequiredError
    )
    given(*history(registered)).when(lambda f: f.leave("sof", date(2013, 1, 1), "k")).refused(MemberLeavingRefusedError)
    given(*history(registered)).when(lambda f: f.leave("sof", date(2018, 1, 1), "k")).then(
        expect(Forum.MemberLeft, party="sof", left_on=date(2018, 1, 1), actor="k")
    )
