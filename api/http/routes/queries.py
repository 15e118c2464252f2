"""Questions answered from the views for a date: contract status, meetings, overdue meetings, audit log."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request, Response

from api.http import problems, reading
from api.http.auth import Auditor, Reader
from api.http.preconditions import MinPosition, wait_for_views
from api.http.reading import KnownAt
from api.http.schemas import MAX_INT
from api.http.view_query import ContractView
from api.reports.contract_views import aware, known_moment
from domain.bounds import Day, Moment
from projections import audit_log, overdue_meetings
from projections.contract_status import contract_status as status_of

router = APIRouter(tags=["overblik"], responses=problems.RESPONSES)
AsOf = Annotated[Day | None, Query(description="Pr. dato (standard: i dag).")]


@router.get("/me", summary="Hvem er jeg: navn, rolle og part")
def me(user: Reader) -> dict[str, Any]:
    """Den bruger tokenet tilhører: navn (som registreres på alt brugeren gør), rolle og evt. part."""
    return {"name": user.name, "role": user.role, "party": user.party}


@router.get(
    "/contracts/{key}/status",
    summary="Alt om én kontrakt pr. dato: forpligtelser, møder, budget, mål",
    response_model=dict[str, Any],
)
def contract_status(view: ContractView) -> Response:
    """Alt om én kontrakt pr. dato: forpligtelser, mødekadencer, forfaldne møder, budgetforbrug og mål – som kendt
    pr. `known_at` (standard: nu).
    """
    known = known_moment(view.known_at)
    answer = {**status_of(view.record, view.as_of), "known_at": known and known.isoformat()}
    return Response(orjson.dumps(answer), media_type="application/json")  # built from plain JSON values


@router.get("/contracts/{key}/meetings", tags=["møder"], summary="Mødekadencer: vinduer, afholdte, forfaldne, næste")
def meeting_compliance(view: ContractView) -> list[dict[str, Any]]:
    """For hver mødekadence: forventede vinduer, afholdte, planlagte og aflyste møder, forfaldne vinduer, næste frist
    og overholdelse pr. år – som kendt pr. `known_at` (standard: nu).
    """
    return overdue_meetings.compliance(view.record, view.as_of)


@router.get(
    "/overdue-meetings",
    summary="Forfaldne møder i alle kontrakter brugeren kan se",
    response_model=list[dict[str, Any]],
)
def overdue(
    request: Request,
    user: Reader,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
    limit: Annotated[
        int | None, Query(ge=1, le=1000, description="Højst så mange; næste side i Link-headeren.")
    ] = None,
    after: Annotated[str | None, Query(max_length=200, description="Næste side: værdien fra Link-headeren.")] = None,
) -> Response:
    """Forfaldne møder (vinduer der sluttede uden et afholdt møde) i alle kontrakter brugeren kan se, pr. dato.
    Efter kontrakt, kadence og frist; med `limit` sidevis (næste side i `Link`-headeren). Med `known_at`: som kendt
    pr. det tidspunkt (beregnes fra alle kontrakters registreringer, så det er langsommere end nu).
    """
    wait_for_views(request, min_position)
    rows = reading.overdue(request, user, as_of or date.today(), after, limit, known_at)
    return reading.json_list(request, rows, limit)


@router.get("/audit", summary="Revisionsspor: hvem ændrede hvad, hvornår, på hvilken beslutning (nyeste først)")
def audit(
    request: Request,
    user: Auditor,
    contract: Annotated[str | None, Query(description="Kun denne kontrakt (nøgle).")] = None,
    actor: Annotated[str | None, Query(description="Kun denne bruger.")] = None,
    event_type: Annotated[str | None, Query(alias="type", description="Hændelsestype, fx Revised eller Held.")] = None,
    start: Annotated[Moment | None, Query(alias="from", description="Registreret fra (ISO 8601).")] = None,
    end: Annotated[Moment | None, Query(alias="to", description="Registreret før (ISO 8601).")] = None,
    before: Annotated[int | None, Query(ge=1, le=MAX_INT, description="Næste side: 'next' fra forrige svar.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    """Revisionssporet: én række pr. hændelse med aktør, tidspunkt, ikrafttræden, beslutning og en dansk beskrivelse.
    Filtre; sidevis med `before` = `next` fra forrige side. Kun koordinatorer og revisorer.
    """
    wait_for_views(request, min_position)
    with request.app.state.views.connection() as db:
        rows = audit_log.query(db, contract, actor, event_type, aware(start), aware(end), before, limit)
    return {"items": rows, "next": rows[-1]["position"] if len(rows) == limit else None}
