"""Contact persons: sealed per person, erased by destroying the key, never part of the stored terms."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from domain.contact_persons import ContactPersons, ErasureReasonRequiredError, PersonErasedError, PersonNotFoundError
from domain.contract import Contract
from domain.errors import RoleNotPermittedError
from domain.permissions import Actor
from domain.personal import ERASED, reveal, seal
from domain.terms import ContractFile, ContractTerms
from domain.tracker import Tracker
from domain.versions import flatten
from persistence.person_keys import PersonKeyStore
from tests.unit.scenario import expect, given, history, when_created

KEY = "amager-udsatte-grupper-2013"


def test_a_sealed_value_reveals_its_text_until_the_persons_key_is_destroyed() -> None:
    keys = PersonKeyStore({})
    sealed = seal(keys, "p1", KEY, "Stephane Parize")

    assert "Stephane" not in json.dumps(dataclasses.asdict(sealed))
    assert reveal(keys, sealed) == "Stephane Parize"
    assert keys.destroy("p1") and not keys.destroy("p1")
    assert reveal(keys, sealed) == ERASED


def test_a_value_sealed_for_one_person_is_not_revealed_as_another_persons() -> None:
    keys = PersonKeyStore({})
    sealed = seal(keys, "p1", KEY, "Karen Høgenhaven")
    seal(keys, "p2", KEY, "Jonna Thomsen")

    assert reveal(keys, dataclasses.replace(sealed, person="p2")) == ERASED


def test_the_stored_terms_hold_contact_roles_but_no_personal_data(amager_terms: ContractTerms) -> None:
    flat = flatten(amager_terms)

    assert flat["contacts.3b-boligsocial-konsulent.role"] == "Boligsocial konsulent"
    assert not [p for p in flat if p.startswith("contacts.") and p.rsplit(".", 1)[1] in ("name", "email", "phone")]
    when_created(lambda: Contract.draft("amager", amager_terms, actor="ann")).then(expect(Contract.Drafted, terms=flat))


def test_an_old_event_with_plaintext_contact_persons_is_read_without_them(amager_terms: ContractTerms) -> None:
    tracker = Tracker({})
    event = Contract.draft("amager", amager_terms, actor="ann").collect_events()[0]
    stored = tracker.mapper.to_stored_event(event)
    state = json.loads(stored.state)
    del state["class_version"]  # as stored before personal data left the terms
    state["terms"] |= {"contacts.3b-boligsocial-konsulent.name": "Stephane Parize", "contacts.x.email": "a@b.dk"}
    old = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode())

    read = tracker.mapper.to_domain_event(old)

    assert read.terms == flatten(amager_terms)
    tracker.close()


def _opened() -> ContactPersons:
    return ContactPersons.open(uuid4(), KEY, "ann")


def _recorded(register: ContactPersons) -> None:
    register.record("sof-leder", "p1", {}, "ann")


def _erased(register: ContactPersons) -> None:
    register.erase("p1", "Anmodning", "ann")


def test_an_erasure_has_a_reason_and_happens_once() -> None:
    recorded = history(_opened, _recorded)

    given(*recorded).when(lambda r: r.erase("p1", " ", "ann")).refused(ErasureReasonRequiredError)
    given(*recorded).when(lambda r: r.erase("p2", "Anmodning", "ann")).refused(PersonNotFoundError)
    given(*history(_opened, _recorded, _erased)).when(lambda r: r.erase("p1", "Igen", "ann")).refused(PersonErasedError)
    given(*history(_opened, _recorded, _erased)).when(_recorded).refused(PersonErasedError)
    given(*recorded).when(_erased).then(expect(ContactPersons.PersonErased, person="p1", reason="Anmodning"))


def test_erasing_destroys_the_key_and_leaves_other_persons_untouched(amager_file: ContractFile) -> None:
    tracker = Tracker({}, clock=lambda: date(2016, 1, 1))
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
    tracker.close()
