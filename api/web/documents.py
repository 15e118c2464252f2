"""The documents page of a contract: what is attached to it, its meetings and duties, and the "Vedhæft dokument" form.

Pages that show a fact list its documents with one line (``_documents.html``); the list comes from the
``attached_documents`` template function defined here, which reads the contract's document register.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse
from jinja2 import pass_context
from starlette.datastructures import UploadFile

from api.http.auth import RECORD, actor_of
from api.http.preconditions import MinPosition, wait_for_views
from api.http.problems import domain_status
from api.http.reading import one_record, tracker
from api.http.routes.documents import Sha256, document_response
from api.web.errors import WebRoute
from api.web.permissions import Allowed, allowed, require_role
from api.web.rendering import dk_date, link, render, templates
from api.web.session import Poster, SessionDep, Submitted, field
from domain.document_types import NAMES, DocumentTooLargeError, file_name_of
from domain.documents import FACT_KINDS, AttachedDocument, Fact
from domain.errors import DomainError
from domain.vocabulary import MEETING_STATE
from projections.contract_record import terms_at
from projections.record_shape import Record

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/kontrakter/{key}/dokumenter"
SAVED = "Dokumentet er vedhæftet."


@router.get(PATH)
def documents_page(
    request: Request, session: SessionDep, key: str, fakta: str = "", besked: str = "", min_position: MinPosition = None
) -> Response:
    """Every document of the contract, and the form to attach one (preselected: the fact the user came from)."""
    wait_for_views(request, min_position)  # after a save: the history then shows it too
    return _page(request, session, key, {"fakta": fakta}, None, 200, SAVED if besked else None)


@router.post(PATH)
def attach(request: Request, session: Poster, form: Submitted, key: str) -> Response:
    require_role(session.user, RECORD, "vedhæfte dokumenter")
    values = {"fakta": field(form, "fakta") or "", "vedroerende": field(form, "vedroerende") or ""}
    upload, version = form.get("fil"), field(form, "version") or ""
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _page(request, session, key, values, "Vælg det dokument, der skal vedhæftes.", 422)
        kind, _, subject = values["fakta"].partition(":")
        content = _content(upload, tracker(request).document_limit)
        outcome = tracker(request).attach_document(
            key, Fact(kind, subject), upload.filename, content, actor_of(session.user), values["vedroerende"],
            int(version) if version.isdigit() else None,
        )  # fmt: skip
    except DomainError as e:
        return _page(request, session, key, values, str(e), domain_status(e))
    target = link(PATH.format(key=key), fakta=values["fakta"], besked="vedhaeftet", min_position=outcome.position)
    return RedirectResponse(target, status_code=303)


@router.get(PATH + "/{sha256}")
def download(request: Request, session: SessionDep, key: str, sha256: Sha256) -> StreamingResponse:
    return document_response(tracker(request), key, sha256, actor_of(session.user))


def _content(upload: UploadFile, limit: int) -> bytes:
    size = upload.file.seek(0, 2)
    if size > limit:
        raise DocumentTooLargeError(file_name_of(upload.filename or ""), size, limit)
    upload.file.seek(0)
    return upload.file.read()


def _page(
    request: Request, session: Any, key: str, values: dict[str, str], error: str | None, status: int,
    saved: str | None = None,
) -> Response:  # fmt: skip
    record = one_record(request, session.user, key)
    terms = terms_at(record, None)
    may = allowed(session.user, terms)
    return render(
        request, "documents.html", status, session=session, key=key, title=terms.title, facts=_facts(record, may),
        values=values, error=error, saved=saved, types=NAMES, version=_version(request, key),
    )  # fmt: skip


def _version(request: Request, key: str) -> int:
    register = tracker(request).get_documents(key)
    return register.version if register else 0


def _facts(record: Record, may: Allowed) -> list[tuple[str, str]]:
    """The facts this user may attach a document to, as (form value, Danish label)."""
    terms = terms_at(record, None)
    facts = [("contract:", "Kontrakten (fx den underskrevne kontrakt)")] if may.revise else []
    meetings = sorted(record["meetings"].items(), key=lambda m: m[1]["on"], reverse=True)
    facts += [
        (f"meeting:{id_}", f"Møde: {m['cadence']} {dk_date(m['on'])} ({MEETING_STATE[m['state']]})")
        for id_, m in meetings if m["cadence"] in may.cadences
    ]  # fmt: skip
    facts += [
        (f"duty:{d.key}", f"Forpligtelse: {d.key} ({d.party})")
        for a in terms.activities for d in a.responsibilities if d.key in may.responsibilities
    ]  # fmt: skip
    return facts


@pass_context
def attached_documents(
    context: Any, key: str, kind: str = "", subject: str = "", cadence: str = ""
) -> list[dict[str, Any]]:
    """The documents of one fact, of a kind (``subject`` empty), of a cadence's meetings, or all of the contract."""
    request, session = context["request"], context["session"]
    register = tracker(request).get_documents(key, actor_of(session.user))
    if register is None:
        return []
    meetings = _meeting_days(request, register.documents)
    chosen = [
        d for d in register.documents
        if (not kind or d.fact.kind == kind) and (not subject or d.fact.subject == subject)
        and (not cadence or meetings.get(d.fact.subject, ("", ""))[0] == cadence)
    ]  # fmt: skip
    return [_shown(key, d, meetings) for d in chosen]


def _meeting_days(request: Request, documents: list[AttachedDocument]) -> dict[str, tuple[str, str]]:
    """The cadence and day of each meeting a document is attached to."""
    ids = {d.fact.subject for d in documents if d.fact.kind == "meeting"}
    found = {i: tracker(request).get_meeting(UUID(i)) for i in ids}
    return {i: (m.cadence, dk_date(m.on)) for i, m in found.items()}


def _shown(key: str, document: AttachedDocument, meetings: dict[str, tuple[str, str]]) -> dict[str, Any]:
    fact = FACT_KINDS[document.fact.kind]
    if document.fact.kind == "meeting":
        fact = f"mødet {meetings[document.fact.subject][1]}"
    elif document.fact.kind == "duty":
        fact = f"forpligtelsen {document.fact.subject}"
    return {
        "file_name": document.file_name, "size": document.size, "concerning": document.concerning,
        "attached_at": document.attached_at, "actor": document.actor, "fact": fact,
        "url": f"/kontrakter/{key}/dokumenter/{document.sha256}", "sha256": document.sha256,
    }  # fmt: skip


templates.env.globals["attached_documents"] = attached_documents
