"""Plans: the helhedsplaner with their contracts and budget, status changes, and the co-financing ledger."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import Field

from api.http import problems
from api.http.auth import Reader
from api.http.preconditions import MinPosition, etag
from api.http.reading import KnownAt, tracker, visible_records
from api.http.schemas import MAX_INT, Body, Free, Name, Recorded
from api.http.writing import CoordinatorWrite
from api.reports.contract_views import known_moment
from api.reports.plan_views import contracts_known, plan_record, plan_records
from domain.bounds import MAX_ORE, Day
from domain.versions import Decision
from projections import plan_cofinancing, plan_overview

router = APIRouter(prefix="/plans", responses=problems.RESPONSES)
AsOf = Annotated[Day | None, Query(description="Pr. dato (standard: i dag).")]
UseNumber = Annotated[int, Path(ge=1, le=MAX_INT, description="Anvendelsens nummer.")]


class StatusChange(Body):
    status: Literal["prequalified", "approved", "active", "closed"] = Field(examples=["approved"])
    on: Day = Field(examples=["2013-10-01"])
    reference: Name = Field(default="", examples=["Landsbyggefondens brev af 01.10.2013"])


class Payment(Body):
    funder: Literal["lbf", "municipality", "housing_organisations"] = Field(examples=["municipality"])
    payer: Name = Field(min_length=1, examples=["Københavns Kommune, Socialforvaltningen"])
    received_on: Day = Field(examples=["2014-02-01"])
    amount: int = Field(gt=0, le=MAX_ORE, description="Øre.", examples=[25000000])
    reference: Name = Field(min_length=1, examples=["Faktura 2014-001"])


class Transfer(Body):
    on: Day = Field(description="Efter periodens slut.", examples=["2018-01-31"])


class UseRequest(Body):
    amount: int = Field(gt=0, le=MAX_ORE, description="Øre.", examples=[5000000])
    purpose: Free = Field(min_length=1, examples=["Forlængelse af lektiecaféen"])
    requested_on: Day = Field(examples=["2018-02-15"])


class ForumDecision(Body):
    decided_by: Name = Field(min_length=1, examples=["Boligsocialt Forum Amager"])
    decided_on: Day = Field(examples=["2018-02-20"])
    reference: Name = Field(min_length=1, examples=["Referat, punkt 5"])


class Approval(Body):
    approver: Literal["municipality", "lbf"] = Field(examples=["lbf"])
    approved_by: Name = Field(min_length=1, examples=["Landsbyggefonden"])
    approved_on: Day = Field(examples=["2018-03-01"])
    reference: Name = Field(min_length=1, examples=["LBF j.nr. 2018-17"])
    decision: ForumDecision


class Spending(Body):
    used_on: Day = Field(examples=["2018-03-15"])


class NumberRecorded(Recorded):
    number: int


@router.get("", tags=["helhedsplaner"], summary="Alle helhedsplaner med status og antal kontrakter")
def plans(request: Request, user: Reader, as_of: AsOf = None, min_position: MinPosition = None) -> list[dict[str, Any]]:
    """Hver helhedsplan: periode, program, status pr. dato og antal kontrakter (som brugeren kan se) under den."""
    records = visible_records(request, user, min_position)
    return plan_overview.plan_list(plan_records(tracker(request)), records, as_of or date.today())


@router.get("/{key}", tags=["helhedsplaner"], summary="En helhedsplan: kontrakter, aktiviteter og budget på tværs")
def plan(
    request: Request, response: Response, user: Reader, key: str, as_of: AsOf = None, known_at: KnownAt = None,
    min_position: MinPosition = None,
) -> dict[str, Any]:  # fmt: skip
    """Status, forgængere og efterfølgere, indsatsområder med målgrupper, kontrakterne og deres aktiviteter og
    budgettet (ramme, bevilget, forbrugt, tilbage) pr. kontrakt og i alt. ETag er planens version."""
    known = known_moment(known_at)
    record = plan_record(tracker(request), key, known)
    etag(response, tracker(request).get_plan(key).version)
    records = contracts_known(visible_records(request, user, min_position), known)
    return plan_overview.plan_overview(record, records, plan_records(tracker(request), known), as_of or date.today())


@router.post("/{key}/status", tags=["helhedsplaner"], summary="Skift helhedsplanens status")
def change_status(write: CoordinatorWrite, key: str, body: StatusChange) -> Recorded:
    """prækvalifikation → godkendt → aktiv → afsluttet, med dato og reference. Kræver If-Match med planens version."""
    outcome = write.tracker.change_plan_status(key, body.status, body.on, body.reference, write.actor, write.expected)
    return write.recorded(outcome)


@router.get("/{key}/cofinancing", tags=["helhedsplaner"], summary="Medfinansiering pr. kilde og reguleringskontoen")
def cofinancing(
    request: Request, response: Response, user: Reader, key: str, as_of: AsOf = None, known_at: KnownAt = None,
    min_position: MinPosition = None,
) -> dict[str, Any]:  # fmt: skip
    """Indbetalt, forbrugt (kontrakternes udgifter under planen), overført og saldo pr. finansieringskilde;
    reguleringskontoen med anvendelser og deres to godkendelser. ETag er regnskabets version (0 før første)."""
    known = known_moment(known_at)
    record = plan_record(tracker(request), key, known)
    ledger = tracker(request).get_cofinancing(key)
    etag(response, ledger.version if ledger is not None else 0)
    records = contracts_known(visible_records(request, user, min_position), known)
    return plan_cofinancing.cofinancing(record, records, as_of or date.today())


@router.post("/{key}/payments", status_code=201, tags=["helhedsplaner"], summary="Registrér en indbetaling")
def payment(write: CoordinatorWrite, key: str, body: Payment) -> NumberRecorded:
    """En finansieringskildes indbetaling: hvem, dato, beløb og reference. Kræver If-Match med regnskabets version."""
    number, outcome = write.tracker.record_payment(
        key, body.funder, body.payer, body.received_on, body.amount, body.reference, write.actor, write.expected
    )
    return write.answer(NumberRecorded, outcome, number=number)


@router.post("/{key}/regulation/transfer", tags=["helhedsplaner"], summary="Overfør ubrugte midler")
def transfer(request: Request, write: CoordinatorWrite, key: str, body: Transfer) -> Recorded:
    """Hver kildes saldo på dagen (efter periodens slut) overføres til reguleringskontoen; kun én gang."""
    records = visible_records(request, write.user)
    unspent = plan_cofinancing.unspent_on(plan_record(write.tracker, key), records, body.on)
    return write.recorded(write.tracker.transfer_unspent(key, body.on, unspent, write.actor, write.expected))


@router.post("/{key}/regulation/uses", status_code=201, tags=["helhedsplaner"], summary="Søg om brug af kontoen")
def request_use(write: CoordinatorWrite, key: str, body: UseRequest) -> NumberRecorded:
    """Et beløb fra reguleringskontoen og hvad det skal bruges til; bruges først, når begge har godkendt."""
    number, outcome = write.tracker.request_regulation_use(
        key, body.amount, body.purpose, body.requested_on, write.actor, write.expected
    )
    return write.answer(NumberRecorded, outcome, number=number)


@router.post("/{key}/regulation/uses/{use}/approvals", tags=["helhedsplaner"], summary="Registrér en godkendelse")
def approve(write: CoordinatorWrite, key: str, use: UseNumber, body: Approval) -> Recorded:
    """Kommunens eller Landsbyggefondens godkendelse: hvem, dato, reference og forummets beslutning bag."""
    d = body.decision
    outcome = write.tracker.approve_regulation_use(
        key, use, body.approver, body.approved_by, body.approved_on, body.reference,
        Decision(d.decided_by, d.decided_on, d.reference), write.actor, write.expected,
    )  # fmt: skip
    return write.recorded(outcome)


@router.post("/{key}/regulation/uses/{use}/spending", tags=["helhedsplaner"], summary="Brug en godkendt anvendelse")
def spend(write: CoordinatorWrite, key: str, use: UseNumber, body: Spending) -> Recorded:
    """Afvises, indtil både kommunen og Landsbyggefonden har godkendt anvendelsen."""
    return write.recorded(write.tracker.use_regulation_funds(key, use, body.used_on, write.actor, write.expected))
