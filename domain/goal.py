"""Measurements of one goal indicator, per period; corrections are new facts, not edits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import NotFoundError, RuleError

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/indicator")
PERIOD = re.compile(r"^\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$")


def indicator_log_id(contract_id: UUID, indicator: str) -> UUID:
    return uuid5(_NAMESPACE, f"{contract_id}/{indicator}")


@dataclass(frozen=True)
class Measurement:
    period: str
    value: Decimal
    measured_on: date
    source: str
    actor: str
    recorded_at: datetime
    corrects: bool = False


class IndicatorLog(Aggregate):
    """The measured values of one indicator of a contract's goal."""

    TOPIC = "forum:IndicatorLog"

    class Event(Aggregate.Event):
        TOPIC = "forum:IndicatorLog.Event"

    class Opened(Aggregate.Created):
        TOPIC = "forum:IndicatorLog.Opened"
        contract_id: UUID
        contract_key: str
        indicator: str
        actor: str

        def apply(self, log: IndicatorLog) -> None:
            log.contract_id = self.contract_id
            log.contract_key = self.contract_key
            log.indicator = self.indicator
            log.measurements = {}

    class Measured(Event):
        TOPIC = "forum:IndicatorLog.Measured"
        CORRECTS = False  # a class constant, not a stored field
        period: str
        value: Decimal
        measured_on: date
        source: str
        actor: str

        def apply(self, log: IndicatorLog) -> None:
            log.measurements[self.period] = Measurement(
                self.period, self.value, self.measured_on, self.source, self.actor, self.timestamp, self.CORRECTS
            )

    class Corrected(Measured):
        """A new value for a measured period: the same fields as a measurement (its own stored topic), marked as a
        correction; the views tell the two apart by exact event type."""

        TOPIC = "forum:IndicatorLog.Corrected"
        CORRECTS = True

    contract_id: UUID
    contract_key: str
    indicator: str
    measurements: dict[str, Measurement]

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def open(cls, contract_id: UUID, contract_key: str, indicator: str, actor: str) -> IndicatorLog:
        return cls._create(
            cls.Opened,
            id=indicator_log_id(contract_id, indicator),
            contract_id=contract_id,
            contract_key=contract_key,
            indicator=indicator,
            actor=actor,
        )

    def measure(self, period: str, value: Decimal, measured_on: date, source: str, actor: str) -> None:
        """Record the indicator's value for a period (ÅÅÅÅ, ÅÅÅÅ-Q1, ÅÅÅÅ-H1 or ÅÅÅÅ-MM)."""
        _check_period(period)
        _check_measurement(value, measured_on, source, actor)
        if period in self.measurements:
            raise AlreadyMeasuredError(self.indicator, period)
        self.trigger_event(
            self.Measured, period=period, value=value, measured_on=measured_on, source=source, actor=actor
        )

    def correct(self, period: str, value: Decimal, measured_on: date, source: str, actor: str) -> None:
        """Record a corrected value for a period already measured; the first value stays in the history."""
        _check_measurement(value, measured_on, source, actor)
        if period not in self.measurements:
            raise MeasurementNotFoundError(self.indicator, period)
        if not source.strip():
            raise CorrectionSourceRequiredError()
        self.trigger_event(
            self.Corrected, period=period, value=value, measured_on=measured_on, source=source, actor=actor
        )


def _check_measurement(value: Decimal, measured_on: date, source: str, actor: str) -> None:
    bounds.number(value, "value")
    bounds.day(measured_on, "measured_on")
    bounds.text(source, "source")
    bounds.name(actor, "actor")


def _check_period(period: str) -> None:
    if not PERIOD.match(period):
        raise NotAPeriodError(period)


# --- rule errors


class AlreadyMeasuredError(RuleError):
    """A period is measured once; a changed value is a correction."""

    def __init__(self, indicator: str, period: str) -> None:
        self.indicator, self.period = indicator, period
        super().__init__(f"Indikatoren '{indicator}' er allerede målt for {period}; brug en rettelse i stedet.")


class MeasurementNotFoundError(NotFoundError):
    """Only a measured period can be corrected."""

    def __init__(self, indicator: str, period: str) -> None:
        self.indicator, self.period = indicator, period
        super().__init__(f"Indikatoren '{indicator}' har ingen måling for {period} at rette.")


class CorrectionSourceRequiredError(RuleError):
    """A corrected measurement names its source."""

    def __init__(self) -> None:
        super().__init__("Angiv kilden til den rettede måling.")


class NotAPeriodError(RuleError):
    """A period is a year, a quarter, a half year or a month."""

    def __init__(self, period: str) -> None:
        self.period = period
        super().__init__(f"'{period}' er ikke en periode. Skriv fx 2015, 2015-Q2, 2015-H1 eller 2015-03.")
