"""Domain errors, each with a message a coordinator understands (Danish).

The base classes here are what the API maps to HTTP statuses, in one place
(``api/http/problems.py``; the web pages reuse its ``domain_status``). Every broken rule has
its own subclass, named after the rule and carrying the data its message is built from, so
the wording lives once, in the class. Where a named error lives:

- an aggregate's rules, including a missing entry inside its own record, at the end of the
  aggregate's module (``domain/meeting.py``: ``MeetingAlreadyHeldError`` ...), or beside it in
  ``domain/<aggregate>_errors.py`` once they outgrow it (``budget_errors.py``, ``obligation_errors.py``),
  re-exported by the aggregate's module;
- a rule another module checks, in that module (``domain/duties.py``; at the doors,
  ``api/accounts/users.py``, ``api/web/params.py`` ...);
- lookups (a contract, version, plan, indicator, responsibility or cadence that a key names
  does not exist) and the use cases' and permissions' rules, here, below the base classes.

Every error has a stable ``rule`` code (``MeetingAlreadyHeldError`` -> ``meeting-already-held``)
from its class name, unless the class sets ``rule`` itself (do so before renaming a class);
problem+json bodies carry it, so a client need not read the Danish.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import ClassVar


def _code(class_name: str) -> str:
    """``MeetingAlreadyHeldError`` -> ``meeting-already-held``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", class_name.removesuffix("Error")).lower()


class DomainError(Exception):
    """A command was refused; the message says why in plain Danish."""

    rule: ClassVar[str] = "domain"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "rule" not in cls.__dict__:
            cls.rule = _code(cls.__name__)


class NotFoundError(DomainError):
    """The contract, meeting or entry asked for does not exist (or was not known then)."""


class RuleError(DomainError):
    """The command breaks a rule of the contract or of the record."""


class ConflictError(DomainError):
    """The record changed since the caller read it: a stale write is refused, never merged."""

    def __init__(self, message: str, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class StaleError(ConflictError):
    """The caller's version is not the current one; ``current_version`` says which is."""


class UnsupportedContentError(RuleError):
    """Content of a kind the record does not take (HTTP 415)."""


class ContentTooLargeError(RuleError):
    """Content larger than the record takes (HTTP 413)."""


class AlreadyExistsError(ConflictError):
    """Something with this key exists already."""


class TermsError(RuleError):
    """Contract terms that do not hang together; ``problems`` name each field."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


# --- lookups: what a command or a query names does not exist (or was not known then)


class ContractNotFoundError(NotFoundError):
    """No contract has this key."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Kontrakten '{key}' findes ikke.")


class ContractNotKnownError(NotFoundError):
    """The contract was not yet recorded at the time asked about."""

    def __init__(self, key: str, known_at: datetime | None) -> None:
        self.key, self.known_at = key, known_at
        super().__init__(f"Kontrakten '{key}' var ikke registreret pr. {known_at:%d.%m.%Y %H:%M}.")


class VersionNotFoundError(NotFoundError):
    """The contract has no version with this number."""

    def __init__(self, key: str, number: int) -> None:
        self.key, self.number = key, number
        super().__init__(f"Kontrakten '{key}' har ingen version {number}.")


class PlanNotFoundError(NotFoundError):
    """The contract covers no helhedsplan with this key (on the date asked about)."""

    def __init__(self, key: str, plan: str) -> None:
        self.key, self.plan = key, plan
        super().__init__(f"Kontrakten '{key}' dækker ingen helhedsplan med nøglen '{plan}'.")


class IndicatorNotFoundError(NotFoundError):
    """The contract's goals have no indicator with this key."""

    def __init__(self, key: str, indicator: str) -> None:
        self.key, self.indicator = key, indicator
        super().__init__(f"Kontrakten '{key}' har ingen indikator med nøglen '{indicator}'.")


class ResponsibilityNotFoundError(NotFoundError):
    """The contract has no responsibility with this key; ``key`` names the contract when known."""

    def __init__(self, responsibility: str, key: str | None = None) -> None:
        self.responsibility, self.key = responsibility, key
        contract = f"Kontrakten '{key}'" if key else "Kontrakten"
        super().__init__(f"{contract} har ingen forpligtelse med nøglen '{responsibility}'.")


class CadenceNotFoundError(NotFoundError):
    """The contract has no meeting cadence with this key."""

    def __init__(self, cadence: str) -> None:
        self.cadence = cadence
        super().__init__(f"Kontrakten har ingen mødekadence med nøglen '{cadence}'.")


# --- use cases and permissions


class MeetingNotFoundError(NotFoundError):
    """No meeting has this id."""

    def __init__(self, meeting_id: object) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"Mødet {meeting_id} findes ikke.")


class NothingBookedError(NotFoundError):
    """Nothing was ever booked on this plan's ledger in the contract."""

    def __init__(self, key: str, plan: str) -> None:
        self.key, self.plan = key, plan
        super().__init__(f"Der er intet bogført på '{plan}' i '{key}'.")


class ContractAlreadyExistsError(AlreadyExistsError):
    """A contract with this key exists already."""

    def __init__(self, key: str, hint: str = "") -> None:
        self.key = key
        super().__init__(f"Der findes allerede en kontrakt med nøglen '{key}'{hint}.", current_version=None)


class MeetingAlreadyRecordedError(AlreadyExistsError):
    """A meeting of this cadence is already recorded as held on this day."""

    def __init__(self, cadence: str, held_on: object) -> None:
        self.cadence, self.held_on = cadence, held_on
        super().__init__(
            f"Et møde i '{cadence}' er allerede registreret afholdt {held_on:%d.%m.%Y}.", current_version=None
        )


class LifecycleMismatchError(RuleError):
    """A re-imported file says signed or ended otherwise than recorded; an import does not correct that."""

    def __init__(self, kind: str, wanted: object, recorded: object) -> None:
        self.kind, self.wanted, self.recorded = kind, wanted, recorded
        super().__init__(
            f"Filen siger {kind} {f'{wanted:%d.%m.%Y}' if wanted else 'ikke'}, men kontrakten er registreret "
            f"{kind} {recorded:%d.%m.%Y}; det rettes ikke ved import."
        )


class ContractFileRepeatedError(RuleError):
    """Two files of one import describe the same contract; which one should win is not for the import to guess."""

    def __init__(self, key: str, first: str, second: str) -> None:
        self.key, self.first, self.second = key, first, second
        super().__init__(f"Kontrakten '{key}' står både i {first} og i {second}; intet er indlæst.")


class ContractImportRefusedError(RuleError):
    """One file of an import of several breaks a rule of the contract; nothing from any file is written."""

    def __init__(self, source: str, cause: RuleError) -> None:
        self.source, self.reason = source, str(cause).rstrip(".")
        super().__init__(f"{source}: {self.reason}. Intet er indlæst.")


class MeetingHeldInFutureError(RuleError):
    """A meeting cannot be recorded as held on a day still to come."""

    def __init__(self, held_on: object) -> None:
        self.held_on = held_on
        super().__init__(f"Et møde kan ikke registreres som afholdt {held_on:%d.%m.%Y}, som ligger i fremtiden.")


class UnknownAttendeesError(RuleError):
    """Attendees are parties of the contract."""

    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        super().__init__(f"Ukendte parter blandt deltagerne: {', '.join(unknown)}.")


class UnknownActivityError(RuleError):
    """An expense names an activity of the contract."""

    def __init__(self, key: str, activity: str) -> None:
        self.key, self.activity = key, activity
        super().__init__(f"Kontrakten '{key}' har ingen aktivitet med nøglen '{activity}'.")


class FunderNotOfPlanError(RuleError):
    """An expense names one of its plan's funders."""

    def __init__(self, funder: str, plan: str, funders: list[str]) -> None:
        self.funder, self.plan, self.funders = funder, plan, funders
        super().__init__(f"'{funder}' finansierer ikke '{plan}' (finansieres af: {', '.join(funders)}).")


class ExpenseOutsidePlanPeriodError(RuleError):
    """An expense is booked within its plan's period; a reversal may come later (on or after its entry)."""

    def __init__(self, plan: str, booked_on: object, start: object, end: object) -> None:
        self.plan, self.booked_on, self.start, self.end = plan, booked_on, start, end
        until = f"{end:%d.%m.%Y}" if end is not None else "nu"
        super().__init__(
            f"En udgift dateret {booked_on:%d.%m.%Y} ligger uden for helhedsplanen '{plan}'s periode "
            f"({start:%d.%m.%Y}–{until}) og kan ikke bogføres på den."
        )


class RateOutOfRangeError(RuleError):
    """A rate indicator (kind: rate) is measured in percent, from 0 to 100."""

    def __init__(self, indicator: str, value: object) -> None:
        self.indicator, self.value = indicator, value
        super().__init__(f"Indikatoren '{indicator}' er en andel i procent; {value} ligger ikke mellem 0 og 100.")


class UnknownTermsPathError(TermsError):
    """A changed path names a field of the terms."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__([(path, "findes ikke i vilkårene")])


class NotPermittedError(DomainError):
    """The actor's role or party may not do this (HTTP 403)."""


class RoleNotPermittedError(NotPermittedError):
    """The actor's role may not do this at all."""

    def __init__(self, role_name: str, action: str, allowed: list[str]) -> None:
        self.role_name, self.action, self.allowed = role_name, action, allowed
        super().__init__(f"Rollen {role_name} må ikke {action} (tilladt for: {', '.join(allowed)}).")


class NotPartyError(NotPermittedError):
    """The actor's party is not a party to the contract."""

    def __init__(self, party: str | None, key: str) -> None:
        self.party, self.key = party, key
        super().__init__(f"{party} er ikke part i kontrakten '{key}'.")


class NotConvenerError(NotPermittedError):
    """The actor's party does not convene this cadence's meetings."""

    def __init__(self, party: str | None, cadence: str) -> None:
        self.party, self.cadence = party, cadence
        super().__init__(f"{party} indkalder ikke møderne '{cadence}' og kan ikke registrere dem.")


class NotResponsibleError(NotPermittedError):
    """The responsibility belongs to another party."""

    def __init__(self, party: str | None, responsibility: str) -> None:
        self.party, self.responsibility = party, responsibility
        super().__init__(f"Forpligtelsen '{responsibility}' er ikke {party}s.")


class NotOnPlanError(NotPermittedError):
    """The actor's party is not behind this plan."""

    def __init__(self, party: str | None, plan: str) -> None:
        self.party, self.plan = party, plan
        super().__init__(f"{party} står ikke bag helhedsplanen '{plan}' og kan ikke bogføre på den.")
