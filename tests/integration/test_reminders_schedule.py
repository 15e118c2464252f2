"""The schedule inside `forum serve` sends today's reminders (its run at start, once the day's time has passed)."""

from __future__ import annotations

import time
from pathlib import Path

from api.accounts.users import UserDirectory
from api.mail.reminder_schedule import ReminderSchedule
from api.settings import Settings
from domain.terms.files import load_contract_file
from domain.tracker import Tracker
from projections.database import ViewDatabase
from tests.conftest import AMAGER, store_url
from tests.mail_server import smtp_server


def test_the_schedule_runs_at_start_when_the_days_time_has_passed_and_mails_the_coordinator(
    store: dict[str, str], tracker: Tracker, tmp_path: Path
) -> None:
    running = tmp_path / "amager-til-2040.yaml"  # in force today, so something is overdue now
    text = AMAGER.read_text(encoding="utf-8").replace("  end: 2017-12-31", "  end: 2040-12-31")
    running.write_text(text.replace("key: amager-udsatte-grupper-2013", "key: amager-til-2040"), encoding="utf-8")
    tracker.import_contract(load_contract_file(running), actor="koordinator", source=running.name)
    db = ViewDatabase(store)
    UserDirectory(db).add("kirsten", "coordinator", None, "test", email="kirsten@example.dk")
    db.close()
    url, schema = store_url(store)

    with smtp_server() as inbox:
        settings = Settings(
            database_url=url, postgres_schema=schema, pool_size=2, data_dir=tmp_path, smtp_host="127.0.0.1",
            smtp_port=inbox.port, reminders_at="00:00", public_url="https://forum.example.dk",
        )  # fmt: skip
        schedule = ReminderSchedule(settings)
        schedule.start()
        deadline = time.monotonic() + 300  # a safety net only: the run at start ends when it has sent
        while schedule.runs == 0 and time.monotonic() < deadline:
            schedule.stopping.wait(0.05)
        schedule.stop()
        schedule.join(timeout=300)

    assert schedule.runs >= 1
    assert [str(m["To"]) for m in inbox.messages] == ["kirsten@example.dk"]
    assert str(inbox.messages[0]["Subject"]).startswith("Eskalering: ")
