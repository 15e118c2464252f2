"""Calendar events for standing duties' periods and for a contract's end (the feed itself: calendar.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Event

from api.reports.ical import DEADLINE_ALARM, all_day, shortened, utc, with_alarm
from domain.vocabulary import ATTESTATION_STATUS, dk_date
from projections.record_shape import Record
from projections.standing_duties import standing_periods
from projections.terms_cache import terms_on


def late(days: int | None) -> str:
    """'til tiden', '1 dag for sent', '5 dage for sent'."""
    if not days:
        return "til tiden"
    return f"{days} {'dag' if days == 1 else 'dage'} for sent"


def duty_lines(names: Mapping[str, str], row: Mapping[str, Any], due_label: str = "Frist") -> list[str]:
    """What a due date's event says first: the duty, who answers for it, its activity and its frist."""
    return [
        row["description"],
        "",
        f"Ansvarlig part: {names.get(row['party'], row['party'])}",
        f"Aktivitet: {names.get(row['activity'], row['activity'])}",
        f"{due_label}: {dk_date(date.fromisoformat(row['due']))}",
    ]


def standing_events(
    record: Record, names: Mapping[str, str], terms_recorded: datetime, party: str | None, as_of: date, until: date
) -> Iterator[Event]:
    """A standing duty's period is due on its frist: one event per period due by ``until`` (``party``'s only)."""
    for row in standing_periods(record, as_of, due_by=until):
        if party is None or row["party"] == party:
            yield _period_event(row, names, terms_recorded)


def _period_event(row: Mapping[str, Any], names: Mapping[str, str], terms_recorded: datetime) -> Event:
    history = row["history"]
    event = all_day(f"{row['contract']}/{row['responsibility']}/{row['period']}", date.fromisoformat(row["due"]))
    event.add("dtstamp", max([terms_recorded, *(utc(a["recorded_at"]) for a in history)]))
    event.add("sequence", len(history))
    event.add("summary", f"Frist for erklæring {row['period']}: {shortened(row['description'])}")
    start, end = (dk_date(date.fromisoformat(row[k])) for k in ("period_start", "period_end"))
    lines = [*duty_lines(names, row, "Frist for erklæring"), f"Periode: {row['period']} ({start}–{end})"]
    attestation = row["attestation"]
    if attestation:
        status = ATTESTATION_STATUS.get(attestation["status"], attestation["status"])
        day = dk_date(date.fromisoformat(attestation["day"]))
        lines.append(f"Erklæret {status} {day} ({late(row['days_late'])})")
        labels = (("Begrundelse", "reason"), ("Dokumentation", "evidence"))
        lines += [f"{label}: {attestation[k]}" for label, k in labels if attestation[k]]
    else:
        lines.append("Ikke erklæret" + (" – forfalden" if row["state"] == "overdue" else ""))
    event.add("description", "\n".join([*lines, f"Kontrakt: {row['contract']}"]))
    event.add("status", "CONFIRMED")
    event.add("categories", ["Frist"])
    if attestation:
        return event
    return with_alarm(event, DEADLINE_ALARM, f"Frist for erklæring i dag: {shortened(row['description'])}")


def ended_event(record: Record) -> Iterator[Event]:
    """The contract's end, once recorded: an all-day event on the first day it reads "afsluttet"."""
    ended = sorted((f for f in record["lifecycle"] if f["kind"] == "ended"), key=lambda f: f["day"])
    if not ended:
        return
    fact, day = ended[0], date.fromisoformat(ended[0]["day"])
    event = all_day(f"{record['key']}/ended", day + timedelta(days=1))
    event.add("dtstamp", utc(fact["recorded_at"]))
    event.add("sequence", 0)
    event.add("summary", f"Kontrakten er afsluttet ({record['key']})")
    lines = [terms_on(record, day).title, "", f"I kraft til og med {dk_date(day)}; ingen frister efter denne dato."]
    if fact.get("reason"):
        lines.append(f"Begrundelse: {fact['reason']}")
    event.add("description", "\n".join([*lines, f"Kontrakt: {record['key']}"]))
    event.add("status", "CONFIRMED")
    event.add("categories", ["Kontrakt"])
    yield event
