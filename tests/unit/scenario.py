"""Given / when / then for aggregate tests: given past events, when a command, then new events or an error.

    given(*history(lambda: Contract.draft(...), lambda c: c.sign(...))).when(lambda c: c.sign(...)).refused(RuleError)
    when_created(lambda: Contract.draft(...)).then(expect(Contract.Drafted, actor="ann"))

The aggregate under test is rebuilt from the past events as loading it from the store would, so a
test also proves that the events it starts from replay.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from eventsourcing.domain import Aggregate, DomainEventProtocol

A = TypeVar("A", bound=Aggregate)
E = TypeVar("E", bound=Exception)


@dataclass(frozen=True)
class Expected:
    """An event expected by class and by the attributes named (the others are not compared)."""

    cls: type
    attributes: dict[str, Any]

    def mismatches(self, event: DomainEventProtocol) -> list[str]:
        if type(event) is not self.cls:
            return [f"expected {self.cls.__qualname__}, got {type(event).__qualname__}"]
        return [
            f"{self.cls.__qualname__}.{name}: expected {value!r}, got {getattr(event, name, '<missing>')!r}"
            for name, value in self.attributes.items()
            if getattr(event, name, object()) != value
        ]


def expect(cls: type, **attributes: Any) -> Expected:
    return Expected(cls, attributes)


def history(create: Callable[[], A], *commands: Callable[[A], object]) -> list[DomainEventProtocol]:
    """The events of creating an aggregate and running ``commands`` on it: past events made by commands."""
    aggregate = create()
    for command in commands:
        command(aggregate)
    return list(aggregate.collect_events())


def given(*past: DomainEventProtocol) -> Given[Any]:
    """The aggregate as the store would load it from ``past`` events."""
    assert past, "given() needs at least the event that created the aggregate"
    aggregate = None
    for event in past:
        aggregate = event.mutate(aggregate)
    return Given(aggregate)


@dataclass
class Given(Generic[A]):
    aggregate: A

    def when(self, command: Callable[[A], object]) -> Then[A]:
        """Run ``command`` on the aggregate, catching the domain error it may raise."""
        try:
            result = command(self.aggregate)
        except Exception as e:
            return Then(self.aggregate, None, e, [])
        return Then(self.aggregate, result, None, list(self.aggregate.collect_events()))


def when_created(create: Callable[[], A]) -> Then[A]:
    """A command that creates the aggregate: its new events are all the aggregate has."""
    try:
        aggregate = create()
    except Exception as e:
        return Then(None, None, e, [])
    return Then(aggregate, None, None, list(aggregate.collect_events()))


@dataclass
class Then(Generic[A]):
    """What a command did: the aggregate after it, its return value, and its new events or its error."""

    aggregate: A | None
    result: Any
    error: Exception | None
    events: list[DomainEventProtocol] = field(default_factory=list)

    def then(self, *expected: Expected) -> list[Any]:
        """Exactly these new events, in this order; returns them for further questions."""
        if self.error is not None:
            raise AssertionError(f"the command was refused: {type(self.error).__name__}: {self.error}") from self.error
        names = [type(e).__qualname__ for e in self.events]
        assert len(self.events) == len(expected), f"expected {[x.cls.__qualname__ for x in expected]}, got {names}"
        problems = [p for x, event in zip(expected, self.events, strict=True) for p in x.mismatches(event)]
        assert not problems, "\n".join(problems)
        return self.events

    def then_nothing(self) -> None:
        """Accepted, and nothing recorded."""
        self.then()

    def refused(self, error: type[E], match: str | None = None) -> E:
        """Refused with ``error`` (``match``: a pattern its message must contain), and nothing recorded."""
        recorded = [type(e).__qualname__ for e in self.events]
        assert self.error is not None, f"expected {error.__name__}, but the command recorded {recorded}"
        assert isinstance(self.error, error), f"expected {error.__name__}, got {type(self.error).__name__}"
        if match is not None:
            assert re.search(match, str(self.error)), f"{str(self.error)!r} does not match {match!r}"
        if self.aggregate is not None:
            assert self.aggregate.collect_events() == [], "a refused command left pending events"
        return self.error
