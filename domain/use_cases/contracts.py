"""Contract use cases: import a contract file, draft, sign and end a contract; read one; list them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import EventSourcedLog
from eventsourcing.domain import DomainEvent
from eventsourcing.utils import register_topic

from domain.contract import Contract, contract_id
from domain.decisions import revise_by_file
from domain.errors import (
    ContractAlreadyExistsError,
    ContractFileRepeatedError,
    ContractImportRefusedError,
    LifecycleMismatchError,
    RuleError,
)
from domain.permissions import Actor, acting, require_administer, require_read
from domain.plan import ComprehensivePlan
from domain.plan_terms import PlanFile
from domain.terms import ContractFile, ContractTerms
from domain.use_cases.plans import PlanUseCases
from domain.use_cases.records import Outcome, current, use_case
from domain.use_cases.revisions import RevisionUseCases
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
    action: str  # "created" | "revised" | "contacts" (only contact persons recorded) | "unchanged"
    changes: list[Change]
    outcome: Outcome


class ContractUseCases(PlanUseCases, RevisionUseCases):
    """The contract's lifecycle and the log of all contracts."""

    contract_log: EventSourcedLog[ContractRegistered]

    @use_case
    def import_contract(self, file: ContractFile, actor: Actor | str, source: str) -> ImportOutcome:
        """Create the contract from its file, or record one revision with the file's differences."""
        return self._import([(file, source)], actor, name_the_file=False)[0]

    @use_case
    def import_contracts(
        self, files: list[tuple[ContractFile, str]], actor: Actor | str, plans: list[tuple[PlanFile, str]] | None = None
    ) -> list[ImportOutcome]:
        """Import plan and contract files (each with its source name) all or nothing: every file is checked against
        every rule first, then what they record is saved in one transaction; a refusal names the file."""
        return self._import(files, actor, name_the_file=True, plans=plans or [])

    def _import(
        self, files: list[tuple[ContractFile, str]], actor: Actor | str, name_the_file: bool,
        plans: list[tuple[PlanFile, str]] | None = None,
    ) -> list[ImportOutcome]:  # fmt: skip
        who = acting(actor)
        require_administer(who, "indlæse kontrakter")
        _refuse_repeated_keys(files)
        planned = self._staged_plans(plans or [], files, who.name)
        last = self.contract_log.get_last()
        next_entry = 1 if last is None else last.originator_version + 1
        staged: list[tuple[Contract, str, list[Change]]] = []
        registers: list[Any] = []
        entries: list[ContractRegistered] = []
        for file, source in files:
            try:
                contract, entry, action, changes = self._stage(file, who.name, source, next_entry)
            except RuleError as e:
                if not name_the_file:
                    raise
                raise ContractImportRefusedError(source, e) from None
            if entry is not None:
                entries.append(entry)
                next_entry += 1
            register = self._stage_named_persons(contract, file.terms(), who.name)
            if register is not None:
                registers.append(register)
                action = "contacts" if action == "unchanged" else action
            staged.append((contract, action, changes))
        changed = [c for c, _, _ in staged if c.pending_events] + registers
        subject = changed[0] if changed else next((p for p in planned if isinstance(p, ComprehensivePlan)), None)
        saved = self._save(*planned, *changed, *entries, subject=subject) if subject is not None else None
        position = saved.position if saved is not None else None
        return [
            ImportOutcome(c.key, action, changes, Outcome(c.version, None if action == "unchanged" else position))
            for c, action, changes in staged
        ]

    def _stage(
        self, file: ContractFile, actor: str, source: str, next_entry: int
    ) -> tuple[Contract, ContractRegistered | None, str, list[Change]]:
        """What importing one file records, not yet saved: the contract, its log entry when new, what changed."""
        contract = self._maybe(contract_id(file.key), Contract, "write")
        if contract is None:
            contract = Contract.draft(file.key, file.terms(), actor)
            entry = self.contract_log.trigger_event(next_entry, key=file.key, contract_id=contract.id)
            _sync_lifecycle(contract, file, actor)
            return contract, entry, "created", []
        self._file_decision_in_register(contract, file)
        changes = revise_by_file(contract, file, actor)
        _sync_lifecycle(contract, file, actor)
        return contract, None, "revised" if contract.pending_events else "unchanged", changes

    def draft_contract(self, key: str, terms: ContractTerms, actor: Actor | str) -> Outcome:
        """Record a new contract as drafted."""
        who = acting(actor)
        require_administer(who, "oprette kontrakter")
        if self._exists(contract_id(key)):
            raise ContractAlreadyExistsError(key)
        contract = Contract.draft(key, terms, who.name)
        entry = self.contract_log.trigger_event(key=key, contract_id=contract.id)
        persons = self._stage_named_persons(contract, terms, who.name)
        plans = self._stage_plans([], [(key, terms)], who.name)
        return self._save(contract, entry, *([persons] if persons else []), *plans, subject=contract)

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

    def _staged_plans(
        self, plans: list[tuple[PlanFile, str]], files: list[tuple[ContractFile, str]], actor: str
    ) -> list[Any]:
        """The plans the import records (plan files first, then contracts' inline plans), a refusal naming its file."""
        try:
            return self._stage_plans(plans, [(f.key, f) for f, _ in files], actor)
        except RuleError as e:
            source = next((s for f, s in plans if f.key == getattr(e, "plan", None)), "helhedsplaner")
            raise ContractImportRefusedError(source, e) from None


def _refuse_repeated_keys(files: list[tuple[ContractFile, str]]) -> None:
    seen: dict[str, str] = {}
    for file, source in files:
        if file.key in seen:
            raise ContractFileRepeatedError(file.key, seen[file.key], source)
        seen[file.key] = source


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
