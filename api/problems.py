"""One error mapper: every failure becomes application/problem+json (RFC 9457) with Danish detail."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from domain.errors import ConflictError, DomainError, NotFoundError, TermsError

PROBLEM = "application/problem+json"
_TITLES = {
    400: "Ugyldig forespørgsel",
    404: "Findes ikke",
    405: "Metoden er ikke tilladt",
    409: "Konflikt",
    412: "Forældet version",
    422: "Ugyldige data",
    500: "Intern fejl",
}


def problem(status: int, detail: str, **extra: Any) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Fejl"),
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    def _domain(request: Request, exc: DomainError) -> JSONResponse:
        if isinstance(exc, NotFoundError):
            return problem(404, str(exc))
        if isinstance(exc, ConflictError):
            return problem(409, str(exc), current_version=exc.current_version)
        if isinstance(exc, TermsError):
            errors = [{"field": f, "message": m} for f, m in exc.problems]
            return problem(422, str(exc), errors=errors)
        return problem(422, str(exc))

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "type": e["type"]} for e in exc.errors()
        ]
        return problem(422, "Forespørgslen indeholder ugyldige felter.", errors=errors)

    @app.exception_handler(HTTPException)
    def _http(request: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "Fejl"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Adressen findes ikke."
        return problem(exc.status_code, detail)
