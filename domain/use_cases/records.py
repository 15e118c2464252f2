"""What the use cases need from the store – load an aggregate for a use, save a unit of work – and shared lookups.

``persistence.store.StoredApplication`` provides the storing; the use cases only say what to load
and what to save together, so no use case knows about caches, batches or transactions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.contract import Contract, contract_id
from domain.errors import ContractNotFoundError, MeetingNotFoundError, StaleError
from domain.forum import Forum, RegisteredDecision, forum_id
from domain.forum_register import require_registered
from domain.meeting import Meeting
from domain.personal import PersonKeys
from domain.versions import Decision

A = TypeVar("A", bound=Aggregate)
S = TypeVar("S", bound="Records")
P = ParamSpec("P")
R = TypeVar("R")
Use = Literal["read", "write", "fresh"]


@dataclass(frozen=True)
class Outcome:
    """What a command recorded: the aggregate's new version and the log position."""

    version: int
    position: int | None


def use_case(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """A command: it runs in one command scope of the store (which starts from the store as it is then)."""

    @functools.wraps(method)
    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._command():
            return method(self, *args, **kwargs)

    return run


class Records:
    """The port the use cases are written against; the store's application implements the first four."""

    clock: Callable[[], date]
    new_id: Callable[[], UUID]
    person_keys: PersonKeys

    def _maybe(self, aggregate_id: UUID, kind: type[A], use: Use = "fresh") -> A | None:
        """The aggregate – to ``read`` for rules (shared, never changed), to ``write`` (the caller's
        alone), or ``fresh`` from the store – or None when there is none of this kind."""
        raise NotImplementedError

    def _exists(self, aggregate_id: UUID) -> bool:
        raise NotImplementedError

    def _load_all(self, aggregate_ids: list[UUID], kind: type[A]) -> dict[UUID, A]:
        """Those of the aggregates that exist, fresh from the store, for the caller alone (the store reads
        them together; here one by one)."""
        found = {i: self._maybe(i, kind, "fresh") for i in aggregate_ids}
        return {i: a for i, a in found.items() if a is not None}

    def _save(self, *items: Any, subject: Aggregate) -> Outcome:
        """Record the items' new events atomically; the outcome is the subject's version and the position."""
        raise NotImplementedError

    def _command(self) -> AbstractContextManager[None]:
        """The scope of one use case (nested use cases share their caller's)."""
        return _no_scope()

    # --- lookups shared by the use cases ------------------------------------------------

    def _contract(self, key: str, use: Use) -> Contract:
        contract = self._maybe(contract_id(key), Contract, use)
        if contract is None:
            raise ContractNotFoundError(key)
        return contract

    def _meeting(self, meeting_id: UUID, use: Use) -> Meeting:
        meeting = self._maybe(meeting_id, Meeting, use)
        if meeting is None:
            raise MeetingNotFoundError(meeting_id)
        return meeting

    def _deciding_forum(self, decided_by: str, use: Use = "read") -> Forum | None:
        """The registered forum a decision names (by name or key), or None when it is not registered."""
        return self._maybe(forum_id(decided_by), Forum, use) if decided_by.strip() else None

    def _in_register(self, decision: Decision | None) -> RegisteredDecision | None:
        """Refuse a decision its registered forum's register should hold and does not (``domain/forum_register``)."""
        if decision is None:
            return None
        return require_registered(self._deciding_forum(decision.decided_by), decision)

    def _writable(self, aggregate_id: UUID, kind: type[A], opened: Callable[[], A], expected: int | None) -> A:
        """A log to write: the stored one at the expected version, or one opened now (at version 0)."""
        stored = self._maybe(aggregate_id, kind, "write")
        return fresh(opened(), expected) if stored is None else current(stored, expected)

    def _horizon(self, day: date) -> date:
        """How far ahead to look for the occurrence a record is about."""
        return max(day, self.clock()) + timedelta(days=366)


def current(aggregate: A, expected_version: int | None) -> A:
    if expected_version is not None and aggregate.version != expected_version:
        raise StaleError(
            f"Posten er ændret siden version {expected_version} (nu version {aggregate.version}). "
            "Hent den igen, og se hvad der er ændret, før du prøver igen.",
            current_version=aggregate.version,
        )
    return aggregate


def fresh(aggregate: A, expected_version: int | None) -> A:
    """A log opened by this command: the caller saw none (version 0) or did not say."""
    if expected_version not in (None, 0):
        raise StaleError(
            f"Posten findes ikke endnu (version 0), men der blev forventet version {expected_version}.",
            current_version=0,
        )
    return aggregate


@contextmanager
def _no_scope() -> Iterator[None]:
    yield
