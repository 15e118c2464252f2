"""Errors on web pages become Danish HTML pages (or a redirect to log in), never problem+json."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from api.http.auth import ForbiddenError, UnauthorizedError
from api.http.preconditions import ViewsBehindError
from api.http.problems import domain_status
from api.web.rendering import link, render
from api.web.session import CsrfError, SignedOutError
from domain.errors import DomainError
from persistence.outages import OUTAGE_CLASSES, RETRY_AFTER_SECONDS, is_outage, outage_message
from projections.quarantine import ContractUnavailableError

TITLES = {
    403: "Ikke tilladt",
    404: "Findes ikke",
    409: "Ændret af en anden",
    412: "Ændret af en anden",
    422: "Ugyldige oplysninger",
    503: "Prøv igen om lidt",
}


class WebRoute(APIRoute):
    """A page's route: its refusals are shown as pages the user can act on."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except UnauthorizedError as e:
                reason = e.reason if isinstance(e, SignedOutError) else "log-ind"
                return RedirectResponse(link("/log-ind", naeste=_here(request), besked=reason), status_code=303)
            except (ForbiddenError, CsrfError) as e:
                return error_page(request, 403, str(e))
            except ViewsBehindError as e:
                return error_page(request, 503, f"{e} Opdatér siden om et øjeblik.")
            except ContractUnavailableError as e:
                return error_page(request, 503, str(e))
            except RequestValidationError as e:
                return error_page(request, 422, address_problem(e))
            except DomainError as e:
                return error_page(request, domain_status(e), str(e))
            except OUTAGE_CLASSES as e:
                if not is_outage(e):
                    raise
                page = error_page(request, 503, outage_message(e))
                page.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
                return page

        return page


def address_problem(error: RequestValidationError) -> str:
    """What is wrong with a page's address (its query), in Danish: each parameter and what it must be."""
    return "Adressen indeholder en ugyldig værdi: " + "; ".join(_parameter(e) for e in error.errors()) + "."


def _parameter(error: dict[str, Any]) -> str:
    name, context = str(error["loc"][-1]), error.get("ctx") or {}
    kind = error["type"]
    if kind == "int_parsing":
        return f"{name} skal være et helt tal"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = "mindst" if kind == "greater_than_equal" else "højst"
        return f"{name} skal være {bound} {context.get('ge', context.get('le'))}"
    if kind == "literal_error":
        return f"{name} skal være en af: {context.get('expected', '').replace(' or ', ', ').replace(chr(39), '')}"
    if kind == "bool_parsing":
        return f"{name} skal være 1 (ja) eller 0 (nej)"
    return f"{name} (datoer skrives ÅÅÅÅ-MM-DD)"


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status, title=TITLES.get(status, "Fejl"), message=message, session=None)


def _here(request: Request) -> str:
    """Where to return after logging in: this page, or the overview after a posted form."""
    if request.method != "GET":
        return "/"
    query = f"?{request.url.query}" if request.url.query else ""
    return request.url.path + query
