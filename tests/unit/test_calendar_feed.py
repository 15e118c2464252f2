"""The iCalendar feed of meetings and due dates, built from records folded from plain events."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any
from uuid import uuid4

from icalendar import Calendar, Event

from api.reports.calendar import calendar_feed, parties
from domain.cadence import Occurrence
from domain.contract import Contract
from domain.meeting import Meeting
from domain.obligation import Evidence, ObligationLog
from projections import contract_record
from tests.unit.test_projection_folds import contract_events

KEY = "amager-udsatte-grupper-2013"
AS_OF = date(2014, 6, 1)
NETWORK = "Netværksmøde i det lokale praksisnetværk"


def scheduled(contract: Contract, on: date, cadence: str = "netvaerksmoede", location: str = "") -> Meeting:
    activity = "kontaktpersonsordning" if cadence == "kontaktpersonmoede-lokalt" else "praksisnetvaerk"
    return Meeting.schedule(uuid4(), contract.id, KEY, activity, cadence, on, ["sof"], location, "", actor="karen")


def feed(events: list[Any], contract: Contract, **options: Any) -> Calendar:
    data = calendar_feed([contract_record.fold(contract.id, events)], options.pop("as_of", AS_OF), **options)
    return Calendar.from_ical(data)


def vevents(calendar: Calendar, prefix: str = "") -> list[Event]:
    return [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith(prefix)]


def meeting_events(calendar: Calendar) -> list[Event]:
    return [e for e in vevents(calendar) if "Møde" in [str(c) for c in e["categories"].cats]]


def test_the_feed_is_a_danish_vcalendar_with_crlf_lines_folded_at_75_octets() -> None:
    contract, events = contract_events()
    events += scheduled(contract, date(2014, 3, 12), location="Aktivitetshuset på Sundbygård").collect_events()

    data = calendar_feed([contract_record.fold(contract.id, events)], AS_OF)

    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0"
    assert "forum-tracker" in str(calendar["prodid"])
    assert str(calendar["x-wr-calname"]) == "Møder og frister – Amager-Sundby, Udsatte grupper"
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # every line ends with CRLF
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long Danish descriptions were folded


def test_a_meeting_is_an_all_day_event_with_danish_summary_location_and_description() -> None:
    contract, events = contract_events()
    events += scheduled(contract, date(2014, 3, 12), location="Aktivitetshuset på Sundbygård").collect_events()

    [meeting] = meeting_events(feed(events, contract))

    assert str(meeting["summary"]) == f"{NETWORK} ({KEY})"
    assert meeting.decoded("dtstart") == date(2014, 3, 12)
    assert meeting.decoded("dtend") == date(2014, 3, 13)
    assert str(meeting["location"]) == "Aktivitetshuset på Sundbygård"
    assert "Status: planlagt" in str(meeting["description"])
    assert "Indkaldes af: Socialforvaltningen" in str(meeting["description"])
    assert str(meeting["status"]) == "CONFIRMED"
    assert str(meeting["uid"]).endswith("@forum-tracker")


def test_building_the_feed_twice_gives_the_same_bytes() -> None:
    contract, events = contract_events()
    events += scheduled(contract, date(2014, 3, 12)).collect_events()
    record = contract_record.fold(contract.id, events)

    assert calendar_feed([record], AS_OF) == calendar_feed([record], AS_OF)
    refolded = contract_record.fold(contract.id, events)
    assert calendar_feed([refolded], AS_OF) == calendar_feed([record], AS_OF)


def test_a_moved_meeting_keeps_its_uid_with_a_higher_sequence() -> None:
    contract, events = contract_events()
    meeting = scheduled(contract, date(2014, 3, 12))
    events += meeting.collect_events()
    [before] = meeting_events(feed(events, contract))

    meeting.move(date(2014, 3, 19), "Lokalet var optaget", actor="karen")
    events += meeting.collect_events()
    [after] = meeting_events(feed(events, contract))

    assert after["uid"] == before["uid"]
    assert after.decoded("dtstart") == date(2014, 3, 19)
    assert after.decoded("sequence") > before.decoded("sequence")


def test_a_cancelled_meeting_is_marked_cancelled_so_calendar_clients_remove_it() -> None:
    contract, events = contract_events()
    meeting = scheduled(contract, date(2014, 3, 12))
    events += meeting.collect_events()
    [before] = meeting_events(feed(events, contract))

    meeting.cancel("Sygdom", actor="karen")
    events += meeting.collect_events()
    [after] = meeting_events(feed(events, contract))

    assert str(after["status"]) == "CANCELLED"
    assert after["uid"] == before["uid"]
    assert after.decoded("sequence") > before.decoded("sequence")
    assert str(after["summary"]).startswith("Aflyst: ")
    assert "Begrundelse for aflysning: Sygdom" in str(after["description"])


def test_a_record_without_meeting_versions_still_raises_the_sequence_of_a_cancellation() -> None:
    contract, events = contract_events()
    meeting = scheduled(contract, date(2014, 3, 12))
    meeting.cancel("Sygdom", actor="karen")
    record = contract_record.fold(contract.id, events + meeting.collect_events())
    for stored in record["meetings"].values():  # as stored before meetings carried version and recorded_at
        del stored["version"], stored["recorded_at"]

    [event] = meeting_events(Calendar.from_ical(calendar_feed([record], AS_OF)))

    assert event.decoded("sequence") == 1
    assert str(event["status"]) == "CANCELLED"


def test_dtstamp_is_when_the_meeting_was_last_recorded_not_the_clock() -> None:
    contract, events = contract_events()
    meeting = scheduled(contract, date(2014, 3, 12))
    meeting.move(date(2014, 3, 19), "Lokalet var optaget", actor="karen")
    meeting_log = meeting.collect_events()

    [event] = meeting_events(feed(events + meeting_log, contract))

    assert event.decoded("dtstamp") == meeting_log[-1].timestamp.astimezone(UTC).replace(microsecond=0)


def test_due_dates_are_all_day_deadlines_up_to_the_horizon() -> None:
    contract, events = contract_events()

    calendar = feed(events, contract, horizon=timedelta(days=0))

    deadlines = vevents(calendar, "Frist: ")
    assert {e.decoded("dtstart") for e in deadlines} == {date(2014, 4, 30), date(2014, 5, 31)}
    [contact_list] = vevents(calendar, "Frist: Der udarbejdes en kontakliste")
    assert contact_list.decoded("dtend") == date(2014, 5, 1)
    assert "Ansvarlig part: Socialforvaltningen" in str(contact_list["description"])
    assert len(vevents(feed(events, contract))) > len(deadlines)  # a year ahead by default


def test_a_fulfilled_due_date_says_so_and_a_waived_one_is_cancelled() -> None:
    contract, events = contract_events()
    contact_list = ObligationLog.open(contract.id, KEY, "sof-kontaktliste-og-dagsorden", "sof", actor="karen")
    first = [Occurrence(date(2014, 1, 1), date(2014, 4, 30))]
    contact_list.fulfil(first, date(2014, 3, 12), None, "sof", Evidence(document="Referat"), "karen")
    network = ObligationLog.open(contract.id, KEY, "sof-indkalde-netvaerksmoede", "sof", actor="karen")
    network.waive(first, date(2014, 4, 30), "Forum besluttede at springe over", "karen")
    calendar = feed(events + contact_list.collect_events() + network.collect_events(), contract)

    [fulfilled] = vevents(calendar, "Frist: Der udarbejdes en kontakliste")
    assert "Opfyldt 12.03.2014" in str(fulfilled["description"])
    assert "Dokumentation: Referat" in str(fulfilled["description"])
    assert str(fulfilled["status"]) == "CONFIRMED"
    [waived] = [e for e in vevents(calendar, "Frist: Den specialiserede") if e.decoded("dtstart") == date(2014, 4, 30)]
    assert str(waived["status"]) == "CANCELLED"
    assert waived.decoded("sequence") == 1


def test_a_partys_feed_has_the_meetings_it_takes_part_in_and_only_its_own_due_dates() -> None:
    contract, events = contract_events()
    events += scheduled(contract, date(2014, 3, 12)).collect_events()  # Lejerbo is a participant
    events += scheduled(contract, date(2014, 10, 1), "kontaktpersonmoede-lokalt").collect_events()  # Lejerbo is not

    lejerbo = feed(events, contract, party="lejerbo", as_of=date(2016, 1, 1))
    sof = feed(events, contract, party="sof", as_of=date(2016, 1, 1))

    assert str(lejerbo["x-wr-calname"]) == "Møder og frister – Lejerbo"
    assert [str(e["summary"]) for e in meeting_events(lejerbo)] == [f"{NETWORK} ({KEY})"]
    assert len(meeting_events(sof)) == 2
    assert vevents(lejerbo, "Frist: ") == []  # Lejerbo's duties are standing ones without due dates
    assert {"Ansvarlig part: Socialforvaltningen" in str(e["description"]) for e in vevents(sof, "Frist: ")} == {True}


def test_the_feed_names_parties_and_leaves_out_contact_persons() -> None:
    contract, events = contract_events()
    record = contract_record.fold(contract.id, events)

    data = calendar_feed([record], date(2016, 1, 1))

    assert parties([record])["sof"] == "Socialforvaltningen"
    assert b"@sof.kk.dk" not in data
    assert "Høgenhaven".encode() not in data
