"""Contact persons on a real store (both): old plaintext events read without personal data; erasure destroys the key."""

from __future__ import annotations

import json

import pytest
from eventsourcing.persistence import StoredEvent

from domain.contract import Contract
from domain.errors import RoleNotPermittedError
from domain.permissions import Actor
from domain.personal import ERASED
from domain.terms import ContractFile, ContractTerms
from domain.tracker import Tracker
from domain.versions import flatten

KEY = "amager-udsatte-grupper-2013"


def test_an_old_event_with_plaintext_contact_persons_is_read_without_them(
    tracker: Tracker, amager_terms: ContractTerms
) -> None:
    event = Contract.draft("amager", amager_terms, actor="ann").collect_events()[0]
    stored = tracker.mapper.to_stored_event(event)
    state = json.loads(stored.state)
    del state["class_version"]  # as stored before personal data left the terms
    state["terms"] |= {"contacts.3b-boligsocial-konsulent.name": "Stephane Parize", "contacts.x.email": "a@b.dk"}
    old = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode())

    read = tracker.mapper.to_domain_event(old)

    assert read.terms == flatten(amager_terms)


def test_erasing_destroys_the_key_and_leaves_other_persons_untouched(
    tracker: Tracker, amager_file: ContractFile
) -> None:
    tracker.import_contract(amager_file, "koordinator", "amager.yaml")
    before = tracker.contact_persons(KEY)
    person = before["3b-boligsocial-konsulent"]["person"]

    with pytest.raises(RoleNotPermittedError):
        tracker.erase_person(person, "Anmodning", Actor("laeser", "reader"))
    tracker.erase_person(person, "Anmodning", "koordinator")

    after = tracker.contact_persons(KEY)
    assert after["3b-boligsocial-konsulent"] == {"person": person, "name": ERASED, "email": ERASED}
    assert {k: v for k, v in after.items() if k != "3b-boligsocial-konsulent"} == {
        k: v for k, v in before.items() if k != "3b-boligsocial-konsulent"
    }
    assert tracker.person_keys.key(person) is None
    assert tracker.export_person(person, "koordinator")["erased"]["reason"] == "Anmodning"
