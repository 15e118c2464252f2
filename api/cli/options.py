"""The options several `forum` commands share, each with its Danish help."""

from __future__ import annotations

from typing import Annotated

import typer

Reason = Annotated[str, typer.Option(help="Begrundelse.")]
Due = Annotated[str, typer.Option(help="Fristen (ÅÅÅÅ-MM-DD).")]
On = Annotated[str, typer.Option(help="Dato (ÅÅÅÅ-MM-DD).")]
Attendees = Annotated[list[str], typer.Option("--attendee", help="Deltagende part (nøgle); gentag for flere.")]
Decisions = Annotated[list[str] | None, typer.Option("--decision", help="Beslutning; gentag for flere.")]
Agreements = Annotated[list[str] | None, typer.Option("--agreement", help="Skriftlig aftale; gentag for flere.")]
