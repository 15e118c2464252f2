"""`forum fora …`: register fora from their files, record meetings and decisions, show the decision register."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.console import Json, Write, creates, day, emit, fail, opened, optional_day, writes
from api.reports.forum_facts import approval_facts, proposal_facts, revision_facts
from domain.forum_file import load_forum_file
from domain.money import format_kroner
from domain.terms.files import ContractFileError, contract_files
from domain.vocabulary import APPROVER
from projections.forum_decisions import decision_answer, forum_answer

app = typer.Typer(no_args_is_help=True, help="Fora: medlemmer, møder og beslutningsregistret.")
AsOf = Annotated[str | None, typer.Option("--as-of", help="Pr. dato (ÅÅÅÅ-MM-DD; standard: i dag).")]


@app.command("import")
@creates
def fora_import(
    paths: Annotated[list[Path], typer.Argument(help="Forumfiler eller mapper med .yaml-filer.")], *, write: Write
) -> None:
    """Registrér fora fra deres filer, eller tilføj hvad filerne har af nyt (medlemmer, møder, beslutninger)."""
    loaded = []
    for path in contract_files(paths):
        try:
            loaded.append(load_forum_file(path))
        except ContractFileError as e:
            fail(str(e))
    with write.opened() as (tracker, actor):
        done = [tracker.import_forum(file, actor) for file in loaded]
    rows = [{"key": d.key, "action": d.action, "version": d.outcome.version} for d in done]
    emit(rows, write.as_json, "\n".join(f"{d.key}: {_ACTION[d.action]}" for d in done))


_ACTION = {"created": "registreret", "updated": "opdateret", "unchanged": "uændret"}


@app.command("list")
def fora_list(as_json: Json = False) -> None:
    """Vis alle registrerede fora."""
    with opened() as (tracker, _):
        fora = [tracker.get_forum(k) for k in tracker.forum_keys()]
    rows = [{"key": f.key, "name": f.name, "members": len(f.members), "decisions": len(f.decisions)} for f in fora]
    emit(rows, as_json, "\n".join(f"{r['key']}  {r['name']} ({r['decisions']} beslutninger)" for r in rows))


@app.command("show")
def fora_show(key: str, as_of: AsOf = None, as_json: Json = False) -> None:
    """Vis et forum: medlemmer, møder og beslutningsregistret."""
    with opened() as (tracker, _):
        day_ = optional_day(as_of, "--as-of") or tracker.clock()
        answer = forum_answer(tracker.get_forum(key), revision_facts(tracker), proposal_facts(tracker), day_)
    lines = [f"{answer['name']} ({answer['urban_area']}); beslutningsregistret føres fra {answer['register_from']}"]
    lines += [f"  medlem: {m['name']} ({m['party']})" for m in answer["members"] if m["member"]]
    lines += [f"  møde {m['held_on']}: {'; '.join(m['agenda'])}" for m in answer["meetings"]]
    lines += [f"  beslutning {d['number']}: {d['text']}" for d in answer["decisions"]]
    lines += [f"  ikke i beslutningsregistret: {r['contract']} v{r['version']}" for r in answer["unregistered"]]
    emit(answer, as_json, "\n".join(lines))


@app.command("decision")
def fora_decision(key: str, number: str, as_json: Json = False) -> None:
    """Vis en beslutning og alt hvad den bemyndigede (revisioner, forslag, godkendelser af reguleringskontoen)."""
    with opened() as (tracker, _):
        forum = tracker.get_forum(key)
        entry = forum.decision(number)
        answer = decision_answer(
            forum, entry, revision_facts(tracker, number), proposal_facts(tracker), approval_facts(tracker)
        )
    lines = [f"{answer['decided_on_text']} {answer['reference']}: {answer['text']}"]
    for r in answer["revisions"]:
        lines += [f"  revision af {r['contract']} v{r['version']} fra {r['effective_from']}:"]
        lines += [f"    {line}" for line in r["lines"]]
    lines += [
        f"  forslag «{p['title']}»: {p['state_text']} {p['contract']} {p['activity']}" for p in answer["proposals"]
    ]
    lines += [
        f"  godkendelse ({APPROVER.get(a['approver'], a['approver'])} {a['approved_on_text']}, {a['reference']}): "
        f"anvendelse {a['use']} af reguleringskontoen i {a['plan']}, {format_kroner(a['amount_ore'])} – {a['purpose']}"
        for a in answer["approvals"]
    ]
    emit(answer, as_json, "\n".join(lines))


@app.command("decide")
@writes
def fora_decide(
    key: str,
    on: Annotated[str, typer.Option("--on", help="Beslutningens dato.")],
    reference: Annotated[str, typer.Option("--reference", help="Fx 'Referat, punkt 3'.")],
    text: Annotated[str, typer.Option("--text", help="Hvad forummet besluttede.")],
    *,
    write: Write,
) -> None:
    """Registrér en beslutning i forummets beslutningsregister."""
    with write.opened() as (tracker, actor):
        number, outcome = tracker.record_forum_decision(key, day(on, "--on"), reference, text, actor, write.expected)
    write.recorded(f"Beslutning {number} registreret", outcome, number=number)


@app.command("meeting")
@writes
def fora_meeting(
    key: str,
    on: Annotated[str, typer.Option("--on", help="Mødets dato.")],
    item: Annotated[list[str], typer.Option("--item", help="Et dagsordenspunkt (gentag for flere).")],
    *,
    write: Write,
) -> None:
    """Registrér et møde i forummet med dets dagsorden."""
    when = day(on, "--on")
    write.record("Forummødet er registreret", lambda t, a: t.record_forum_meeting(key, when, item, a, write.expected))
