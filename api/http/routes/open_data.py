"""Open data: the public release feed of signed contracts, their compiled records and the feed's JSON Schema."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.http import problems
from api.http.preconditions import MinPosition, wait_for_views
from api.open_data import feed
from api.reports.plan_views import plan_records
from domain.bounds import Day
from domain.cofinancing import cofinancing_id
from domain.errors import ContractNotFoundError
from domain.plan import PlanNotRegisteredError, plan_id
from projections import quarantine, question_tables
from projections.plan_record import fold
from projections.record_shape import Record
from projections.shell import load_records

router = APIRouter(prefix="/open-data", tags=["åbne data"], responses=problems.RESPONSES)
After = Annotated[str | None, Query(max_length=300, description="Næste side: udgivelserne efter dette id.")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Højst så mange udgivelser på siden.")]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _record(request: Request, key: str, min_position: int | None) -> Record:
    """One contract's record for the public: 404 when unknown, unavailable when quarantined."""
    wait_for_views(request, min_position)
    with request.app.state.views.connection() as db:
        found = question_tables.find(db, key)
        record = found[0] if found else next(iter(load_records(db, key)), None)
        held = quarantine.of_contract(db, key)
    if record is None:
        raise ContractNotFoundError(key)
    if held:
        raise quarantine.ContractUnavailableError(key, held)
    return record


@router.get("/contracts", summary="Åbne data: de underskrevne kontrakter (offentligt)")
def published_contracts(request: Request, min_position: MinPosition = None) -> dict[str, Any]:
    """Alle underskrevne kontrakter med adresserne på deres udgivelser og samlede post. Kræver intet login; uden
    personoplysninger. Skemaet: `/open-data/schema`.
    """
    wait_for_views(request, min_position)
    with request.app.state.views.connection() as db:
        records = load_records(db)
    return feed.contract_list(records, _base(request), str(request.url.remove_query_params("min_position")))


@router.get("/contracts/{key}/releases", summary="Åbne data: en kontrakts udgivelser, ældste først (sidevis)")
def releases(
    request: Request,
    key: str,
    after: After = None,
    limit: Limit = 100,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    """Én udgivelse pr. kendsgerning i loggen (underskrevet, revideret, møde afholdt, forpligtelse opfyldt, udgift,
    måling …), ældste først; `links.next` giver næste side. Kun underskrevne kontrakter; ingen personoplysninger.
    """
    uri = f"{_base(request)}/open-data/contracts/{key}/releases"
    return feed.release_package(_record(request, key, min_position), uri, after, limit)


@router.get("/contracts/{key}/record", summary="Åbne data: en kontrakts samlede post (seneste tilstand)")
def record(
    request: Request,
    key: str,
    as_of: Annotated[Day | None, Query(description="Status pr. dato (standard: i dag).")] = None,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    """Kontraktens samlede post: alle udgivelsers id, dato og mærke og den samlede udgivelse med vilkår (aktiviteter
    med type og målgrupper, planer, mål), ændringer, afholdte møder, posteringer og målinger.
    """
    uri = f"{_base(request)}/open-data/contracts/{key}/record"
    return feed.record_package(_record(request, key, min_position), uri, as_of or date.today())


@router.get("/plans", summary="Åbne data: helhedsplanerne (offentligt)")
def published_plans(request: Request) -> dict[str, Any]:
    """Alle registrerede helhedsplaner med adresserne på deres udgivelser og samlede post. Kræver intet login; uden
    personoplysninger.
    """
    names = {r["key"]: str(r["terms"].get("name") or r["key"]) for r in plan_records(request.app.state.tracker)}
    return feed.plan_list(list(names), names, _base(request), str(request.url))


@router.get("/plans/{key}/releases", summary="Åbne data: en helhedsplans udgivelser, ældste først (sidevis)")
def plan_releases(
    request: Request,
    key: str,
    after: After = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Én udgivelse pr. kendsgerning i planens log og medfinansieringsregnskab (registreret, status, indbetaling,
    overførsel til reguleringskontoen, anvendelse søgt, godkendt og brugt); ingen personoplysninger.
    """
    uri = f"{_base(request)}/open-data/plans/{key}/releases"
    return feed.plan_release_package(key, _plan_events(request, key), uri, after, limit)


@router.get("/plans/{key}/record", summary="Åbne data: en helhedsplans samlede post")
def plan_record_view(
    request: Request,
    key: str,
    as_of: Annotated[Day | None, Query(description="Status pr. dato (standard: i dag).")] = None,
) -> dict[str, Any]:
    """Planens samlede post: alle udgivelsers id, dato og mærke og den samlede udgivelse med program, periode,
    status, boligorganisationer, indsatsområder, forgængere og medfinansiering pr. dato.
    """
    uri = f"{_base(request)}/open-data/plans/{key}/record"
    events = _plan_events(request, key)
    return feed.plan_record_package(fold(key, events), events, uri, as_of or date.today())


def _plan_events(request: Request, key: str) -> list[Any]:
    """The plan's events and its ledger's, read once; a plan not registered is unknown (404)."""
    tracker = request.app.state.tracker
    events: list[Any] = [*tracker.events.get(plan_id(key)), *tracker.events.get(cofinancing_id(key))]
    if not fold(key, events)["terms"]:
        raise PlanNotRegisteredError(key)
    return events


@router.get("/schema", summary="Åbne data: JSON Schema for udgivelser, poster og kontraktlisten")
def schema() -> dict[str, Any]:
    """Skemaet (JSON Schema 2020-12) som alle svar under `/open-data` følger; også i repoet som
    `api/open_data/schema.json`.
    """
    return feed.schema()
