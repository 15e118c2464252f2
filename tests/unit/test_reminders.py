"""Who gets which reminder on a day (pure, explicit as_of), the reminder log's rules, the unsubscribe link and
the schedule's next run."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from api.mail.reminder_schedule import DANISH, due_today, next_run
from api.mail.unsubscribe_link import recipient_of, unsubscribe_token
from api.reports.ical import DEADLINE_ALARM, MEETING_ALARM
from api.settings import Settings
from domain.contact_persons import ContactPersons, PersonErasedError, UnknownFrequencyError
from domain.reminders import (
    AlreadyEscalatedError,
    NothingToRemindError,
    ReminderAlreadyPlannedError,
    ReminderAlreadySentError,
    ReminderLog,
    ReminderNotPlannedError,
)
from projections.due_soon import ContractDue, Recipient, Sent, period_of, select
from tests.unit.test_calendar_feed import NETWORK, feed, meeting_events, scheduled, vevents
from tests.unit.test_projection_folds import contract_events, held

ON = date(2014, 5, 20)  # a Tuesday in ISO week 21


def row(responsibility: str, party: str, due: str, state: str) -> dict[str, Any]:
    days = max((ON - date.fromisoformat(due)).days, 0)
    return {"responsibility": responsibility, "party": party, "due": due, "state": state, "days_overdue": days}


ROWS = [
    row("netvaerk", "sof", "2014-04-30", "overdue"),  # 20 days: past the threshold of 14
    row("liste", "sof", "2014-05-06", "overdue"),  # 14 days: not past it
    row("opstart", "sof", "2014-05-31", "due_soon"),
    row("tema", "3b", "2014-04-01", "overdue"),  # 49 days
]
DUE = ContractDue("amager", "Amager", 14, {f"{r['responsibility']}@{r['due']}": r for r in ROWS}, {"sof": "SOF"})
OTHER = ContractDue("eksempel", "Eksempel", 14, {"x@2014-05-25": row("x", "sof", "2014-05-25", "due_soon")})
SOFIE = Recipient("user:sofie", "sofie", "sofie@sof.dk", "weekly", party="sof")
KIRSTEN = Recipient("user:kirsten", "kirsten", "k@forum.dk", coordinator=True)
KAREN = Recipient("person:1", "Karen", "karen@sof.dk", "daily", "sof", True, frozenset({"amager"}))


def chosen(recipients: list[Recipient], history: dict[tuple[str, str], Sent] | None = None) -> list[tuple[Any, ...]]:
    found = select([DUE, OTHER], recipients, history or {}, ON)
    return [(d.recipient.ref, d.kind, d.period, d.contract, d.occurrences, d.resend) for d in found]


SELECTIONS = {
    "a party's user gets its deadlines of every contract, overdue or due within the horizon, once a week": (
        [SOFIE], {}, [
            ("user:sofie", "digest", "2014-W21", "amager",
             ("netvaerk@2014-04-30", "liste@2014-05-06", "opstart@2014-05-31"), False),
            ("user:sofie", "digest", "2014-W21", "eksempel", ("x@2014-05-25",), False),
        ],
    ),
    "a coordinator gets only what is overdue by more than the threshold, from every party": (
        [KIRSTEN], {}, [
            ("user:kirsten", "escalation", "2014-05-20", "amager", ("netvaerk@2014-04-30", "tema@2014-04-01"), False)
        ],
    ),
    "a leadership contact person gets their own contract's digest daily and its escalations": (
        [KAREN], {}, [
            ("person:1", "digest", "2014-05-20", "amager",
             ("netvaerk@2014-04-30", "liste@2014-05-06", "opstart@2014-05-31"), False),
            ("person:1", "escalation", "2014-05-20", "amager", ("netvaerk@2014-04-30", "tema@2014-04-01"), False),
        ],
    ),
    "a digest planned this week is not planned again": (
        [SOFIE], {("user:sofie", "amager"): Sent(frozenset({"digest/2014-W21"}))}, [
            ("user:sofie", "digest", "2014-W21", "eksempel", ("x@2014-05-25",), False),
        ],
    ),
    "a deadline escalated before is not escalated again": (
        [KIRSTEN], {("user:kirsten", "amager"): Sent(escalated=frozenset({"netvaerk@2014-04-30"}))}, [
            ("user:kirsten", "escalation", "2014-05-20", "amager", ("tema@2014-04-01",), False),
        ],
    ),
    "a dispatch planned but not marked sent is repeated as planned": (
        [KIRSTEN], {("user:kirsten", "amager"): Sent(
            frozenset({"escalation/2014-05-19"}), (("escalation", "2014-05-19", ("tema@2014-04-01",)),),
            frozenset({"tema@2014-04-01"}),
        )}, [
            ("user:kirsten", "escalation", "2014-05-19", "amager", ("tema@2014-04-01",), True),
            ("user:kirsten", "escalation", "2014-05-20", "amager", ("netvaerk@2014-04-30",), False),
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("recipients, history, expected", SELECTIONS.values(), ids=SELECTIONS.keys())
def test_who_gets_what(recipients: list[Recipient], history: dict[Any, Sent], expected: list[Any]) -> None:
    assert chosen(recipients, history) == expected


def test_a_reader_without_a_party_or_coordination_gets_nothing() -> None:
    assert chosen([Recipient("user:rita", "rita", "rita@forum.dk")]) == []


@pytest.mark.parametrize(
    "kind, frequency, day, period",
    [("digest", "weekly", date(2015, 1, 1), "2015-W01"), ("digest", "weekly", date(2016, 1, 3), "2015-W53"),
     ("digest", "daily", ON, "2014-05-20"), ("escalation", "weekly", ON, "2014-05-20")],
)  # fmt: skip
def test_a_period_is_the_iso_week_or_the_day(kind: str, frequency: str, day: date, period: str) -> None:
    assert period_of(kind, frequency, day) == period


def opened_log() -> ReminderLog:
    return ReminderLog.open(uuid4(), "amager", "user:kirsten", "koordinator")


def test_a_dispatch_is_planned_once_and_marked_sent_once() -> None:
    log = opened_log()
    log.plan("digest", "2014-W21", ["a@2014-05-01"], ON, "koordinator")

    with pytest.raises(ReminderAlreadyPlannedError):
        log.plan("digest", "2014-W21", ["b@2014-05-02"], ON, "koordinator")
    assert [d["period"] for d in log.unsent()] == ["2014-W21"]
    with pytest.raises(ReminderNotPlannedError):
        log.mark_sent("digest", "2014-W22", "koordinator")
    log.mark_sent("digest", "2014-W21", "koordinator")
    with pytest.raises(ReminderAlreadySentError):
        log.mark_sent("digest", "2014-W21", "koordinator")
    assert log.unsent() == []


def test_a_deadline_is_escalated_once_and_a_reminder_names_one() -> None:
    log = opened_log()
    log.plan("escalation", "2014-05-20", ["a@2014-04-01"], ON, "koordinator")

    with pytest.raises(AlreadyEscalatedError):
        log.plan("escalation", "2014-05-21", ["a@2014-04-01", "b@2014-04-02"], ON, "koordinator")
    with pytest.raises(NothingToRemindError):
        log.plan("digest", "2014-W21", [], ON, "koordinator")


def test_a_contact_persons_consent_is_recorded_withdrawn_and_gone_with_erasure() -> None:
    register = ContactPersons.open(uuid4(), "amager", "koordinator")
    register.record("sof-leder", "p1", {}, "koordinator")
    with pytest.raises(UnknownFrequencyError):
        register.consent_to_reminders("p1", "monthly", "koordinator")

    register.consent_to_reminders("p1", "daily", "koordinator")
    daily = register.reminders_of("p1")
    register.withdraw_reminders("p1", "person:p1")
    register.withdraw_reminders("p1", "person:p1")  # a second click records nothing
    withdrawn = register.reminders_of("p1")
    register.consent_to_reminders("p1", "weekly", "koordinator")
    register.erase("p1", "Anmodning", "koordinator")

    assert (daily, withdrawn, register.reminders_of("p1")) == ("daily", None, None)
    assert [type(e).__name__ for e in register.collect_events()][-4:] == [
        "RemindersConsented", "RemindersWithdrawn", "RemindersConsented", "PersonErased"
    ]  # fmt: skip
    with pytest.raises(PersonErasedError):
        register.consent_to_reminders("p1", "weekly", "koordinator")


def test_an_unsubscribe_token_names_its_recipient_and_cannot_be_made_for_another() -> None:
    token = unsubscribe_token(b"secret", "user:sofie")
    payload, _, signature = token.partition(".")
    forged = f"{unsubscribe_token(b'secret', 'user:bo').partition('.')[0]}.{signature}"

    assert recipient_of(b"secret", token) == "user:sofie"
    assert recipient_of(b"another secret", token) is None
    assert recipient_of(b"secret", forged) is None
    assert recipient_of(b"secret", "###.") is None and payload


@pytest.mark.parametrize(
    "now, expected_next, runs_at_start",
    [
        (datetime(2014, 5, 20, 4, 0, tzinfo=UTC), datetime(2014, 5, 20, 7, 0, tzinfo=DANISH), False),  # 06:00 DK
        (datetime(2014, 5, 20, 6, 0, tzinfo=UTC), datetime(2014, 5, 21, 7, 0, tzinfo=DANISH), True),  # 08:00 DK
        (datetime(2014, 12, 31, 23, 30, tzinfo=UTC), datetime(2015, 1, 1, 7, 0, tzinfo=DANISH), False),
    ],
)
def test_the_schedule_runs_at_the_danish_time_and_at_start_when_it_has_passed(
    now: datetime, expected_next: datetime, runs_at_start: bool
) -> None:
    assert next_run(now, "07:00") == expected_next
    assert due_today(now, "07:00") is runs_at_start


def test_the_calendar_reminds_the_day_before_a_scheduled_meeting_and_on_an_open_deadlines_day() -> None:
    contract, events = contract_events()
    events += scheduled(contract, date(2014, 6, 12)).collect_events()
    events += held(contract, "netvaerksmoede", date(2014, 3, 20))
    calendar = feed(events, contract)

    planned, done = sorted(meeting_events(calendar), key=lambda e: "afholdt" in str(e["description"]))
    deadlines = vevents(calendar, "Frist: ")
    met = [e for e in deadlines if "Opfyldt" in str(e["description"])]
    open_ = [e for e in deadlines if "Opfyldt" not in str(e["description"])]
    alarms = [[(str(a["action"]), a.decoded("trigger")) for a in e.walk("VALARM")] for e in (planned, open_[0])]

    assert alarms == [[("DISPLAY", MEETING_ALARM)], [("DISPLAY", DEADLINE_ALARM)]]
    assert str(planned.walk("VALARM")[0]["description"]) == f"I morgen: {NETWORK}"
    assert len(met) == 1 and not met[0].walk("VALARM") and not done.walk("VALARM")


@pytest.mark.parametrize("given, kept", [("7:30", "07:30"), ("", None), ("off", None), (None, None)])
def test_the_reminders_time_is_a_time_of_day_or_off(given: str | None, kept: str | None) -> None:
    assert Settings(reminders_at=given).reminders_at == kept


def test_a_reminders_time_that_is_not_one_is_refused_in_danish() -> None:
    with pytest.raises(ValidationError, match="FORUM_REMINDERS_AT skal være et klokkeslæt som 07:00"):
        Settings(reminders_at="25:00")
