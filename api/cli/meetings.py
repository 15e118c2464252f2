"""`forum meeting …`: schedule, record held, hold, move and cancel meetings."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from api.cli.console import Actor, Expected, Json, day, opened, recorded

app = typer.Typer(no_args_is_help=True, help="Møder: planlæg, registrér afholdt, flyt, aflys.")


@app.command("schedule")
def meeting_schedule(
    key: str, cadence: str, on: str, location: str = "", agenda: str = "", actor: Actor = None, as_json: Json = False
) -> None:
    """Put a meeting of a cadence in the calendar."""
    with opened() as (tracker, settings):
        meeting_id, outcome = tracker.schedule_meeting(
            key, cadence, day(on, "ON"), location, agenda, settings.actor(actor)
        )
    recorded(f"Møde {meeting_id} planlagt", outcome, as_json, meeting_id=str(meeting_id))


@app.command("held")
def meeting_held(
    key: str,
    cadence: str,
    on: str,
    attendee: Annotated[list[str], typer.Option(help="Deltagende part (nøgle); gentag for flere.")],
    decision: Annotated[list[str] | None, typer.Option(help="Beslutning; gentag for flere.")] = None,
    agreement: Annotated[list[str] | None, typer.Option(help="Skriftlig aftale; gentag for flere.")] = None,
    location: str = "",
    actor: Actor = None,
    as_json: Json = False,
) -> None:
    """Record a meeting that was held (without scheduling it first)."""
    with opened() as (tracker, settings):
        meeting_id, outcome = tracker.record_meeting_held(
            key,
            cadence,
            day(on, "ON"),
            attendee,
            decision or [],
            agreement or [],
            location,
            settings.actor(actor),
        )
    recorded(f"Møde {meeting_id} registreret som afholdt", outcome, as_json, meeting_id=str(meeting_id))


@app.command("hold")
def meeting_hold(
    meeting_id: UUID,
    on: str,
    attendee: Annotated[list[str], typer.Option(help="Deltagende part (nøgle); gentag for flere.")],
    decision: Annotated[list[str] | None, typer.Option()] = None,
    agreement: Annotated[list[str] | None, typer.Option()] = None,
    actor: Actor = None,
    expected: Expected = None,
    as_json: Json = False,
) -> None:
    """Record a scheduled meeting as held."""
    with opened() as (tracker, settings):
        outcome = tracker.hold_meeting(
            meeting_id,
            day(on, "ON"),
            attendee,
            decision or [],
            agreement or [],
            settings.actor(actor),
            expected,
        )
    recorded("Mødet er registreret som afholdt", outcome, as_json)


@app.command("move")
def meeting_move(
    meeting_id: UUID,
    to: str,
    reason: Annotated[str, typer.Option()] = "",
    actor: Actor = None,
    expected: Expected = None,
    as_json: Json = False,
) -> None:
    """Move a scheduled meeting."""
    with opened() as (tracker, settings):
        outcome = tracker.move_meeting(meeting_id, day(to, "TO"), reason, settings.actor(actor), expected)
    recorded("Mødet er flyttet", outcome, as_json)


@app.command("cancel")
def meeting_cancel(
    meeting_id: UUID,
    reason: Annotated[str, typer.Option()],
    actor: Actor = None,
    expected: Expected = None,
    as_json: Json = False,
) -> None:
    """Cancel a scheduled meeting."""
    with opened() as (tracker, settings):
        outcome = tracker.cancel_meeting(meeting_id, reason, settings.actor(actor), expected)
    recorded("Mødet er aflyst", outcome, as_json)
