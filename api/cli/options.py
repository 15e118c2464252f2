"""The options several `forum` commands share, each with its Danish help."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

Reason = Annotated[str, typer.Option(help="Begrundelse.")]
Due = Annotated[str, typer.Option(help="Fristen (ÅÅÅÅ-MM-DD).")]
On = Annotated[str, typer.Option(help="Dato (ÅÅÅÅ-MM-DD).")]
Attendees = Annotated[list[str], typer.Option("--attendee", help="Deltagende part (nøgle); gentag for flere.")]
Decisions = Annotated[list[str] | None, typer.Option("--decision", help="Beslutning; gentag for flere.")]
Agreements = Annotated[list[str] | None, typer.Option("--agreement", help="Skriftlig aftale; gentag for flere.")]
Location = Annotated[str, typer.Option(help="Lokalitet.")]

# The arguments several commands share.
ContractKey = Annotated[str, typer.Argument(help="Kontraktens nøgle (se 'forum list').", show_default=False)]
CadenceKey = Annotated[str, typer.Argument(help="Mødekadencens nøgle i kontrakten.", show_default=False)]
MeetingId = Annotated[UUID, typer.Argument(help="Mødets id (vises når mødet planlægges).", show_default=False)]
ResponsibilityKey = Annotated[str, typer.Argument(help="Ansvarets nøgle i kontrakten.", show_default=False)]
PlanKey = Annotated[str, typer.Argument(help="Helhedsplanens nøgle i kontrakten.", show_default=False)]
EntryNumber = Annotated[int, typer.Argument(help="Posteringens nummer.", show_default=False)]
UserName = Annotated[str, typer.Argument(help="Brugernavnet.", show_default=False)]
