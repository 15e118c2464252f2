"""Standing duties attested per period and as-needed duties evidenced (its party or a coordinator)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.http import problems
from api.http.preconditions import etag_of
from api.http.reading import require_responsibility
from api.http.reading import tracker as _tracker
from api.http.schemas import Attestation, DutyEvidence, Recorded
from api.http.view_query import StatusView
from api.http.writing import RecorderWrite
from projections import obligation_status

router = APIRouter(prefix="/contracts/{key}/obligations", tags=["forpligtelser"], responses=problems.RESPONSES)


@router.get(
    "/{responsibility}/attestations",
    summary="En løbende forpligtelses perioder eller en efter behov-forpligtelses dokumentation",
)
def attestations(
    request: Request, response: Response, view: StatusView, key: str, responsibility: str
) -> dict[str, Any]:
    """En løbende forpligtelses perioder (erklæret opfyldt, delvist opfyldt, ikke opfyldt, forfalden, åben) eller en
    efter behov-forpligtelses dokumentation (senest, antal pr. år). ETag er versionen af dens erklæringer (0 før
    første); send den som If-Match ved næste erklæring eller dokumentation. Som kendt pr. `known_at` (standard: nu).
    """
    status = obligation_status.status(view.record, view.as_of)
    periods = [r for r in status["standing"] if r["responsibility"] == responsibility]
    needed = [r for r in status["as_needed"] if r["responsibility"] == responsibility]
    require_responsibility(request, key, responsibility, bool(periods or needed))
    log = _tracker(request).get_attestation_log(key, responsibility)
    version = etag_of(response, log)
    return {"contract": key, "responsibility": responsibility, "version": version, "periods": periods,
            "as_needed": needed[0] if needed else None}  # fmt: skip


@router.post("/{responsibility}/attestations", summary="Erklær en periode af en løbende forpligtelse")
def attest(write: RecorderWrite, key: str, responsibility: str, body: Attestation) -> Recorded:
    """Erklærer en periode (2015, 2015-H1, 2015-Q3) opfyldt, delvist opfyldt eller ikke opfyldt, med dokumentation og
    begrundelse. En ny erklæring for samme periode retter den forrige (begge bevares). Parter kun egne. Kræver If-Match.
    """
    outcome = write.tracker.attest_duty(
        key, responsibility, body.period, body.status, body.evidence, write.actor, body.reason, body.attested_on,
        write.expected,
    )  # fmt: skip
    return write.recorded(outcome)


@router.post("/{responsibility}/evidence", summary="Dokumentér en gang en efter behov-forpligtelse blev udført")
def evidence(write: RecorderWrite, key: str, responsibility: str, body: DutyEvidence) -> Recorded:
    """Registrerer en dateret gang forpligtelsen blev udført, med dokumentation. Parter kun egne. Kræver If-Match."""
    outcome = write.tracker.evidence_duty(
        key, responsibility, body.evidenced_on, body.document, write.actor, write.expected
    )
    return write.recorded(outcome)
