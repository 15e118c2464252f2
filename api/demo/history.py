"""`forum demo`: a clearly labelled demo history of the Amager contract, 2014–2017.

Everything goes through the tracker's use cases, in date order, on fixed dates: network and
theme meetings (most held, one moved, one cancelled, some windows missed), duties met (two
late), waived with a reason or left open, expenses on both plans with two reversals, indicator
measurements with one correction, and the forum's revision from 2017 (network meetings four
times a year, the Urbanplanen frame allocated to the activities – one of them ends up over its
allocation). Actors are ``demo:…`` and texts begin with "Demo:"; no person is named.

The history is recorded in one transaction (``tracker.together()``), so it is either all there
or not at all: a second run finds it and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from domain.budget import Ledger, ledger_id
from domain.contract_files import load_contract_file
from domain.errors import NotFoundError, RuleError
from domain.goal import IndicatorLog, indicator_log_id
from domain.meeting import Meeting
from domain.obligation import Evidence, ObligationLog, obligation_log_id
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.versions import Decision

KEY = "amager-udsatte-grupper-2013"
CONTRACT_FILE = Path(__file__).resolve().parents[2] / "contracts" / f"{KEY}.yaml"
COORDINATOR = "demo:koordinator"
SOF, B3, VIBO, LEJERBO, SUF = "sof", "3b", "vibo-hab-aab-fsb-dfb", "lejerbo", "suf"
NETWORK = [SOF, B3, VIBO, LEJERBO, SUF]
HISTORY_TOPICS = [Meeting.Scheduled.TOPIC, ObligationLog.Opened.TOPIC, Ledger.Opened.TOPIC, IndicatorLog.Opened.TOPIC]

Step = tuple[date, Callable[[Tracker], Any]]


def actor(party: str) -> str:
    """Demo data is recorded by demo users named after their party, e.g. ``demo:sof``."""
    return f"demo:{party}"


@dataclass(frozen=True)
class DemoOutcome:
    imported: bool  # the Amager contract was imported first
    loaded: bool  # False: the demo history was already there
    events: int


def load_demo(tracker: Tracker) -> DemoOutcome:
    """Import the Amager contract if missing and record its demo history, unless already there."""
    imported = _ensure_contract(tracker)
    if demo_loaded(tracker):
        return DemoOutcome(imported, False, 0)
    _refuse_over_other_history(tracker)
    before = head(tracker)
    with tracker.together():
        for _, step in sorted(_steps(), key=lambda s: s[0]):  # stable: same-day steps keep their order
            step(tracker)
    return DemoOutcome(imported, True, head(tracker) - before)


def load_demo_if_empty(tracker: Tracker) -> bool:
    """Load the demo when nothing has been recorded yet (contracts alone do not count); True if loaded."""
    if tracker.recorder.select_notifications(start=1, limit=1, topics=HISTORY_TOPICS):
        return False
    return load_demo(tracker).loaded


def demo_loaded(tracker: Tracker) -> bool:
    """The demo's expenses are its marker: they are saved together with the rest of it."""
    ledger = tracker.get_ledger(KEY, "urbanplanen")
    return ledger is not None and any(e.actor.startswith("demo:") for e in ledger.entries)


def _ensure_contract(tracker: Tracker) -> bool:
    try:
        tracker.get_contract(KEY)
    except NotFoundError:
        tracker.import_contract(load_contract_file(CONTRACT_FILE), COORDINATOR, source=CONTRACT_FILE.name)
        return True
    return False


def _refuse_over_other_history(tracker: Tracker) -> None:
    """Demo facts are not mixed into a contract that already has recorded history."""
    contract = tracker.get_contract(KEY)
    terms = contract.terms()
    ids = [ledger_id(contract.id, p.key) for p in terms.plans]
    ids += [obligation_log_id(contract.id, r.key) for a in terms.activities for r in a.responsibilities]
    ids += [indicator_log_id(contract.id, i.key) for g in terms.goals for i in g.indicators]
    if any(i in tracker.repository for i in ids):
        raise RuleError(
            f"Kontrakten '{KEY}' har allerede registrerede forpligtelser, udgifter eller målinger; "
            "demohistorikken lægges ikke oven i dem. Brug et tomt lager."
        )


def head(tracker: Tracker) -> int:
    """The position of the last recorded event."""
    return tracker.recorder.max_notification_id() or 0


def _steps() -> list[Step]:
    return [*_meetings(), *_obligations(), *_expenses(), *_measurements(), _revision()]


# --- meetings ---------------------------------------------------------------------------

HELD: list[tuple[str, str, list[str], str]] = [  # cadence, day, attendees, decision
    ("opstartsmoede-sundbygaard", "2014-05-20", [SOF, B3, VIBO], "Demo: Fast kontakt til helhedsplanerne aftalt."),
    ("netvaerksmoede", "2014-03-12", NETWORK, "Demo: Kontaktliste og fast dagsorden aftalt."),
    ("netvaerksmoede", "2014-06-18", [SOF, B3, VIBO, SUF], ""),
    ("netvaerksmoede", "2014-11-05", NETWORK, "Demo: Temaet for næste temadag er huslejerestancer."),
    ("netvaerksmoede", "2015-06-10", [SOF, B3, VIBO], ""),
    ("netvaerksmoede", "2016-02-24", NETWORK, ""),
    ("netvaerksmoede", "2016-06-08", [SOF, B3, LEJERBO], ""),
    ("netvaerksmoede", "2016-10-26", NETWORK, "Demo: Forslag om fire møder om året sendes til forummet."),
    ("netvaerksmoede", "2017-03-01", NETWORK, ""),
    ("netvaerksmoede", "2017-09-13", [SOF, B3, VIBO, SUF], ""),
    ("temamoede-aarligt", "2014-10-02", [B3, VIBO, SOF, SUF], "Demo: Oplæg om forebyggelse af udsættelser."),
    ("temamoede-aarligt", "2015-09-24", [B3, VIBO, SOF], ""),
    ("temamoede-aarligt", "2017-10-05", [B3, VIBO, SOF, SUF], ""),
    ("temamoede-ejendomsfunktionaerer", "2015-02-10", [B3, VIBO, SOF], ""),
    ("temamoede-ejendomsfunktionaerer", "2016-04-14", [B3, VIBO], ""),
    ("kontaktpersonmoede-lokalt", "2014-11-20", [SOF, B3, VIBO], ""),
    ("kontaktpersonmoede-lokalt", "2015-12-03", [SOF, B3, VIBO], ""),
    ("kontaktpersonmoede-lokalt", "2016-11-17", [SOF, VIBO], ""),
]  # fmt: skip
# Missed on purpose, so the dashboards show overdue meetings: network April–June 2017 (four a year
# from 2017), the theme day of 2016, the contact persons' meeting of 2017 (held late, January 2018).


def _meetings() -> list[Step]:
    steps: list[Step] = [(date.fromisoformat(day), _held(c, day, who, d)) for c, day, who, d in HELD]
    steps += _moved_meeting() + _cancelled_meeting() + _scheduled_meeting() + _late_meeting()
    return steps


def _held(cadence: str, day: str, attendees: list[str], decision: str) -> Callable[[Tracker], Any]:
    convener = SOF if cadence in {"netvaerksmoede", "kontaktpersonmoede-lokalt", "opstartsmoede-sundbygaard"} else B3
    return lambda t: t.record_meeting_held(
        KEY, cadence, date.fromisoformat(day), attendees, [decision] if decision else [], [], "", actor(convener)
    )


def _moved_meeting() -> list[Step]:
    meeting: dict[str, Any] = {}
    agenda = "Demo: Fast dagsorden; status fra helhedsplanerne."
    reason = "Demo: Flyttet, fordi tovholderen var på kursus."
    return [
        (date(2015, 2, 18), lambda t: meeting.update(id=t.schedule_meeting(
            KEY, "netvaerksmoede", date(2015, 3, 11), "", agenda, actor(SOF))[0])),
        (date(2015, 3, 4), lambda t: t.move_meeting(meeting["id"], date(2015, 3, 25), reason, actor(SOF))),
        (date(2015, 3, 25), lambda t: t.hold_meeting(meeting["id"], date(2015, 3, 25), NETWORK, [], [], actor(SOF))),
    ]  # fmt: skip


def _cancelled_meeting() -> list[Step]:
    meeting: dict[str, Any] = {}
    reason = "Demo: Aflyst på grund af sygdom; der blev ikke fundet en ny dato."
    return [
        (date(2015, 10, 28), lambda t: meeting.update(id=t.schedule_meeting(
            KEY, "netvaerksmoede", date(2015, 11, 18), "", "", actor(SOF))[0])),
        (date(2015, 11, 16), lambda t: t.cancel_meeting(meeting["id"], reason, actor(SOF))),
    ]  # fmt: skip


def _scheduled_meeting() -> list[Step]:
    meeting: dict[str, Any] = {}
    return [
        (date(2017, 11, 15), lambda t: meeting.update(id=t.schedule_meeting(
            KEY, "netvaerksmoede", date(2017, 12, 6), "", "Demo: Evaluering af kontraktperioden", actor(SOF))[0])),
        (date(2017, 12, 6), lambda t: t.hold_meeting(meeting["id"], date(2017, 12, 6), NETWORK,
                                                     ["Demo: Evalueringen sendes til forummet."], [], actor(SOF))),
    ]  # fmt: skip


def _late_meeting() -> list[Step]:
    """The contact persons' meeting of 2017 was held in January 2018: the duty is met late."""
    meeting: dict[str, Any] = {}
    held_on, due = date(2018, 1, 16), date(2017, 12, 31)
    evidence = partial(Evidence, document="Demo: Referat af kontaktpersonmødet 16.01.2018")
    return [
        (held_on, lambda t: meeting.update(id=t.record_meeting_held(
            KEY, "kontaktpersonmoede-lokalt", held_on, [SOF, B3, VIBO], [], [], "", actor(SOF))[0])),
        (held_on, lambda t: t.fulfil_obligation(KEY, "sof-indkalde-kontaktpersonmoede", held_on,
                                                evidence(meeting_id=meeting["id"]), actor(SOF), due=due)),
    ]  # fmt: skip


# --- obligations ------------------------------------------------------------------------


def _obligations() -> list[Step]:
    contact_list = Evidence(document="Demo: Kontaktliste og fast dagsorden, version 1")
    return [
        (date(2014, 5, 14), lambda t: t.fulfil_obligation(
            KEY, "sof-kontaktliste-og-dagsorden", date(2014, 5, 14), contact_list, actor(SOF), due=date(2014, 4, 30))),
        (date(2016, 1, 12), lambda t: t.waive_obligation(
            KEY, "sof-indkalde-netvaerksmoede", date(2015, 12, 31),
            "Demo: Forummet frafaldt mødet; temadagen i september dækkede dagsordenen.", COORDINATOR)),
        (date(2017, 1, 18), lambda t: t.waive_obligation(
            KEY, "vibo-indkalde-aarligt-temamoede", date(2016, 12, 31),
            "Demo: VIBO m.fl. deltog i stedet i 3B's fælles arrangement.", COORDINATOR)),
    ]  # fmt: skip
    # Left open (overdue): 3B's theme day of 2016 and SOF's network meeting of April–June 2017.


# --- budget -----------------------------------------------------------------------------

ACTIVITIES = ["praksisnetvaerk", "kontaktpersonsordning", "psykisk-saarbare", None]
TEXTS = ["Forplejning til møder", "Lokaleleje", "Løn, opsøgende medarbejder (andel)", "Materialer og tryk"]
PLANS = {"urbanplanen": (52_000_00, 1_250_00, "UP"), "sundholm-holmbladsgade": (27_000_00, 900_00, "SH")}


def _expenses() -> list[Step]:
    steps: list[Step] = []
    for plan, (base, step, code) in PLANS.items():
        for month in range(48):
            day = date(2014 + month // 12, month % 12 + 1, 5 + (month * 7) % 20)
            steps.append((day, _booking(plan, day, base + (month % 5) * step, month, f"DEMO-{code}-{day:%Y-%m}")))
    steps += [
        (date(2015, 6, 30), _reversal("urbanplanen", 18, date(2015, 6, 30), "Demo: Fejlbogført; hører under Sundholm."))
    ]
    steps += [(date(2016, 10, 3), _reversal("sundholm-holmbladsgade", 33, date(2016, 10, 3), "Demo: Dobbeltbogført."))]
    return steps


def _booking(plan: str, day: date, amount: int, month: int, voucher: str) -> Callable[[Tracker], Any]:
    funder = {3: "municipality", 7: "housing_organisations"}.get(month % 8, "lbf")
    activity, text = ACTIVITIES[month % 4], f"Demo: {TEXTS[month % 4]}"
    return lambda t: t.book_expense(KEY, plan, day, amount, text, COORDINATOR, activity, funder, voucher)


def _reversal(plan: str, entry: int, day: date, reason: str) -> Callable[[Tracker], Any]:
    return lambda t: t.reverse_expense(KEY, plan, entry, day, reason, COORDINATOR)


# --- goals ------------------------------------------------------------------------------

YEARLY = {"udsaettelser": [41, 36, 33, 29], "misligholdelsessager": [120, 112, 104, 97]}
HALF_YEARLY = {"klagesager": [58, 61, 55, 52, 50, 47, 45, 44]}


def _measurements() -> list[Step]:
    steps: list[Step] = []
    for indicator, values in YEARLY.items():
        for i, value in enumerate(values):
            steps.append((date(2015 + i, 1, 31), _measure(indicator, str(2014 + i), value, date(2015 + i, 1, 31))))
    for indicator, values in HALF_YEARLY.items():
        for i, value in enumerate(values):
            year, half = 2014 + i // 2, i % 2 + 1
            on = date(year, 7, 31) if half == 1 else date(year + 1, 1, 31)
            steps.append((on, _measure(indicator, f"{year}-H{half}", value, on)))
    fixed = _measure("udsaettelser", "2015", 37, date(2016, 3, 15), "Demo: Rettet efter endelig opgørelse", True)
    return [*steps, (date(2016, 3, 15), fixed)]


def _measure(
    indicator: str, period: str, value: int, on: date, source: str = "Demo: Fiktive tal", correct: bool = False
) -> Callable[[Tracker], Any]:
    return lambda t: t.record_measurement(KEY, indicator, period, Decimal(value), on, source, COORDINATOR, correct)


# --- the revision -----------------------------------------------------------------------

ALLOCATIONS = {"praksisnetvaerk": 500_000_00, "kontaktpersonsordning": 700_000_00, "psykisk-saarbare": 700_000_00}


def _revision() -> Step:
    decided = date(2016, 11, 24)
    decision = Decision("Boligsocialt Forum Amager", decided, "Demo: Referat fra forummødet 24.11.2016, punkt 3")
    return (decided, lambda t: t.revise_contract(KEY, _revised(t), date(2017, 1, 1), decision, COORDINATOR))


def _revised(tracker: Tracker) -> ContractTerms:
    """Network meetings four times a year; the Urbanplanen frame allocated to the activities."""
    data = tracker.get_contract(KEY).terms(date(2017, 1, 1)).model_dump(mode="json")
    for activity in data["activities"]:
        for cadence in activity["cadences"]:
            if cadence["key"] == "netvaerksmoede":
                cadence["frequency"] = {"kind": "per_year", "times": 4}
    for plan in data["plans"]:
        if plan["key"] == "urbanplanen":
            plan["budget_frame"]["allocations"] = [{"activity": a, "amount": n} for a, n in ALLOCATIONS.items()]
    return ContractTerms.model_validate(data)
