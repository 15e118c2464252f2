"""What the logs of one responsibility's duty share: one log per contract and responsibility, opened for its party."""

from __future__ import annotations

from typing import ClassVar, Self
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate


class DutyLog(Aggregate):
    """The base of ``ObligationLog`` and ``AttestationLog``: whose duty it is and how a log is opened."""

    NAMESPACE: ClassVar[UUID]  # each log names its own: the ids of stored logs follow from it

    contract_id: UUID
    contract_key: str
    responsibility: str
    party: str

    class Opened(Aggregate.Created):
        """Each log's own ``Opened`` subclasses this with its stable topic and sets its own first state."""

        contract_id: UUID
        contract_key: str
        responsibility: str
        party: str
        actor: str

        def apply(self, log: DutyLog) -> None:
            log.contract_id, log.contract_key = self.contract_id, self.contract_key
            log.responsibility, log.party = self.responsibility, self.party

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def log_id(cls, contract_id: UUID, responsibility: str) -> UUID:
        """The log's id follows from its contract and responsibility: one log each."""
        return uuid5(cls.NAMESPACE, f"{contract_id}/{responsibility}")

    @classmethod
    def open(cls, contract_id: UUID, contract_key: str, responsibility: str, party: str, actor: str) -> Self:
        """Start the record of one responsibility's duty."""
        return cls._create(
            cls.Opened,
            id=cls.log_id(contract_id, responsibility),
            contract_id=contract_id,
            contract_key=contract_key,
            responsibility=responsibility,
            party=party,
            actor=actor,
        )
