"""The tracker: one method per use case, the only code that saves.

Rules that span aggregates (a meeting's attendees are parties of its contract, an expense's
activity exists in the contract ...) live here; each aggregate checks its own rules.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar, Concatenate, Literal, ParamSpec, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError, Application, EventSourcedLog
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording
from eventsourcing.utils import Environment, register_topic

from domain import transcodings
from domain.aggregate_cache import AggregateCache
from domain.budget import Ledger, ledger_id
from domain.committer import GroupCommitter
from domain.contract import Contract, contract_id
from domain.duties import find_cadence, find_responsibility, occurrence_for
from domain.errors import AlreadyExistsError, NotFoundError, RuleError, StaleError
from domain.goal import IndicatorLog, indicator_log_id
from domain.meeting import Meeting
from domain.obligation import Evidence, ObligationLog, obligation_log_id
from domain.terms import ContractFile, ContractTerms
from domain.versions import Change, Decision

A = TypeVar("A", bound=Aggregate)
Use = Literal["read", "write", "fresh"]
P = ParamSpec("P")
R = TypeVar("R")


def use_case(method: Callable[Concatenate[Tracker, P], R]) -> Callable[Concatenate[Tracker, P], R]:
    """A command: it starts from the store as it is when it begins (see ``AggregateCache.refresh``)."""

    @functools.wraps(method)
    def run(self: Tracker, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if getattr(self._command, "refreshed", None) is not None:
            return method(self, *args, **kwargs)
        self._command.refreshed = False
        try:
            return method(self, *args, **kwargs)
        finally:
            self._command.refreshed = None

    return run


class ContractRegistered(DomainEvent):
    """An entry in the log of all contracts, written with each new contract."""

    TOPIC = "forum:ContractRegistered"
    key: str
    contract_id: UUID


register_topic(ContractRegistered.TOPIC, ContractRegistered)


@dataclass(frozen=True)
class Outcome:
    """What a command recorded: the aggregate's new version and the log position."""

    version: int
    position: int | None


@dataclass(frozen=True)
class ImportOutcome:
    key: str
    action: str  # "created" | "revised" | "unchanged"
    changes: list[Change]
    outcome: Outcome


class Tracker(Application[UUID]):
    """forum-tracker's application service."""

    name = "forum"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Contract: 25,
        Ledger: 200,
        ObligationLog: 200,
        IndicatorLog: 100,
    }

    def __init__(
        self, env: dict[str, str], clock: Callable[[], date] = date.today, new_id: Callable[[], UUID] = uuid4
    ) -> None:
        self.clock = clock
        self.new_id = new_id  # injected, like the clock, so that a generated history can be reproduced
        self._batch = threading.local()
        super().__init__(env)
        self.committer = GroupCommitter(lambda *items: self.save(*items))  # looked up per call, like any method
        self.cache = AggregateCache(self.repository, self.recorder, int(self.env.get("CACHE_SIZE") or 100))
        self._command = threading.local()
        self.contract_log: EventSourcedLog[ContractRegistered] = EventSourcedLog(
            self.events, uuid5(NAMESPACE_URL, "https://forum-tracker.dk/contracts"), ContractRegistered
        )

    def construct_env(self, name: str, env: Any = None) -> Environment:
        # Only the settings given configure the store: a stray variable in the process
        # environment (e.g. POSTGRES_ENABLE_DB_FUNCTIONS) must not change persistence.
        return Environment(name, {"IS_SNAPSHOTTING_ENABLED": "y", **(env or {})})

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    @contextmanager
    def together(self) -> Iterator[None]:
        """Run the block's use cases with every rule, and save what they record in one transaction.

        For loading long histories (the demo): a later command sees what an earlier one in the
        block recorded, and one ``save`` of all the changed aggregates – the library's unit of
        work – records all of it or, when a command is refused, nothing. Outcomes inside the
        block have no position. New contracts are drafted before the block, not in it.
        """
        if getattr(self._batch, "aggregates", None) is not None:
            raise RuntimeError("together() blocks do not nest")
        self._batch.aggregates = {}
        try:
            yield
            changed = [a for a in self._batch.aggregates.values() if a.pending_events]
        finally:
            self._batch.aggregates = None
        if changed:
            self._save(*changed, subject=changed[0])

    # --- contracts -------------------------------------------------------------------

    @use_case
    def import_contract(self, file: ContractFile, actor: str, source: str) -> ImportOutcome:
        """Create the contract from its file, or record one revision with the file's differences."""
        try:
            contract = self._contract(file.key, "write")
        except NotFoundError:
            contract = Contract.draft(file.key, file.terms(), actor)
            entry = self.contract_log.trigger_event(key=file.key, contract_id=contract.id)
            self._sync_lifecycle(contract, file, actor)
            return ImportOutcome(file.key, "created", [], self._save(contract, entry, subject=contract))
        note = file.revision
        decision = Decision(
            decided_by=(note.decided_by if note and note.decided_by else file.revising_forum),
            decided_on=note.decided_on if note else None,
            reference=(note.reference if note and note.reference else f"Indlæst fra {source}"),
        )
        effective = note.effective_from if note and note.effective_from else self.clock()
        changes = contract.revise(file.terms(), effective, decision, actor)
        self._sync_lifecycle(contract, file, actor)
        if not contract.pending_events:
            return ImportOutcome(file.key, "unchanged", [], Outcome(contract.version, None))
        return ImportOutcome(file.key, "revised", changes, self._save(contract, subject=contract))

    def draft_contract(self, key: str, terms: ContractTerms, actor: str) -> Outcome:
        """Record a new contract as drafted."""
        if contract_id(key) in self.repository:
            raise AlreadyExistsError(f"Der findes allerede en kontrakt med nøglen '{key}'.", current_version=None)
        contract = Contract.draft(key, terms, actor)
        entry = self.contract_log.trigger_event(key=key, contract_id=contract.id)
        return self._save(contract, entry, subject=contract)

    @use_case
    def sign_contract(self, key: str, signed_on: date, actor: str, expected_version: int | None = None) -> Outcome:
        contract = self._current(self._contract(key, "write"), expected_version)
        contract.sign(signed_on, actor)
        return self._save(contract, subject=contract)

    @use_case
    def revise_contract(
        self,
        key: str,
        terms: ContractTerms,
        effective_from: date,
        decision: Decision,
        actor: str,
        expected_version: int | None = None,
    ) -> tuple[list[Change], Outcome]:
        """Record a revision agreed by the forum; nothing is recorded when nothing changed."""
        contract = self._current(self._contract(key, "write"), expected_version)
        changes = contract.revise(terms, effective_from, decision, actor)
        if not changes:
            return [], Outcome(contract.version, None)
        return changes, self._save(contract, subject=contract)

    @use_case
    def end_contract(
        self, key: str, ended_on: date, reason: str, actor: str, expected_version: int | None = None
    ) -> Outcome:
        contract = self._current(self._contract(key, "write"), expected_version)
        contract.end(ended_on, reason, actor)
        return self._save(contract, subject=contract)

    def get_contract(self, key: str) -> Contract:
        """The contract as stored now, for reading only: served from the aggregate cache once the
        cache has read the log up to now, so queries and permission checks do not load it again."""
        return self._contract(key, "read")

    def contract_keys(self) -> list[str]:
        """Every contract's key, in the order they were registered."""
        return [e.key for e in self.contract_log.get()]

    # --- meetings --------------------------------------------------------------------

    @use_case
    def schedule_meeting(
        self, key: str, cadence: str, on: date, location: str, agenda: str, actor: str
    ) -> tuple[UUID, Outcome]:
        """Put a meeting of a cadence in the calendar."""
        meeting = self._new_meeting(self._contract(key, "read"), cadence, on, location, agenda, actor)
        return meeting.id, self._save(meeting, subject=meeting)

    @use_case
    def hold_meeting(
        self,
        meeting_id: UUID,
        held_on: date,
        attendees: list[str],
        decisions: list[str],
        agreements: list[str],
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record a scheduled meeting as held; its conveners' duty to call it is thereby met."""
        meeting = self._current(self._meeting(meeting_id, "write"), expected_version)
        contract = self._contract(meeting.contract_key, "read")
        self._check_held(contract, held_on, attendees)
        meeting.hold(held_on, attendees, decisions, agreements, actor)
        return self._save(meeting, *self._convening_met(contract, meeting, actor), subject=meeting)

    @use_case
    def record_meeting_held(
        self,
        key: str,
        cadence: str,
        held_on: date,
        attendees: list[str],
        decisions: list[str],
        agreements: list[str],
        location: str,
        actor: str,
    ) -> tuple[UUID, Outcome]:
        """Record a meeting that was held without being scheduled here first (once per cadence and day)."""
        contract = self._contract(key, "read")
        self._check_held(contract, held_on, attendees)
        meeting_id = held_meeting_id(contract.id, cadence, held_on)
        if self._maybe(meeting_id, Meeting, "read") is not None:
            raise AlreadyExistsError(
                f"Et møde i '{cadence}' er allerede registreret afholdt {held_on:%d.%m.%Y}.", current_version=None
            )
        meeting = self._new_meeting(contract, cadence, held_on, location, "", actor, meeting_id)
        meeting.hold(held_on, attendees, decisions, agreements, actor)
        return meeting.id, self._save(meeting, *self._convening_met(contract, meeting, actor), subject=meeting)

    @use_case
    def move_meeting(
        self, meeting_id: UUID, to: date, reason: str, actor: str, expected_version: int | None = None
    ) -> Outcome:
        meeting = self._current(self._meeting(meeting_id, "write"), expected_version)
        meeting.move(to, reason, actor)
        return self._save(meeting, subject=meeting)

    @use_case
    def cancel_meeting(self, meeting_id: UUID, reason: str, actor: str, expected_version: int | None = None) -> Outcome:
        meeting = self._current(self._meeting(meeting_id, "write"), expected_version)
        meeting.cancel(reason, actor)
        return self._save(meeting, subject=meeting)

    def get_meeting(self, meeting_id: UUID) -> Meeting:
        return self._meeting(meeting_id, "fresh")

    # --- obligations -----------------------------------------------------------------

    @use_case
    def fulfil_obligation(
        self,
        key: str,
        responsibility: str,
        fulfilled_on: date,
        evidence: Evidence,
        actor: str,
        due: date | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record that one occurrence of a responsibility was met (by its due date, or the one in progress)."""
        contract = self._contract(key, "read")
        terms = contract.terms(fulfilled_on)
        _, duty = find_responsibility(terms, responsibility)
        occurrence = occurrence_for(terms, duty, due, fulfilled_on, self._horizon(fulfilled_on))
        log = self._obligation_log(contract, responsibility, duty.party, actor, expected_version)
        log.fulfil(occurrence, fulfilled_on, duty.party, evidence, actor)
        return self._save(log, subject=log)

    @use_case
    def waive_obligation(
        self,
        key: str,
        responsibility: str,
        due: date,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record that one occurrence of a responsibility is waived, with the reason."""
        contract = self._contract(key, "read")
        terms = contract.terms(due)
        _, duty = find_responsibility(terms, responsibility)
        occurrence = occurrence_for(terms, duty, due, due, self._horizon(due))
        log = self._obligation_log(contract, responsibility, duty.party, actor, expected_version)
        log.waive(occurrence, reason, actor)
        return self._save(log, subject=log)

    # --- budget ----------------------------------------------------------------------

    @use_case
    def book_expense(
        self,
        key: str,
        plan: str,
        booked_on: date,
        amount_ore: int,
        text: str,
        actor: str,
        activity: str | None = None,
        funder: str | None = None,
        voucher: str | None = None,
        expected_version: int | None = None,
    ) -> tuple[int, Outcome]:
        """Book an expense against a plan's frame in the contract; returns its entry number."""
        contract = self._contract(key, "read")
        terms = contract.terms(booked_on)
        frame = next((p for p in terms.plans if p.key == plan), None)
        if frame is None:
            raise NotFoundError(f"Kontrakten '{key}' dækker ingen helhedsplan med nøglen '{plan}'.")
        if activity is not None and activity not in {a.key for a in terms.activities}:
            raise RuleError(f"Kontrakten '{key}' har ingen aktivitet med nøglen '{activity}'.")
        funders = [f.funder for f in frame.budget_frame.funders]
        if funder is not None and funders and funder not in funders:
            raise RuleError(f"'{funder}' finansierer ikke '{plan}' (finansieres af: {', '.join(funders)}).")
        ledger = self._ledger(contract, plan, actor, expected_version)
        entry = ledger.book(booked_on, amount_ore, activity, funder, text, voucher, actor)
        return entry, self._save(ledger, subject=ledger)

    @use_case
    def reverse_expense(
        self,
        key: str,
        plan: str,
        entry: int,
        booked_on: date,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> tuple[int, Outcome]:
        """Reverse a booked expense by an opposite entry; nothing is edited."""
        contract = self._contract(key, "read")
        ledger = self._current(
            self._get(ledger_id(contract.id, plan), Ledger, f"Der er intet bogført på '{plan}' i '{key}'.", "write"),
            expected_version,
        )
        number = ledger.reverse(entry, booked_on, reason, actor)
        return number, self._save(ledger, subject=ledger)

    def get_ledger(self, key: str, plan: str) -> Ledger | None:
        return self._maybe(ledger_id(contract_id(key), plan), Ledger)

    def get_obligation_log(self, key: str, responsibility: str) -> ObligationLog | None:
        return self._maybe(obligation_log_id(contract_id(key), responsibility), ObligationLog)

    def get_indicator_log(self, key: str, indicator: str) -> IndicatorLog | None:
        return self._maybe(indicator_log_id(contract_id(key), indicator), IndicatorLog)

    # --- goals -----------------------------------------------------------------------

    @use_case
    def record_measurement(
        self,
        key: str,
        indicator: str,
        period: str,
        value: Decimal,
        measured_on: date,
        source: str,
        actor: str,
        correct: bool = False,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record (or correct) an indicator's value for a period."""
        contract = self._contract(key, "read")
        known = {i.key for g in contract.terms(measured_on).goals for i in g.indicators}
        if indicator not in known:
            raise NotFoundError(f"Kontrakten '{key}' har ingen indikator med nøglen '{indicator}'.")
        try:
            log = self._load(indicator_log_id(contract.id, indicator), IndicatorLog, "write")
            log = self._current(log, expected_version)
        except AggregateNotFoundError:
            log = self._fresh(IndicatorLog.open(contract.id, contract.key, indicator, actor), expected_version)
        if correct:
            log.correct(period, value, measured_on, source, actor)
        else:
            log.measure(period, value, measured_on, source, actor)
        return self._save(log, subject=log)

    # --- internals -------------------------------------------------------------------

    def _sync_lifecycle(self, contract: Contract, file: ContractFile, actor: str) -> None:
        for kind, wanted, recorded in (
            ("underskrevet", file.signed_on, contract.signed_on),
            ("afsluttet", file.ended_on, contract.ended_on),
        ):
            if recorded is not None and wanted != recorded:
                raise RuleError(
                    f"Filen siger {kind} {wanted or 'ikke'}, men kontrakten er registreret "
                    f"{kind} {recorded:%d.%m.%Y}; det rettes ikke ved import."
                )
        if file.signed_on and contract.signed_on is None:
            contract.sign(file.signed_on, actor)
        if file.ended_on and contract.ended_on is None:
            contract.end(file.ended_on, "Afsluttet ifølge kontraktfilen", actor)

    def _new_meeting(
        self,
        contract: Contract,
        cadence: str,
        on: date,
        location: str,
        agenda: str,
        actor: str,
        meeting_id: UUID | None = None,
    ) -> Meeting:
        activity, found = find_cadence(contract.terms(on), cadence)
        return Meeting.schedule(
            meeting_id or self.new_id(),
            contract.id,
            contract.key,
            activity.key,
            cadence,
            on,
            list(found.conveners),
            location or (found.location or ""),
            agenda,
            actor,
        )

    def _check_held(self, contract: Contract, held_on: date, attendees: list[str]) -> None:
        if held_on > self.clock():
            raise RuleError(f"Et møde kan ikke registreres som afholdt {held_on:%d.%m.%Y}, som ligger i fremtiden.")
        parties = {p.key for p in contract.terms(held_on).parties}
        unknown = [a for a in attendees if a not in parties]
        if unknown:
            raise RuleError(f"Ukendte parter blandt deltagerne: {', '.join(unknown)}.")

    def _convening_met(self, contract: Contract, meeting: Meeting, actor: str) -> Iterator[ObligationLog]:
        """The conveners' duties to call this cadence, fulfilled by the held meeting."""
        terms = contract.terms(meeting.on)
        for activity in terms.activities:
            for duty in activity.responsibilities:
                schedule = duty.schedule
                if schedule.kind != "convene" or schedule.cadence != meeting.cadence:
                    continue
                try:
                    occurrence = occurrence_for(terms, duty, None, meeting.on, self._horizon(meeting.on))
                except RuleError:
                    continue  # "efter behov" or outside the period: nothing falls due
                log = self._obligation_log(contract, duty.key, duty.party, actor, None)
                if not log.is_settled(occurrence):
                    log.fulfil(occurrence, meeting.on, duty.party, Evidence(meeting_id=meeting.id), actor)
                    yield log

    def _obligation_log(
        self, contract: Contract, responsibility: str, party: str, actor: str, expected_version: int | None
    ) -> ObligationLog:
        try:
            log = self._load(obligation_log_id(contract.id, responsibility), ObligationLog, "write")
        except AggregateNotFoundError:
            return self._fresh(
                ObligationLog.open(contract.id, contract.key, responsibility, party, actor), expected_version
            )
        return self._current(log, expected_version)

    def _ledger(self, contract: Contract, plan: str, actor: str, expected_version: int | None) -> Ledger:
        try:
            ledger = self._load(ledger_id(contract.id, plan), Ledger, "write")
        except AggregateNotFoundError:
            return self._fresh(Ledger.open(contract.id, contract.key, plan, actor), expected_version)
        return self._current(ledger, expected_version)

    def _horizon(self, day: date) -> date:
        return max(day, self.clock()) + timedelta(days=366)

    def _contract(self, key: str, use: Use) -> Contract:
        return self._get(contract_id(key), Contract, f"Kontrakten '{key}' findes ikke.", use)

    def _meeting(self, meeting_id: UUID, use: Use) -> Meeting:
        return self._get(meeting_id, Meeting, f"Mødet {meeting_id} findes ikke.", use)

    def _get(self, aggregate_id: UUID, kind: type[A], missing: str, use: Use = "fresh") -> A:
        try:
            return self._load(aggregate_id, kind, use)
        except AggregateNotFoundError:
            raise NotFoundError(missing) from None

    def _load(self, aggregate_id: UUID, kind: type[A], use: Use = "fresh") -> A:
        """The aggregate: to read for rules (shared, never changed), to write (the caller's alone,
        see ``AggregateCache``), or fresh from the store; inside ``together()``: as the block has
        changed it so far."""
        batch: dict[UUID, Aggregate] | None = getattr(self._batch, "aggregates", None)
        aggregate = batch.get(aggregate_id) if batch is not None else None
        if aggregate is None:
            if batch is not None or use == "fresh":
                aggregate = self.repository.get(aggregate_id)
            else:
                self._refresh_once()
                aggregate = self.cache.read(aggregate_id) if use == "read" else self.cache.checkout(aggregate_id)
        if not isinstance(aggregate, kind):
            raise AggregateNotFoundError(aggregate_id)
        if batch is not None:
            batch.setdefault(aggregate_id, aggregate)
        return aggregate

    def _refresh_once(self) -> None:
        """Once per use case (each time outside one): the cache catches up with the store."""
        if not getattr(self._command, "refreshed", False):
            self.cache.refresh()
            if getattr(self._command, "refreshed", None) is False:  # inside a use case: once is enough
                self._command.refreshed = True

    def _maybe(self, aggregate_id: UUID, kind: type[A], use: Use = "fresh") -> A | None:
        try:
            return self._get(aggregate_id, kind, "", use)
        except NotFoundError:
            return None

    @staticmethod
    def _current(aggregate: A, expected_version: int | None) -> A:
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleError(
                f"Posten er ændret siden version {expected_version} (nu version {aggregate.version}). "
                "Hent den igen, og se hvad der er ændret, før du prøver igen.",
                current_version=aggregate.version,
            )
        return aggregate

    @staticmethod
    def _fresh(aggregate: A, expected_version: int | None) -> A:
        """A log opened by this command: the caller saw none (version 0) or did not say."""
        if expected_version not in (None, 0):
            raise StaleError(
                f"Posten findes ikke endnu (version 0), men der blev forventet version {expected_version}.",
                current_version=0,
            )
        return aggregate

    def _save(self, *items: Any, subject: Aggregate) -> Outcome:
        batch: dict[UUID, Aggregate] | None = getattr(self._batch, "aggregates", None)
        if batch is not None:
            if not all(isinstance(item, Aggregate) for item in items):
                raise RuntimeError("A new contract is drafted before a together() block, not in it.")
            for item in items:
                batch.setdefault(item.id, item)
            return Outcome(subject.version, None)
        try:
            recordings: list[Recording[UUID]] = self.committer.commit(*items)
        except IntegrityError:
            raise StaleError(
                "En anden har registreret en ændring samtidig. Hent den nyeste version og prøv igen.",
                current_version=None,
            ) from None
        self._snapshot(items, recordings)
        positions = {r.domain_event.originator_id: r.notification.id for r in recordings}
        for item in items:
            if isinstance(item, Aggregate) and item.id in positions:
                self.cache.checkin(item, positions[item.id])
        position = max(positions.values(), default=None)
        return Outcome(subject.version, position)

    def _snapshot(self, items: tuple[Any, ...], recordings: list[Recording[UUID]]) -> None:
        """Snapshot what was saved from memory, outside the group commit (the library would
        reload it from the store, replaying the whole interval, while every other command waits)."""
        for item in items:
            interval = self.snapshotting_intervals.get(type(item))
            if self.snapshots is None or not interval or not isinstance(item, Aggregate):
                continue
            events = (r.domain_event for r in recordings if r.domain_event.originator_id == item.id)
            if any(e.originator_version % interval == 0 for e in events):
                self.snapshots.put([type(item).Snapshot.take(item)])


def held_meeting_id(contract: UUID, cadence: str, held_on: date) -> UUID:
    """A meeting recorded as held after the fact: one per cadence and day, so recording it twice is refused."""
    return uuid5(contract, f"held/{cadence}/{held_on.isoformat()}")


@contextmanager
def opened(env: dict[str, str], clock: Callable[[], date] = date.today) -> Iterator[Tracker]:
    """A tracker whose connections are closed afterwards."""
    tracker = Tracker(env, clock)
    try:
        yield tracker
    finally:
        tracker.close()
