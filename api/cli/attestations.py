"""`forum obligation attest|evidence|standing`: standing duties attested per period, as-needed duties evidenced."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from api.cli.console import Json, Write, day, emit, fail, opened, optional_day, writes
from api.cli.obligations import app
from api.cli.options import ContractKey, ResponsibilityKey
from domain.attestation import status_code
from domain.vocabulary import OBLIGATION_STATE
from projections import obligation_status
from projections.runner import Projector
from projections.shell import load_records

DoneOn = Annotated[str, typer.Option("--on", help="Dagen forpligtelsen blev udført.")]
Document = Annotated[str, typer.Option("--document", help="Dokumentation, fx et referat eller et journalnummer.")]


@app.command("attest")
@writes
def obligation_attest(
    key: ContractKey, responsibility: ResponsibilityKey,
    period: Annotated[str, typer.Option(help="Perioden: 2015, 2015-H1 eller 2015-Q3 (som forpligtelsen erklæres).")],
    status: Annotated[str, typer.Option(help="opfyldt, delvist eller ikke.")],
    evidence: Annotated[str, typer.Option(help="Dokumentation (kræves ved opfyldt og delvist).")] = "",
    reason: Annotated[str, typer.Option(help="Begrundelse (kræves ved delvist og ikke).")] = "",
    on: Annotated[str | None, typer.Option(help="Erklæringens dato (standard: i dag).")] = None, *, write: Write,
) -> None:  # fmt: skip
    """Erklær én periode af en løbende forpligtelse; en ny erklæring for perioden retter den (begge gemmes)."""
    code, when = status_code(status), optional_day(on, "--on")
    with write.opened() as (tracker, actor):
        outcome = tracker.attest_duty(key, responsibility, period, code, evidence, actor, reason, when, write.expected)
    write.recorded("Erklæring registreret", outcome)


@app.command("evidence")
@writes
def obligation_evidence(
    key: ContractKey, responsibility: ResponsibilityKey, on: DoneOn, document: Document, *, write: Write
) -> None:
    """Registrér én dateret gang en forpligtelse efter behov er udført."""
    with write.opened() as (tracker, actor):
        outcome = tracker.evidence_duty(key, responsibility, day(on, "--on"), document, actor, write.expected)
    write.recorded("Dokumentation registreret", outcome)


@app.command("standing")
def obligation_standing(
    key: ContractKey,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Svar pr. dato (standard: i dag).")] = None,
    party: Annotated[str | None, typer.Option(help="Kun denne parts forpligtelser.")] = None,
    as_json: Json = False,
) -> None:
    """Løbende forpligtelser pr. periode (erklæret, forfalden …) og efter behov (hvor ofte dokumenteret)."""
    when = optional_day(as_of, "--as-of") or date.today()
    with opened() as (tracker, settings):
        projector = Projector(tracker, settings.store_env())
        try:
            projector.catch_up()
            records = load_records(projector.db, key)
        finally:
            projector.close()
    if not records:
        fail(f"Kontrakten '{key}' findes ikke.")
    status = obligation_status.status(records[0], when)
    data: dict[str, Any] = {"as_of": when.isoformat(), "by_party": status["by_party"]}
    data |= {k: [r for r in status[k] if party in (None, r["party"])] for k in ("standing", "as_needed")}
    emit(data, as_json, _text(data, when))


def _text(data: dict[str, Any], when: date) -> str:
    lines = [f"Løbende forpligtelser pr. {when:%d.%m.%Y}:"]
    for r in data["standing"]:
        given = r["attestation"]
        note = f" – {given['actor']} {date.fromisoformat(given['day']):%d.%m.%Y}" if given else ""
        lines.append(
            f"  {r['responsibility']} ({r['party']}) {r['period']}: {OBLIGATION_STATE[r['state']]}"
            f", frist {date.fromisoformat(r['due']):%d.%m.%Y}{note}"
        )
    lines.append("Efter behov:")
    for r in data["as_needed"]:
        last = f"senest {date.fromisoformat(r['last_evidenced']):%d.%m.%Y}" if r["last_evidenced"] else "aldrig"
        per_year = ", ".join(f"{y}: {n}" for y, n in r["per_year"].items()) or "–"
        lines.append(
            f"  {r['responsibility']} ({r['party']}): dokumenteret {r['evidenced']} gange, {last} ({per_year})"
        )
    return "\n".join(lines)
