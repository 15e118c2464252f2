"""`forum verify` checks the documents too: every attached document is kept, and its bytes hash to the event's SHA-256.

The attaching event is sealed like every other, so its hash is vouched for; the bytes beside the store are not,
so a document deleted or changed on disk is named by the position of the event that attached it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain.documents import DocumentRegister
from persistence import chain
from persistence.documents import DocumentFiles, DocumentsFolderMissingError

PAGE = 1000
_TOPIC = DocumentRegister.DocumentAttached.TOPIC
_DETAIL = {
    "missing": "dokumentet '{name}' (SHA-256 {sha}) findes ikke i dokumentmappen",
    "changed": "dokumentet '{name}' er ændret: indholdet svarer ikke til SHA-256 {sha} i hændelsen",
}


def check_documents(app: Application[UUID], shelf: DocumentFiles) -> tuple[int, list[chain.Finding]]:
    """How many attachments were checked, and each whose document is missing or changed."""
    findings: list[chain.Finding] = []
    known: dict[str, str | None] = {}
    count, start = 0, 1
    while page := app.recorder.select_notifications(start, PAGE, topics=[_TOPIC]):
        for notification in page:
            event: Any = app.mapper.to_domain_event(notification)
            count += 1
            if event.sha256 not in known:
                known[event.sha256] = _finding(shelf, event.sha256)
            kind = known[event.sha256]
            if kind is not None:
                detail = _DETAIL[kind].format(name=event.file_name, sha=event.sha256)
                where = chain.originator(notification.originator_id)
                findings.append(
                    chain.Finding(notification.id, f"document_{kind}", where, event.originator_version, detail)
                )
        start = page[-1].id + 1
    return count, findings


def _finding(shelf: DocumentFiles, sha256: str) -> str | None:
    try:
        return shelf.finding(sha256)
    except DocumentsFolderMissingError:
        return "missing"
