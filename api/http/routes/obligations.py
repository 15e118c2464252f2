"""Obligations: status per date; fulfil (own party), waive and withdraw a waiver (coordinator)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.http import problems
from api.http.auth import Coordinator, Reader, Recorder, actor_of
from api.http.preconditions import IfMatch, MinPosition, etag, recorded
from api.http.reading import KnownAt, one_record
from api.http.reading import tracker as _tracker
from api.http.schemas import Fulfilment, Recorded, Waiver, WaiverWithdrawal
from domain.bounds import Day
from domain.errors import ResponsibilityNotFoundError
from domain.obligation import Evidence
from projections import obligation_status

router = APIRouter(prefix="/contracts/{key}/obligations", tags=["forpligtelser"], responses=problems.RESPONSES)
AsOf = Annotated[Day | None, Query(description="Status pr. dato (standard: i dag).")]


@router.get("", summary="Alle forpligtelsers forekomster: opfyldt, snart forfalden, forfalden, frafaldet")
def obligations(
    request: Request,
    user: Reader,
    key: str,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    """Hver forekomst af hver forpligtelse i ansvarsfordelingen med status pr. dato (opfyldt, snart forfalden,
    forfalden, åben, frafaldet) og optællinger pr. part, aktivitet og kontrakt – som kendt pr. `known_at`.
    """
    return obligation_status.status(one_record(request, user, key, min_position, known_at), as_of or date.today())


@router.get("/{responsibility}", summary="Én forpligtelse: forekomster og version (ETag)")
def obligation(
    request: Request,
    response: Response,
    user: Reader,
    key: str,
    responsibility: str,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    """Én forpligtelses forekomster. ETag er versionen af dens registreringer (0 før første); send den som If-Match ved
    opfyldelse eller frafald.
    """
    record = one_record(request, user, key, min_position, known_at)
    status = obligation_status.status(record, as_of or date.today())
    rows = [r for r in status["occurrences"] if r["responsibility"] == responsibility]
    if not rows and not _defined(request, key, responsibility):
        raise ResponsibilityNotFoundError(responsibility, key)
    log = _tracker(request).get_obligation_log(key, responsibility)
    version = log.version if log is not None else 0
    etag(response, version)
    return {"contract": key, "responsibility": responsibility, "version": version, "occurrences": rows}


@router.post("/{responsibility}/fulfilments", summary="Registrér en forekomst opfyldt (med dokumentation)")
def fulfil(
    request: Request,
    response: Response,
    user: Recorder,
    key: str,
    responsibility: str,
    expected: IfMatch,
    body: Fulfilment,
) -> Recorded:
    """Registrerer at en forekomst er opfyldt, med dokumentation (et møde eller en dokumentreference). Parter kan kun
    opfylde egne forpligtelser. Kræver If-Match.
    """
    evidence = Evidence(meeting_id=body.meeting_id, document=body.document)
    outcome = _tracker(request).fulfil_obligation(
        key, responsibility, body.fulfilled_on, evidence, actor_of(user), body.due, expected
    )
    return Recorded(**recorded(response, outcome))


@router.post("/{responsibility}/waivers", summary="Frafald en forekomst (koordinator, med begrundelse)")
def waive(
    request: Request,
    response: Response,
    user: Coordinator,
    key: str,
    responsibility: str,
    expected: IfMatch,
    body: Waiver,
) -> Recorded:
    """Frafalder en forekomst med begrundelse (en forumbeslutning). Kun koordinatorer. Kræver If-Match."""
    outcome = _tracker(request).waive_obligation(key, responsibility, body.due, body.reason, actor_of(user), expected)
    return Recorded(**recorded(response, outcome))


@router.post("/{responsibility}/waivers/{due}/withdrawal", summary="Tilbagekald et frafald (koordinator, begrundet)")
def withdraw_waiver(
    request: Request,
    response: Response,
    user: Coordinator,
    key: str,
    responsibility: str,
    due: date,
    expected: IfMatch,
    body: WaiverWithdrawal,
) -> Recorded:
    """Tilbagekalder frafaldet af en forekomst med begrundelse: den er åben igen (eller opfyldt af sin dokumentation).
    Frafaldet og tilbagekaldelsen bevares i historikken. Kun koordinatorer. Kræver If-Match.
    """
    outcome = _tracker(request).withdraw_waiver(key, responsibility, due, body.reason, actor_of(user), expected)
    return Recorded(**recorded(response, outcome))


def _defined(request: Request, key: str, responsibility: str) -> bool:
    terms = _tracker(request).get_contract(key).terms()
    return any(d.key == responsibility for a in terms.activities for d in a.responsibilities)
