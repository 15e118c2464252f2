"""Reminder use cases: plan the e-mails of a run, mark them sent, and contact persons' consent to reminders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from domain.contact_persons import ContactPersons, PersonNotFoundError, contact_persons_id
from domain.errors import ContractNotFoundError
from domain.permissions import Actor, acting, require_administer, require_record_person
from domain.reminders import ReminderLog, reminder_log_id
from domain.use_cases.records import Outcome, Records, use_case

Part = tuple[str, str, str, tuple[str, ...]]  # contract key, kind, period, occurrences


class Consent(NamedTuple):
    """A contact person who wants reminders: their role, id, how often, the role's party and level."""

    contact: str
    person: str
    frequency: str
    party: str
    leadership: bool


class ReminderUseCases(Records):
    """What was e-mailed to whom, recorded before and after sending; who consented to reminders."""

    @use_case
    def plan_reminders(self, recipient: str, parts: Iterable[Part], as_of: date, actor: Actor | str) -> Outcome:
        """Record, before one e-mail is sent, the contracts and deadlines it names (all parts in one save)."""
        who = acting(actor)
        require_administer(who, "sende påmindelser")
        logs = []
        for key, kind, period, occurrences in parts:
            log = self.reminder_log(key, recipient, "write") or ReminderLog.open(
                self._contract(key, "read").id, key, recipient, who.name
            )
            log.plan(kind, period, list(occurrences), as_of, who.name)
            logs.append(log)
        return self._save(*logs, subject=logs[0])

    @use_case
    def mark_reminders_sent(self, recipient: str, parts: Iterable[Part], actor: Actor | str) -> Outcome:
        """Record that the e-mail with these parts was handed to the mail server."""
        who = acting(actor)
        require_administer(who, "sende påmindelser")
        logs = []
        for key, kind, period, _ in parts:
            log = self.reminder_log(key, recipient, "write")
            if log is None:
                raise ContractNotFoundError(key)
            log.mark_sent(kind, period, who.name)
            logs.append(log)
        return self._save(*logs, subject=logs[0])

    def reminder_log(self, key: str, recipient: str, use: str = "read") -> ReminderLog | None:
        return self._maybe(reminder_log_id(key, recipient), ReminderLog, "write" if use == "write" else "read")

    @use_case
    def consent_to_reminders(self, key: str, person: str, frequency: str, actor: Actor | str) -> Outcome:
        """Record a contact person's consent to reminders by e-mail, daily or weekly (coordinator or their party)."""
        who = acting(actor)
        register = self._register_with(key, person, who)
        register.consent_to_reminders(person, frequency, who.name)
        return self._save(register, subject=register) if register.pending_events else Outcome(register.version, None)

    @use_case
    def withdraw_reminders(self, key: str, person: str, actor: Actor | str) -> Outcome:
        """Record that a contact person wants no more reminders: by the signed link in every reminder (acting as
        'person:ID', themselves), or by a coordinator or their party."""
        who = acting(actor)
        register = self._register_with(key, person, None if who.name == f"person:{person}" else who)
        register.withdraw_reminders(person, who.name)
        return self._save(register, subject=register) if register.pending_events else Outcome(register.version, None)

    def consenting_persons(self, key: str) -> list[Consent]:
        """The contact persons holding a role now who consented to reminders, with their role's party."""
        register = self._maybe(contact_persons_id(key), ContactPersons, "read")
        if register is None:
            return []
        roles = {c.key: c for c in self._contract(key, "read").terms().contacts}
        found = []
        for contact, person in register.holders.items():
            frequency, role = register.reminders_of(person), roles.get(contact)
            if frequency and role is not None:
                found.append(Consent(contact, person, frequency, role.party, role.leadership))
        return found

    def _register_with(self, key: str, person: str, who: Actor | None) -> ContactPersons:
        """The register holding the person, for a change by ``who`` (None: the person themselves)."""
        contract = self._contract(key, "read")
        register = self._maybe(contact_persons_id(key), ContactPersons, "write")
        if register is None or person not in register.persons:
            raise PersonNotFoundError(person)
        if who is not None:
            role = next((c for c in contract.terms().contacts if c.key == register.persons[person]["contact"]), None)
            require_record_person(who, contract.terms(), key, role.party if role else "")
        return register
