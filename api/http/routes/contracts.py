"""Contracts: create, revise (also budget frames), sign, end; one contract as of any time; history; diff."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response, status

from api.accounts.users import User
from api.http import problems, reading
from api.http.auth import Reader, actor_of
from api.http.preconditions import MinPosition, etag, wait_for_views
from api.http.reading import tracker as _tracker
from api.http.schemas import MAX_INT, DecisionIn, Ending, FrameIn, Recorded, Revised, Revision, Signing
from api.http.writing import CoordinatorCreate, CoordinatorWrite, Write
from api.reports.contact_persons import with_persons
from api.reports.contract_views import contract_view, diff_view, history_view
from domain.bounds import Day, Moment
from domain.contract import Contract
from domain.errors import ContractAlreadyExistsError, TermsError, VersionNotFoundError
from domain.terms import contract_from_json
from domain.tracker import Outcome
from domain.use_cases.revisions import budget_frame, paths
from domain.versions import Change, Decision

router = APIRouter(prefix="/contracts", tags=["kontrakter"], responses=problems.RESPONSES)

CONTRACT_EXAMPLE = {
    "key": "eksempel",
    "title": "…",
    "urban_area": "…",
    "focus_area": "…",
    "period": {"start": "2024-01-01"},
}


def _readable(request: Request, user: User, key: str) -> Contract:
    return _tracker(request).get_contract(key, actor_of(user))


@router.get("", summary="Kontrakter (søg og filtrér)", response_model=list[dict[str, Any]])
def list_contracts(
    request: Request,
    user: Reader,
    q: Annotated[str | None, Query(description="Fritekst i nøgle, titel og parter.")] = None,
    urban_area: Annotated[str | None, Query(description="Byområde.")] = None,
    focus_area: Annotated[str | None, Query(description="Indsatsområde.")] = None,
    status_: Annotated[str | None, Query(alias="status", description="drafted, signed eller ended.")] = None,
    activity_type: Annotated[
        str | None,
        Query(max_length=80, description="Kun kontrakter med en aktivitet af denne type (katalogets nøgle)."),
    ] = None,
    target_group: Annotated[
        str | None, Query(max_length=80, description="Kun kontrakter med en aktivitet for denne målgruppe (nøgle).")
    ] = None,
    as_of: Annotated[Day | None, Query(description="Pr. dato (standard: i dag).")] = None,
    known_at: reading.KnownAt = None,
    min_position: MinPosition = None,
    limit: Annotated[
        int | None, Query(ge=1, le=1000, description="Højst så mange; næste side i Link-headeren.")
    ] = None,
    after: Annotated[
        str | None, Query(max_length=100, description="Næste side: kontrakterne efter denne nøgle.")
    ] = None,
) -> Response:
    """Kontrakter brugeren kan se (parter ser kun deres egne), fra læsemodellen: status, periode, parter og
    kontaktpersoner på ledelsesniveau. I nøgleorden; med `limit` sidevis (næste side i `Link`-headeren). Med
    `known_at`: som kendt pr. det tidspunkt (beregnes fra alle kontrakters registreringer, så det er langsommere).
    """
    wait_for_views(request, min_position)
    filters = {"urban_area": urban_area, "focus_area": focus_area, "status": status_, "text": q}
    filters |= {"activity_type": activity_type, "target_group": target_group}
    return reading.json_list(
        request, reading.directory(request, user, as_of or date.today(), filters, after, limit, known_at), limit
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Opret en kontrakt (kontraktfilens format)")
def create_contract(
    write: CoordinatorCreate,
    document: Annotated[
        dict[str, Any],
        Body(
            description="Kontrakten i kontraktfilernes format (se contracts/schema.json; beløb i kroner).",
            examples=[CONTRACT_EXAMPLE],
        ),
    ],
) -> Recorded:
    """Opretter en kontrakt fra et dokument i kontraktfilernes format (som contracts/*.yaml, men som JSON; beløb i
    kroner som i filerne). Fejl navngiver hvert felt; intet skrives.
    """
    contract = contract_from_json(document)
    if contract.key in write.tracker.contract_keys():
        raise ContractAlreadyExistsError(contract.key, hint="; brug PUT for at revidere")
    outcome = write.tracker.import_contract(contract, write.actor, source="API")
    write.created(f"/contracts/{contract.key}")
    return write.recorded(outcome.outcome)


@router.get("/{key}", summary="Én kontrakt som gældende pr. og som kendt pr. (eller en version)")
def get_contract(
    request: Request,
    response: Response,
    user: Reader,
    key: str,
    effective: Annotated[Day | None, Query(description="Som gældende pr. dato.")] = None,
    known_at: Annotated[Moment | None, Query(description="Som kendt pr. tidspunkt.")] = None,
    version: Annotated[int | None, Query(ge=1, le=MAX_INT, description="Vilkårene som de var efter version N.")] = None,
) -> dict[str, Any]:
    """Kontrakten som gældende pr. `effective` og som kendt pr. `known_at` (bitemporal), eller som efter version N.
    ETag er kontraktens version; send den som If-Match ved ændringer.
    """
    contract = _readable(request, user, key)
    if version is not None:
        if version > len(contract.versions):
            raise VersionNotFoundError(key, version)
        known_at = contract.versions[version - 1].recorded_at
    etag(response, contract.version)
    return with_persons(contract_view(contract, effective, known_at), _tracker(request).contact_persons(key))


@router.get("/{key}/history", summary="Kontraktens ændringer: hvem, hvornår, på hvilken beslutning")
def contract_history(request: Request, user: Reader, key: str) -> list[dict[str, Any]]:
    """Hver registreret ændring af kontrakten, ældste først: hvem, hvornår, gældende fra, på hvilken beslutning, og
    hvilke stier.
    """
    return history_view(_readable(request, user, key))


@router.get("/{key}/diff", summary="Forskelle mellem to datoer eller versioner")
def contract_diff(
    request: Request,
    user: Reader,
    key: str,
    start: Annotated[str, Query(alias="from", description="Dato (ÅÅÅÅ-MM-DD) eller version (v1).", examples=["v1"])],
    end: Annotated[str, Query(alias="to", description="Dato (ÅÅÅÅ-MM-DD) eller version (v2).", examples=["v2"])],
) -> dict[str, Any]:
    """Tilføjede, fjernede og ændrede vilkår mellem to datoer (som gældende) eller to versioner (v1, v2 …)."""
    return diff_view(_readable(request, user, key), start, end)


@router.put("/{key}", summary="Revidér ud fra en hel kontrakt i filformatet (ændringerne bliver én revision)")
def replace_contract(
    write: CoordinatorWrite, key: str, document: Annotated[dict[str, Any], Body(examples=[CONTRACT_EXAMPLE])]
) -> Revised:
    """Reviderer kontrakten ud fra et helt dokument i filformatet; forskellene bliver én revision. `revision` i
    dokumentet angiver beslutning og ikrafttræden. Kræver If-Match.
    """
    contract = contract_from_json(document)
    if contract.key != key:
        raise TermsError([("key", f"skal være '{key}' som i adressen")])
    return _revised(write, *write.tracker.revise_from_file(contract, write.actor, write.expected))


@router.patch("/{key}", summary="Revidér enkelte vilkår (stier) fra en dato, på en forumbeslutning")
def revise_contract(write: CoordinatorWrite, key: str, body: Revision) -> Revised:
    """Reviderer enkelte vilkår (stier som i /diff) fra en dato på en forumbeslutning; tidligere perioder beholder de
    gamle vilkår. Kræver If-Match.
    """
    decision = _decision(body.decision)
    return _revised(
        write,
        *write.tracker.revise_contract(
            key, paths(body.set, body.remove), body.effective_from, decision, write.actor, write.expected
        ),
    )


@router.put("/{key}/plans/{plan}/frame", summary="Sæt en helhedsplans budgetramme og bevillinger (en revision)")
def set_frame(write: CoordinatorWrite, key: str, plan: str, body: FrameIn) -> Revised:
    """Sætter en helhedsplans budgetramme og evt. bevillinger pr. aktivitet som en revision fra en dato. Kræver If-
    Match med kontraktens version.
    """
    allocations = [a.model_dump() for a in body.allocations] if body.allocations is not None else None
    decision = _decision(body.decision)
    return _revised(
        write,
        *write.tracker.revise_contract(
            key,
            budget_frame(key, plan, body.total, allocations),
            body.effective_from,
            decision,
            write.actor,
            write.expected,
        ),
    )


@router.post("/{key}/signature", summary="Registrér kontrakten underskrevet")
def sign_contract(write: CoordinatorWrite, key: str, body: Signing) -> Recorded:
    """Registrerer datoen kontrakten blev underskrevet. Kræver If-Match."""
    return write.recorded(write.tracker.sign_contract(key, body.signed_on, write.actor, write.expected))


@router.post("/{key}/ending", summary="Registrér kontrakten afsluttet")
def end_contract(write: CoordinatorWrite, key: str, body: Ending) -> Recorded:
    """Registrerer at kontrakten er afsluttet (udløbet, erstattet eller opsagt), med begrundelse. Kræver If-Match."""
    return write.recorded(write.tracker.end_contract(key, body.ended_on, body.reason, write.actor, write.expected))


def _decision(d: DecisionIn) -> Decision:
    return Decision(decided_by=d.decided_by, decided_on=d.decided_on, reference=d.reference)


def _revised(write: Write, changes: list[Change], outcome: Outcome) -> Revised:
    return write.answer(
        Revised,
        outcome,
        changes=[{"path": c.path, "kind": c.kind, "before": c.before, "after": c.after} for c in changes],
    )
