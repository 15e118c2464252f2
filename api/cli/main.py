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
from api.cli import meetings as cli_meetings
from api.cli import obligations as cli_obligations
from api.cli import persons as cli_persons
from api.cli import serving, text
from api.cli import users as cli_users
from api.cli import verify as cli_verify
from api.cli import views as cli_views
from api.cli.console import Json, Write, creates, day, emit, fail, moment, opened, optional_day, writes
from api.cli.options import Reason
from api.reports.contact_persons import with_persons
from api.reports.contract_views import contract_view, diff_view, history_view, revision_lines, summary_view
from api.settings import get_settings
from domain.terms.files import ContractFileError, contract_files, load_contract_file, schema_text
from domain.versions import Decision

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
app.add_typer(cli_documents.app, name="documents")


@app.command("import")
@creates
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Kontraktfiler eller mapper med .yaml-filer.")],
    *,
    write: Write,
) -> None:
    """Check and import contract files; a changed file becomes one revision with its differences."""
    files = contract_files(paths)
    loaded, errors = [], []
    for path in files:
        try:
            loaded.append((path, load_contract_file(path)))
        except ContractFileError as e:
            errors.append(str(e))
    if errors:  # nothing is written unless every file is sound
        typer.echo("\n".join(errors), err=True)
        typer.echo(f"Fejl: {len(errors)} af {len(files)} filer afvist; intet er indlæst.", err=True)
        raise typer.Exit(1)
    with write.opened() as (tracker, actor):  # every file checked against the rules, then one transaction
        outcomes = tracker.import_contracts([(c, path.name) for path, c in loaded], actor)
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
    emit(results, write.as_json, "\n".join(text.import_line(r) for r in results))


@app.command()
@writes
def revise(
    key: str,
    path: Annotated[Path, typer.Argument(help="Kontraktfilen med de reviderede vilkår.")],
    decided_by: Annotated[str, typer.Option("--decided-by", help="Forummet der besluttede revisionen.")],
    decided_on: Annotated[str, typer.Option("--decided-on", help="Beslutningens dato (ÅÅÅÅ-MM-DD).")],
    reference: Annotated[str, typer.Option("--reference", help="Referat, dagsordenspunkt eller journalnummer.")],
    effective_from: Annotated[str, typer.Option("--effective-from", help="Gældende fra (ÅÅÅÅ-MM-DD).")],
    *,
    write: Write,
) -> None:
    """Record a contract file's differences as one revision, on the forum decision given here."""
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
    """All contracts."""
    with opened() as (tracker, _):
        rows = [summary_view(tracker.get_contract(key)) for key in tracker.contract_keys()]
    emit(rows, as_json, text.contract_list(rows))


@app.command()
def show(
    key: str,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Som gældende pr. dato (ÅÅÅÅ-MM-DD).")] = None,
    known_at: Annotated[str | None, typer.Option("--known-at", help="Som kendt pr. tidspunkt (ISO 8601).")] = None,
    as_json: Json = False,
) -> None:
    """A contract as in force on a date (--as-of) and as it was known at a time (--known-at)."""
    effective, known = optional_day(as_of, "--as-of"), moment(known_at)
    with opened() as (tracker, _):
        view = with_persons(contract_view(tracker.get_contract(key), effective, known), tracker.contact_persons(key))
    emit(view, as_json, text.contract(view))


@app.command()
def history(key: str, as_json: Json = False) -> None:
    """Every change of a contract: who, when, effective from, on which decision."""
    with opened() as (tracker, _):
        rows = history_view(tracker.get_contract(key))
    emit(rows, as_json, text.history(rows))


@app.command()
def diff(
    key: str,
    start: Annotated[str, typer.Option("--from", help="Dato (ÅÅÅÅ-MM-DD) eller version (v1).")],
    end: Annotated[str, typer.Option("--to", help="Dato (ÅÅÅÅ-MM-DD) eller version (v2).")],
    as_json: Json = False,
) -> None:
    """What changed in a contract between two dates or two versions."""
    with opened() as (tracker, _):
        view = diff_view(tracker.get_contract(key), start, end)
    emit(view, as_json, text.diff(view))


@app.command()
@writes
def sign(key: str, on: Annotated[str, typer.Option(help="Underskrevet dato.")], *, write: Write) -> None:
    """Record that the parties signed the contract."""
    when = day(on, "--on")
    write.record("Underskrift registreret", lambda t, actor: t.sign_contract(key, when, actor, write.expected))


@app.command()
@writes
def end(key: str, on: Annotated[str, typer.Option(help="Slutdato.")], reason: Reason, *, write: Write) -> None:
    """Record that the contract ended."""
    when = day(on, "--on")
    write.record("Afslutning registreret", lambda t, actor: t.end_contract(key, when, reason, actor, write.expected))


@app.command()
@creates
def measure(
    key: str,
    indicator: str,
    period: str,
    value: str,
    on: Annotated[str, typer.Option()],
    source: Annotated[str, typer.Option()],
    correct: bool = False,
    *,
    write: Write,
) -> None:
    """Record an indicator's value for a period (ÅÅÅÅ, ÅÅÅÅ-Q1, ÅÅÅÅ-H1, ÅÅÅÅ-MM)."""
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
    """Write contracts/schema.json from the models that parse contract files."""
    from domain.terms.files import SCHEMA_PATH

    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    if check:
        if current != schema_text():
            fail("contracts/schema.json er forældet; kør 'forum schema'.")
        return
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    import_first: Annotated[bool, typer.Option("--import/--no-import", help="Indlæs contracts/ først.")] = False,
) -> None:
    """Serve the web API (and import the contract files first with --import)."""
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
    server.serve_until_stopped()
    from api.app import _ViewFollower

    if _ViewFollower.gave_up:
        fail("Følgeren gav op: databasen var væk for længe (se loggen). Genstart serveren.", code=3)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
