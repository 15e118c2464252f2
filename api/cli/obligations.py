"""`forum obligation …`: fulfil or waive an occurrence of a responsibility, or withdraw a waiver."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import typer

from api.cli.console import Write, day, optional_day, writes
from api.cli.options import ContractKey, Due, Reason, ResponsibilityKey
from domain.obligation import Evidence
from domain.tracker import Outcome, Tracker

app = typer.Typer(no_args_is_help=True, help="Forpligtelser: opfyld, frafald en frist, eller tilbagekald et frafald.")


@app.command("fulfil")
@writes
def obligation_fulfil(
    key: ContractKey,
    responsibility: ResponsibilityKey,
    on: Annotated[str, typer.Option(help="Dato for opfyldelsen.")],
    document: Annotated[str | None, typer.Option(help="Dokumentreference som dokumentation.")] = None,
    meeting: Annotated[UUID | None, typer.Option(help="Afholdt møde som dokumentation.")] = None,
    due: Annotated[
        str | None,
        typer.Option(help="Fristen der opfyldes (standard: ældste åbne frist til og med dagen, ellers den løbende)."),
    ] = None,
    *,
    write: Write,
) -> None:
    """Registrér at en forekomst af et ansvar er opfyldt."""
    with write.opened() as (tracker, actor):
        outcome = tracker.fulfil_obligation(
            key,
            responsibility,
            day(on, "--on"),
            Evidence(meeting_id=meeting, document=document),
            actor,
            due=optional_day(due, "--due"),
            expected_version=write.expected,
        )
    write.recorded("Opfyldelse registreret", outcome)


@app.command("waive")
@writes
def obligation_waive(
    key: ContractKey, responsibility: ResponsibilityKey, due: Due, reason: Reason, *, write: Write
) -> None:
    """Registrér at en forekomst af et ansvar er frafaldet."""
    _waiver(write, "Frafald registreret", Tracker.waive_obligation, key, responsibility, due, reason)


@app.command("withdraw-waiver")
@writes
def obligation_withdraw_waiver(
    key: ContractKey, responsibility: ResponsibilityKey,
    due: Annotated[str, typer.Option(help="Fristen hvis frafald tilbagekaldes.")],
    reason: Reason, *, write: Write,
) -> None:  # fmt: skip
    """Tilbagekald frafaldet af en forekomst af et ansvar."""
    _waiver(write, "Frafald tilbagekaldt", Tracker.withdraw_waiver, key, responsibility, due, reason)


def _waiver(write: Write, what: str, use_case: Callable[..., Outcome], key: str, duty: str, due: str, why: str) -> None:
    """Waive an occurrence, or withdraw its waiver: the same arguments, the same answer."""
    when = day(due, "--due")
    write.record(what, lambda tracker, actor: use_case(tracker, key, duty, when, why, actor, write.expected))
