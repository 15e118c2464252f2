"""The pieces every calendar event is made of: an all-day event, a stable UID, a UTC time, a short summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from icalendar import Event

UID_DOMAIN = "forum-tracker"
_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/calendar")
_SUMMARY_LENGTH = 80


def all_day(name: str, day: date) -> Event:
    """An all-day event on ``day`` with the UID made from ``name``, shown as free time."""
    event = Event()
    event.add("uid", uid(name))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def uid(name: str) -> str:
    """A UID that is the same every time the feed is built: a name-based UUID at the tracker's domain."""
    return f"{uuid5(_NAMESPACE, name)}@{UID_DOMAIN}"


def utc(text: str) -> datetime:
    """A recorded time (ISO text, naive read as UTC) in UTC."""
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def shortened(text: str) -> str:
    """One line of at most about 80 characters, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= _SUMMARY_LENGTH:
        return text
    return text[:_SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"
