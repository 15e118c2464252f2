"""Document use cases: attach a document to the contract, a meeting or a duty, and read what is attached."""

from __future__ import annotations

import hashlib
from functools import partial
from uuid import UUID

from domain import document_types
from domain.contract import Contract
from domain.documents import (
    AttachedDocument,
    DocumentNotFoundError,
    DocumentRegister,
    DocumentShelf,
    Fact,
    document_register_id,
)
from domain.duties import find_responsibility
from domain.errors import MeetingNotFoundError
from domain.meeting import Meeting
from domain.permissions import Actor, acting, require_attest, require_convene, require_read, require_role
from domain.use_cases.records import Outcome, Records, use_case


class DocumentUseCases(Records):
    """One register of documents per contract; the bytes are kept on the shelf before the event names them."""

    document_shelf: DocumentShelf
    document_limit: int = document_types.DEFAULT_MAX_BYTES

    @use_case
    def attach_document(
        self, key: str, fact: Fact, file_name: str, content: bytes, actor: Actor | str, concerning: str = "",
        expected_version: int | None = None,
    ) -> Outcome:  # fmt: skip
        """Attach a document (type checked by its content) to a fact of the contract, recording its SHA-256."""
        who = acting(actor)
        checked = document_types.check(content, file_name, self.document_limit)
        contract = self._contract(key, "read")
        self._require_attach(who, contract, fact)
        opened = partial(DocumentRegister.open, contract.id, contract.key, who.name)
        register = self._writable(document_register_id(contract.id), DocumentRegister, opened, expected_version)
        register.attach(hashlib.sha256(content).hexdigest(), checked, fact, concerning, who.name)
        self.document_shelf.keep(content)  # kept before the event names it: the log never names missing bytes
        return self._save(register, subject=register)

    def get_documents(self, key: str, actor: Actor | str | None = None) -> DocumentRegister | None:
        """The contract's documents (None before the first), for a reader of the contract."""
        contract = self._contract(key, "read")
        if actor is not None:
            require_read(acting(actor), contract.terms(), key)
        return self._maybe(document_register_id(contract.id), DocumentRegister)

    def get_document(self, key: str, sha256: str, actor: Actor | str) -> AttachedDocument:
        """One document of the contract by its SHA-256, for a reader of the contract."""
        register = self.get_documents(key, actor)
        if register is None:
            raise DocumentNotFoundError(key, sha256)
        return register.document(sha256)

    def _require_attach(self, who: Actor, contract: Contract, fact: Fact) -> None:
        """The contract's documents are a coordinator's; a meeting's its conveners'; a duty's its party's."""
        if fact.kind == "contract":
            require_role(who, ("coordinator",), "vedhæfte dokumenter til kontrakten")
            return
        if fact.kind == "meeting":
            meeting = self._maybe(_uuid(fact.subject), Meeting, "read")
            if meeting is None or meeting.contract_key != contract.key:
                raise MeetingNotFoundError(fact.subject)
            require_convene(who, contract.terms(meeting.on), contract.key, meeting.cadence)
            return
        terms = contract.terms()
        find_responsibility(terms, fact.subject)
        require_attest(who, terms, contract.key, fact.subject)


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise MeetingNotFoundError(text) from None
