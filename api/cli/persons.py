"""`forum persons …`: who holds a contract's contact roles; erase a person (art. 17), export what is held (art. 15)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.console import Json, Write, creates, emit, opened, writes
from api.cli.options import ContractKey
from api.cli.text import dk_moment

app = typer.Typer(
    no_args_is_help=True,
    help="Kontaktpersoner: registrér hvem der har en rolle, slet en persons oplysninger, eller udlevér dem.",
)


@app.command("record")
@writes
def persons_record(
    key: ContractKey,
    contact: Annotated[str, typer.Argument(help="Kontaktperson-rollens nøgle i kontrakten.")],
    name: Annotated[str | None, typer.Option(help="Navn (ny person når det afviger fra den nuværende).")] = None,
    email: Annotated[str | None, typer.Option(help="E-mail.")] = None,
    phone: Annotated[str | None, typer.Option(help="Telefon.")] = None,
    *,
    write: Write,
) -> None:
    """Registrér hvem der har en kontaktpersonrolle (et administrativt faktum, ikke en revision)."""
    details = {"name": name, "email": email, "phone": phone}
    with write.opened() as (tracker, actor):
        person, outcome = tracker.record_contact_person(key, contact, details, actor, write.expected)
    write.recorded(f"Kontaktperson {person} registreret", outcome, person=person)


@app.command("list")
def persons_list(key: ContractKey, as_json: Json = False) -> None:
    """Alle personer registreret på en kontrakt, med id og rolle (uden personoplysninger)."""
    with opened() as (tracker, _):
        rows = tracker.person_ids(key)
    human = "\n".join(f"{r['person']}  {r['contact']}{'  [slettet]' if r['erased'] else ''}" for r in rows)
    emit(rows, as_json, human or "Ingen kontaktpersoner registreret.")


@app.command("erase")
@creates
def persons_erase(
    person: Annotated[str, typer.Argument(help="Kontaktpersonens id (se 'forum persons list').")],
    reason: Annotated[
        str, typer.Option(help="Begrundelse, fx anmodningens dato eller sagsnummer (uden personoplysninger).")
    ],
    *,
    write: Write,
) -> None:
    """Slet en persons oplysninger (GDPR art. 17): nøglen destrueres; sletningen registreres uden personoplysninger."""
    with write.opened() as (tracker, actor):
        outcome = tracker.erase_person(person, reason, actor)
    write.recorded(f"Kontaktperson {person} slettet", outcome, person=person)


@app.command("export")
@creates
def persons_export(
    person: Annotated[str, typer.Argument(help="Kontaktpersonens id (se 'forum persons list').")],
    *,
    write: Write,
) -> None:
    """Alt der er registreret om en person (GDPR art. 15)."""
    with write.opened() as (tracker, actor):
        held = tracker.export_person(person, actor)
    emit(held, write.as_json, _export_text(held))


def _export_text(held: dict[str, Any]) -> str:
    out = [f"Kontaktperson {held['person']} · kontrakt {held['contract']} · rolle {held['contact']}"]
    out += [f"  {field}: {value}" for field, value in held["details"].items()]
    out.append("Registreringer:")
    for h in held["history"]:
        shown = ", ".join(f"{f}: {v}" for f, v in h["details"].items())
        out.append(f"  {dk_moment(h['recorded_at'])} af {h['recorded_by']}: {shown}")
    if held["erased"]:
        e = held["erased"]
        out.append(f"Slettet {dk_moment(e['at'])} af {e['actor']}: {e['reason']}")
    return "\n".join(out)
