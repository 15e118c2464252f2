"""Contract use cases: import a contract file, draft, sign and end a contract; read one; list them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.application import EventSourcedLog
from eventsourcing.domain import DomainEvent
from eventsourcing.utils import register_topic

from domain.contract import Contract, contract_id
from domain.decisions import revise_by_file
from domain.errors import ContractAlreadyExistsError, LifecycleMismatchError
from domain.permissions import Actor, acting, require_administer, require_read
from domain.terms import ContractFile, ContractTerms
from domain.use_cases.records import Outcome, Records, current, use_case
from domain.versions import Change


class ContractRegistered(DomainEvent):
    """An entry in the log of all contracts, written with each new contract."""

    TOPIC = "forum:ContractRegistered"
    key: str
    contract_id: UUID


register_topic(ContractRegistered.TOPIC, ContractRegistered)


@dataclass(frozen=True)
class ImportOutcome:
    key: str
    action: str  # "created" | "revised" | "unchanged"
    changes: list[Change]
    outcome: Outcome


class ContractUseCases(Records):
    """The contract's lifecycle and the log of all contracts."""

    contract_log: EventSourcedLog[ContractRegistered]

    @use_case
    def import_contract(self, file: ContractFile, actor: Actor | str, source: str) -> ImportOutcome:
        """Create the contract from its file, or record one revision with the file's differences.

        A signed contract's revision needs a fresh decision in the file (``domain/decisions.py``);
        ``source`` names the file for messages.
        """
        who = acting(actor)
        require_administer(who, "indlæse kontrakter")
        contract = self._maybe(contract_id(file.key), Contract, "write")
        if contract is None:
            contract = Contract.draft(file.key, file.terms(), who.name)
            entry = self.contract_log.trigger_event(key=file.key, contract_id=contract.id)
            _sync_lifecycle(contract, file, who.name)
            return ImportOutcome(file.key, "created", [], self._save(contract, entry, subject=contract))
        changes = revise_by_file(contract, file, who.name)
        _sync_lifecycle(contract, file, who.name)
        if not contract.pending_events:
            return ImportOutcome(file.key, "unchanged", [], Outcome(contract.version, None))
        return ImportOutcome(file.key, "revised", changes, self._save(contract, subject=contract))

    def draft_contract(self, key: str, terms: ContractTerms, actor: Actor | str) -> Outcome:
        """Record a new contract as drafted."""
        who = acting(actor)
        require_administer(who, "oprette kontrakter")
        if self._exists(contract_id(key)):
            raise ContractAlreadyExistsError(key)
        contract = Contract.draft(key, terms, who.name)
        entry = self.contract_log.trigger_event(key=key, contract_id=contract.id)
        return self._save(contract, entry, subject=contract)

    @use_case
    def sign_contract(
        self, key: str, signed_on: date, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Record the day the contract was signed."""
        who = acting(actor)
        require_administer(who, "underskrive kontrakter")
        contract = current(self._contract(key, "write"), expected_version)
        contract.sign(signed_on, who.name)
        return self._save(contract, subject=contract)

    @use_case
    def end_contract(
        self, key: str, ended_on: date, reason: str, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Record that the contract ended (expired, replaced or terminated), with the reason."""
        who = acting(actor)
        require_administer(who, "afslutte kontrakter")
        contract = current(self._contract(key, "write"), expected_version)
        contract.end(ended_on, reason, who.name)
        return self._save(contract, subject=contract)

    def get_contract(self, key: str, actor: Actor | None = None) -> Contract:
        """The contract as stored now, for reading only (and, given an actor, only if they may read it);
        served from the aggregate cache once it has read the log up to now."""
        contract = self._contract(key, "read")
        if actor is not None:
            require_read(actor, contract.terms(), key)
        return contract

    def contract_keys(self) -> list[str]:
        """Every contract's key, in the order they were registered."""
        return [e.key for e in self.contract_log.get()]


def _sync_lifecycle(contract: Contract, file: ContractFile, actor: str) -> None:
    """Sign or end the contract as its file says; what is recorded is not corrected by a file."""
    for kind, wanted, recorded in (
        ("underskrevet", file.signed_on, contract.signed_on),
        ("afsluttet", file.ended_on, contract.ended_on),
    ):
        if recorded is not None and wanted != recorded:
            raise LifecycleMismatchError(kind, wanted, recorded)
    if file.signed_on and contract.signed_on is None:
        contract.sign(file.signed_on, actor)
    if file.ended_on and contract.ended_on is None:
        contract.end(file.ended_on, "Afsluttet ifølge kontraktfilen", actor)
