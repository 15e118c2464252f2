"""Obligation use cases: fulfil one occurrence of a responsibility (its party), or waive it (a coordinator)."""

from __future__ import annotations

from datetime import date
from functools import partial

from domain.contract import Contract, contract_id
from domain.duties import find_responsibility, occurrence_for
from domain.obligation import Evidence, ObligationLog, obligation_log_id
from domain.permissions import Actor, acting, require_administer, require_fulfil
from domain.use_cases.records import Outcome, Records, use_case


class ObligationUseCases(Records):
    """The division of responsibility: one log per responsibility, one entry per occurrence settled."""

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
        """Record that one occurrence of a responsibility was met (by its due date, or the one in progress)."""
        who = acting(actor)
        contract = self._contract(key, "read")
        terms = contract.terms(fulfilled_on)
        require_fulfil(who, terms, key, responsibility)
        _, duty = find_responsibility(terms, responsibility)
        occurrence = occurrence_for(terms, duty, due, fulfilled_on, self._horizon(fulfilled_on))
        log = self._obligation_log(contract, responsibility, duty.party, who.name, expected_version)
        log.fulfil(occurrence, fulfilled_on, duty.party, evidence, who.name)
        return self._save(log, subject=log)

    @use_case
    def waive_obligation(
        self,
        key: str,
        responsibility: str,
        due: date,
        reason: str,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record that one occurrence of a responsibility is waived, with the reason."""
        who = acting(actor)
        require_administer(who, "frafalde forpligtelser")
        contract = self._contract(key, "read")
        terms = contract.terms(due)
        _, duty = find_responsibility(terms, responsibility)
        occurrence = occurrence_for(terms, duty, due, due, self._horizon(due))
        log = self._obligation_log(contract, responsibility, duty.party, who.name, expected_version)
        log.waive(occurrence, reason, who.name)
        return self._save(log, subject=log)

    def get_obligation_log(self, key: str, responsibility: str) -> ObligationLog | None:
        """The log of a responsibility, or None before its first entry."""
        return self._maybe(obligation_log_id(contract_id(key), responsibility), ObligationLog)

    def _obligation_log(
        self, contract: Contract, responsibility: str, party: str, actor: str, expected_version: int | None
    ) -> ObligationLog:
        opened = partial(ObligationLog.open, contract.id, contract.key, responsibility, party, actor)
        return self._writable(obligation_log_id(contract.id, responsibility), ObligationLog, opened, expected_version)
