"""Reminders on a schedule inside `forum serve`: every day at FORUM_REMINDERS_AT, Danish time (off unless set).

A run that finds nothing new sends nothing, so the schedule also runs once when the server starts after
the day's time has passed (a server down at 07:00 still sends that day's reminders).
"""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from api.mail.reminder_run import run_with_views
from api.settings import Settings, open_tracker
from domain.permissions import Actor

log = logging.getLogger(__name__)
DANISH = ZoneInfo("Europe/Copenhagen")
ACTOR = Actor("forum-påmindelser", "coordinator")


def next_run(now: datetime, at: str) -> datetime:
    """The next moment at ``at`` (HH:MM Danish time) after ``now``."""
    hours, minutes = (int(part) for part in at.split(":"))
    local = now.astimezone(DANISH)
    candidate = datetime.combine(local.date(), time(hours, minutes), tzinfo=DANISH)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), time(hours, minutes), tzinfo=DANISH)
    return candidate


def due_today(now: datetime, at: str) -> bool:
    """Whether today's time has passed already (so a server started now runs at once)."""
    return next_run(now, at).astimezone(DANISH).date() > now.astimezone(DANISH).date()


class ReminderSchedule(threading.Thread):
    """A daemon thread that runs reminders at the configured time until stopped."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(name="forum-reminders", daemon=True)
        self.settings, self.at = settings, settings.reminders_at or "07:00"
        self.stopping = threading.Event()
        self.runs = 0

    def run(self) -> None:
        if due_today(datetime.now(DANISH), self.at):
            self.send()
        while not self.stopping.wait((next_run(datetime.now(DANISH), self.at) - datetime.now(DANISH)).total_seconds()):
            self.send()

    def send(self) -> None:
        """One run; its failure is logged and the next run tries again (nothing is marked sent that was not)."""
        try:
            tracker = open_tracker(self.settings)
            try:
                result = run_with_views(tracker, self.settings, date.today(), ACTOR, dry_run=False)
            finally:
                tracker.close()
            log.info("påmindelser: %d e-mails sendt", len(result.letters))
            if result.error:
                log.error("påmindelser: %s", result.error)
        except Exception:
            log.exception("påmindelser: kørslen fejlede; næste kørsel prøver igen")
        self.runs += 1

    def stop(self) -> None:
        self.stopping.set()
