"""Contact persons: sealed per person, erased by destroying the key, never part of the stored terms."""

from __future__ import annotations

import dataclasses
import json
from uuid import uuid4

from domain.contact_persons import ContactPersons, ErasureReasonRequiredError, PersonErasedError, PersonNotFoundError
from domain.contract import Contract
from domain.personal import ERASED, reveal, seal
from domain.terms import ContractTerms
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
