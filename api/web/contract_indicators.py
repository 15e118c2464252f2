"""An indicator's measurements in the web: a coordinator records a period's value, or corrects one with its source."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Literal

from fastapi import APIRouter, Request, Response

from api.http.auth import ADMINISTER, actor_of
from api.http.reading import one_record, tracker
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import require_role
from api.web.posting import FormPage
from api.web.recording import saved
from api.web.rendering import render
from api.web.session import Poster, Session, SessionDep, Submitted
from domain.contract import contract_id
from domain.errors import IndicatorNotFoundError
from domain.goal import indicator_log_id
from projections.contract_record import terms_at
from projections.goal_progress import goal_progress

router = APIRouter(route_class=WebRoute, include_in_schema=False)
INDICATOR = "/kontrakter/{key}/indikatorer/{indicator}"
FORMS = ("maal", "ret")
SECTION = "maal"  # the contract page's section the goals are shown in
MESSAGES = {"maal": "maalt", "ret": "maaling-rettet"}
Which = Literal["maal", "ret"]


@router.get(INDICATOR)
def indicator_page(request: Request, session: SessionDep, key: str, indicator: str, as_of: AsOf) -> Response:
    require_role(session.user, ADMINISTER, "registrere målinger")
    day = as_of.day.isoformat()
    return _page(request, session, key, indicator, as_of).show(
        {"maal": {"measured_on": day}, "ret": {"measured_on": day}}
    )


@router.post(INDICATOR + "/{which}")
def measured(
    request: Request, session: Poster, form: Submitted, key: str, indicator: str, which: Which, as_of: AsOf
) -> Response:
    """A period's value recorded (``maal``) or corrected (``ret``, its source required)."""
    require_role(session.user, ADMINISTER, "registrere målinger")
    reader = FormReader(form)
    version, period, value = reader.version(), reader.text("period"), _number(reader, "value")
    measured_on, source = reader.day("measured_on"), reader.text("source", required=which == "ret")
    write = None if value is None or measured_on is None else lambda: tracker(request).record_measurement(
        key, indicator, period, value, measured_on, source, actor_of(session.user), which == "ret", version
    )  # fmt: skip
    done = partial(saved, key, as_of, message=MESSAGES[which], anchor=SECTION)
    return _page(request, session, key, indicator, as_of).post(which, reader, version, write, done)


def _number(reader: FormReader, name: str) -> Decimal | None:
    """A measured value: a number, with a decimal comma or point ('41' or '12,5')."""
    value = reader.raw(name).replace(" ", "")
    try:
        number = Decimal(value.replace(".", "").replace(",", ".") if "," in value else value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        reader.errors[name] = "Skriv et tal, fx 41 eller 12,5." if value else "Angiv en værdi."
        return None
    return number


def _page(request: Request, session: Session, key: str, indicator: str, as_of: Day) -> FormPage:
    drawn = partial(_drawn, request, session, key, indicator, as_of)
    return FormPage(FORMS, drawn, tracker(request), indicator_log_id(contract_id(key), indicator))


def _drawn(request: Request, session: Session, key: str, indicator: str, as_of: Day, forms: Forms) -> Response:
    record = one_record(request, session.user, key)
    found = [(g, i) for g in goal_progress(record, as_of.day) for i in g["indicators"] if i["indicator"] == indicator]
    if not found:
        raise IndicatorNotFoundError(key, indicator)
    log = tracker(request).get_indicator_log(key, indicator)
    measured = sorted(log.measurements) if log else []
    return render(
        request, "indicator_form.html", forms.status, session=session, key=key, title=terms_at(record, as_of.day).title,
        as_of=as_of, goal=found[0][0], indicator=found[0][1], periods=[(p, p) for p in measured[::-1]],
        version=log.version if log else 0, forms=forms,
    )  # fmt: skip
