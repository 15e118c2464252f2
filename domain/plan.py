"""A boligsocial helhedsplan as an aggregate: its terms, and its status from prækvalifikation to afsluttet."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import NotFoundError, RuleError
from domain.plan_terms import STATUSES, PlanTerms, Status
from domain.vocabulary import PLAN_STATUS

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/plans")
STATUS_NAMES = PLAN_STATUS


def plan_id(key: str) -> UUID:
    return uuid5(_NAMESPACE, key)


class ComprehensivePlan(Aggregate):
    """A helhedsplan: several focus-area contracts run under it and reference it by its key."""

    TOPIC = "forum:plan"

    class Event(Aggregate.Event):
        TOPIC = "forum:plan-event"

    class Registered(Aggregate.Created):
        """The plan recorded, from its own file or from the plan a contract held inline (``origin``)."""

        TOPIC = "forum:plan-registered"
        key: str
        terms: dict[str, Any]  # PlanTerms as JSON: amounts in øre, dates ISO
        origin: str
        actor: str

        def apply(self, plan: ComprehensivePlan) -> None:
            plan.key = self.key
            plan.terms_data = self.terms
            plan.origin = self.origin
            plan.statuses = []

    class TermsChanged(Event):
        TOPIC = "forum:plan-terms-changed"
        terms: dict[str, Any]
        origin: str
        actor: str

        def apply(self, plan: ComprehensivePlan) -> None:
            plan.terms_data = self.terms
            plan.origin = self.origin

    class StatusChanged(Event):
        """The plan reached a status on a business date (``on``), recorded by ``actor``."""

        TOPIC = "forum:plan-status-changed"
        status: str
        on: date
        reference: str
        actor: str

        def apply(self, plan: ComprehensivePlan) -> None:
            plan.statuses.append((self.status, self.on, self.reference, self.actor))

    key: str
    terms_data: dict[str, Any]
    origin: str
    statuses: list[tuple[str, date, str, str]]

    def __init__(self) -> None:
        """State is set by the Registered event's apply()."""

    @classmethod
    def register(cls, key: str, terms: PlanTerms, origin: str, actor: str) -> ComprehensivePlan:
        """Record a new plan."""
        bounds.name(actor, "actor")
        return cls._create(cls.Registered, id=plan_id(key), key=key, terms=_data(terms), origin=origin, actor=actor)

    def terms(self) -> PlanTerms:
        return PlanTerms.model_validate(self.terms_data)

    def change_terms(self, terms: PlanTerms, origin: str, actor: str) -> bool:
        """Record changed terms (a plan file edited); False when nothing changed."""
        data = _data(terms)
        if data == self.terms_data:
            return False
        self.trigger_event(self.TermsChanged, terms=data, origin=origin, actor=actor)
        return True

    @property
    def status(self) -> Status | None:
        return STATUSES[len(self.statuses) - 1] if self.statuses else None

    def change_status(self, status: Status, on: date, reference: str, actor: str) -> None:
        """Move the plan to its next status: prækvalifikation → godkendt → aktiv → afsluttet, never back or past one."""
        bounds.day(on, "on")
        bounds.name(reference, "reference")
        bounds.name(actor, "actor")
        expected = STATUSES[len(self.statuses)] if len(self.statuses) < len(STATUSES) else None
        if status != expected:
            raise PlanStatusTransitionError(self.key, self.status, status)
        if self.statuses and on < self.statuses[-1][1]:
            raise PlanStatusBeforePreviousError(self.key, on, self.statuses[-1][1])
        self.trigger_event(self.StatusChanged, status=status, on=on, reference=reference, actor=actor)


def _data(terms: PlanTerms) -> dict[str, Any]:
    return terms.model_dump(mode="json")


def status_name(status: str | None) -> str:
    return STATUS_NAMES.get(status or "", "ikke registreret")


# --- rule errors


class PlanStatusTransitionError(RuleError):
    """A status change that skips a status or goes back."""

    def __init__(self, plan: str, current: str | None, wanted: str) -> None:
        self.plan, self.current, self.wanted = plan, status_name(current), status_name(wanted)
        after = STATUSES[STATUSES.index(current) + 1] if current and current != STATUSES[-1] else None
        following = STATUSES[0] if current is None else after
        allowed = f"kun «{status_name(following)}»" if following else "ingen (planen er afsluttet)"
        super().__init__(
            f"Helhedsplanen '{plan}' kan ikke skifte fra «{self.current}» til «{self.wanted}»; "
            f"næste status er {allowed}."
        )


class PlanStatusBeforePreviousError(RuleError):
    def __init__(self, plan: str, on: date, previous: date) -> None:
        self.plan, self.on, self.previous = plan, on, previous
        super().__init__(
            f"Helhedsplanen '{plan}': en status pr. {on:%d.%m.%Y} kan ikke ligge før den forrige ({previous:%d.%m.%Y})."
        )


class PlanNotRegisteredError(NotFoundError):
    def __init__(self, plan: str) -> None:
        self.plan = plan
        super().__init__(f"Der er ingen helhedsplan med nøglen '{plan}'.")
