"""The `forum` command line: import contract files, query them, record what happened."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli import attestations as _attestations  # noqa: F401  (adds `forum obligation attest|evidence|standing`)
from api.cli import budget as cli_budget
from api.cli import demo as cli_demo
from api.cli import documents as cli_documents
from api.cli import fora as cli_fora
from api.cli import meetings as cli_meetings
from api.cli import obligations as cli_obligations
from api.cli import persons as cli_persons
from api.cli import plans as cli_plans
from api.cli import proposals as cli_proposals
from api.cli import reminders as cli_reminders
from api.cli import serving, text
from api.cli import users as cli_users
from api.cli import verify as cli_verify
from api.cli import views as cli_views
from api.cli.console import Json, Write, creates, day, emit, fail, moment, opened, optional_day, writes
from api.cli.help_language import speak_danish
from api.cli.options import ContractKey, Reason
from api.reports.contact_persons import with_persons
from api.reports.contract_views import contract_view, diff_view, history_view, revision_lines, summary_view
from api.settings import get_settings
from domain.terms.files import ContractFileError, contract_files, load_contract_file, schema_text
from domain.versions import Decision

speak_danish()  # typer's own words (usage, panels, --help, usage errors) in Danish like the rest
app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="forum-tracker: kontrakter om boligsocialt samarbejde."
)
app.add_typer(cli_meetings.app, name="meeting")
app.add_typer(cli_obligations.app, name="obligation")
app.add_typer(cli_persons.app, name="persons")
app.add_typer(cli_budget.app, name="expense")
app.add_typer(cli_views.app)
app.add_typer(cli_verify.app)  # `forum verify`, `forum seal`, `forum backup`, `forum db setup`
app.add_typer(cli_users.app, name="users")
app.add_typer(cli_demo.app, name="demo")
app.add_typer(cli_reminders.app, name="reminders")
app.add_typer(cli_documents.app, name="documents")
app.add_typer(cli_fora.app, name="fora")
app.add_typer(cli_proposals.app, name="proposals")
app.add_typer(cli_plans.app, name="plans")


@app.command("import")
@creates
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Kontraktfiler eller mapper med .yaml-filer.")],
    *,
    write: Write,
) -> None:
    """Kontrollér og indlæs kontraktfiler og helhedsplaner; en ændret fil bliver én revision med sine ændringer."""
    plans, plan_errors, plan_paths = cli_plans.load_plans(paths)
    files = [p for p in contract_files(paths) if p not in plan_paths]
    loaded, errors = [], plan_errors
    for path in files:
        try:
            loaded.append((path, load_contract_file(path)))
        except ContractFileError as e:
            errors.append(str(e))
    if errors:  # nothing is written unless every file is sound
        typer.echo("\n".join(errors), err=True)
        total = len(files) + len(plan_paths)
        typer.echo(f"Fejl: {len(errors)} af {total} filer afvist; intet er indlæst.", err=True)
        raise typer.Exit(1)
    with write.opened() as (tracker, actor):  # every file checked against the rules, then one transaction
        known = set(tracker.plan_keys())
        outcomes = tracker.import_contracts([(c, path.name) for path, c in loaded], actor, plans)
        planned = [f"helhedsplan {k} oprettet" for k in tracker.plan_keys() if k not in known]
        results = [
            {
                "file": str(path),
                "key": outcome.key,
                "action": outcome.action,
                "changes": [c.path for c in outcome.changes],
                "version": outcome.outcome.version,
                "position": outcome.outcome.position,
                "lines": _revision_lines(tracker, outcome.key) if outcome.action == "revised" else [],
            }
            for (path, _), outcome in zip(loaded, outcomes, strict=True)
        ]
    emit(results, write.as_json, "\n".join([*planned, *(text.import_line(r) for r in results)]))


@app.command()
@writes
def revise(
    key: ContractKey,
    path: Annotated[Path, typer.Argument(help="Kontraktfilen med de reviderede vilkår.")],
    decided_by: Annotated[str, typer.Option("--decided-by", help="Forummet der besluttede revisionen.")],
    decided_on: Annotated[str, typer.Option("--decided-on", help="Beslutningens dato (ÅÅÅÅ-MM-DD).")],
    reference: Annotated[str, typer.Option("--reference", help="Referat, dagsordenspunkt eller journalnummer.")],
    effective_from: Annotated[str, typer.Option("--effective-from", help="Gældende fra (ÅÅÅÅ-MM-DD).")],
    *,
    write: Write,
) -> None:
    """Registrér en kontraktfils ændringer som én revision på den forumbeslutning, der angives her."""
    try:
        contract = load_contract_file(path)
    except ContractFileError as e:
        fail(f"{e}\nIntet er registreret.")
    if contract.key != key:
        fail(f"Filen {path} er kontrakten '{contract.key}', ikke '{key}'.")
    decision = Decision(decided_by, day(decided_on, "--decided-on"), reference)
    effective = day(effective_from, "--effective-from")
    with write.opened() as (tracker, actor):
        changes, outcome = tracker.revise_contract(key, contract.terms(), effective, decision, actor, write.expected)
        lines = _revision_lines(tracker, key) if changes else []
    if not changes:
        emit(
            {"changes": [], "lines": [], "version": outcome.version},
            write.as_json,
            "Ingen ændringer; intet registreret.",
        )
        return
    data = {"version": outcome.version, "position": outcome.position, "changes": [c.path for c in changes]}
    human = f"Revision registreret (version {outcome.version}, position {outcome.position}):"
    emit(data | {"lines": lines}, write.as_json, "\n".join([human, *(f"  {line['text']}" for line in lines)]))


def _revision_lines(tracker: Any, key: str) -> list[dict[str, Any]]:
    contract = tracker.get_contract(key)
    return [line.as_dict() for line in revision_lines(contract, contract.versions[-1])]


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Alle kontrakter."""
    with opened() as (tracker, _):
        rows = [summary_view(tracker.get_contract(key)) for key in tracker.contract_keys()]
    emit(rows, as_json, text.contract_list(rows))


@app.command()
def show(
    key: ContractKey,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Som gældende pr. dato (ÅÅÅÅ-MM-DD).")] = None,
    known_at: Annotated[str | None, typer.Option("--known-at", help="Som kendt pr. tidspunkt (ISO 8601).")] = None,
    as_json: Json = False,
) -> None:
    """En kontrakt som gældende pr. dato (--as-of) og som kendt pr. tidspunkt (--known-at)."""
    effective, known = optional_day(as_of, "--as-of"), moment(known_at)
    with opened() as (tracker, _):
        view = with_persons(contract_view(tracker.get_contract(key), effective, known), tracker.contact_persons(key))
    emit(view, as_json, text.contract(view))


@app.command()
def history(key: ContractKey, as_json: Json = False) -> None:
    """Hver ændring af en kontrakt: hvem, hvornår, gældende fra og på hvilken beslutning."""
    with opened() as (tracker, _):
        rows = history_view(tracker.get_contract(key))
    emit(rows, as_json, text.history(rows))


@app.command()
def diff(
    key: ContractKey,
    start: Annotated[str, typer.Option("--from", help="Dato (ÅÅÅÅ-MM-DD) eller version (v1).")],
    end: Annotated[str, typer.Option("--to", help="Dato (ÅÅÅÅ-MM-DD) eller version (v2).")],
    as_json: Json = False,
) -> None:
    """Hvad der er ændret i en kontrakt mellem to datoer eller to versioner."""
    with opened() as (tracker, _):
        view = diff_view(tracker.get_contract(key), start, end)
    emit(view, as_json, text.diff(view))


@app.command()
@writes
def sign(key: ContractKey, on: Annotated[str, typer.Option(help="Underskrevet dato.")], *, write: Write) -> None:
    """Registrér at parterne har underskrevet kontrakten."""
    when = day(on, "--on")
    write.record("Underskrift registreret", lambda t, actor: t.sign_contract(key, when, actor, write.expected))


@app.command()
@writes
def end(key: ContractKey, on: Annotated[str, typer.Option(help="Slutdato.")], reason: Reason, *, write: Write) -> None:
    """Registrér at kontrakten er afsluttet."""
    when = day(on, "--on")
    write.record("Afslutning registreret", lambda t, actor: t.end_contract(key, when, reason, actor, write.expected))


@app.command()
@creates
def measure(
    key: ContractKey,
    indicator: Annotated[str, typer.Argument(help="Indikatorens nøgle i kontrakten.")],
    period: Annotated[str, typer.Argument(help="Perioden: ÅÅÅÅ, ÅÅÅÅ-Q1, ÅÅÅÅ-H1 eller ÅÅÅÅ-MM.")],
    value: Annotated[str, typer.Argument(help="Den målte værdi, fx 12 eller 12,5.")],
    on: Annotated[str, typer.Option(help="Målingens dato (ÅÅÅÅ-MM-DD).")],
    source: Annotated[str, typer.Option(help="Kilden til tallet.")],
    correct: Annotated[bool, typer.Option(help="Ret en tidligere måling for perioden.")] = False,
    *,
    write: Write,
) -> None:
    """Registrér en indikators værdi for en periode (ÅÅÅÅ, ÅÅÅÅ-Q1, ÅÅÅÅ-H1, ÅÅÅÅ-MM)."""
    try:
        number = Decimal(value.replace(",", "."))
    except ArithmeticError:
        fail(f"'{value}' er ikke et tal.")
    with write.opened() as (tracker, actor):
        outcome = tracker.record_measurement(key, indicator, period, number, day(on, "--on"), source, actor, correct)
    write.recorded("Måling registreret", outcome)


@app.command()
def schema(
    check: Annotated[bool, typer.Option(help="Kun kontrollér at filen er opdateret.")] = False,
) -> None:
    """Skriv contracts/schema.json ud fra de modeller, der læser kontraktfiler."""
    from domain.terms.files import SCHEMA_PATH

    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    if check:
        if current != schema_text():
            fail("contracts/schema.json er forældet; kør 'forum schema'.")
        return
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adressen serveren lytter på (standard: FORUM_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Porten (standard: FORUM_PORT).")] = None,
    import_first: Annotated[bool, typer.Option("--import/--no-import", help="Indlæs contracts/ først.")] = False,
) -> None:
    """Start webfladen og API'et (og indlæs først kontraktfilerne med --import)."""
    settings = get_settings()
    if import_first:
        try:
            import_([settings.contracts_dir], actor=None, as_json=False)
        except typer.Exit as refused:  # the refusal was reported and nothing imported: serve what is stored
            if refused.exit_code != 1:
                raise
            typer.echo("Serveren starter med de kontrakter, der allerede er indlæst.", err=True)
    os.environ.setdefault("FORUM_FOLLOWER_EXIT_PROCESS", "1")  # a follower that gives up stops the server
    server = serving.AnnouncingServer(host or settings.host, settings.port if port is None else port)
    serving.first_run(settings, import_first, server.url)
    typer.echo(f"Lager: {settings.store_name()}", err=True)
    get_settings.cache_clear()
    with serving.reminders(settings):
        server.serve_until_stopped()
    from api.app import _ViewFollower

    if _ViewFollower.gave_up:
        fail("Følgeren gav op: databasen var væk for længe (se loggen). Genstart serveren.", code=3)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
