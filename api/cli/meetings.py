"""`forum meeting …`: schedule, record held, hold, move and cancel meetings."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.console import Write, creates, day, writes
from api.cli.options import Agreements, Attendees, CadenceKey, ContractKey, Decisions, Location, MeetingId, Reason

Day = Annotated[str, typer.Argument(help="Mødets dato (ÅÅÅÅ-MM-DD).")]
app = typer.Typer(no_args_is_help=True, help="Møder: planlæg, registrér afholdt, flyt, aflys.")


@app.command("schedule")
@creates
def meeting_schedule(
    key: ContractKey, cadence: CadenceKey, on: Day, location: Location = "",
    agenda: Annotated[str, typer.Option(help="Dagsorden.")] = "", *, write: Write,
) -> None:  # fmt: skip
    """Planlæg et møde i en mødekadence."""
    with write.opened() as (tracker, actor):
        meeting_id, outcome = tracker.schedule_meeting(key, cadence, day(on, "ON"), location, agenda, actor)
    write.recorded(f"Møde {meeting_id} planlagt", outcome, meeting_id=str(meeting_id))


@app.command("held")
@creates
def meeting_held(
    key: ContractKey, cadence: CadenceKey, on: Day, attendee: Attendees, decision: Decisions = None,
    agreement: Agreements = None, location: Location = "", *, write: Write,
) -> None:  # fmt: skip
    """Registrér et afholdt møde (uden at det først er planlagt)."""
    when, decisions, agreements = day(on, "ON"), decision or [], agreement or []
    with write.opened() as (tracker, actor):
        meeting_id, outcome = tracker.record_meeting_held(
            key, cadence, when, attendee, decisions, agreements, location, actor
        )
    write.recorded(f"Møde {meeting_id} registreret som afholdt", outcome, meeting_id=str(meeting_id))


@app.command("hold")
@writes
def meeting_hold(
    meeting_id: MeetingId, on: Day, attendee: Attendees, decision: Decisions = None, agreement: Agreements = None, *,
    write: Write,
) -> None:  # fmt: skip
    """Registrér et planlagt møde som afholdt."""
    when, decisions, agreements = day(on, "ON"), decision or [], agreement or []
    write.record(
        "Mødet er registreret som afholdt",
        lambda t, actor: t.hold_meeting(meeting_id, when, attendee, decisions, agreements, actor, write.expected),
    )


@app.command("move")
@writes
def meeting_move(
    meeting_id: MeetingId, to: Annotated[str, typer.Argument(help="Den nye dato (ÅÅÅÅ-MM-DD).")],
    reason: Annotated[str, typer.Option(help="Begrundelse.")] = "", *, write: Write,
) -> None:  # fmt: skip
    """Flyt et planlagt møde."""
    when = day(to, "TO")
    write.record("Mødet er flyttet", lambda t, actor: t.move_meeting(meeting_id, when, reason, actor, write.expected))


@app.command("cancel")
@writes
def meeting_cancel(meeting_id: MeetingId, reason: Reason, *, write: Write) -> None:
    """Aflys et planlagt møde."""
    write.record("Mødet er aflyst", lambda t, actor: t.cancel_meeting(meeting_id, reason, actor, write.expected))
