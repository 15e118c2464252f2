"""The web pages' templates, Danish words for the views' codes, and Danish number and date formats."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import uuid4

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from api.accounts.users import ROLE_NAMES
from api.http.security_headers import content_security_policy
from api.reports.contract_views import LOCAL
from api.web.budget_chart import budget_chart
from domain import vocabulary
from domain.budget import format_kroner
from domain.catalogue import catalogue
from domain.money import format_whole_kroner
from domain.vocabulary import dk_percent, overdue_count

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")


def dk_date(value: str | date | None) -> str:
    """'2015-03-12' -> '12.03.2015'."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


def dk_time(value: str | datetime | None) -> str:
    """A recorded time in Danish local time, to the second."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL)
    return moment.strftime("%d.%m.%Y kl. %H:%M:%S")


def local_input(moment: datetime) -> str:
    """A time as a datetime-local field's value, in Danish local time: '2015-06-01T14:00'."""
    return moment.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")


def point(value: str) -> str:
    """A point of a diff as read: 'v2' -> 'version 2', '2015-06-01' -> '01.06.2015'."""
    if value.startswith("v") and value[1:].isdigit():
        return f"version {value[1:]}"
    try:
        return dk_date(value)
    except ValueError:
        return value


def number(value: Any) -> str:
    """A measured figure in Danish: '12.5' -> '12,5'; nothing -> '–'."""
    return "–" if value is None or value == "" else str(value).replace(".", ",")


def kroner(value: int | None) -> str:
    return "–" if value is None else format_kroner(value)


def short(value: Any, limit: int = 160) -> str:
    """A value of a term on one line, cut to ``limit`` characters."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def count(n: int, one: str, many: str) -> str:
    """A count with its noun in the right number: '1 forfalden', '104 forfaldne'."""
    return f"{n} {one if n == 1 else many}"


def css_string(value: str) -> Markup:
    """Text as a quoted CSS string: anything but letters, digits and spaces as a CSS escape, so a
    title cannot end the string or the <style> element it stands in."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in value)
    return Markup(f'"{escaped}"')


def link(path: str, **params: Any) -> str:
    """A path with the query parameters that have a value."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


templates.env.filters.update(
    dato=dk_date,
    tid=dk_time,
    lokal_tid=local_input,
    pct=dk_percent,
    kr=kroner,
    hele_kr=format_whole_kroner,
    forfaldne=overdue_count,
    tal=number,
    punkt=point,
    kort=short,
    css=css_string,
)
templates.env.globals.update(
    link=link,
    budget_chart=budget_chart,
    count=count,
    words=vocabulary,  # every Danish word table, as words.FUNDER[code]: a new table needs no registration here
    ROLE_NAMES=ROLE_NAMES,
    catalogue=catalogue,  # activity types and target groups: catalogue().type_name(key)
    new_key=lambda: uuid4().hex,  # a form's Idempotency-Key, made when it is rendered: sent twice, recorded once
)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template; pages show contact persons, so no cache keeps them."""
    nonce = secrets.token_urlsafe(16)  # a generated <style> carries it; the policy admits only that one
    response = templates.TemplateResponse(request, name, {**context, "csp_nonce": nonce}, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = content_security_policy(style_nonce=nonce)
    return response
