"""Money and goals: budget use per date, a plan's ledger, book, correct and reverse expenses; indicator
measurements."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from api.http import problems
from api.http.auth import Reader, actor_of
from api.http.preconditions import etag_of
from api.http.reading import tracker as _tracker
from api.http.schemas import MAX_INT, Correction, EntryRecorded, Expense, Measurement, Recorded, Reversal
from api.http.view_query import ContractView
from api.http.writing import CoordinatorWrite, RecorderWrite
from domain.budget import Ledger
from domain.errors import IndicatorNotFoundError, PlanNotFoundError
from projections import budget_use, goal_progress

router = APIRouter(prefix="/contracts/{key}", responses=problems.RESPONSES)
EntryNumber = Annotated[int, Path(ge=1, le=MAX_INT, description="Posteringens nummer.")]


@router.get("/budget", tags=["økonomi"], summary="Budgetforbrug pr. helhedsplan, finansieringskilde og aktivitet")
def budget(view: ContractView) -> list[dict[str, Any]]:
    """Forbrug pr. helhedsplan pr. dato: ramme, fordelt, bogført, tilbageført, forbrugt, tilbage, % brugt, månedligt
    forbrug og prognose ved periodens slut; overforbrug og mere fordelt end rammen markeres. Beløb i øre.
    """
    return budget_use.budget_use(view.record, view.as_of)


@router.get("/plans/{plan}/ledger", tags=["økonomi"], summary="En helhedsplans posteringer (ETag = version)")
def ledger(request: Request, response: Response, user: Reader, key: str, plan: str) -> dict[str, Any]:
    """Alle posteringer på en helhedsplan i kontrakten, nyeste sidst. ETag er regnskabets version (0 før første
    postering); send den som If-Match ved bogføring.
    """
    tracker = _tracker(request)
    terms = tracker.get_contract(key, actor_of(user)).terms()
    if plan not in {p.key for p in terms.plans}:
        raise PlanNotFoundError(key, plan)
    book = tracker.get_ledger(key, plan)
    version = etag_of(response, book)
    return {"contract": key, "plan": plan, "version": version, "entries": _entries(book)}


@router.post("/plans/{plan}/expenses", status_code=201, tags=["økonomi"], summary="Bogfør en udgift på en helhedsplan")
def book_expense(write: RecorderWrite, key: str, plan: str, body: Expense) -> EntryRecorded:
    """Bogfører en udgift mod helhedsplanens budgetramme. Parter kan kun bogføre på helhedsplaner de står bag. Kræver
    If-Match med regnskabets version.
    """
    entry, outcome = write.tracker.book_expense(
        key, plan, body.booked_on, body.amount, body.text, write.actor,
        body.activity, body.funder, body.voucher, write.expected,
    )  # fmt: skip
    return write.answer(EntryRecorded, outcome, entry=entry)


@router.post(
    "/plans/{plan}/expenses/{entry}/corrections",
    status_code=201,
    tags=["økonomi"],
    summary="Ret en del af en postering",
)
def correct_expense(write: RecorderWrite, key: str, plan: str, entry: EntryNumber, body: Correction) -> EntryRecorded:
    """Trækker et beløb fra en postering med en modpostering, højst det der er tilbage af den (beløbet minus
    tidligere rettelser); intet redigeres. Kræver If-Match med regnskabets version.
    """
    number, outcome = write.tracker.correct_expense(
        key, plan, entry, body.booked_on, body.amount, body.reason, write.actor, write.expected
    )
    return write.answer(EntryRecorded, outcome, entry=number)


@router.post(
    "/plans/{plan}/expenses/{entry}/reversal", status_code=201, tags=["økonomi"], summary="Tilbagefør en postering"
)
def reverse_expense(write: RecorderWrite, key: str, plan: str, entry: EntryNumber, body: Reversal) -> EntryRecorded:
    """Tilbagefører det der er tilbage af en postering med en modpostering; intet redigeres. Kræver If-Match med
    regnskabets version.
    """
    number, outcome = write.tracker.reverse_expense(
        key, plan, entry, body.booked_on, body.reason, write.actor, write.expected
    )
    return write.answer(EntryRecorded, outcome, entry=number)


@router.get("/goals", tags=["mål"], summary="Mål og indikatorer: udgangspunkt, mål og målinger")
def goals(view: ContractView) -> list[dict[str, Any]]:
    """Kontraktens mål og indikatorer med udgangspunkt, mål og seneste måling pr. dato."""
    return goal_progress.goal_progress(view.record, view.as_of)


@router.get("/indicators/{indicator}", tags=["mål"], summary="Én indikators målinger (ETag = version)")
def indicator(request: Request, response: Response, user: Reader, key: str, indicator: str) -> dict[str, Any]:
    """Én indikators målinger pr. periode. ETag er versionen (0 før første måling)."""
    tracker = _tracker(request)
    terms = tracker.get_contract(key, actor_of(user)).terms()
    if indicator not in {i.key for g in terms.goals for i in g.indicators}:
        raise IndicatorNotFoundError(key, indicator)
    log = tracker.get_indicator_log(key, indicator)
    version = etag_of(response, log)
    measurements = [
        {"period": m.period, "value": str(m.value), "measured_on": m.measured_on.isoformat(), "source": m.source,
         "actor": m.actor, "corrected": m.corrects}
        for m in (log.measurements.values() if log is not None else [])
    ]  # fmt: skip
    return {"contract": key, "indicator": indicator, "version": version, "measurements": measurements}


@router.post("/indicators/{indicator}/measurements", status_code=201, tags=["mål"], summary="Registrér en måling")
def measure(write: CoordinatorWrite, key: str, indicator: str, body: Measurement) -> Recorded:
    """Registrerer (eller retter, med correct=true) en indikators værdi for en periode (ÅÅÅÅ, ÅÅÅÅ-Q1, ÅÅÅÅ-H1 eller
    ÅÅÅÅ-MM). Kun koordinatorer.
    """
    outcome = write.tracker.record_measurement(
        key, indicator, body.period, body.value, body.measured_on, body.source, write.actor, body.correct,
        write.expected,
    )  # fmt: skip
    return write.recorded(outcome)


def _entries(book: Ledger | None) -> list[dict[str, Any]]:
    if book is None:
        return []
    return [
        {"entry": e.number, "booked_on": e.booked_on.isoformat(), "amount": e.amount_ore, "activity": e.activity,
         "funder": e.funder, "text": e.text, "voucher": e.voucher, "actor": e.actor, "reverses": e.reverses,
         "corrects": e.corrects, "remaining": book.remaining_ore(e.number) if e.counters is None else None}
        for e in book.entries
    ]  # fmt: skip
