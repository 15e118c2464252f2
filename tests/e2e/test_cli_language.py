"""The command line speaks Danish to people: every command's help, typer's own words, usage errors, times in Danish
time marked as such, the glossary's word for overdue and the pages' number format."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app
from api.reports.contract_views import LOCAL
from domain.vocabulary import dk_percent
from tests.conftest import CONTRACTS
from tests.e2e.conftest import Forum
from tests.web.conftest import sign_in
from tests.web.facts import AS_OF, amager_app

KEY = "amager-udsatte-grupper-2013"
# English words with no Danish homograph that show up when a help text or typer's chrome is left untranslated
# (not the commands' own names: `show`, `serve`, `book` … are identifiers, like the option names).
ENGLISH = {
    "the", "and", "of", "with", "from", "usage", "options", "commands", "arguments", "default", "required", "this",
    "that", "message", "exit", "which", "when", "every", "its", "their", "only", "a", "an", "missing", "invalid",
    "try", "error", "should", "input", "such", "unexpected", "extra", "aborted", "whether", "into",
}  # fmt: skip
KNOWN = re.compile(
    r"--[\w-]+|\{[\w-]+\}|FORUM_\w+|'[^']*'|\b[A-Z_]{3,}\b|[\w.]+\.(json|yaml)|ISO 8601|Ctrl-C|pg_dump|GDPR"
)


def commands(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group under `forum`, with its path."""
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


def english_in(text: str) -> set[str]:
    """The deny-listed English words in a text, leaving out option names, variables, quoted values and file names."""
    return {w for w in re.findall(r"[A-Za-z]+", KNOWN.sub(" ", text)) if w.lower() in ENGLISH}


@pytest.mark.parametrize(
    ("path", "command"), list(commands()), ids=[" ".join(path) or "forum" for path, _ in commands()]
)
def test_every_command_describes_itself_and_each_option_in_danish(path: tuple[str, ...], command: Any) -> None:
    shown = CliRunner().invoke(app, [*path, "--help"])
    helps = [p.help for p in command.params if p.param_type_name == "option"]

    assert shown.exit_code == 0 and command.help and all(helps), f"forum {' '.join(path)}: help missing"
    assert english_in(shown.output) == set(), f"forum {' '.join(path)} --help:\n{shown.output}"
    assert "Brug: " in shown.output and "Vis denne hjælp og afslut." in shown.output


@pytest.mark.parametrize(
    ("args", "danish"),
    [
        (["audit", "--limit", "0"], "Ugyldig værdi for '--limit': mindst 1."),
        (["audit", "--limit", "mange"], "Ugyldig værdi for '--limit': skal være et helt tal."),
        (["expense", "book", "k"], "'plan' mangler."),
        (["meeting", "cancel", "intet-id", "--reason", "x"], "skal være et id (UUID)."),
        (["findes-ikke"], "Kommandoen 'findes-ikke' findes ikke."),
        (["list", "--nej"], "Tilvalget --nej findes ikke."),
    ],
    ids=["below the range", "not a number", "missing argument", "not an id", "unknown command", "unknown option"],
)
def test_a_usage_error_is_told_in_danish(args: list[str], danish: str) -> None:
    shown = CliRunner().invoke(app, args)

    assert shown.exit_code == 2
    assert danish in shown.output and "Fejl" in shown.output and english_in(shown.output) == set(), shown.output


def test_audit_prints_each_time_in_danish_time_and_says_so(forum: Forum) -> None:
    forum("import", str(CONTRACTS))

    rows = forum("audit", "--contract", KEY, "--limit", "3", "--json")
    text = forum("audit", "--contract", KEY, "--limit", "3").output

    for row in rows:
        local = datetime.fromisoformat(row["recorded_at"]).astimezone(LOCAL)
        assert f"{local:%d.%m.%Y kl. %H:%M} (dansk tid)" in text
    assert not re.search(r"\d{4}-\d\d-\d\dT", text)  # no ISO time (that is UTC) left in what a person reads


def test_status_counts_overdue_with_the_glossarys_word_and_percents_as_the_pages_do(forum: Forum) -> None:
    forum("import", str(CONTRACTS))

    view = forum("status", KEY, "--as-of", "2016-06-30", "--json")
    text = forum("status", KEY, "--as-of", "2016-06-30").output

    totals = view["obligations"]["totals"]
    assert totals["overdue"] > 1 and f"{totals['overdue']} forfaldne" in text
    assert f"({dk_percent(totals['percent_met'])} opfyldt)" in text and "forsinket" not in text
    assert all(f"({dk_percent(b['percent_used'])})" in text for b in view["budget"])
    assert not re.search(r"\d\.\d %", text) and "kr.." not in text


def test_status_and_the_contract_page_give_the_same_percent_met_written_the_same_way(
    forum: Forum, store: dict[str, str]
) -> None:
    app, tokens = amager_app(store)
    with TestClient(app, follow_redirects=False) as client:
        page = sign_in(client, tokens["koordinator"]).get(f"/kontrakter/{KEY}", params={"as_of": AS_OF}).text

    text = forum("status", KEY, "--as-of", AS_OF).output

    on_page = re.search(r"Forpligtelser opfyldt: <strong>([^<]+)</strong>", page)
    in_cli = re.search(r"\((\d+,\d %) opfyldt\)", text)
    assert on_page and in_cli and on_page.group(1) == in_cli.group(1), (on_page, in_cli)
