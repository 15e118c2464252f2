"""The duty page of a standing duty (attest a period) or an as-needed duty (add dated evidence)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.http.auth import RECORD, ForbiddenError, actor_of
from api.http.reading import one_record, tracker
from api.web.errors import WebRoute
from api.web.fields import FormReader, Forms
from api.web.params import AsOf, Day
from api.web.permissions import allowed, require_role
from api.web.posting import duty_forms
from api.web.rendering import link, render
from api.web.session import Poster, Session, Submitted
from domain.attestation import STATUS_WORDS, STATUSES, attestation_log_id
from domain.duties import find_responsibility
from domain.vocabulary import OBLIGATION_STATE
from projections import obligation_status
from projections.contract_record import terms_at

router = APIRouter(route_class=WebRoute, include_in_schema=False)
DUTY = "/kontrakter/{key}/forpligtelser/{responsibility}"
FORMS = ("erklaer", "dokumenter")
SAVED = {"erklaeret": "Erklæringen er registreret.", "dokumenteret": "Udførelsen er registreret."}
STANDING_KINDS = ("ongoing", "as_needed")


def standing_forms(as_of: Day) -> Forms:
    return Forms(
        {"erklaer": {"attested_on": as_of.day.isoformat()}, "dokumenter": {"evidenced_on": as_of.day.isoformat()}}
    )


@router.post(DUTY + "/erklaer")
def attest(request: Request, session: Poster, form: Submitted, key: str, responsibility: str, as_of: AsOf) -> Response:
    require_role(session.user, RECORD, "erklære forpligtelser")
    reader = FormReader(form)
    version, period, attested_on = reader.version(), reader.text("period"), reader.day("attested_on")
    status = reader.choice("status", STATUSES)
    evidence, reason = reader.text("evidence", required=False), reader.text("reason", required=False)
    write = None if status is None else lambda: tracker(request).attest_duty(
        key, responsibility, period, status, evidence, actor_of(session.user), reason, attested_on, version
    )  # fmt: skip
    page = _duty_page(request, session, key, responsibility, as_of)
    return page.post("erklaer", reader, version, write, _saved(key, responsibility, as_of, "erklaeret"))


@router.post(DUTY + "/dokumenter")
def evidence(
    request: Request, session: Poster, form: Submitted, key: str, responsibility: str, as_of: AsOf
) -> Response:
    require_role(session.user, RECORD, "erklære forpligtelser")
    reader = FormReader(form)
    version, day, document = reader.version(), reader.day("evidenced_on"), reader.text("document")
    write = None if day is None else lambda: tracker(request).evidence_duty(
        key, responsibility, day, document, actor_of(session.user), version
    )  # fmt: skip
    page = _duty_page(request, session, key, responsibility, as_of)
    return page.post("dokumenter", reader, version, write, _saved(key, responsibility, as_of, "dokumenteret"))


def _saved(key: str, responsibility: str, as_of: Day, message: str) -> Callable[[int | None], RedirectResponse]:
    """Back to the duty's page, once the views include what was just recorded (at the position given)."""

    def redirect(position: int | None) -> RedirectResponse:
        target = link(f"/kontrakter/{key}/forpligtelser/{responsibility}", as_of=as_of.given, min_position=position,
                      besked=message)  # fmt: skip
        return RedirectResponse(f"{target}#besked", status_code=303)

    return redirect


def standing_page(
    request: Request, session: Session, key: str, responsibility: str, as_of: Day, forms: Forms
) -> Response:
    """A standing duty's periods, or an as-needed duty's evidence, with the form its party or a coordinator uses."""
    position = request.query_params.get("min_position", "")  # after a save: wait until the views include it
    record = one_record(request, session.user, key, int(position) if position.isdigit() else None)
    terms = terms_at(record, as_of.day)
    _, duty = find_responsibility(terms, responsibility)
    if responsibility not in allowed(session.user, terms).responsibilities:
        raise ForbiddenError(f"Du kan ikke registrere noget på forpligtelsen '{responsibility}'.")
    status = obligation_status.status(record, as_of.day)
    periods = [r for r in status["standing"] if r["responsibility"] == responsibility]
    needed = next((r for r in status["as_needed"] if r["responsibility"] == responsibility), None)
    log = tracker(request).get_attestation_log(key, responsibility)
    forms = forms if "erklaer" in forms.values else standing_forms(as_of)
    options = [(p["period"], f"{p['period']} ({OBLIGATION_STATE[p['state']]})") for p in periods[::-1]]
    return render(
        request, "standing_duty_form.html", forms.status, session=session, key=key, title=terms.title, as_of=as_of,
        duty=duty, party=next(p.name for p in terms.parties if p.key == duty.party), periods=periods, needed=needed,
        statuses=[(s, STATUS_WORDS[s]) for s in STATUSES],
        period_options=options, version=log.version if log else 0, forms=forms,
        saved=SAVED.get(request.query_params.get("besked", "")),
    )  # fmt: skip


_duty_page = duty_forms(FORMS, standing_page, attestation_log_id)
