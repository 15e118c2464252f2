"""Documents attached to a contract's facts: the signed contract, a meeting's minutes, evidence for a duty.

One register per contract (one aggregate: a page shows every document of its contract from one load,
and attaching a document never conflicts with the fact's own writes). Each attachment records the
document's SHA-256, size, media type and file name in the event, so the sealed log vouches for the bytes
kept beside the store (``persistence/documents.py``). Documents never hold personal data about residents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.document_types import Checked
from domain.errors import AlreadyExistsError, NotFoundError, RuleError

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/documents")
FactKind = Literal["contract", "meeting", "duty"]
FACT_KINDS: dict[str, str] = {"contract": "kontrakten", "meeting": "mødet", "duty": "forpligtelsen"}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DocumentShelf(Protocol):
    """Where documents' bytes are kept, by their SHA-256 (``persistence/documents.py``)."""

    def keep(self, content: bytes) -> str: ...


def document_register_id(contract_id: UUID) -> UUID:
    """One register per contract: its id follows from the contract's."""
    return uuid5(_NAMESPACE, str(contract_id))


@dataclass(frozen=True)
class Fact:
    """What a document is attached to: the contract itself, one meeting (its id) or one duty (its responsibility)."""

    kind: str
    subject: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FACT_KINDS:
            raise UnknownFactKindError(self.kind)
        if (self.kind == "contract") != (self.subject == ""):
            raise FactSubjectError(self.kind)
        bounds.name(self.subject, "emne")


@dataclass(frozen=True)
class AttachedDocument:
    """One attached document as the log recorded it."""

    sha256: str
    size: int
    media_type: str
    file_name: str
    fact: Fact
    concerning: str
    attached_at: datetime
    actor: str


class DocumentRegister(Aggregate):
    """The documents attached to the facts of one contract, in the order they were attached."""

    TOPIC = "forum:DocumentRegister"

    class Event(Aggregate.Event):
        TOPIC = "forum:DocumentRegister.Event"

    class Opened(Aggregate.Created):
        TOPIC = "forum:DocumentRegister.Opened"
        contract_id: UUID
        contract_key: str
        actor: str

        def apply(self, register: DocumentRegister) -> None:
            register.contract_id, register.contract_key = self.contract_id, self.contract_key
            register.documents = []

    class DocumentAttached(Event):
        TOPIC = "forum:DocumentRegister.DocumentAttached"
        sha256: str
        size: int
        media_type: str
        file_name: str
        fact: str
        subject: str
        concerning: str
        actor: str

        def apply(self, register: DocumentRegister) -> None:
            fact = Fact(self.fact, self.subject)
            register.documents.append(
                AttachedDocument(self.sha256, self.size, self.media_type, self.file_name, fact, self.concerning,
                                 self.timestamp, self.actor)
            )  # fmt: skip

    contract_id: UUID
    contract_key: str
    documents: list[AttachedDocument]

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def open(cls, contract_id: UUID, contract_key: str, actor: str) -> DocumentRegister:
        """Start the register of a contract's documents (with its first attachment)."""
        return cls._create(
            cls.Opened, id=document_register_id(contract_id), contract_id=contract_id, contract_key=contract_key,
            actor=actor,
        )  # fmt: skip

    def attach(self, sha256: str, checked: Checked, fact: Fact, concerning: str, actor: str) -> None:
        """Record a document as attached to a fact; the same bytes attached to the same fact twice are refused."""
        if not _SHA256.match(sha256):
            raise DocumentHashError(sha256)
        bounds.name(concerning.strip(), "vedrørende")
        bounds.name(actor, "actor")
        earlier = next((d for d in self.for_fact(fact) if d.sha256 == sha256), None)
        if earlier is not None:
            raise DocumentAlreadyAttachedError(checked.file_name, earlier.file_name, FACT_KINDS[fact.kind])
        self.trigger_event(
            self.DocumentAttached, sha256=sha256, size=checked.size, media_type=checked.media_type,
            file_name=checked.file_name, fact=fact.kind, subject=fact.subject, concerning=concerning.strip(),
            actor=actor,
        )  # fmt: skip

    def for_fact(self, fact: Fact) -> list[AttachedDocument]:
        """The documents attached to one fact, oldest first."""
        return [d for d in self.documents if d.fact == fact]

    def document(self, sha256: str) -> AttachedDocument:
        """The first attachment of these bytes (its name is the download's name)."""
        found = next((d for d in self.documents if d.sha256 == sha256), None)
        if found is None:
            raise DocumentNotFoundError(self.contract_key, sha256)
        return found


# --- rule errors


class UnknownFactKindError(RuleError):
    """A document is attached to the contract, a meeting or a duty."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"Et dokument kan vedhæftes kontrakten, et møde eller en forpligtelse – ikke '{kind}'.")


class FactSubjectError(RuleError):
    """A meeting or duty must be named; the contract itself takes no name."""

    def __init__(self, kind: str) -> None:
        self.fact = FACT_KINDS[kind]
        if kind == "contract":
            super().__init__("Et dokument til kontrakten nævner intet møde eller nogen forpligtelse.")
        else:
            which = "mødets id" if kind == "meeting" else "forpligtelsens nøgle"
            super().__init__(f"Et dokument til {self.fact} skal nævne {which}.")


class DocumentHashError(RuleError):
    """A document is addressed by its SHA-256 as 64 lowercase hex digits."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        super().__init__(f"'{sha256[:80]}' er ikke en SHA-256 (64 hex-cifre).")


class DocumentAlreadyAttachedError(AlreadyExistsError):
    """The same bytes are attached to this fact already."""

    def __init__(self, file_name: str, earlier: str, fact: str) -> None:
        self.file_name, self.earlier, self.fact = file_name, earlier, fact
        super().__init__(f"'{file_name}' er allerede vedhæftet {fact} (samme indhold som '{earlier}').")


class DocumentNotFoundError(NotFoundError):
    """No document with these bytes is attached to the contract."""

    def __init__(self, key: str, sha256: str) -> None:
        self.key, self.sha256 = key, sha256
        super().__init__(f"Kontrakten '{key}' har intet dokument med SHA-256 {sha256}.")


class DocumentNotKeptError(NotFoundError):
    """The log names the document, but its bytes are gone from the folder or no longer hash to it."""

    def __init__(self, file_name: str, finding: str) -> None:
        self.file_name = file_name
        self.finding = "mangler" if finding == "missing" else "er ændret"
        super().__init__(
            f"Dokumentet '{file_name}' {self.finding} i dokumentmappen; kør 'forum verify' og genskab det fra backup."
        )
