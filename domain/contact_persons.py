"""Who holds each contact role of a contract: administrative facts, not forum revisions.

The terms name the contact roles (key, party, unit, role, leadership); which person holds a
role – their name, e-mail and phone – is recorded here by a coordinator or the role's party,
sealed per person (``domain/personal.py``). Erasing a person (GDPR art. 17) records who erased
whom, when and why – without personal data – after the person's key is destroyed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import NotFoundError, RuleError
from domain.personal import Sealed
from domain.reminders import FREQUENCIES

PERSONS_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/contact-persons")


def contact_persons_id(contract_key: str) -> UUID:
    """One register of contact persons per contract, found by the contract's key."""
    return uuid5(PERSONS_NAMESPACE, contract_key)


class ContactPersons(Aggregate):
    """The persons who have held a contract's contact roles, each under an id of its own."""

    TOPIC = "forum:ContactPersons"

    class Event(Aggregate.Event):
        TOPIC = "forum:ContactPersons.Event"

    class Opened(Aggregate.Created):
        TOPIC = "forum:ContactPersons.Opened"
        contract_id: UUID
        contract_key: str
        actor: str

        def apply(self, register: ContactPersons) -> None:
            register.contract_id = self.contract_id
            register.contract_key = self.contract_key
            register.persons = {}
            register.holders = {}

    class PersonRecorded(Event):
        TOPIC = "forum:ContactPersons.PersonRecorded"
        contact: str
        person: str
        details: dict[str, Sealed]
        actor: str

        def apply(self, register: ContactPersons) -> None:
            entry = register.persons.setdefault(self.person, {"contact": self.contact, "erased": None, "history": []})
            entry |= {"details": dict(self.details), "recorded_at": self.timestamp, "actor": self.actor}
            entry["history"].append({"at": self.timestamp, "actor": self.actor, "details": dict(self.details)})
            register.holders[self.contact] = self.person

    class PersonErased(Event):
        TOPIC = "forum:ContactPersons.PersonErased"
        person: str
        reason: str
        actor: str

        def apply(self, register: ContactPersons) -> None:
            entry = register.persons[self.person]  # still shown in its role, as erased, until another is recorded
            entry["erased"] = {"at": self.timestamp, "actor": self.actor, "reason": self.reason}

    class RemindersConsented(Event):
        TOPIC = "forum:ContactPersons.RemindersConsented"
        person: str
        frequency: str  # daily or weekly
        actor: str

        def apply(self, register: ContactPersons) -> None:
            register.persons[self.person]["reminders"] = self.frequency

    class RemindersWithdrawn(Event):
        TOPIC = "forum:ContactPersons.RemindersWithdrawn"
        person: str
        actor: str

        def apply(self, register: ContactPersons) -> None:
            register.persons[self.person]["reminders"] = None

    contract_id: UUID
    contract_key: str
    persons: dict[str, dict[str, Any]]  # person id -> contact, details (sealed), history, erased
    holders: dict[str, str]  # contact role -> the person recorded last in it (erased ones too)

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def open(cls, contract_id: UUID, contract_key: str, actor: str) -> ContactPersons:
        bounds.name(actor, "actor")
        return cls._create(
            cls.Opened, id=contact_persons_id(contract_key), contract_id=contract_id, contract_key=contract_key,
            actor=actor,
        )  # fmt: skip

    def record(self, contact: str, person: str, details: dict[str, Sealed], actor: str) -> None:
        """Record who holds a contact role (a new person, or the same person's changed details)."""
        bounds.name(actor, "actor")
        known = self.persons.get(person)
        if known is not None and (known["erased"] is not None or known["contact"] != contact):
            raise PersonErasedError(person) if known["erased"] else PersonNotFoundError(person)
        self.trigger_event(self.PersonRecorded, contact=contact, person=person, details=details, actor=actor)

    def erase(self, person: str, reason: str, actor: str) -> None:
        """Record that a person's data was erased (the key is destroyed by the use case)."""
        bounds.name(actor, "actor")
        if not reason.strip():
            raise ErasureReasonRequiredError()
        bounds.text(reason, "reason")
        entry = self.persons.get(person)
        if entry is None:
            raise PersonNotFoundError(person)
        if entry["erased"] is not None:
            raise PersonErasedError(person)
        self.trigger_event(self.PersonErased, person=person, reason=reason, actor=actor)

    def consent_to_reminders(self, person: str, frequency: str, actor: str) -> None:
        """Record that a person wants reminders by e-mail, daily or weekly (their consent)."""
        bounds.name(actor, "actor")
        self._living(person)
        if frequency not in FREQUENCIES:
            raise UnknownFrequencyError(frequency)
        if self.persons[person].get("reminders") != frequency:
            self.trigger_event(self.RemindersConsented, person=person, frequency=frequency, actor=actor)

    def withdraw_reminders(self, person: str, actor: str) -> None:
        """Record that a person wants no more reminders (nothing when they get none)."""
        bounds.name(actor, "actor")
        if person not in self.persons:
            raise PersonNotFoundError(person)
        if self.persons[person].get("reminders"):
            self.trigger_event(self.RemindersWithdrawn, person=person, actor=actor)

    def reminders_of(self, person: str) -> str | None:
        """How often a person consented to reminders (None: no consent, or erased)."""
        entry = self.persons.get(person)
        return None if entry is None or entry["erased"] is not None else entry.get("reminders")

    def _living(self, person: str) -> None:
        entry = self.persons.get(person)
        if entry is None:
            raise PersonNotFoundError(person)
        if entry["erased"] is not None:
            raise PersonErasedError(person)

    def holder(self, contact: str) -> str | None:
        """The id of the person holding a contact role now (None: nobody recorded, or erased)."""
        person = self.holders.get(contact)
        return None if person is None or self.persons[person]["erased"] is not None else person

    def erased_at(self, person: str) -> datetime | None:
        entry = self.persons.get(person)
        return None if entry is None or entry["erased"] is None else entry["erased"]["at"]


# --- rule errors


class PersonNotFoundError(NotFoundError):
    """A contact person is named by the id shown with the contract's contacts."""

    def __init__(self, person: str) -> None:
        self.person = person
        super().__init__(f"Der er ingen kontaktperson med id '{person}'.")


class PersonErasedError(RuleError):
    """An erased person's data is gone: it is not erased again, nor recorded anew under the same id."""

    def __init__(self, person: str) -> None:
        self.person = person
        super().__init__(f"Kontaktpersonen '{person}' er allerede slettet.")


class ErasureReasonRequiredError(RuleError):
    """An erasure says why (the request, its date or case number) – without personal data."""

    def __init__(self) -> None:
        super().__init__("En sletning skal have en begrundelse (fx anmodningens dato eller sagsnummer).")


class ContactRoleNotFoundError(NotFoundError):
    """A person holds one of the contact roles the contract's terms name."""

    def __init__(self, key: str, contact: str) -> None:
        self.key, self.contact = key, contact
        super().__init__(f"Kontrakten '{key}' har ingen kontaktperson-rolle '{contact}'.")


class PersonNameRequiredError(RuleError):
    """A new person in a contact role is recorded with a name."""

    def __init__(self, contact: str) -> None:
        self.contact = contact
        super().__init__(f"En ny kontaktperson for rollen '{contact}' skal have et navn.")


class UnknownFrequencyError(RuleError):
    """Reminders come daily or weekly."""

    def __init__(self, frequency: str) -> None:
        self.frequency = frequency
        super().__init__(f"'{frequency}' er ikke en hyppighed for påmindelser (daglig eller ugentlig: daily, weekly).")
