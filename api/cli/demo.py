"""`forum demo` (the Amager contract's demo history) and `forum demo generate` (a fictional data set)."""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from typing import Annotated

import typer

from api.cli.console import Json, emit, fail, opened
from api.demo.generator import FIRST_YEAR, SIZES, Generated, Spec
from api.demo.generator import generate as generate_data
from api.demo.history import KEY, load_demo
from api.demo.shipped import not_only_shipped, shipped_keys

app = typer.Typer(help="Demodata, tydeligt mærket: Amager-kontraktens demohistorik eller et genereret datasæt.")


class Size(StrEnum):
    small = "small"
    city = "city"
    national = "national"


@app.callback(invoke_without_command=True)
def demo(ctx: typer.Context, as_json: Json = False) -> None:
    """Load the Amager contract's demo history 2014–2017 (importing the contract first if missing)."""
    if ctx.invoked_subcommand is not None:
        return
    with opened() as (tracker, settings):
        foreign = not_only_shipped(tracker, shipped_keys(settings.contracts_dir) | {KEY}, history_counts=False)
        if foreign:
            fail(f"Demodata indlæses ikke: {foreign}. Demodata kommer kun i et lager med de medfølgende kontrakter.")
        outcome = load_demo(tracker)
    lines = [f"Kontrakten {KEY} er indlæst fra contracts/."] if outcome.imported else []
    if outcome.loaded:
        lines.append(f"Demohistorikken 2014–2017 for {KEY} er indlæst: {_number(outcome.events)} hændelser.")
        lines.append(f"Se fx: forum status {KEY} --as-of 2017-12-31")
    else:
        lines.append(f"Demohistorikken for {KEY} er allerede indlæst; intet er ændret.")
    data = {"contract": KEY, "imported": outcome.imported, "loaded": outcome.loaded, "events": outcome.events}
    emit(data, as_json, "\n".join(lines))


@app.command()
def generate(
    size: Annotated[
        Size | None, typer.Option(help="small ≈ 10.000, city ≈ 100.000, national ≈ 1.000.000 hændelser.")
    ] = None,
    contracts: Annotated[
        int | None, typer.Option(min=1, help="Antal fiktive kontrakter (går forud for --size).")
    ] = None,
    years: Annotated[int | None, typer.Option(min=1, help="Antal år fra 2014 (går forud for --size).")] = None,
    seed: Annotated[int, typer.Option(help="Samme seed giver de samme hændelser.")] = 1,
    as_json: Json = False,
) -> None:
    """Skriv et fast, fiktivt datasæt via de almindelige registreringer (færdige kontrakter springes over)."""
    preset_contracts, preset_years = SIZES[(size or Size.small).value]
    spec = Spec(contracts or preset_contracts, years or preset_years, seed)
    result, seconds = _generate_with_progress(spec)
    rate = round(result.events / seconds) if seconds else 0
    data = {
        "contracts": spec.contracts,
        "years": spec.years,
        "seed": spec.seed,
        "written": result.written,
        "skipped": result.skipped,
        "events": result.events,
        "seconds": round(seconds, 1),
        "events_per_second": rate,
    }
    human = (
        f"{result.written} kontrakter skrevet, {result.skipped} fandtes allerede (seed {spec.seed}, "
        f"{spec.years} år fra {FIRST_YEAR}): {_number(result.events)} hændelser på {_seconds(seconds)} "
        f"({_number(rate)} hændelser/s)."
    )
    emit(data, as_json, human)


def _generate_with_progress(spec: Spec) -> tuple[Generated, float]:
    began = time.perf_counter()
    with opened() as (tracker, settings):
        typer.echo(f"Lager: {settings.store_name()}", err=True)
        with typer.progressbar(
            length=spec.contracts, label="Kontrakter", file=sys.stderr, show_pos=True, item_show_func=_events
        ) as bar:

            def advance(done: int, events: int) -> None:
                bar.current_item = events
                bar.update(1)

            result = generate_data(tracker, spec, progress=advance)
    return result, time.perf_counter() - began


def _events(events: int | None) -> str:
    return "" if events is None else f"{_number(events)} hændelser"


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f} s".replace(".", ",")


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")
