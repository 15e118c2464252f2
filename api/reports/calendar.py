"""Meetings and obligation due dates as an iCalendar feed (RFC 5545) that calendar clients subscribe to.

The feed is a pure function of the contract records (and ``as_of`` for how far ahead due dates
reach): UIDs come from the meeting id or from contract, responsibility and due date (a standing
duty's period), DTSTAMP from when the fact was recorded, SEQUENCE from the meeting's version (the
period's attestations). Building it twice gives the same bytes, so a client sees a change only when
something was recorded.

A standing duty's period is due on its frist (the attestation's grace date); as-needed duties are never
due and have no events. An ended contract has a last all-day event on the first day it reads
"afsluttet" (the day after its end), and a contract's own feed says "(afsluttet)" in its name and
description once ``as_of`` is after the end.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from api.reports.calendar_duties import duty_lines, ended_event, late, standing_events
from api.reports.ical import DEADLINE_ALARM, MEETING_ALARM, all_day, shortened, utc, with_alarm
from domain.duties import governs
from domain.terms import ContractTerms, MeetingCadence
from domain.vocabulary import MEETING_STATE, dk_date
from projections.contract_record import ended_on, status_on
from projections.obligation_status import occurrences
from projections.record_shape import MeetingEntry, Record
from projections.terms_cache import names, segments

HORIZON = timedelta(days=366)
PRODID = "-//Boligsocialt Forum//forum-tracker//DA"


def calendar_feed(
    records: Sequence[Record], as_of: date, party: str | None = None, horizon: timedelta = HORIZON
) -> bytes:
    """The contracts' meetings and due dates (up to ``as_of + horizon``), only ``party``'s when given."""
    note = _ended_note(records, party, as_of)
    calendar = _calendar(f"Møder og frister – {_title(records, party)}{' (afsluttet)' if note else ''}", note)
    events: list[Event] = []
    for record in records:
        contract = _Contract(record)
        events += contract.meetings(party)
        events += contract.deadlines(party, as_of + horizon)
        events += standing_events(record, contract.names, contract.terms_recorded, party, as_of, as_of + horizon)
        if party is None or party in contract.parties:
            events += ended_event(record)
    for event in sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))):
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def parties(records: Sequence[Record]) -> dict[str, str]:
    """Every party key in the records' current terms with its name (to check a feed's party)."""
    found: dict[str, str] = {}
    for record in records:
        for _, _, terms in segments(record):
            found.update({p.key: p.name for p in terms.parties})
    return found


def _calendar(name: str, note: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if note:
        calendar.add("x-wr-caldesc", note)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # the same hint for Outlook
    return calendar


def _title(records: Sequence[Record], party: str | None) -> str:
    if party is not None:
        return parties(records).get(party, party)
    if len(records) == 1:
        _, _, terms = segments(records[0])[-1]
        return f"{terms.urban_area}, {terms.focus_area}"
    return "alle kontrakter"


def _ended_note(records: Sequence[Record], party: str | None, as_of: date) -> str | None:
    """A contract's own feed once it reads "afsluttet" on ``as_of``: the calendar's description."""
    day = ended_on(records[0]) if party is None and len(records) == 1 else None
    if day is None or status_on(records[0], as_of) != "ended":
        return None
    return f"Kontrakten er afsluttet {dk_date(day)}: ingen frister efter denne dato."


class _Contract:
    """One contract's record, with the names and cadences its terms give over time."""

    def __init__(self, record: Record):
        self.record = record
        self.key: str = record["key"] or ""
        self.segments = segments(record)
        self.names = names(record)
        self.parties = {p.key for _, _, terms in self.segments for p in terms.parties}
        self.terms_recorded = max(utc(v["recorded_at"]) for v in record["versions"])
        self.last_recorded = max([self.terms_recorded, *_recorded(record)])

    def meetings(self, party: str | None) -> Iterator[Event]:
        for meeting_id, meeting in self.record["meetings"].items():
            cadence = self._cadence(meeting["cadence"], date.fromisoformat(meeting["on"]))
            if party is None or _takes_part(party, meeting, cadence):
                yield self._meeting(meeting_id, meeting, cadence)

    def deadlines(self, party: str | None, until: date) -> Iterator[Event]:
        for row in occurrences(self.record, until):
            if party is None or row["party"] == party:
                yield self._deadline(row)

    def _cadence(self, key: str, day: date) -> MeetingCadence | None:
        terms = next(t for start, end, t in self.segments if governs((start, end), day))
        return _find_cadence(terms, key)

    def _meeting(self, meeting_id: str, meeting: MeetingEntry, cadence: MeetingCadence | None) -> Event:
        name = cadence.name if cadence else meeting["cadence"]
        cancelled = meeting["state"] == "cancelled"
        event = all_day(meeting_id, date.fromisoformat(meeting["on"]))
        event.add("dtstamp", utc(meeting["recorded_at"]) if "recorded_at" in meeting else self.last_recorded)
        event.add("sequence", _sequence(meeting))
        event.add("summary", f"{'Aflyst: ' if cancelled else ''}{name} ({self.key})")
        location = meeting.get("location") or (cadence.location if cadence else None)
        if location:
            event.add("location", location)
        event.add("description", self._meeting_text(meeting, cadence))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("categories", ["Møde"])
        return event if meeting["state"] != "scheduled" else with_alarm(event, MEETING_ALARM, f"I morgen: {name}")

    def _meeting_text(self, meeting: MeetingEntry, cadence: MeetingCadence | None) -> str:
        conveners = meeting.get("conveners") or (cadence.conveners if cadence else [])
        lines = [
            f"Status: {MEETING_STATE.get(meeting['state'], meeting['state'])}",
            f"Aktivitet: {self.names.get(meeting['activity'], meeting['activity'])}",
            f"Indkaldes af: {self._joined(conveners)}",
        ]
        if meeting.get("reason"):
            lines.append(f"Begrundelse for aflysning: {meeting['reason']}")
        if meeting.get("attendees"):
            lines.append(f"Deltagende parter: {self._joined(meeting['attendees'])}")
        for label, items in (("Beslutninger", meeting.get("decisions")), ("Aftaler", meeting.get("agreements"))):
            if items:
                lines += [f"{label}:", *(f"- {item}" for item in items)]
        return "\n".join([*lines, f"Kontrakt: {self.key}"])

    def _deadline(self, row: dict[str, Any]) -> Event:
        settlement = row["settlement"]
        event = all_day(f"{row['contract']}/{row['responsibility']}/{row['due']}", date.fromisoformat(row["due"]))
        recorded = [self.terms_recorded, utc(settlement["recorded_at"])] if settlement else [self.terms_recorded]
        event.add("dtstamp", max(recorded))
        event.add("sequence", 1 if settlement else 0)
        event.add("summary", f"Frist: {shortened(row['description'])}")
        event.add("description", self._deadline_text(row))
        waived = settlement is not None and settlement["kind"] == "waived"
        event.add("status", "CANCELLED" if waived else "CONFIRMED")
        event.add("categories", ["Frist"])
        return (
            event if settlement else with_alarm(event, DEADLINE_ALARM, f"Frist i dag: {shortened(row['description'])}")
        )

    def _deadline_text(self, row: dict[str, Any]) -> str:
        lines = duty_lines(self.names, row)
        settlement = row["settlement"]
        if settlement and settlement["kind"] == "fulfilled":
            lines.append(f"Opfyldt {date.fromisoformat(settlement['day']):%d.%m.%Y} ({late(row['days_late'])})")
            if settlement["evidence"].get("document"):
                lines.append(f"Dokumentation: {settlement['evidence']['document']}")
        elif settlement:
            lines.append(f"Frafaldet: {settlement['reason']}")
        return "\n".join([*lines, f"Kontrakt: {self.key}"])

    def _joined(self, keys: list[str]) -> str:
        return ", ".join(self.names.get(k, k) for k in keys)


def _find_cadence(terms: ContractTerms, key: str) -> MeetingCadence | None:
    return next((c for a in terms.activities for c in a.cadences if c.key == key), None)


def _takes_part(party: str, meeting: MeetingEntry, cadence: MeetingCadence | None) -> bool:
    """A party's calendar has the meetings it convenes, is invited to by the terms, or attended."""
    invited = [*cadence.conveners, *cadence.participants] if cadence else []
    return party in [*meeting.get("conveners", []), *meeting.get("attendees", []), *invited]


def _sequence(meeting: MeetingEntry) -> int:
    """Version 1 is the scheduling; every later fact (moved, held, cancelled) raises the sequence."""
    if "version" in meeting:
        return int(meeting["version"]) - 1
    return 1 if meeting["state"] == "cancelled" else 0  # older records: at least a cancellation counts


def _recorded(record: Record) -> Iterator[datetime]:
    for meeting in record["meetings"].values():
        if "recorded_at" in meeting:
            yield utc(meeting["recorded_at"])
    for facts in record["settlements"].values():
        yield from (utc(f["recorded_at"]) for f in facts["fulfilments"])
        yield from (utc(w["recorded_at"]) for w in [*facts["waivers"], *facts.get("withdrawals", [])])
