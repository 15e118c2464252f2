"""A document's type is decided by its bytes; the name must agree; empty, oversized and unknown content is refused."""

from __future__ import annotations

import pytest

from domain.document_types import (
    DocumentEmptyError,
    DocumentNameMismatchError,
    DocumentNameRequiredError,
    DocumentTooLargeError,
    DocumentTypeRefusedError,
    check,
)
from domain.documents import Fact, FactSubjectError, UnknownFactKindError
from tests import document_samples as sample

ACCEPTED = [
    ("referat.pdf", sample.PDF, "application/pdf"),
    ("foto.png", sample.PNG, "image/png"),
    ("foto.JPG", sample.JPEG, "image/jpeg"),
    ("kontrakt.docx", sample.DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.xlsx", sample.XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("referat.odt", sample.ODT, "application/vnd.oasis.opendocument.text"),
    ("noter.txt", sample.TEXT, "text/plain; charset=utf-8"),
]


@pytest.mark.parametrize(("name", "content", "media_type"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_an_accepted_document_is_recognised_by_its_content(name: str, content: bytes, media_type: str) -> None:
    checked = check(content, name)
    assert (checked.media_type, checked.size, checked.file_name) == (media_type, len(content), name)


REFUSED = [
    ("html_named_pdf_is_refused", "referat.pdf", sample.HTML, DocumentNameMismatchError),
    ("program_is_refused", "referat.pdf", sample.EXE, DocumentTypeRefusedError),
    ("plain_zip_named_docx_is_refused", "kontrakt.docx", sample.PLAIN_ZIP, DocumentTypeRefusedError),
    ("damaged_zip_is_refused", "kontrakt.docx", sample.DOCX[:40], DocumentTypeRefusedError),
    ("png_named_pdf_is_refused", "referat.pdf", sample.PNG, DocumentNameMismatchError),
    ("pdf_without_extension_is_refused", "referat", sample.PDF, DocumentNameMismatchError),
    ("empty_file_is_refused", "tom.txt", b"", DocumentEmptyError),
    ("nameless_file_is_refused", "C:\\mappe\\", sample.PDF, DocumentNameRequiredError),
]


@pytest.mark.parametrize(("name", "content", "error"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_document_that_is_not_what_it_claims_is_refused(name: str, content: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        check(content, name)


def test_a_document_over_the_limit_is_refused_and_one_at_the_limit_accepted() -> None:
    assert check(sample.TEXT, "noter.txt", limit=len(sample.TEXT)).size == len(sample.TEXT)
    with pytest.raises(DocumentTooLargeError):
        check(sample.TEXT, "noter.txt", limit=len(sample.TEXT) - 1)


def test_the_name_a_browser_sends_with_a_path_keeps_only_the_file_name() -> None:
    assert check(sample.PDF, "C:\\Users\\ann\\referat.pdf").file_name == "referat.pdf"


def test_a_fact_is_the_contract_a_meeting_or_a_duty() -> None:
    assert Fact("duty", "kontaktliste").subject == "kontaktliste"
    with pytest.raises(UnknownFactKindError):
        Fact("budget", "x")
    with pytest.raises(FactSubjectError):
        Fact("meeting", "")
    with pytest.raises(FactSubjectError):
        Fact("contract", "x")
