"""Obligations: status per date; fulfil (own party), waive and withdraw a waiver (coordinator)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response

from api.http import problems
from api.http.preconditions import etag_of
from api.http.reading import require_responsibility
from api.http.reading import tracker as _tracker
from api.http.schemas import Fulfilment, Recorded, Waiver, WaiverWithdrawal
from api.http.view_query import StatusView
from api.http.writing import CoordinatorWrite, RecorderWrite
from domain.obligation import Evidence
from projections import obligation_status

router = APIRouter(prefix="/contracts/{key}/obligations", tags=["forpligtelser"], responses=problems.RESPONSES)


@router.get("", summary="Alle forpligtelsers forekomster: opfyldt, snart forfalden, forfalden, frafaldet")
def obligations(view: StatusView) -> dict[str, Any]:
    """Hver forekomst af hver forpligtelse i ansvarsfordelingen med status pr. dato (opfyldt, snart forfalden,
    forfalden, åben, frafaldet) og optællinger pr. part, aktivitet og kontrakt – som kendt pr. `known_at`.
    """
    return obligation_status.status(view.record, view.as_of)


@router.get("/{responsibility}", summary="Én forpligtelse: forekomster og version (ETag)")
def obligation(request: Request, response: Response, view: StatusView, key: str, responsibility: str) -> dict[str, Any]:
    """Én forpligtelses forekomster. ETag er versionen af dens registreringer (0 før første); send den som If-Match ved
    opfyldelse eller frafald.
    """
    status = obligation_status.status(view.record, view.as_of)
    rows = [r for r in status["occurrences"] if r["responsibility"] == responsibility]
    require_responsibility(request, key, responsibility, bool(rows))
    log = _tracker(request).get_obligation_log(key, responsibility)
    version = etag_of(response, log)
    return {"contract": key, "responsibility": responsibility, "version": version, "occurrences": rows}


@router.post("/{responsibility}/fulfilments", summary="Registrér en forekomst opfyldt (med dokumentation)")
def fulfil(write: RecorderWrite, key: str, responsibility: str, body: Fulfilment) -> Recorded:
    """Registrerer at en forekomst er opfyldt, med dokumentation (et møde eller en dokumentreference). Parter kan kun
    opfylde egne forpligtelser. Kræver If-Match.
    """
    evidence = Evidence(meeting_id=body.meeting_id, document=body.document)
    outcome = write.tracker.fulfil_obligation(
        key, responsibility, body.fulfilled_on, evidence, write.actor, body.due, write.expected
    )
    return write.recorded(outcome)


@router.post("/{responsibility}/waivers", summary="Frafald en forekomst (koordinator, med begrundelse)")
def waive(write: CoordinatorWrite, key: str, responsibility: str, body: Waiver) -> Recorded:
    """Frafalder en forekomst med begrundelse (en forumbeslutning). Kun koordinatorer. Kræver If-Match."""
    outcome = write.tracker.waive_obligation(key, responsibility, body.due, body.reason, write.actor, write.expected)
    return write.recorded(outcome)


@router.post("/{responsibility}/waivers/{due}/withdrawal", summary="Tilbagekald et frafald (koordinator, begrundet)")
def withdraw_waiver(
    write: CoordinatorWrite, key: str, responsibility: str, due: date, body: WaiverWithdrawal
) -> Recorded:
    """Tilbagekalder frafaldet af en forekomst med begrundelse: den er åben igen (eller opfyldt af sin dokumentation).
    Frafaldet og tilbagekaldelsen bevares i historikken. Kun koordinatorer. Kræver If-Match.
    """
    outcome = write.tracker.withdraw_waiver(key, responsibility, due, body.reason, write.actor, write.expected)
    return write.recorded(outcome)
