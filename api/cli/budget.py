"""`forum expense …`: book and reverse expenses on a plan's ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.console import Write, day, fail, writes
from domain.terms import parse_kroner

app = typer.Typer(no_args_is_help=True, help="Forbrug: bogfør eller tilbagefør udgifter.")


@app.command("book")
@writes
def expense_book(
    key: str,
    plan: str,
    on: Annotated[str, typer.Option(help="Bogføringsdato.")],
    amount: Annotated[str, typer.Option(help="Beløb i kroner, fx 1500 eller '1.500,50'.")],
    text_: Annotated[str, typer.Option("--text", help="Hvad udgiften dækker.")],
    activity: str | None = None,
    funder: str | None = None,
    voucher: Annotated[str | None, typer.Option(help="Bilagsreference.")] = None,
    *,
    write: Write,
) -> None:
    """Book an expense against a plan's budget frame."""
    try:
        ore = parse_kroner(amount)
    except ValueError as e:
        fail(f"--amount: {e}")
    with write.opened() as (tracker, actor):
        entry, outcome = tracker.book_expense(
            key,
            plan,
            day(on, "--on"),
            ore,
            text_,
            actor,
            activity=activity,
            funder=funder,
            voucher=voucher,
            expected_version=write.expected,
        )
    write.recorded(f"Udgift bogført som postering {entry}", outcome, entry=entry)


@app.command("reverse")
@writes
def expense_reverse(
    key: str,
    plan: str,
    entry: int,
    on: Annotated[str, typer.Option()],
    reason: Annotated[str, typer.Option()],
    *,
    write: Write,
) -> None:
    """Reverse a booked expense in full."""
    with write.opened() as (tracker, actor):
        number, outcome = tracker.reverse_expense(key, plan, entry, day(on, "--on"), reason, actor, write.expected)
    write.recorded(f"Postering {entry} tilbageført som postering {number}", outcome, entry=number)
