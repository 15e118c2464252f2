"""The pieces every calendar event is made of: an all-day event, a stable UID, a UTC time, a short summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from icalendar import Alarm, Event

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


# When the calendar reminds: at 09:00 the day before a meeting, at 09:00 on a deadline's day (an all-day
# event starts at 00:00, so the triggers are counted from there).
MEETING_ALARM = timedelta(hours=-15)
DEADLINE_ALARM = timedelta(hours=9)


def with_alarm(event: Event, trigger: timedelta, text: str) -> Event:
    """A VALARM that shows ``text`` at ``trigger`` from the event's start."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    event.add_component(alarm)
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
