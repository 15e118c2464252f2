"""`forum plans …`: the helhedsplaner – list, show one with its contracts and budget, move its status, and its
co-financing (payments in, unspent funds to the regulation account, approved uses of it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.console import Json, Write, day, emit, kroner, writes
from api.cli.options import On
from api.cli.plan_text import cofinancing_text, plan_list_text, plan_text
from api.cli.views import _as_of, _views
from api.reports.plan_views import plan_record, plan_records
from domain.plan_terms import STATUSES, PlanFile, load_plan_file, plan_files
from domain.terms.files import ContractFileError
from domain.versions import Decision
from projections import plan_cofinancing, plan_overview
from projections.shell import load_records

app = typer.Typer(no_args_is_help=True, help="Helhedsplaner: vis dem, skift status og før medfinansieringen.")

AsOf = Annotated[str | None, typer.Option("--as-of", help="Svar pr. dato (standard: i dag).")]
STATUS_WORDS = {"prækvalifikation": "prequalified", "godkendt": "approved", "aktiv": "active", "afsluttet": "closed"}
FUNDER_WORDS = {"lbf": "lbf", "kommune": "municipality", "kommunen": "municipality",
                "boligorganisationer": "housing_organisations"}  # fmt: skip


def load_plans(paths: list[Path]) -> tuple[list[tuple[PlanFile, str]], list[str], set[Path]]:
    """The plan files among ``paths`` (a directory's ``plans/`` folder, or a file in a ``plans`` folder),
    each loaded, the problems of those that do not load, and their paths."""
    found = [f for p in paths if p.is_dir() for f in plan_files(p)]
    found += [p for p in paths if p.is_file() and p.parent.name == "plans"]
    loaded, errors = [], []
    for path in found:
        try:
            loaded.append((load_plan_file(path), path.name))
        except ContractFileError as e:
            errors.append(str(e))
    return loaded, errors, set(found)


@app.command("list")
def list_(as_of: AsOf = None, as_json: Json = False) -> None:
    """Alle helhedsplaner med periode, program, status og antal kontrakter."""
    when = _as_of(as_of)
    with _views() as (tracker, projector, _):
        rows = plan_overview.plan_list(plan_records(tracker), load_records(projector.db), when)
    emit(rows, as_json, plan_list_text(rows))


@app.command()
def show(key: str, as_of: AsOf = None, as_json: Json = False) -> None:
    """En helhedsplan: status, forgængere og efterfølgere, kontrakter og aktiviteter og budgettet på tværs."""
    when = _as_of(as_of)
    with _views() as (tracker, projector, _):
        plan = plan_record(tracker, key)
        view = plan_overview.plan_overview(plan, load_records(projector.db), plan_records(tracker), when)
    emit(view, as_json, plan_text(view))


@app.command()
@writes
def status(
    key: str,
    new_status: Annotated[str, typer.Argument(help="prækvalifikation, godkendt, aktiv eller afsluttet.")],
    on: On,
    reference: Annotated[str, typer.Option("--reference", help="Afgørelse, brev eller journalnummer.")] = "",
    *,
    write: Write,
) -> None:
    """Skift en helhedsplans status: prækvalifikation → godkendt → aktiv → afsluttet."""
    wanted = STATUS_WORDS.get(new_status, new_status)
    if wanted not in STATUSES:
        typer.echo(f"Fejl: ukendt status '{new_status}' (tilladt: {', '.join(STATUS_WORDS)}).", err=True)
        raise typer.Exit(1)
    when = day(on, "--on")
    write.record(
        f"Helhedsplanen '{key}' er nu {new_status}",
        lambda t, actor: t.change_plan_status(key, wanted, when, reference, actor, write.expected),
    )


@app.command()
def cofinancing(key: str, as_of: AsOf = None, as_json: Json = False) -> None:
    """Medfinansieringen: indbetalt, forbrugt og saldo pr. finansieringskilde og reguleringskontoen."""
    when = _as_of(as_of)
    with _views() as (tracker, projector, _):
        view = plan_cofinancing.cofinancing(plan_record(tracker, key), load_records(projector.db), when)
    emit(view, as_json, cofinancing_text(view))


@app.command()
@writes
def payment(
    key: str,
    funder: Annotated[str, typer.Argument(help="lbf, kommune eller boligorganisationer.")],
    on: On,
    amount: Annotated[str, typer.Option(help="Beløb i kroner, fx '250.000,00'.")],
    payer: Annotated[str, typer.Option(help="Hvem der betalte, fx 'Københavns Kommune'.")],
    reference: Annotated[str, typer.Option(help="Bilag eller journalnummer.")],
    *,
    write: Write,
) -> None:
    """Registrér en indbetaling fra en finansieringskilde."""
    source, ore, when = FUNDER_WORDS.get(funder, funder), kroner(amount), day(on, "--on")
    with write.opened() as (tracker, actor):
        number, outcome = tracker.record_payment(key, source, payer, when, ore, reference, actor, write.expected)  # type: ignore[arg-type]
    write.recorded(f"Indbetaling registreret som nr. {number}", outcome, payment=number)


@app.command("transfer-unspent")
@writes
def transfer_unspent(
    key: str,
    on: On,
    *,
    write: Write,
) -> None:
    """Overfør hver kildes ubrugte midler til reguleringskontoen ved periodens slut."""
    when = day(on, "--on")
    with _views() as (reader, projector, _):
        unspent = plan_cofinancing.unspent_on(plan_record(reader, key), load_records(projector.db), when)
    with write.opened() as (tracker, actor):
        outcome = tracker.transfer_unspent(key, when, unspent, actor, write.expected)
    write.recorded("Ubrugte midler overført til reguleringskontoen", outcome, amounts=unspent)


@app.command("regulation-request")
@writes
def regulation_request(
    key: str,
    on: On,
    amount: Annotated[str, typer.Option(help="Beløb i kroner.")],
    purpose: Annotated[str, typer.Option(help="Hvad midlerne skal bruges til.")],
    *,
    write: Write,
) -> None:
    """Søg om at bruge et beløb fra reguleringskontoen."""
    ore, when = kroner(amount), day(on, "--on")
    with write.opened() as (tracker, actor):
        number, outcome = tracker.request_regulation_use(key, ore, purpose, when, actor, write.expected)
    write.recorded(f"Anvendelse nr. {number} af reguleringskontoen søgt", outcome, use=number)


@app.command("regulation-approve")
@writes
def regulation_approve(
    key: str,
    use: int,
    approver: Annotated[str, typer.Argument(help="kommune eller lbf.")],
    approved_by: Annotated[str, typer.Option("--approved-by", help="Hvem der godkendte.")],
    on: On,
    reference: Annotated[str, typer.Option(help="Godkendelsens reference (brev, journalnummer).")],
    decided_by: Annotated[str, typer.Option("--decided-by", help="Forummet der besluttede.")],
    decided_on: Annotated[str, typer.Option("--decided-on", help="Forummets beslutningsdato.")],
    decision_reference: Annotated[str, typer.Option("--decision-reference", help="Referat, punkt.")],
    *,
    write: Write,
) -> None:
    """Registrér kommunens eller Landsbyggefondens godkendelse af en anvendelse, på en beslutning i forummet."""
    who = FUNDER_WORDS.get(approver, approver)
    decision = Decision(decided_by, day(decided_on, "--decided-on"), decision_reference)
    when = day(on, "--on")
    write.record(
        f"Godkendelse af anvendelse nr. {use} registreret",
        lambda t, actor: t.approve_regulation_use(key, use, who, approved_by, when, reference, decision, actor,  # type: ignore[arg-type]
                                                  write.expected),
    )  # fmt: skip


@app.command("regulation-use")
@writes
def regulation_use(
    key: str,
    use: int,
    on: On,
    *,
    write: Write,
) -> None:
    """Brug en anvendelse af reguleringskontoen (kræver godkendelse fra både kommunen og Landsbyggefonden)."""
    when = day(on, "--on")
    write.record(
        f"Anvendelse nr. {use} af reguleringskontoen brugt",
        lambda t, actor: t.use_regulation_funds(key, use, when, actor, write.expected),
    )
