"""What the earlier issues added, measured on the generated store (issue 17, goal 7, parts a–c).

    .venv/bin/python -m tests.benchmarks.bench_costs [--size city|national]

(b) a reminders run over the whole data set, mailing a real SMTP server on loopback
(``tests/mail_server.py``) for a coordinator (escalations) and two parties' users (digests) who
chose daily: ``forum reminders run`` as shipped, a subprocess timed whole (the demo contracts are
examples, which reminders pass by: it computes every contract's deadlines and mails nobody), and
the same run in this process with the demo contracts' terms read as real ones (every letter
planned, sent and marked sent). Baseline: ``forum --help``, the CLI's start-up.
(c) the quarantine and the page-start contiguity check: ``Projector.rebuild(workers=1)`` of every
view with them (as the application runs) and without (``Shell.checked = False``, a switch for
this benchmark only), back to back on the same store.
(a) sealed personal fields: every contract gets a register of three contact persons, each
recorded twice with name, e-mail and phone sealed as the tracker seals them (AES-GCM, a key per
person); the rebuild of the store with them beside the rebuild just before they were added. The
ratio is an upper bound of sealing's cost: it includes the person events themselves.
Each rebuild is timed in wall seconds and in this process's CPU seconds (the PostgreSQL server's
not included; steadier on a shared machine), ``ROUNDS`` times, alternating with and without; the
least of each is the figure. Measured, never asserted; writes
``test-artifacts/bench/costs.json``.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from api.accounts.tables import USERS
from api.accounts.users import UserDirectory
from api.mail.reminder_run import RunResult, run_with_views
from api.settings import Settings
from domain.contact_persons import ContactPersons
from domain.personal import seal
from domain.terms import ContractTerms
from domain.tracker import Tracker
from projections import due_soon
from projections.database import ViewDatabase
from projections.runner import Projector
from tests.benchmarks.bench_memory import FORUM
from tests.benchmarks.measure import AS_OF, Figure, Store, main_on_store, write
from tests.conftest import POSTGRES_URL
from tests.mail_server import smtp_server

ROUNDS = 2  # rebuilds of each kind; the least is the figure
ROLES = ("kontakt-sof", "kontakt-boligselskab", "kontakt-leder")
RECIPIENTS = [
    ("bench-koordinator", "coordinator", None),
    ("bench-sof", "party", "sof"),
    ("bench-boligselskab", "party", "boligselskab"),
]


def rebuild(store: Store, checked: bool = True) -> dict[str, float]:
    """Every view replayed from zero in this process (one worker), with or without the checks."""
    projector = Projector(store.tracker, store.env)
    projector.shell.checked = checked
    try:
        began, cpu = time.perf_counter(), time.process_time()
        applied = projector.rebuild(workers=1)
        return {"events": applied, "seconds": time.perf_counter() - began, "cpu_seconds": time.process_time() - cpu}
    finally:
        projector.close()


def add_contact_persons(tracker: Tracker) -> int:
    """Three sealed contact persons, each recorded twice, in a register per contract; returns the events."""
    events = 0
    for key in tracker.contract_keys():
        register = ContactPersons.open(tracker.get_contract(key).id, key, "bench")
        for round_ in range(2):
            for i, role in enumerate(ROLES):
                person = f"{key}-person-{i}"
                texts = {"name": f"Person {i} ({round_})", "email": f"p{i}@example.dk", "phone": f"+45 {i:08d}"}
                register.record(role, person, {f: seal(tracker.person_keys, person, key, t) for f, t in texts.items()},
                                "bench")  # fmt: skip
        events += len(register.pending_events)
        tracker.save(register)
    return events


def reminders(store: Store) -> dict[str, Any]:
    """`forum reminders run` over the store as shipped (the demo contracts are examples, so nobody is mailed),
    then the same run in this process with the demo contracts treated as real ones: every letter sent."""
    db = ViewDatabase(store.env)
    try:
        directory = UserDirectory(db)
        for name, role, party in RECIPIENTS:
            directory.add(name, role, party, "bench", email=f"{name}@example.dk")
            db.execute(f"UPDATE {USERS} SET reminders = 'daily' WHERE name = ?", (name,))
    finally:
        db.close()
    with smtp_server() as inbox, tempfile.TemporaryDirectory() as data:
        settings = Settings(database_url=POSTGRES_URL, postgres_schema=store.schema, data_dir=Path(data),
                            smtp_host="127.0.0.1", smtp_port=inbox.port, user=RECIPIENTS[0][0])  # fmt: skip
        env = os.environ | {
            "FORUM_DATABASE_URL": POSTGRES_URL, "FORUM_POSTGRES_SCHEMA": store.schema, "FORUM_DATA_DIR": data,
            "FORUM_SMTP_HOST": "127.0.0.1", "FORUM_SMTP_PORT": str(inbox.port), "FORUM_USER": RECIPIENTS[0][0],
        }  # fmt: skip
        help_seconds = _timed(lambda: _cli([FORUM, "--help"], env))
        cli_seconds = _timed(lambda: _cli([FORUM, "reminders", "run", "--as-of", AS_OF.isoformat()], env))
        with mock.patch.object(due_soon, "terms_on", _as_real(due_soon.terms_on)):
            result: list[RunResult] = []
            seconds = _timed(lambda: result.append(run_with_views(store.tracker, settings, AS_OF, settings.actor(),
                                                                  dry_run=False)))  # fmt: skip
        assert result[0].error is None, result[0].error
        return {"cli_seconds": cli_seconds, "cli_help_seconds": help_seconds, "seconds": seconds,
                "letters": len(result[0].letters), "mails": len(inbox.messages)}  # fmt: skip


def _as_real(terms_on: Callable[..., ContractTerms]) -> Callable[..., ContractTerms]:
    """The demo contracts' terms as a real contract's (reminders pass examples by)."""
    return lambda *args: terms_on(*args).model_copy(update={"example": False})


def _cli(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def _timed(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def measure(store: Store, rounds: int = ROUNDS) -> dict[str, Any]:
    sent = reminders(store)
    checked: list[dict[str, float]] = []
    unchecked: list[dict[str, float]] = []
    for _ in range(rounds):  # alternated, so that a change in the machine's load falls on both
        checked.append(rebuild(store, checked=True))
        unchecked.append(rebuild(store, checked=False))
    persons = add_contact_persons(store.tracker)
    sealed = [rebuild(store, checked=True) for _ in range(rounds)]
    return {
        "events": store.events,
        "reminders": sent,
        "rebuild_checked": _best(checked),
        "rebuild_unchecked": _best(unchecked),
        "person_events_added": persons,
        "rebuild_with_sealed_persons": _best(sealed),
        "rounds": {"checked": checked, "unchecked": unchecked, "sealed": sealed},
        "loadavg": os.getloadavg(),
    }


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The least wall and the least CPU seconds of the rounds (what the machine's other work added least to)."""
    return {"events": runs[0]["events"], "seconds": min(r["seconds"] for r in runs),
            "cpu_seconds": min(r["cpu_seconds"] for r in runs)}  # fmt: skip


def run(store: Store) -> list[Figure]:
    r = measure(store)
    checked, unchecked, sealed = r["rebuild_checked"], r["rebuild_unchecked"], r["rebuild_with_sealed_persons"]
    sent = r["reminders"]
    n = f"{store.events} events"
    figures = [
        Figure(f"reminders run, demo contracts as real ({sent['mails']} mails, {n})", sent["seconds"],
               sent["cli_help_seconds"], "s", "<10 s", sent["seconds"] < 10),
        Figure("reminders run, whole CLI as shipped (examples: no mail)", sent["cli_seconds"],
               sent["cli_help_seconds"], "s", "<10 s", sent["cli_seconds"] < 10),
        Figure(f"rebuild with quarantine+contiguity checks ({n})", checked["seconds"], unchecked["seconds"],
               "s", "≤1.05× without", checked["seconds"] <= 1.05 * unchecked["seconds"]),
        Figure("same, CPU seconds of the rebuilding process", checked["cpu_seconds"], unchecked["cpu_seconds"],
               "s", "≤1.05× without", checked["cpu_seconds"] <= 1.05 * unchecked["cpu_seconds"]),
        Figure(f"rebuild with sealed contact persons (+{r['person_events_added']} events)", sealed["seconds"],
               checked["seconds"], "s", "≤1.10× without", sealed["seconds"] <= 1.10 * checked["seconds"]),
        Figure("same, CPU seconds of the rebuilding process", sealed["cpu_seconds"], checked["cpu_seconds"],
               "s", "≤1.10× without", sealed["cpu_seconds"] <= 1.10 * checked["cpu_seconds"]),
    ]  # fmt: skip
    write("costs", r, figures)
    return figures


if __name__ == "__main__":
    main_on_store(run)
