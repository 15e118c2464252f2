"""Obligation use cases: record evidence of a duty (its party); waive an occurrence, withdraw a waiver (coordinator)."""

from __future__ import annotations

from datetime import date
from functools import partial, partialmethod

from domain.cadence import Occurrence
from domain.contract import Contract, contract_id
from domain.duties import NoDueDatesError, find_responsibility, frequency_of, governed, rule_spans
from domain.obligation import Evidence, ObligationLog, obligation_log_id
from domain.permissions import Actor, acting, require_administer, require_fulfil
from domain.use_cases.records import Outcome, Records, use_case


class ObligationUseCases(Records):
    """The division of responsibility: one log per responsibility holding its evidence and waivers."""

    @use_case
    def fulfil_obligation(
        self,
        key: str,
        responsibility: str,
        fulfilled_on: date,
        evidence: Evidence,
        actor: Actor | str,
        due: date | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record that a duty was met on a day (naming its due date, or settling the oldest open one by then)."""
        who = acting(actor)
        contract = self._contract(key, "read")
        terms = contract.terms(fulfilled_on)
        require_fulfil(who, terms, key, responsibility)
        _, duty = find_responsibility(terms, responsibility)
        found = self._occurrences(contract, responsibility, fulfilled_on, due)
        log = self._obligation_log(contract, responsibility, duty.party, who.name, expected_version)
        log.fulfil(found, fulfilled_on, due, duty.party, evidence, who.name)
        return self._save(log, subject=log)

    @use_case
    def decide_waiver(
        self,
        withdraw: bool,
        key: str,
        responsibility: str,
        due: date,
        reason: str,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Outcome:
        """Waive one occurrence of a responsibility, or withdraw its waiver (it is open again, or met by its
        evidence) – a coordinator's decision, with the reason."""
        who = acting(actor)
        require_administer(who, "tilbagekalde frafald" if withdraw else "frafalde forpligtelser")
        contract = self._contract(key, "read")
        _, duty = find_responsibility(contract.terms(due), responsibility)
        log = self._obligation_log(contract, responsibility, duty.party, who.name, expected_version)
        if withdraw:
            log.withdraw_waiver(due, reason, who.name)
        else:
            log.waive(self._occurrences(contract, responsibility, due, due), due, reason, who.name)
        return self._save(log, subject=log)

    # The two decisions by name: (key, responsibility, due, reason, actor, expected_version=None).
    waive_obligation = partialmethod(decide_waiver, False)
    withdraw_waiver = partialmethod(decide_waiver, True)

    def get_obligation_log(self, key: str, responsibility: str) -> ObligationLog | None:
        """The log of a responsibility, or None before its first entry."""
        return self._maybe(obligation_log_id(contract_id(key), responsibility), ObligationLog)

    def _occurrences(self, contract: Contract, responsibility: str, day: date, due: date | None) -> list[Occurrence]:
        """The responsibility's occurrences under the rule in force on each due date, while the contract is."""
        effective = [date.fromisoformat(d) for d in contract.timeline.effective[1:]]
        segments = [(start, end, contract.terms(start)) for start, end in rule_spans(effective)]
        found = governed(segments, responsibility, self._horizon(max(day, due or day)), contract.ended_on)
        if not found:
            terms = contract.terms(day)
            frequency, _ = frequency_of(terms, find_responsibility(terms, responsibility)[1])
            raise NoDueDatesError(responsibility, frequency.describe())
        return found

    def _obligation_log(
        self, contract: Contract, responsibility: str, party: str, actor: str, expected_version: int | None
    ) -> ObligationLog:
        opened = partial(ObligationLog.open, contract.id, contract.key, responsibility, party, actor)
        return self._writable(obligation_log_id(contract.id, responsibility), ObligationLog, opened, expected_version)
