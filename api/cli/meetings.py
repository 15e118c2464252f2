"""`forum meeting …`: schedule, record held, hold, move and cancel meetings."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from api.cli.console import Write, creates, day, writes

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
    key: str,
    cadence: str,
    on: str,
    attendee: Annotated[list[str], typer.Option(help="Deltagende part (nøgle); gentag for flere.")],
    decision: Annotated[list[str] | None, typer.Option(help="Beslutning; gentag for flere.")] = None,
    agreement: Annotated[list[str] | None, typer.Option(help="Skriftlig aftale; gentag for flere.")] = None,
    location: str = "",
    *,
    write: Write,
) -> None:
    """Record a meeting that was held (without scheduling it first)."""
    with write.opened() as (tracker, actor):
        meeting_id, outcome = tracker.record_meeting_held(
            key,
            cadence,
            day(on, "ON"),
            attendee,
            decision or [],
            agreement or [],
            location,
            actor,
        )
    write.recorded(f"Møde {meeting_id} registreret som afholdt", outcome, meeting_id=str(meeting_id))


@app.command("hold")
@writes
def meeting_hold(
    meeting_id: UUID,
    on: str,
    attendee: Annotated[list[str], typer.Option(help="Deltagende part (nøgle); gentag for flere.")],
    decision: Annotated[list[str] | None, typer.Option()] = None,
    agreement: Annotated[list[str] | None, typer.Option()] = None,
    *,
    write: Write,
) -> None:
    """Record a scheduled meeting as held."""
    with write.opened() as (tracker, actor):
        outcome = tracker.hold_meeting(
            meeting_id,
            day(on, "ON"),
            attendee,
            decision or [],
            agreement or [],
            actor,
            write.expected,
        )
    write.recorded("Mødet er registreret som afholdt", outcome)


@app.command("move")
@writes
def meeting_move(
    meeting_id: UUID,
    to: str,
    reason: Annotated[str, typer.Option()] = "",
    *,
    write: Write,
) -> None:
    """Move a scheduled meeting."""
    with write.opened() as (tracker, actor):
        outcome = tracker.move_meeting(meeting_id, day(to, "TO"), reason, actor, write.expected)
    write.recorded("Mødet er flyttet", outcome)


@app.command("cancel")
@writes
def meeting_cancel(
    meeting_id: UUID,
    reason: Annotated[str, typer.Option()],
    *,
    write: Write,
) -> None:
    """Cancel a scheduled meeting."""
    with write.opened() as (tracker, actor):
        outcome = tracker.cancel_meeting(meeting_id, reason, actor, write.expected)
    write.recorded("Mødet er aflyst", outcome)
