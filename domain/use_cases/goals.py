"""Goal use cases: record (or correct) an indicator's value for a period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from domain.contract import contract_id
from domain.errors import IndicatorNotFoundError, RateOutOfRangeError
from domain.goal import IndicatorLog, indicator_log_id
from domain.permissions import Actor, acting, require_administer
from domain.use_cases.records import Outcome, Records, use_case


class GoalUseCases(Records):
    """One log of measurements per indicator of the contract's goals."""

    @use_case
    def record_measurement(
        self,
        key: str,
        indicator: str,
        period: str,
        value: Decimal,
        measured_on: date,
        source: str,
        actor: Actor | str,
        correct: bool = False,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record (or correct) an indicator's value for a period."""
        who = acting(actor)
        require_administer(who, "registrere målinger")
        contract = self._contract(key, "read")
        known = {i.key: i for g in contract.terms(measured_on).goals for i in g.indicators}
        if indicator not in known:
            raise IndicatorNotFoundError(key, indicator)
        if known[indicator].kind == "rate" and not 0 <= value <= 100:
            raise RateOutOfRangeError(indicator, value)
        opened = partial(IndicatorLog.open, contract.id, contract.key, indicator, who.name)
        log = self._writable(indicator_log_id(contract.id, indicator), IndicatorLog, opened, expected_version)
        if correct:
            log.correct(period, value, measured_on, source, who.name)
        else:
            log.measure(period, value, measured_on, source, who.name)
        return self._save(log, subject=log)

    def get_indicator_log(self, key: str, indicator: str) -> IndicatorLog | None:
        """An indicator's log, or None before its first measurement."""
        return self._maybe(indicator_log_id(contract_id(key), indicator), IndicatorLog)
