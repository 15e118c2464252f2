"""Reminder use cases: plan the e-mails of a run, mark them sent, and contact persons' consent to reminders."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple
from uuid import UUID

from domain.contact_persons import ContactPersons, PersonNotFoundError, contact_persons_id
from domain.contract import contract_id
from domain.errors import ContractNotFoundError
from domain.permissions import Actor, acting, require_administer, require_record_person
from domain.reminders import ReminderLog, reminder_log_id
from domain.use_cases.records import Outcome, Records, use_case

Part = tuple[str, str, str, tuple[str, ...]]  # contract key, kind, period, occurrences
Logs = dict[UUID, ReminderLog]  # a run's reminder logs by id


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
    def plan_reminders(
        self, recipient: str, parts: Iterable[Part], as_of: date, actor: Actor | str, logs: Logs | None = None
    ) -> Outcome:
        """Record, before one e-mail is sent, the contracts and deadlines it names (all parts in one save).
        ``logs``: the run's logs read before (``reminder_logs``), kept current with what is saved here."""
        who = acting(actor)
        require_administer(who, "sende påmindelser")
        changed = []
        for key, kind, period, occurrences in parts:
            log = self._log_to_write(key, recipient, logs) or ReminderLog.open(
                self._contract(key, "read").id if logs is None else contract_id(key), key, recipient, who.name
            )
            log.plan(kind, period, list(occurrences), as_of, who.name)
            changed.append(log)
        return self._save_logs(changed, logs)

    @use_case
    def mark_reminders_sent(
        self, recipient: str, parts: Iterable[Part], actor: Actor | str, logs: Logs | None = None
    ) -> Outcome:
        """Record that the e-mail with these parts was handed to the mail server."""
        who = acting(actor)
        require_administer(who, "sende påmindelser")
        changed = []
        for key, kind, period, _ in parts:
            log = self._log_to_write(key, recipient, logs)
            if log is None:
                raise ContractNotFoundError(key)
            log.mark_sent(kind, period, who.name)
            changed.append(log)
        return self._save_logs(changed, logs)

    def reminder_log(self, key: str, recipient: str, use: str = "read") -> ReminderLog | None:
        return self._maybe(reminder_log_id(key, recipient), ReminderLog, "write" if use == "write" else "read")

    def reminder_logs(self, pairs: Iterable[tuple[str, str]]) -> Logs:
        """The stored logs of these (contract key, recipient) pairs, read together, by log id (one run's)."""
        return self._load_all(list(dict.fromkeys(reminder_log_id(key, recipient) for key, recipient in pairs)),
                              ReminderLog)  # fmt: skip

    def _log_to_write(self, key: str, recipient: str, logs: Logs | None) -> ReminderLog | None:
        """The log to change: from the store, or a copy of the run's (which changes only once saved)."""
        if logs is None:
            return self.reminder_log(key, recipient, "write")
        known = logs.get(reminder_log_id(key, recipient))
        return copy.deepcopy(known) if known is not None else None

    def _save_logs(self, changed: list[ReminderLog], logs: Logs | None) -> Outcome:
        outcome = self._save(*changed, subject=changed[0])
        if logs is not None:
            logs.update((log.id, log) for log in changed)
        return outcome

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
        return self._consenting(key, self._maybe(contact_persons_id(key), ContactPersons, "read"))

    def consenting_persons_of(self, keys: list[str]) -> dict[str, list[Consent]]:
        """``consenting_persons`` of each contract, the registers read together."""
        registers = self._load_all([contact_persons_id(key) for key in keys], ContactPersons)
        return {key: self._consenting(key, registers.get(contact_persons_id(key))) for key in keys}

    def _consenting(self, key: str, register: ContactPersons | None) -> list[Consent]:
        if register is None or not any(register.reminders_of(p) for p in register.holders.values()):
            return []  # nobody consented: the contract's roles are not needed
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
