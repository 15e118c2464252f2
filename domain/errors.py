"""Domain errors, each with a message a coordinator understands (Danish)."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; the message says why in plain Danish."""


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
