"""Standing and as-needed duty use cases: attest a period (its party or a coordinator), add dated evidence."""

from __future__ import annotations

from datetime import date
from functools import partial

from domain.attestation import AttestationLog, attestation_log_id
from domain.contract import Contract, contract_id
from domain.duties import find_responsibility
from domain.permissions import Actor, acting, require_attest
from domain.standing import attestation_period, check_evidence_day, check_not_future, period_to_attest
from domain.use_cases.records import Outcome, Records, use_case


class AttestationUseCases(Records):
    """One log per standing or as-needed responsibility: attestations per period, dated evidence."""

    @use_case
    def attest_duty(
        self,
        key: str,
        responsibility: str,
        period: str,
        status: str,
        evidence: str,
        actor: Actor | str,
        reason: str = "",
        attested_on: date | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record how one period of a standing duty went (a later attestation of the period corrects it)."""
        who, today = acting(actor), self.clock()
        day = attested_on or today
        check_not_future(day, today)
        code, period_end = period_to_attest(period)
        contract = self._contract(key, "read")
        terms = contract.terms(period_end)
        require_attest(who, terms, key, responsibility)
        _, duty = find_responsibility(terms, responsibility)
        window = attestation_period(terms, duty, code, contract.ended_on)
        log = self._attestation_log(contract, responsibility, duty.party, who.name, expected_version)
        log.attest(window, status, reason, evidence, day, who.name)
        return self._save(log, subject=log)

    @use_case
    def evidence_duty(
        self,
        key: str,
        responsibility: str,
        evidenced_on: date,
        evidence: str,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record one dated time an as-needed duty was done, with what shows it."""
        who = acting(actor)
        check_not_future(evidenced_on, self.clock())
        contract = self._contract(key, "read")
        terms = contract.terms(evidenced_on)
        require_attest(who, terms, key, responsibility)
        _, duty = find_responsibility(terms, responsibility)
        check_evidence_day(terms, duty, evidenced_on, contract.ended_on)
        log = self._attestation_log(contract, responsibility, duty.party, who.name, expected_version)
        log.add_evidence(evidenced_on, evidence, who.name)
        return self._save(log, subject=log)

    def get_attestation_log(self, key: str, responsibility: str) -> AttestationLog | None:
        """The attestations and evidence of a responsibility, or None before the first."""
        return self._maybe(attestation_log_id(contract_id(key), responsibility), AttestationLog)

    def _attestation_log(
        self, contract: Contract, responsibility: str, party: str, actor: str, expected_version: int | None
    ) -> AttestationLog:
        opened = partial(AttestationLog.open, contract.id, contract.key, responsibility, party, actor)
        return self._writable(attestation_log_id(contract.id, responsibility), AttestationLog, opened, expected_version)
