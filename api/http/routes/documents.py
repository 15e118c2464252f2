"""Documents of a contract's facts: attach one (multipart upload), list them, download one by its SHA-256."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse
from pydantic import Field

from api.http import problems
from api.http.auth import Reader, actor_of
from api.http.preconditions import etag
from api.http.reading import tracker as _tracker
from api.http.schemas import Recorded
from api.http.writing import RecorderWrite
from domain.document_types import DocumentTooLargeError, file_name_of
from domain.documents import AttachedDocument, DocumentNotKeptError, Fact
from domain.tracker import Tracker

router = APIRouter(prefix="/contracts/{key}/documents", tags=["dokumenter"], responses=problems.RESPONSES)
UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"description": "Dokumentet er større end tilladt (FORUM_DOCUMENT_MAX_BYTES)"},
    415: {"description": "Dokumentets indhold er ikke PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS eller ren tekst"},
}
Sha256 = Annotated[str, Path(description="Dokumentets SHA-256 (64 hex-cifre).", pattern="^[0-9a-f]{64}$")]


class DocumentAttachedAnswer(Recorded):
    """What an attachment recorded: the document as the event holds it, and where to download it."""

    sha256: str = Field(description="SHA-256 af dokumentets indhold.")
    size: int = Field(description="Størrelse i bytes.")
    media_type: str = Field(description="Typen, afgjort af indholdet.")
    file_name: str
    url: str = Field(description="Hvor dokumentet hentes.")


def document_view(key: str, document: AttachedDocument) -> dict[str, Any]:
    """One document as the API and the pages describe it."""
    return {
        "sha256": document.sha256, "size": document.size, "media_type": document.media_type,
        "file_name": document.file_name, "fact": document.fact.kind, "subject": document.fact.subject,
        "concerning": document.concerning, "attached_at": document.attached_at.isoformat(),
        "actor": document.actor, "url": f"/contracts/{key}/documents/{document.sha256}",
    }  # fmt: skip


@router.get("", summary="Kontraktens dokumenter (ETag = versionen af dens dokumenter)")
def documents(request: Request, response: Response, user: Reader, key: str) -> dict[str, Any]:
    """Dokumenter vedhæftet kontrakten, dens møder og forpligtelser, ældste først. ETag er versionen af kontraktens
    dokumenter (0 før det første); send den som If-Match, når du vedhæfter det næste."""
    register = _tracker(request).get_documents(key, actor_of(user))
    etag(response, register.version if register else 0)
    listed = [document_view(key, d) for d in register.documents] if register else []
    return {"contract": key, "version": register.version if register else 0, "documents": listed}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Vedhæft et dokument til kontrakten, et møde eller en forpligtelse",
    responses=UPLOAD_RESPONSES,
)
def attach(
    write: RecorderWrite,
    key: str,
    file: Annotated[UploadFile, File(description="Dokumentet: PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS eller ren tekst.")],
    fact: Annotated[str, Form(description="contract, meeting eller duty.")] = "contract",
    subject: Annotated[str, Form(description="Mødets id eller forpligtelsens nøgle (tom for kontrakten).")] = "",
    concerning: Annotated[str, Form(description="Hvad dokumentet er, fx 'referat' eller '2015-Q1'.")] = "",
) -> DocumentAttachedAnswer:
    """Vedhæfter et dokument (multipart/form-data). Typen afgøres af indholdet, ikke af navnet; dokumentet gemmes
    under sin SHA-256, som registreres i hændelsen. Dokumenter må aldrig indeholde personoplysninger om beboere.
    Kontrakten: koordinator; et møde: dets indkaldere; en forpligtelse: dens part. Kræver If-Match."""
    content, attached = _read(write.tracker, file), Fact(fact, subject.strip())
    outcome = write.tracker.attach_document(
        key, attached, file.filename or "", content, write.actor, concerning, write.expected
    )
    register, sha256 = write.tracker.get_documents(key), hashlib.sha256(content).hexdigest()
    assert register is not None  # it was just saved
    document = next(d for d in register.for_fact(attached) if d.sha256 == sha256)  # once per fact
    url = f"/contracts/{key}/documents/{document.sha256}"
    write.created(url)
    return write.answer(
        DocumentAttachedAnswer, outcome, sha256=document.sha256, size=document.size, media_type=document.media_type,
        file_name=document.file_name, url=url,
    )  # fmt: skip


@router.get("/{sha256}", summary="Hent et dokument", response_class=StreamingResponse)
def download(request: Request, user: Reader, key: str, sha256: Sha256) -> StreamingResponse:
    """Dokumentets bytes med dets type og oprindelige navn (Content-Disposition: attachment)."""
    return document_response(_tracker(request), key, sha256, actor_of(user))


def document_response(tracker: Tracker, key: str, sha256: str, actor: Any) -> StreamingResponse:
    """Stream a document as an attachment with its recorded type and name, never sniffed by the browser."""
    document = tracker.get_document(key, sha256, actor)
    finding = tracker.document_shelf.finding(sha256)  # never hand out bytes the log does not vouch for
    if finding is not None:
        raise DocumentNotKeptError(document.file_name, finding)
    headers = {
        "Content-Disposition": content_disposition(document.file_name),
        "Content-Length": str(document.size),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return StreamingResponse(tracker.document_shelf.read(sha256), media_type=document.media_type, headers=headers)


def content_disposition(file_name: str) -> str:
    """attachment with an ASCII fallback name and the original as RFC 5987 UTF-8 (no header injection possible)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in file_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def _read(tracker: Tracker, file: UploadFile) -> bytes:
    """The upload's bytes; one over the limit is refused by its size before it is read into memory."""
    size = file.file.seek(0, 2)
    if size > tracker.document_limit:
        raise DocumentTooLargeError(file_name_of(file.filename or ""), size, tracker.document_limit)
    file.file.seek(0)
    return file.file.read()
