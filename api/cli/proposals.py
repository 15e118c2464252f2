"""`forum proposals …`: idea cards put to a forum – import, list, show, and each step of their life."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.console import Json, Write, creates, day, emit, fail, opened, optional_day, writes
from api.cli.options import On, Reason
from api.reports.forum_facts import proposal_facts, proposal_view
from domain.forum_file import load_proposal_file
from domain.terms.files import ContractFileError, contract_files
from projections.forum_decisions import proposal_list

app = typer.Typer(no_args_is_help=True, help="Forslag (idékort): indsend, drøft, vedtag, afvis, træk tilbage.")
Decision = Annotated[str, typer.Option("--decision", help="Beslutningens nummer i forummets register.")]


@app.command("import")
@creates
def proposals_import(
    paths: Annotated[list[Path], typer.Argument(help="Forslagsfiler eller mapper med .yaml-filer.")], *, write: Write
) -> None:
    """Opret forslag fra deres idékort, eller ret en kladdes kort."""
    loaded = []
    for path in contract_files(paths):
        try:
            loaded.append(load_proposal_file(path))
        except ContractFileError as e:
            fail(str(e))
    with write.opened() as (tracker, actor):
        done = [(f.key, *tracker.draft_proposal(f, actor)) for f in loaded]
    rows = [{"key": k, "action": a, "version": o.version} for k, a, o in done]
    emit(rows, write.as_json, "\n".join(f"{k}: {_ACTION[a]}" for k, a, _ in done))


_ACTION = {"created": "oprettet", "changed": "kortet rettet", "unchanged": "uændret"}


@app.command("list")
def proposals_list(
    state: Annotated[str | None, typer.Option("--state", help="Kun i denne tilstand (fx adopted).")] = None,
    as_json: Json = False,
) -> None:
    """Vis forslagene, evt. kun dem i én tilstand."""
    with opened() as (tracker, _):
        rows = proposal_list(proposal_facts(tracker), state)
    emit(rows, as_json, "\n".join(f"{r['key']}  «{r['title']}»: {r['state_text']} {r['on']}" for r in rows))


@app.command("show")
def proposals_show(key: str, as_json: Json = False) -> None:
    """Vis et forslag: idékortet, tilstanden og historikken."""
    with opened() as (tracker, _):
        view = proposal_view(tracker.get_proposal(key))
    lines = [f"«{view['title']}» ({view['state_text']}){' – EKSEMPEL' if view['example'] else ''}"]
    lines += [f"{c['heading'].upper()}\n{c['text']}" for c in view["card"]]
    lines += ["TEAM: " + ", ".join(view["team"])] if view["team"] else []
    lines += [f"  {h['on']} {h['state_text']} ({h['actor']}) {h['note']} {h['decision']}" for h in view["history"]]
    emit(view, as_json, "\n".join(lines))


@app.command("submit")
@writes
def proposals_submit(key: str, on: On, *, write: Write) -> None:
    """Indsend forslaget til forummet."""
    when = day(on, "--on")
    write.record("Forslaget er indsendt", lambda t, a: t.submit_proposal(key, when, a, write.expected))


@app.command("discuss")
@writes
def proposals_discuss(key: str, meeting: Annotated[str, typer.Option("--meeting", help="Forummødets dato.")], *,
                      write: Write) -> None:  # fmt: skip
    """Registrér at forummet drøftede forslaget på et møde."""
    when = day(meeting, "--meeting")
    write.record("Forslaget er drøftet", lambda t, a: t.discuss_proposal(key, when, a, write.expected))


@app.command("adopt")
@writes
def proposals_adopt(
    key: str,
    decision: Decision,
    contract: Annotated[str, typer.Option("--contract", help="Kontrakten forslaget bliver en aktivitet i.")],
    activity: Annotated[str, typer.Option("--activity", help="Nøglen for den nye aktivitet.")],
    effective_from: Annotated[str | None, typer.Option("--effective-from", help="Gældende fra.")] = None,
    *,
    write: Write,
) -> None:
    """Vedtag forslaget på en beslutning: det bliver en aktivitet i kontrakten."""
    when = optional_day(effective_from, "--effective-from")
    with write.opened() as (tracker, actor):
        _, outcome = tracker.adopt_proposal(key, decision, contract, activity, actor, when, write.expected)
    write.recorded(f"Forslaget er vedtaget som aktiviteten '{activity}' i '{contract}'", outcome)


@app.command("reject")
@writes
def proposals_reject(key: str, decision: Decision, reason: Reason, *, write: Write) -> None:
    """Afvis forslaget på en beslutning, med begrundelse."""
    write.record("Forslaget er afvist", lambda t, a: t.reject_proposal(key, decision, reason, a, write.expected))


@app.command("withdraw")
@writes
def proposals_withdraw(key: str, on: On, reason: Reason, *, write: Write) -> None:
    """Træk forslaget tilbage."""
    when = day(on, "--on")
    write.record("Forslaget er trukket tilbage", lambda t, a: t.withdraw_proposal(key, when, reason, a, write.expected))
