"""Domain errors, each with a message a coordinator understands (Danish).

The base classes here are what the API maps to HTTP statuses, in one place
(``api/http/problems.py``; the web pages reuse its ``domain_status``). Every broken rule has
its own subclass, named after the rule and carrying the data its message is built from, so
the wording lives once, in the class. Where a named error lives:

- an aggregate's rules, including a missing entry inside its own record, at the end of the
  aggregate's module (``domain/meeting.py``: ``MeetingAlreadyHeldError`` ...);
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
