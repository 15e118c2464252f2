"""Every revision of a signed contract rests on a real decision, on a real SQLite file and PostgreSQL.

A changed file needs a fresh ``revision:`` block (or ``forum revise``); a block already recorded is
refused; nothing invents a decision; a draft changes freely until it is signed; importing the same
files again writes nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.decisions import DecisionAlreadyUsedError, DecisionRequiredError, FileDecisionRequiredError
from domain.terms import ContractFile, RevisionNote
from domain.tracker import Tracker
from domain.versions import Decision
from projections import audit_log
from projections.runner import Projector
from tests.conftest import AMAGER, contract_file

KEY = "amager-udsatte-grupper-2013"
DECIDED = RevisionNote(
    decided_by="Boligsocialt Forum Amager",
    decided_on=date(2016, 11, 24),
    reference="Referat, punkt 3",
    effective_from=date(2017, 1, 1),
)


def head(tracker: Tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def four_a_year(file: ContractFile, note: RevisionNote | None = None) -> ContractFile:
    """The file with network meetings four times a year (and the given revision block)."""
    data = file.model_dump(mode="json")
    for activity in data["activities"]:
        for cadence in activity["cadences"]:
            if cadence["key"] == "netvaerksmoede":
                cadence["frequency"] = {"kind": "per_year", "times": 4}
    data["revision"] = None if note is None else note.model_dump(mode="json")
    return ContractFile.model_validate(data)


def network_times(tracker: Tracker, day: date) -> int:
    terms = tracker.get_contract(KEY).terms(day)
    [cadence] = [c for a in terms.activities for c in a.cadences if c.key == "netvaerksmoede"]
    return int(cadence.frequency.times)


@pytest.fixture
def signed(tracker: Tracker) -> ContractFile:
    """Given the Amager contract imported from its file, signed on 12.12.2013."""
    amager = contract_file(AMAGER)
    tracker.import_contract(amager, actor="ann", source="amager.yaml")
    return amager


def test_a_changed_file_of_a_signed_contract_without_a_decision_is_refused_and_writes_nothing(
    tracker: Tracker, signed: ContractFile
) -> None:
    before = head(tracker)

    with pytest.raises(FileDecisionRequiredError):
        tracker.import_contract(four_a_year(signed), actor="bob", source="amager.yaml")

    assert head(tracker) == before
    assert len(tracker.get_contract(KEY).versions) == 1


def test_a_fresh_revision_block_is_recorded_with_its_decision_and_effective_date(
    tracker: Tracker, signed: ContractFile
) -> None:
    outcome = tracker.import_contract(four_a_year(signed, DECIDED), actor="bob", source="amager.yaml")

    assert outcome.action == "revised"
    version = tracker.get_contract(KEY).versions[-1]
    assert version.decision == Decision("Boligsocialt Forum Amager", date(2016, 11, 24), "Referat, punkt 3")
    assert version.effective_from == date(2017, 1, 1)
    assert (network_times(tracker, date(2016, 12, 31)), network_times(tracker, date(2017, 1, 1))) == (3, 4)


def test_importing_the_same_revised_file_again_writes_nothing(tracker: Tracker, signed: ContractFile) -> None:
    revised = four_a_year(signed, DECIDED)
    tracker.import_contract(revised, actor="bob", source="amager.yaml")
    before = head(tracker)

    outcome = tracker.import_contract(revised, actor="bob", source="amager.yaml")

    assert outcome.action == "unchanged" and head(tracker) == before


def test_a_block_already_recorded_is_refused_for_a_new_change(tracker: Tracker, signed: ContractFile) -> None:
    tracker.import_contract(four_a_year(signed, DECIDED), actor="bob", source="amager.yaml")
    edited = four_a_year(signed, DECIDED).model_copy(update={"title": "Ny titel"})
    before = head(tracker)

    with pytest.raises(DecisionAlreadyUsedError):
        tracker.import_contract(edited, actor="bob", source="amager.yaml")

    assert head(tracker) == before


def test_a_block_without_day_or_reference_is_not_a_decision(tracker: Tracker, signed: ContractFile) -> None:
    partial = RevisionNote(decided_by="Boligsocialt Forum Amager", effective_from=date(2017, 1, 1))

    with pytest.raises(DecisionRequiredError) as refused:
        tracker.import_contract(four_a_year(signed, partial), actor="bob", source="amager.yaml")

    assert refused.value.missing == ["dato", "reference"]


def test_a_revision_without_a_decision_day_is_refused_on_a_signed_contract(
    tracker: Tracker, signed: ContractFile
) -> None:
    terms = four_a_year(signed).terms()

    with pytest.raises(DecisionRequiredError):
        tracker.revise_contract(KEY, terms, date(2017, 1, 1), Decision("Boligsocialt Forum Amager"), "bob")


def test_a_file_older_than_the_record_brings_nothing_new(tracker: Tracker, signed: ContractFile) -> None:
    """Given a revision recorded another way (the demo, the web form), the unchanged file writes nothing."""
    decision = Decision("Boligsocialt Forum Amager", date(2016, 11, 24), "punkt 3")
    tracker.revise_contract(KEY, four_a_year(signed).terms(), date(2017, 1, 1), decision, "bob")
    before = head(tracker)

    outcome = tracker.import_contract(signed, actor="ann", source="amager.yaml")

    assert outcome.action == "unchanged" and head(tracker) == before


def test_a_draft_is_changed_freely_until_it_is_signed(tracker: Tracker) -> None:
    draft = contract_file(AMAGER).model_copy(update={"signed_on": None})
    tracker.import_contract(draft, actor="ann", source="amager.yaml")

    outcome = tracker.import_contract(four_a_year(draft), actor="ann", source="amager.yaml")

    assert outcome.action == "revised"
    version = tracker.get_contract(KEY).versions[-1]
    assert version.decision is None
    assert network_times(tracker, date(2014, 1, 1)) == 4  # the draft as changed, from its start
    signing = four_a_year(draft).model_copy(update={"signed_on": date(2013, 12, 12)})
    assert tracker.import_contract(signing, actor="ann", source="amager.yaml").action == "revised"
    retitled = signing.model_copy(update={"title": "Ny titel"})
    with pytest.raises(FileDecisionRequiredError):  # signed now: a change needs a decision
        tracker.import_contract(retitled, actor="ann", source="amager.yaml")


def test_the_audit_row_of_a_revision_shows_forum_day_and_reference(
    store: dict[str, str], tracker: Tracker, signed: ContractFile
) -> None:
    tracker.import_contract(four_a_year(signed, DECIDED), actor="bob", source="amager.yaml")
    projector = Projector(tracker, store)
    try:
        projector.catch_up()
        [row] = audit_log.query(projector.db, event_type="Revised")
    finally:
        projector.close()

    assert row["decision"] == {
        "decided_by": "Boligsocialt Forum Amager",
        "decided_on": "2016-11-24",
        "reference": "Referat, punkt 3",
    }
    assert row["effective_date"] == "2017-01-01"
