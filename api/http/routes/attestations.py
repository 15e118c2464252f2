"""Standing duties attested per period and as-needed duties evidenced (its party or a coordinator)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.http import problems
from api.http.auth import Reader, Recorder, actor_of
from api.http.preconditions import IfMatch, MinPosition, etag, recorded
from api.http.reading import KnownAt, one_record
from api.http.reading import tracker as _tracker
from api.http.schemas import Attestation, DutyEvidence, Recorded
from domain.bounds import Day
from domain.errors import ResponsibilityNotFoundError
from projections import obligation_status

router = APIRouter(prefix="/contracts/{key}/obligations", tags=["forpligtelser"], responses=problems.RESPONSES)
AsOf = Annotated[Day | None, Query(description="Status pr. dato (standard: i dag).")]


@router.get(
    "/{responsibility}/attestations",
    summary="En løbende forpligtelses perioder eller en efter behov-forpligtelses dokumentation",
)
def attestations(
    request: Request,
    response: Response,
    user: Reader,
    key: str,
    responsibility: str,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    """En løbende forpligtelses perioder (erklæret opfyldt, delvist opfyldt, ikke opfyldt, forfalden, åben) eller en
    efter behov-forpligtelses dokumentation (senest, antal pr. år). ETag er versionen af dens erklæringer (0 før
    første); send den som If-Match ved næste erklæring eller dokumentation. Som kendt pr. `known_at` (standard: nu).
    """
    record = one_record(request, user, key, min_position, known_at)
    status = obligation_status.status(record, as_of or date.today())
    periods = [r for r in status["standing"] if r["responsibility"] == responsibility]
    needed = [r for r in status["as_needed"] if r["responsibility"] == responsibility]
    tracker = _tracker(request)
    terms = tracker.get_contract(key).terms()
    if not (periods or needed) and not any(
        d.key == responsibility for a in terms.activities for d in a.responsibilities
    ):
        raise ResponsibilityNotFoundError(responsibility, key)
    log = tracker.get_attestation_log(key, responsibility)
    version = log.version if log is not None else 0
    etag(response, version)
    return {"contract": key, "responsibility": responsibility, "version": version, "periods": periods,
            "as_needed": needed[0] if needed else None}  # fmt: skip


@router.post("/{responsibility}/attestations", summary="Erklær en periode af en løbende forpligtelse")
def attest(
    request: Request, response: Response, user: Recorder, key: str, responsibility: str, expected: IfMatch,
    body: Attestation,
) -> Recorded:  # fmt: skip
    """Erklærer en periode (2015, 2015-H1, 2015-Q3) opfyldt, delvist opfyldt eller ikke opfyldt, med dokumentation og
    begrundelse. En ny erklæring for samme periode retter den forrige (begge bevares). Parter kun egne. Kræver If-Match.
    """
    outcome = _tracker(request).attest_duty(
        key, responsibility, body.period, body.status, body.evidence, actor_of(user), body.reason, body.attested_on,
        expected,
    )  # fmt: skip
    return Recorded(**recorded(response, outcome))


@router.post("/{responsibility}/evidence", summary="Dokumentér en gang en efter behov-forpligtelse blev udført")
def evidence(
    request: Request, response: Response, user: Recorder, key: str, responsibility: str, expected: IfMatch,
    body: DutyEvidence,
) -> Recorded:  # fmt: skip
    """Registrerer en dateret gang forpligtelsen blev udført, med dokumentation. Parter kun egne. Kræver If-Match."""
    outcome = _tracker(request).evidence_duty(
        key, responsibility, body.evidenced_on, body.document, actor_of(user), expected
    )
    return Recorded(**recorded(response, outcome))
