"""`forum expense …`: book, correct and reverse expenses on a plan's ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.console import Write, day, kroner, writes
from api.cli.options import ContractKey, EntryNumber, On, PlanKey, Reason
from domain.money import format_kroner

app = typer.Typer(no_args_is_help=True, help="Forbrug: bogfør, ret eller tilbagefør udgifter.")


@app.command("book")
@writes
def expense_book(
    key: ContractKey,
    plan: PlanKey,
    on: Annotated[str, typer.Option(help="Bogføringsdato.")],
    amount: Annotated[str, typer.Option(help="Beløb i kroner, fx 1500 eller '1.500,50'.")],
    text_: Annotated[str, typer.Option("--text", help="Hvad udgiften dækker.")],
    activity: Annotated[str | None, typer.Option(help="Aktivitetens nøgle i kontrakten.")] = None,
    funder: Annotated[
        str | None, typer.Option(help="Finansieringskilde: lbf, municipality eller housing_organisations.")
    ] = None,
    voucher: Annotated[str | None, typer.Option(help="Bilagsreference.")] = None,
    *,
    write: Write,
) -> None:
    """Bogfør en udgift på en helhedsplans budgetramme."""
    ore, when = kroner(amount), day(on, "--on")
    with write.opened() as (tracker, actor):
        entry, outcome = tracker.book_expense(
            key, plan, when, ore, text_, actor, activity=activity, funder=funder, voucher=voucher,
            expected_version=write.expected,
        )  # fmt: skip
    write.recorded(f"Udgift bogført som postering {entry}", outcome, entry=entry)


@app.command("correct")
@writes
def expense_correct(
    key: ContractKey,
    plan: PlanKey,
    entry: EntryNumber,
    on: Annotated[str, typer.Option(help="Dato for rettelsen (samme dag som posteringen eller senere).")],
    amount: Annotated[str, typer.Option(help="Beløb der trækkes fra posteringen, i kroner, fx '25.000,00'.")],
    reason: Reason,
    *,
    write: Write,
) -> None:
    """Ret en bogført udgift ned med et beløb (højst det der er tilbage af den)."""
    ore, when = kroner(amount), day(on, "--on")
    with write.opened() as (tracker, actor):
        number, outcome = tracker.correct_expense(key, plan, entry, when, ore, reason, actor, write.expected)
        ledger = tracker.get_ledger(key, plan)
        remaining = ledger.remaining_ore(entry) if ledger is not None else 0
    message = (
        f"Postering {entry} rettet med {format_kroner(ore)} som postering {number}; "
        f"tilbage af posteringen: {format_kroner(remaining)}"
    )
    write.recorded(message, outcome, entry=number, remaining=remaining)


@app.command("reverse")
@writes
def expense_reverse(
    key: ContractKey, plan: PlanKey, entry: EntryNumber, on: On, reason: Reason, *, write: Write
) -> None:
    """Tilbagefør det der er tilbage af en bogført udgift."""
    with write.opened() as (tracker, actor):
        number, outcome = tracker.reverse_expense(key, plan, entry, day(on, "--on"), reason, actor, write.expected)
    write.recorded(f"Postering {entry} tilbageført som postering {number}", outcome, entry=number)
