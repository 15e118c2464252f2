"""`forum meeting …`: schedule, record held, hold, move and cancel meetings."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from api.cli.console import Write, creates, day, writes
from api.cli.options import Agreements, Attendees, Decisions, Reason

app = typer.Typer(no_args_is_help=True, help="Møder: planlæg, registrér afholdt, flyt, aflys.")


@app.command("schedule")
@creates
def meeting_schedule(key: str, cadence: str, on: str, location: str = "", agenda: str = "", *, write: Write) -> None:
    """Put a meeting of a cadence in the calendar."""
    with write.opened() as (tracker, actor):
        meeting_id, outcome = tracker.schedule_meeting(key, cadence, day(on, "ON"), location, agenda, actor)
    write.recorded(f"Møde {meeting_id} planlagt", outcome, meeting_id=str(meeting_id))


@app.command("held")
@creates
def meeting_held(
    key: str, cadence: str, on: str, attendee: Attendees, decision: Decisions = None, agreement: Agreements = None,
    location: str = "", *, write: Write,
) -> None:  # fmt: skip
    """Record a meeting that was held (without scheduling it first)."""
    when, decisions, agreements = day(on, "ON"), decision or [], agreement or []
    with write.opened() as (tracker, actor):
        meeting_id, outcome = tracker.record_meeting_held(
            key, cadence, when, attendee, decisions, agreements, location, actor
        )
    write.recorded(f"Møde {meeting_id} registreret som afholdt", outcome, meeting_id=str(meeting_id))


@app.command("hold")
@writes
def meeting_hold(
    meeting_id: UUID, on: str, attendee: Attendees, decision: Decisions = None, agreement: Agreements = None, *,
    write: Write,
) -> None:  # fmt: skip
    """Record a scheduled meeting as held."""
    when, decisions, agreements = day(on, "ON"), decision or [], agreement or []
    write.record(
        "Mødet er registreret som afholdt",
        lambda t, actor: t.hold_meeting(meeting_id, when, attendee, decisions, agreements, actor, write.expected),
    )


@app.command("move")
@writes
def meeting_move(meeting_id: UUID, to: str, reason: Annotated[str, typer.Option()] = "", *, write: Write) -> None:
    """Move a scheduled meeting."""
    when = day(to, "TO")
    write.record("Mødet er flyttet", lambda t, actor: t.move_meeting(meeting_id, when, reason, actor, write.expected))


@app.command("cancel")
@writes
def meeting_cancel(meeting_id: UUID, reason: Reason, *, write: Write) -> None:
    """Cancel a scheduled meeting."""
    write.record("Mødet er aflyst", lambda t, actor: t.cancel_meeting(meeting_id, reason, actor, write.expected))
