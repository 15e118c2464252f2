"""Contact person use cases: record who holds a role, erase a person (art. 17), export what is held (art. 15)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from domain import bounds
from domain.contact_persons import (
    ContactPersons,
    ContactRoleNotFoundError,
    PersonErasedError,
    PersonNameRequiredError,
    PersonNotFoundError,
    contact_persons_id,
)
from domain.contract import Contract
from domain.permissions import Actor, acting, require_administer, require_read, require_record_person
from domain.personal import PERSONAL_FIELDS, Sealed, reveal_all, seal
from domain.terms import ContractTerms
from domain.use_cases.records import Outcome, Records, Use, current, use_case

Details = dict[str, str]


class PersonUseCases(Records):
    """Who holds the contact roles: administrative facts a coordinator or the role's party records."""

    @use_case
    def record_contact_person(
        self, key: str, contact: str, details: dict[str, str | None], actor: Actor | str,
        expected_version: int | None = None,
    ) -> tuple[str, Outcome]:  # fmt: skip
        """Record the person holding a contact role: the holder's changed details, or a new person
        (a new id) when the name differs. Returns the person's id and what was recorded."""
        who = acting(actor)
        contract = self._contract(key, "read")
        terms = contract.terms()
        role = next((c for c in terms.contacts if c.key == contact), None)
        if role is None:
            raise ContactRoleNotFoundError(key, contact)
        require_record_person(who, terms, key, role.party)
        register = self._register(contract, who.name, "write")
        if expected_version is not None:
            current(register, expected_version)
        person = self._stage_person(register, contact, details, who.name)
        if not register.pending_events:
            return person, Outcome(register.version, None)
        return person, self._save(register, subject=register)

    @use_case
    def erase_person(self, person: str, reason: str, actor: Actor | str) -> Outcome:
        """Erase a person's data: record who, when and why, then destroy their key (never an event)."""
        who = acting(actor)
        require_administer(who, "slette kontaktpersoners oplysninger")
        register = self._register_of(person, "write")
        if register.erased_at(person) is not None and self.person_keys.key(person) is not None:
            self.person_keys.destroy(person)  # recorded before, the key survived a failure: finish the erasure
            return Outcome(register.version, None)
        register.erase(person, reason, who.name)
        outcome = self._save(register, subject=register)
        self.person_keys.destroy(person)
        return outcome

    def export_person(self, person: str, actor: Actor | str) -> dict[str, Any]:
        """Everything held about a person (art. 15): the role, each recorded version of the details, the erasure."""
        require_administer(acting(actor), "udlevere kontaktpersoners oplysninger")
        register = self._register_of(person, "read")
        entry = register.persons[person]
        erased = entry["erased"]
        return {
            "person": person,
            "contract": register.contract_key,
            "contact": entry["contact"],
            "details": self._revealed(entry["details"]),
            "history": [
                {"recorded_at": h["at"].isoformat(), "recorded_by": h["actor"], "details": self._revealed(h["details"])}
                for h in entry["history"]
            ],
            "erased": None if erased is None else {**erased, "at": erased["at"].isoformat()},
            "reminders": entry.get("reminders"),  # consent to reminders: daily, weekly or none
        }

    def contact_persons(self, key: str, actor: Actor | None = None) -> dict[str, dict[str, str]]:
        """The persons holding the contract's contact roles now: role key -> id and revealed details."""
        contract = self._contract(key, "read")
        if actor is not None:
            require_read(actor, contract.terms(), key)
        register = self._maybe(contact_persons_id(key), ContactPersons, "read")
        if register is None:
            return {}
        return {
            contact: {"person": person, **self._revealed(register.persons[person]["details"])}
            for contact, person in register.holders.items()
        }

    @use_case
    def contact_persons_of(self, keys: list[str]) -> dict[str, dict[str, dict[str, str]]]:
        """``contact_persons`` of a page of contracts, as the store is at one moment (one look at its log)."""
        return {key: self.contact_persons(key) for key in keys}

    def person_ids(self, key: str) -> list[dict[str, Any]]:
        """Every person recorded on a contract (erased ones too), without personal data."""
        register = self._maybe(contact_persons_id(key), ContactPersons, "read")
        persons = {} if register is None else register.persons
        return [{"person": p, "contact": e["contact"], "erased": e["erased"] is not None} for p, e in persons.items()]

    # --- staging, shared with the import of contract files ------------------------------

    def _stage_named_persons(self, contract: Contract, terms: ContractTerms, actor: str) -> ContactPersons | None:
        """The persons a contract file or document names, recorded where they differ from those recorded
        (administrative facts beside a revision, never part of it)."""
        wanted = [(c.key, {f: getattr(c, f) for f in PERSONAL_FIELDS}) for c in terms.contacts if c.name]
        if not wanted:
            return None
        register = self._register(contract, actor, "write")
        for contact, details in wanted:
            if not _erased_holder(register, contact):  # the file still names them: an import never brings them back
                self._stage_person(register, contact, details, actor)
        return register if register.pending_events else None

    def _stage_person(self, register: ContactPersons, contact: str, details: dict[str, str | None], actor: str) -> str:
        given = {f: bounds.name(v, f) for f, v in details.items() if f in PERSONAL_FIELDS and v}
        holder = register.holder(contact)
        shown = {} if holder is None else self._revealed(register.persons[holder]["details"])
        same = holder is not None and given.get("name", shown.get("name")) == shown.get("name")
        merged = {**shown, **given} if same else given
        if holder is not None and same and merged == shown:
            return holder
        if "name" not in merged:
            raise PersonNameRequiredError(contact)
        # A random id, not the injected source: keys and nonces are random too, so a person is never reproduced.
        person = holder if holder is not None and same else str(uuid4())
        key = register.contract_key
        sealed = {f: seal(self.person_keys, person, key, v) for f, v in merged.items()}
        register.record(contact, person, sealed, actor)
        return person

    def _register(self, contract: Contract, actor: str, use: Use) -> ContactPersons:
        found = self._maybe(contact_persons_id(contract.key), ContactPersons, use)
        return found if found is not None else ContactPersons.open(contract.id, contract.key, actor)

    def _register_of(self, person: str, use: Use) -> ContactPersons:
        for key in self.contract_keys():
            register = self._maybe(contact_persons_id(key), ContactPersons, "read")
            if register is not None and person in register.persons:
                return register if use == "read" else self._register_by_key(key, use)
        raise PersonNotFoundError(person)

    def _register_by_key(self, key: str, use: Use) -> ContactPersons:
        register = self._maybe(contact_persons_id(key), ContactPersons, use)
        assert register is not None
        return register

    def _revealed(self, details: dict[str, Sealed]) -> Details:
        return reveal_all(self.person_keys, details)

    def contract_keys(self) -> list[str]:
        raise NotImplementedError  # the contract use cases' log of all contracts


def _erased_holder(register: ContactPersons, contact: str) -> bool:
    person = register.holders.get(contact)
    return person is not None and register.persons[person]["erased"] is not None


__all__ = ["PersonErasedError", "PersonUseCases"]
