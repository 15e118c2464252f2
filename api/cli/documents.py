"""`forum documents attach|list`: attach a document to a contract, a meeting or a duty, and list what is attached."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.console import Json, Write, emit, fail, opened, writes
from domain.document_types import DocumentTooLargeError
from domain.documents import Fact

app = typer.Typer(no_args_is_help=True, help="Dokumenter vedhæftet kontrakter, møder og forpligtelser.")
DocumentFile = Annotated[Path, typer.Argument(help="Dokumentet: PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS eller ren tekst.")]
MeetingId = Annotated[str | None, typer.Option("--meeting", help="Mødets id (dokumentet hører til mødet).")]
Duty = Annotated[str | None, typer.Option("--duty", help="Forpligtelsens nøgle (dokumentet hører til den).")]
Concerning = Annotated[str, typer.Option("--concerning", help="Hvad dokumentet er, fx 'referat' eller '2015-Q1'.")]


@app.command("attach")
@writes
def documents_attach(
    key: str, file: DocumentFile, meeting: MeetingId = None, duty: Duty = None, concerning: Concerning = "", *,
    write: Write,
) -> None:  # fmt: skip
    """Vedhæft et dokument til kontrakten (standard), et møde eller en forpligtelse. Må aldrig indeholde
    personoplysninger om beboere."""
    if meeting and duty:
        fail("Angiv højst én af --meeting og --duty.")
    fact = Fact("meeting", meeting) if meeting else Fact("duty", duty) if duty else Fact("contract")
    if not file.is_file():
        fail(f"{file} findes ikke.")
    with write.opened() as (tracker, actor):
        if file.stat().st_size > tracker.document_limit:
            raise DocumentTooLargeError(file.name, file.stat().st_size, tracker.document_limit)
        outcome = tracker.attach_document(key, fact, file.name, file.read_bytes(), actor, concerning, write.expected)
    write.recorded(f"Dokumentet '{file.name}' er vedhæftet", outcome)


@app.command("list")
def documents_list(key: str, as_json: Json = False) -> None:
    """Kontraktens dokumenter: navn, type, størrelse, SHA-256 og hvad de hører til."""
    with opened() as (tracker, _):
        register = tracker.get_documents(key)
    listed: list[dict[str, Any]] = [
        {"file_name": d.file_name, "media_type": d.media_type, "size": d.size, "sha256": d.sha256,
         "fact": d.fact.kind, "subject": d.fact.subject, "concerning": d.concerning, "actor": d.actor}
        for d in (register.documents if register else [])
    ]  # fmt: skip
    lines = [f"{d['file_name']} ({d['media_type']}, {d['size']} bytes) {d['fact']} {d['subject']} {d['sha256']}"
             for d in listed] or ["Ingen dokumenter vedhæftet."]  # fmt: skip
    emit({"contract": key, "version": register.version if register else 0, "documents": listed}, as_json,
         "\n".join(lines))  # fmt: skip
