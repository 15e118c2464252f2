"""The tracker: forum-tracker's application – the use cases of domain/use_cases/ on the store of persistence/.

Rules that span aggregates (a meeting's attendees are parties of its contract, an expense's
activity exists in the contract ...) and who may do what live in the use cases; each aggregate
checks its own rules. This is the one module of the model that names the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import EventSourcedLog

from domain.attestation import AttestationLog
from domain.budget import Ledger
from domain.contract import Contract
from domain.goal import IndicatorLog
from domain.obligation import ObligationLog
from domain.use_cases.attestations import AttestationUseCases
from domain.use_cases.budget import BudgetUseCases
from domain.use_cases.contracts import ContractRegistered, ContractUseCases, ImportOutcome
from domain.use_cases.documents import DocumentUseCases
from domain.use_cases.goals import GoalUseCases
from domain.use_cases.meetings import MeetingUseCases, held_meeting_id
from domain.use_cases.obligations import ObligationUseCases
from domain.use_cases.records import Outcome
from domain.use_cases.revisions import RevisionUseCases
from persistence.documents import DocumentFiles
from persistence.store import StoredApplication

__all__ = ["ContractRegistered", "ImportOutcome", "Outcome", "Tracker", "held_meeting_id", "opened"]


class Tracker(
    ContractUseCases,
    RevisionUseCases,
    MeetingUseCases,
    ObligationUseCases,
    AttestationUseCases,
    BudgetUseCases,
    GoalUseCases,
    DocumentUseCases,
    StoredApplication,
):
    """forum-tracker's application service."""

    name = "forum"
    document_shelf: DocumentFiles
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Contract: 25,
        Ledger: 200,
        ObligationLog: 200,
        AttestationLog: 200,
        IndicatorLog: 100,
    }

    def __init__(
        self, env: dict[str, str], clock: Callable[[], date] = date.today, new_id: Callable[[], UUID] = uuid4
    ) -> None:
        super().__init__(env, clock, new_id)
        self.document_shelf = DocumentFiles.of(env)
        self.document_limit = int(env.get("FORUM_DOCUMENT_MAX_BYTES") or self.document_limit)
        self.contract_log: EventSourcedLog[ContractRegistered] = EventSourcedLog(
            self.events, uuid5(NAMESPACE_URL, "https://forum-tracker.dk/contracts"), ContractRegistered
        )


@contextmanager
def opened(env: dict[str, str], clock: Callable[[], date] = date.today) -> Iterator[Tracker]:
    """A tracker whose connections are closed afterwards."""
    tracker = Tracker(env, clock)
    try:
        yield tracker
    finally:
        tracker.close()
