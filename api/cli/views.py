"""`forum status`, `forum overdue`, `forum audit` and `forum projections ...`: questions answered from the views."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer

from api.cli.console import Json, emit, fail, moment, opened, optional_day
from api.cli.options import ContractKey
from api.cli.text import dk_day, dk_moment
from api.reports.contract_views import known_moment, known_record
from api.settings import Settings
from domain.errors import ContractNotKnownError
from domain.tracker import Tracker
from domain.vocabulary import CONTRACT_STATUS, dk_percent, overdue_count
from projections import audit_log, overdue_meetings, quarantine
from projections.contract_status import contract_status
from projections.follower import Follower, FollowerGaveUpError
from projections.health import assess
from projections.known_at import known_records
from projections.record_shape import Record
from projections.runner import Projector, unknown_views
from projections.shell import VIEWS, load_records

app = typer.Typer()
projections_app = typer.Typer(no_args_is_help=True, help="Læsemodeller: følg, genopbyg, se efterslæb.")
app.add_typer(projections_app, name="projections")

AsOf = Annotated[str | None, typer.Option("--as-of", help="Svar pr. dato (standard: i dag).")]
KnownAt = Annotated[
    str | None,
    typer.Option("--known-at", help="Som kendt pr. tidspunkt (ISO 8601; uden tidszone: dansk tid). Standard: nu."),
]


@contextmanager
def _views(catch_up: bool = True) -> Iterator[tuple[Tracker, Projector, Settings]]:
    """The tracker and its views, caught up first so an answer includes every recorded event."""
    with opened() as (tracker, settings):
        projector = Projector(tracker, settings.store_env(), settings.projection_page_size)
        try:
            if catch_up:
                projector.catch_up()
            yield tracker, projector, settings
        finally:
            projector.close()


def _as_of(value: str | None) -> date:
    return optional_day(value, "--as-of") or date.today()


@app.command()
def status(key: ContractKey, as_of: AsOf = None, known_at: KnownAt = None, as_json: Json = False) -> None:
    """Opfyldte og forfaldne forpligtelser, forfaldne møder og budgetforbrug for én kontrakt pr. dato."""
    day, known = _as_of(as_of), known_moment(moment(known_at))
    with _views() as (_, projector, _):
        records = load_records(projector.db, key)
        held = quarantine.of_contract(projector.db, key)
    if not records:
        fail(f"Kontrakten '{key}' findes ikke.")
    if held:
        fail(quarantine.reason(held[0]), code=4)
    try:
        view = {**contract_status(known_record(records[0], known), day), "known_at": known and known.isoformat()}
    except ContractNotKnownError as e:
        fail(str(e))
    emit(view, as_json, _status_text(view))


@app.command()
def overdue(as_of: AsOf = None, known_at: KnownAt = None, as_json: Json = False) -> None:
    """Forfaldne møder i alle kontrakter pr. dato, som kendt pr. tidspunkt."""
    day, known = _as_of(as_of), known_moment(moment(known_at))
    with _views() as (_, projector, _):
        marks = quarantine.by_key(projector.db)
        records = load_records(projector.db)
    if known is not None:
        records = known_records(records, known)
    rows = [row for record in records for row in _overdue(record, day, marks)]
    human = "\n".join(
        f"{r['contract']}: {r['unavailable']['reason']}"
        if "unavailable" in r
        else f"{r['contract']}: {r['name']} – {_window(r)}"
        for r in rows
    )
    emit(rows, as_json, human or f"Ingen forfaldne møder pr. {day:%d.%m.%Y}.")


def _overdue(record: Record, day: date, marks: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The contract's overdue meetings, or one row saying why its figures are unavailable."""
    if record["key"] in marks:
        return [{"contract": record["key"], "unavailable": marks[record["key"]]}]
    return overdue_meetings.overdue(record, day)


@app.command()
def audit(
    contract: Annotated[str | None, typer.Option(help="Kun denne kontrakt (nøgle).")] = None,
    actor: Annotated[str | None, typer.Option(help="Kun denne bruger.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Hændelsestype, fx Revised eller Held.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Registreret fra (ISO 8601).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Registreret før (ISO 8601).")] = None,
    before: Annotated[int | None, typer.Option(help="Næste side: positionen på forrige sides sidste række.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Højst så mange rækker.")] = 50,
    as_json: Json = False,
) -> None:
    """Hvem ændrede hvad, hvornår og på hvilken beslutning (nyeste først, i sider). Tider i dansk tid."""
    with _views() as (_, projector, _):
        rows = audit_log.query(projector.db, contract, actor, event_type, moment(start), moment(end), before, limit)
    lines = (f"{r['position']:>8} {dk_moment(r['recorded_at'])} {r['contract_key']}: {r['summary']}" for r in rows)
    human = "\n".join(lines)
    emit(rows, as_json, human or "Ingen hændelser.")


@projections_app.command("run")
def projections_run(interval: Annotated[float, typer.Option(help="Sekunder mellem opslag.")] = 0.1) -> None:
    """Følg nye hændelser og hold visningerne opdateret (til Ctrl-C); afslutter med kode 3 efter for langt et udfald."""
    import threading

    with opened() as (tracker, settings):
        typer.echo(f"Følger {settings.store_name()} (Ctrl-C stopper).", err=True)
        env, outage, page = settings.store_env(), settings.follower_max_outage, settings.projection_page_size
        follower = Follower(tracker, env, interval, outage, page_size=page, sealer=settings.sealer(tracker))
        stop = threading.Event()
        try:
            follower.run(stop)
        except KeyboardInterrupt:
            stop.set()
        except FollowerGaveUpError as e:
            fail(f"{e} Følgeren stopper, så en supervisor kan genstarte den.", code=3)


@projections_app.command("rebuild")
def projections_rebuild(
    names: Annotated[list[str] | None, typer.Argument(help="Visninger (standard: alle).")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processer der genopbygger samtidig, hver for sin del af kontrakterne "
            "(standard: én pr. kerne, højst 8; SQLite: altid én).",
        ),
    ] = None,
) -> None:
    """Slet visninger og genafspil alle hændelser fra position nul."""
    unknown = unknown_views(names or [])
    if unknown:
        fail(f"Ukendte visninger: {', '.join(unknown)} (kendte: {', '.join(VIEWS)}).")
    with (
        _views(catch_up=False) as (_, projector, _),
        typer.progressbar(length=projector.head(), label="Genopbygger") as bar,
    ):
        applied = projector.rebuild(names, progress=bar.update, workers=workers)
    typer.echo(f"{applied} hændelser genafspillet i {', '.join(names or VIEWS)}.")


@projections_app.command("status")
def projections_status(as_json: Json = False) -> None:
    """Hovedpositionen, hver visnings position og efterslæb, følgernes tilstand og kontrakterne i karantæne."""
    with _views(catch_up=False) as (_, projector, settings):
        data = assess(projector.db, projector.head(), settings.health_limits())
    lines = [f"Hoved: {data['position']}  status: {data['status']}"]
    lines += [f"{n:24} position {v['position']:>10}  efter {v['behind']:>8}" for n, v in data["views"].items()]
    lines += data["problems"]
    if data["last_error"]:
        lines.append(f"Sidste fejl: {data['last_error']}")
    for q in data["quarantined"]:
        who = q["contract_key"] or q["contract_id"]
        lines.append(f"Karantæne: {who} i {q['view']} fra hændelse {q['position']}: {q['error']}")
    emit(data, as_json, "\n".join(lines))


def _status_text(view: dict[str, Any]) -> str:
    totals = view["obligations"]["totals"]
    known = f", som kendt pr. {dk_moment(view['known_at'])}" if view.get("known_at") else ""
    lines = [
        f"{view['contract']['title']} pr. {dk_day(view['as_of'])}{known}: "
        f"{CONTRACT_STATUS[view['contract']['status']]}",
        f"Forpligtelser: {totals['met']} opfyldt, {overdue_count(totals['overdue'])}, {totals['due_soon']} forfalder "
        f"snart, {totals['waived']} frafaldet ({dk_percent(totals['percent_met'])} opfyldt)",
        f"Forfaldne møder: {len(view['overdue_meetings'])}",
    ]
    lines += [f"  - {m['name']}: {_window(m)}" for m in view["overdue_meetings"]]
    lines += [f"Budget {b['name']}: {b['text']} ({dk_percent(b['percent_used'])})" for b in view["budget"]]
    return "\n".join(lines)


def _window(meeting: dict[str, Any]) -> str:
    return f"vindue {dk_day(meeting['window_start'])}–{dk_day(meeting['due'])}"
