"""One error mapper: every failure becomes application/problem+json (RFC 9457) with Danish detail."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.http.auth import ForbiddenError, UnauthorizedError
from api.http.preconditions import PreconditionRequiredError, ViewsBehindError
from api.http.validation import field_errors
from domain.errors import (
    ConflictError,
    ContentTooLargeError,
    DomainError,
    NotFoundError,
    NotPermittedError,
    StaleError,
    TermsError,
    UnsupportedContentError,
)
from persistence.outages import OUTAGE_CLASSES, RETRY_AFTER_SECONDS, is_outage, outage_message
from persistence.outcomes import UnknownOutcomeError
from persistence.verification import DamagedLogError
from projections.quarantine import ContractUnavailableError

log = logging.getLogger("forum.api")
PROBLEM = "application/problem+json"
_TITLES = {
    400: "Ugyldig forespørgsel",
    401: "Log ind",
    403: "Ikke tilladt",
    404: "Findes ikke",
    405: "Metoden er ikke tilladt",
    409: "Konflikt",
    412: "Forældet version",
    413: "For stor forespørgsel",
    415: "Ukendt indholdstype",
    422: "Ugyldige data",
    428: "Version mangler",
    500: "Intern fejl",
    503: "Prøv igen om lidt",
}


def problem(status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": _TITLES.get(status, "Fejl"), "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def outage(exc: BaseException) -> JSONResponse:
    """The store is away, or a write's outcome cannot be decided: 503, try again (with the same Idempotency-Key)."""
    rule = "unknown-outcome" if isinstance(exc, UnknownOutcomeError) else "store-unavailable"
    return problem(503, outage_message(exc), {"Retry-After": str(RETRY_AFTER_SECONDS)}, rule=rule)


def domain_status(exc: DomainError) -> int:
    """The HTTP status of a refused command (shared with the web pages)."""
    if isinstance(exc, NotPermittedError):
        return 403
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, StaleError):
        return 412
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, UnsupportedContentError):
        return 415
    if isinstance(exc, ContentTooLargeError):
        return 413
    return 422


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    def _domain(request: Request, exc: DomainError) -> JSONResponse:
        status = domain_status(exc)
        if isinstance(exc, ConflictError):
            headers = {"ETag": f'"{exc.current_version}"'} if exc.current_version is not None else None
            return problem(status, str(exc), headers, rule=exc.rule, current_version=exc.current_version)
        if isinstance(exc, TermsError):
            errors = [{"field": f, "message": m} for f, m in exc.problems]
            return problem(status, str(exc), rule=exc.rule, errors=errors)
        return problem(status, str(exc), rule=exc.rule)

    @app.exception_handler(UnauthorizedError)
    def _unauthorized(request: Request, exc: UnauthorizedError) -> JSONResponse:
        return problem(401, str(exc), {"WWW-Authenticate": 'Bearer realm="forum-tracker"'})

    @app.exception_handler(ForbiddenError)
    def _forbidden(request: Request, exc: ForbiddenError) -> JSONResponse:
        return problem(403, str(exc))

    @app.exception_handler(PreconditionRequiredError)
    def _precondition(request: Request, exc: PreconditionRequiredError) -> JSONResponse:
        return problem(428, str(exc), current_version=exc.current_version)

    @app.exception_handler(ViewsBehindError)
    def _behind(request: Request, exc: ViewsBehindError) -> JSONResponse:
        return problem(503, str(exc), {"Retry-After": "1"}, position=exc.position)

    @app.exception_handler(ContractUnavailableError)
    def _unavailable(request: Request, exc: ContractUnavailableError) -> JSONResponse:
        return problem(503, str(exc), rule="contract-unavailable", contract=exc.key, unavailable=exc.unavailable)

    @app.exception_handler(DamagedLogError)
    def _damaged(request: Request, exc: DamagedLogError) -> JSONResponse:
        log.critical("Beskadiget hændelseslog ved %s %s: %s", request.method, request.url.path, exc)
        return problem(
            503, str(exc), rule="damaged-log", position=exc.position, aggregate=exc.originator_id, version=exc.version
        )

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = field_errors(exc.errors())
        named = "; ".join(f"{e['field'] or e['location']}: {e['message']}" for e in errors[:5])
        return problem(422, f"Forespørgslen indeholder ugyldige felter – {named}", errors=errors)

    @app.exception_handler(HTTPException)
    def _http(request: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "Fejl"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Adressen findes ikke."
        elif exc.status_code == 405:
            detail = "Metoden er ikke tilladt på denne adresse."
        return problem(exc.status_code, detail, dict(exc.headers or {}))

    def _store(request: Request, exc: Exception) -> JSONResponse:
        return outage(exc) if is_outage(exc) else _unexpected(request, exc)

    for kind in OUTAGE_CLASSES:  # handled inside the middleware, so a write's Idempotency-Key sees the answer
        app.add_exception_handler(kind, _store)

    @app.exception_handler(Exception)
    def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if is_outage(exc):
            return outage(exc)
        log.error("Uventet fejl ved %s %s", request.method, request.url.path, exc_info=exc)
        return problem(500, "Der skete en uventet fejl. Den er logget; prøv igen, eller kontakt driften.")


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "rule": {
            "type": "string",
            "description": "Reglen der blev brudt, som en stabil kode (fx meeting-already-held)",
        },
        "current_version": {"type": ["integer", "null"]},
        "position": {"type": "integer"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "unavailable": {
            "type": "object",
            "description": "Kontraktens tal er utilgængelige: hvilken hændelse og visning, og hvorfor",
        },
    },
}
_DESCRIPTIONS = {
    400: "Ugyldig forespørgsel",
    401: "Intet gyldigt token",
    403: "Rollen eller parten må ikke dette",
    404: "Findes ikke (eller var ikke registreret på tidspunktet)",
    409: "Findes allerede, eller strider mod det registrerede",
    412: "Forældet version: If-Match passer ikke; current_version siger den nuværende",
    422: "Ugyldige data eller brud på kontraktens regler (errors navngiver felterne)",
    428: "If-Match mangler",
    503: "Lageret svarer ikke lige nu, udfaldet af en skrivning kan ikke afgøres (rule unknown-outcome), "
    "visningerne er endnu ikke opdateret til min_position (prøv igen efter Retry-After), eller kontraktens tal "
    "er i karantæne (rule contract-unavailable, unavailable siger hvorfor)",
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}
    for status, text in _DESCRIPTIONS.items()
}
