"""`forum obligation …`: fulfil or waive an occurrence of a responsibility, or withdraw a waiver."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from api.cli.console import Actor, Expected, Json, day, opened, optional_day, recorded
from domain.obligation import Evidence

app = typer.Typer(no_args_is_help=True, help="Forpligtelser: opfyld, frafald en frist, eller tilbagekald et frafald.")


@app.command("fulfil")
def obligation_fulfil(
    key: str,
    responsibility: str,
    on: Annotated[str, typer.Option(help="Dato for opfyldelsen.")],
    document: Annotated[str | None, typer.Option(help="Dokumentreference som dokumentation.")] = None,
    meeting: Annotated[UUID | None, typer.Option(help="Afholdt møde som dokumentation.")] = None,
    due: Annotated[
        str | None,
        typer.Option(help="Fristen der opfyldes (standard: ældste åbne frist til og med dagen, ellers den løbende)."),
    ] = None,
    actor: Actor = None,
    expected: Expected = None,
    as_json: Json = False,
) -> None:
    """Record that a responsibility's occurrence was met."""
    with opened() as (tracker, settings):
        outcome = tracker.fulfil_obligation(
            key,
            responsibility,
            day(on, "--on"),
            Evidence(meeting_id=meeting, document=document),
            settings.actor(actor),
            due=optional_day(due, "--due"),
            expected_version=expected,
        )
    recorded("Opfyldelse registreret", outcome, as_json)


@app.command("waive")
def obligation_waive(
    key: str,
    responsibility: str,
    due: Annotated[str, typer.Option()],
    reason: Annotated[str, typer.Option()],
    actor: Actor = None,
    expected: Expected = None,
    as_json: Json = False,
) -> None:
    """Record that a responsibility's occurrence is waived."""
    with opened() as (tracker, settings):
        outcome = tracker.waive_obligation(
            key, responsibility, day(due, "--due"), reason, settings.actor(actor), expected
        )
    recorded("Frafald registreret", outcome, as_json)


@app.command("withdraw-waiver")
def obligation_withdraw_waiver(
    key: str,
    responsibility: str,
    due: Annotated[str, typer.Option(help="Fristen hvis frafald tilbagekaldes.")],
    reason: Annotated[str, typer.Option()],
    actor: Actor = None,
    expected: Expected = None,
    as_json: Json = False,
) -> None:
    """Withdraw the waiver of a responsibility's occurrence."""
    with opened() as (tracker, settings):
        outcome = tracker.withdraw_waiver(
            key, responsibility, day(due, "--due"), reason, settings.actor(actor), expected
        )
    recorded("Frafald tilbagekaldt", outcome, as_json)
