"""Documents attached to a contract, a meeting and a duty, on SQLite and PostgreSQL: kept once by their SHA-256,
recorded in a sealed event, and checked by `forum verify` (a changed or missing document is named)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from domain.documents import DocumentAlreadyAttachedError, DocumentRegister, Fact
from domain.errors import MeetingNotFoundError, NotConvenerError, NotResponsibleError, StaleError
from domain.permissions import Actor
from domain.tracker import Tracker
from persistence.document_check import check_documents
from persistence.documents import DocumentFiles
from projections import audit_log
from projections.runner import Projector
from tests import document_samples as sample
from tests.conftest import AMAGER, contract_file, reopen

KEY = "amager-udsatte-grupper-2013"
SOF, LEJERBO = Actor("sa", "party", "sof"), Actor("lb", "party", "lejerbo")
DUTY = Fact("duty", "sof-kontaktliste-og-dagsorden")


@pytest.fixture
def amager(tracker: Tracker) -> Tracker:
    tracker.import_contract(contract_file(AMAGER), actor="ann", source="test")
    return tracker


def held(tracker: Tracker) -> Fact:
    meeting_id, _ = tracker.record_meeting_held(KEY, "netvaerksmoede", date(2015, 3, 12), ["sof"], [], [], "", SOF)
    return Fact("meeting", str(meeting_id))


def test_a_document_is_kept_by_its_hash_and_recorded_in_the_event(amager: Tracker, store: dict[str, str]) -> None:
    meeting = held(amager)
    outcome = amager.attach_document(KEY, meeting, "referat.pdf", sample.PDF, SOF, "referat")
    sha256 = hashlib.sha256(sample.PDF).hexdigest()
    path = amager.document_shelf.path(sha256)
    assert path.read_bytes() == sample.PDF
    assert path.parent.name == sha256[:2] and outcome.version == 2
    other = reopen(store)
    register = other.get_documents(KEY)
    assert register is not None
    [document] = register.for_fact(meeting)
    recorded = (document.sha256, document.size, document.media_type, document.file_name, document.concerning)
    assert recorded == (sha256, len(sample.PDF), "application/pdf", "referat.pdf", "referat")
    assert document.actor == "sa"
    events = list(other.events.get(register.id))
    other.close()
    assert [type(e).__name__ for e in events] == ["Opened", "DocumentAttached"]


def test_the_same_bytes_on_two_facts_are_one_file_and_twice_on_one_fact_refused(amager: Tracker) -> None:
    meeting = held(amager)
    amager.attach_document(KEY, meeting, "referat.pdf", sample.PDF, SOF)
    amager.attach_document(KEY, DUTY, "dagsorden.pdf", sample.PDF, SOF, expected_version=2)
    folder = amager.document_shelf.folder
    assert folder is not None
    assert [p.name for p in folder.glob("*/*")] == [hashlib.sha256(sample.PDF).hexdigest()]
    with pytest.raises(DocumentAlreadyAttachedError):
        amager.attach_document(KEY, meeting, "igen.pdf", sample.PDF, "ann", expected_version=3)
    register = amager.get_documents(KEY)
    assert register is not None and register.version == 3


def test_a_stale_or_unpermitted_attachment_writes_nothing(amager: Tracker) -> None:
    meeting = held(amager)
    amager.attach_document(KEY, Fact("contract"), "kontrakt.docx", sample.DOCX, "ann")
    with pytest.raises(StaleError):
        amager.attach_document(KEY, meeting, "referat.odt", sample.ODT, SOF, expected_version=0)
    with pytest.raises(NotConvenerError):
        amager.attach_document(KEY, meeting, "referat.odt", sample.ODT, LEJERBO, expected_version=1)
    with pytest.raises(NotResponsibleError):
        amager.attach_document(KEY, DUTY, "referat.odt", sample.ODT, LEJERBO, expected_version=1)
    with pytest.raises(MeetingNotFoundError):
        amager.attach_document(KEY, Fact("meeting", "ikke-et-møde"), "referat.odt", sample.ODT, "ann")
    register = amager.get_documents(KEY)
    assert register is not None and register.version == 2
    assert not amager.document_shelf.path(hashlib.sha256(sample.ODT).hexdigest()).exists()


def test_verify_names_a_changed_and_a_missing_document_by_its_event(amager: Tracker, store: dict[str, str]) -> None:
    meeting = held(amager)
    amager.attach_document(KEY, meeting, "referat.pdf", sample.PDF, SOF)
    amager.attach_document(KEY, DUTY, "liste.txt", sample.TEXT, SOF, expected_version=2)
    shelf = DocumentFiles.of(store)
    assert check_documents(amager, shelf) == (2, [])
    shelf.path(hashlib.sha256(sample.PDF).hexdigest()).write_bytes(sample.PDF + b"%tilfoejet")
    shelf.path(hashlib.sha256(sample.TEXT).hexdigest()).unlink()
    count, findings = check_documents(amager, shelf)
    assert count == 2
    assert [(f.kind, f.version) for f in findings] == [("document_changed", 2), ("document_missing", 3)]
    register_id = amager.get_documents(KEY).id  # type: ignore[union-attr]
    assert {f.originator_id for f in findings} == {str(register_id)}
    assert "liste.txt" in findings[1].line() and "mangler" in findings[1].line()


def test_a_register_is_found_by_its_contract(amager: Tracker) -> None:
    amager.attach_document(KEY, Fact("contract"), "kontrakt.pdf", sample.PDF, "ann")
    register = amager.get_documents(KEY)
    assert isinstance(register, DocumentRegister) and register.contract_key == KEY


def test_the_history_shows_each_attachment_and_a_rebuild_equals_following(
    amager: Tracker, store: dict[str, str]
) -> None:
    following = Projector(amager, store, page_size=1)
    following.catch_up()
    meeting = held(amager)
    following.catch_up()
    amager.attach_document(KEY, meeting, "referat.pdf", sample.PDF, SOF, "referat")
    following.catch_up()
    amager.attach_document(KEY, DUTY, "liste.txt", sample.TEXT, SOF, expected_version=2)
    following.catch_up()
    query = f"SELECT * FROM {audit_log.TABLE} ORDER BY position"
    before = following.db.fetchall(query)
    following.close()
    rebuilt = Projector(amager, store)
    rebuilt.rebuild()
    assert rebuilt.db.fetchall(query) == before
    rebuilt.close()
    lines = [row for row in before if "vedhæftede" in str(row)]
    assert len(lines) == 2 and hashlib.sha256(sample.TEXT).hexdigest() in str(lines[1])
