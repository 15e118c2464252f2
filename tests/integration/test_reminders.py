"""Reminders and escalations e-mailed to a real SMTP server on loopback, recorded on SQLite and PostgreSQL.

Amager on 20.05.2014 (a Tuesday, ISO week 21): SOF's network meeting and its contact list were due 30.04.2014
(20 days overdue, past the default threshold of 14 days: escalated); the Sundbygaard start-up meeting is due
31.05.2014 (within 14 days). SOF's user and SOF's consenting leadership contact person get the digest; the
coordinator and that contact person get the escalation; 3B's user, a reader and contact persons who did not
consent get nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from api.accounts.users import UserDirectory
from api.mail.reminder_run import Run, RunResult, run_reminders
from api.mail.sending import Mailer, MailUnavailableError
from api.mail.subscriptions import set_user_choice
from api.mail.unsubscribe_link import recipient_of
from domain.errors import NotPermittedError
from domain.permissions import Actor
from domain.terms.files import load_contract_file
from domain.tracker import Tracker
from projections import audit_log
from projections.runner import Projector
from tests.conftest import AMAGER, contract_file, projecting
from tests.integration.test_projections import table_contents
from tests.mail_server import Inbox, free_port, smtp_server

KEY = "amager-udsatte-grupper-2013"
ON = date(2014, 5, 20)
BASE = "https://forum.example.dk"
SECRET = b"test-secret"
COORDINATOR = Actor("koordinator", "coordinator")
SOF_LEADER = "sof-omraadechef-voksenenheden"  # Karen Høgenhaven, J873@sof.kk.dk, leadership
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "mail"
OVERDUE = ["sof-indkalde-netvaerksmoede@2014-04-30", "sof-kontaktliste-og-dagsorden@2014-04-30"]
COMING = "sof-sundbygaard-indkalde-opstartsmoede@2014-05-31"


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    person = tracker.contact_persons(KEY)[SOF_LEADER]["person"]
    tracker.consent_to_reminders(KEY, person, "weekly", COORDINATOR)
    yield from projecting(tracker, store)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as received:
        yield received


def users(projector: Projector) -> None:
    directory = UserDirectory(projector.db)
    for name, role, party, email in [
        ("kirsten", "coordinator", None, "kirsten@example.dk"),
        ("sofie", "party", "sof", "sofie@sof.kk.dk"),
        ("bo", "party", "3b", "bo@3b.dk"),
        ("rita", "reader", None, "rita@example.dk"),
        ("uden-adresse", "coordinator", None, None),
    ]:
        directory.add(name, role, party, "test", email=email)


def run(tracker: Tracker, projector: Projector, port: int, on: date = ON, dry_run: bool = False) -> RunResult:
    projector.catch_up()
    settings = Run(Mailer("127.0.0.1", port), BASE, SECRET, on, 14, COORDINATOR, dry_run)
    return run_reminders(tracker, projector.db, settings)


def by_recipient(inbox: Inbox) -> dict[tuple[str, str], int]:
    return {(str(m["To"]), str(m["Subject"]).split(":")[0]): i for i, m in enumerate(inbox.messages)}


def test_a_party_gets_a_digest_and_the_coordinators_an_escalation_in_danish_with_links(
    tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    users(projector)
    result = run(tracker, projector, inbox.port)

    sent = by_recipient(inbox)
    assert result.error is None
    assert sorted(sent) == [
        ("J873@sof.kk.dk", "Eskalering"), ("J873@sof.kk.dk", "Påmindelse"),
        ("kirsten@example.dk", "Eskalering"), ("sofie@sof.kk.dk", "Påmindelse"),
    ]  # fmt: skip
    digest = inbox.messages[sent[("sofie@sof.kk.dk", "Påmindelse")]]
    escalation = inbox.messages[sent[("kirsten@example.dk", "Eskalering")]]
    plain, html = (digest.get_body((kind,)) for kind in ("plain", "html"))
    assert digest.get_content_type() == "multipart/alternative" and plain is not None and html is not None
    text = str(plain.get_content())
    assert digest["Subject"] == "Påmindelse: 3 frister for Socialforvaltningen pr. 20.05.2014"
    assert "Forfaldne:" in text and "Kommende frister:" in text and "20 dage over fristen" in text
    assert f"{BASE}/kontrakter/{KEY}/forpligtelser/sof-indkalde-netvaerksmoede" in text
    assert f'href="{BASE}/kontrakter/{KEY}"' in str(html.get_content())
    assert "Frist 31.05.2014" in text and "hver uge" in text and f"Vælg hvor ofte: {BASE}/paamindelser" in text
    leader = inbox.messages[sent[("J873@sof.kk.dk", "Påmindelse")]]
    assert "/paamindelser" not in str(leader.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    unsubscribe = re.fullmatch(r"<(https://forum\.example\.dk/afmeld\?t=(\S+))>", str(digest["List-Unsubscribe"]))
    assert unsubscribe is not None and recipient_of(SECRET, unsubscribe.group(2)) == "user:sofie"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert b"\nList-Unsubscribe: <https://forum.example.dk/afmeld?t=" in inbox.received[0]  # one plain line
    assert escalation["Subject"] == "Eskalering: 2 frister forfaldne i længere end eskaleringsgrænsen"
    escalated = str(escalation.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert "Forfaldne i mere end 14 dage:" in escalated and "ansvarlig: Socialforvaltningen" in escalated
    assert "Sundbygaard" not in escalated
    _keep(inbox, sent[("sofie@sof.kk.dk", "Påmindelse")], "digest.eml")
    _keep(inbox, sent[("kirsten@example.dk", "Eskalering")], "escalation.eml")


def _keep(inbox: Inbox, index: int, name: str) -> None:
    """The message exactly as the server received it, for the README and the issue note to quote."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(inbox.received[index])


def test_a_second_run_in_the_same_period_sends_nothing_and_the_audit_log_shows_what_was_sent(
    tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    users(projector)
    run(tracker, projector, inbox.port)
    first = len(inbox.messages)

    again = run(tracker, projector, inbox.port)
    next_day = run(tracker, projector, inbox.port, date(2014, 5, 21))  # the same week; nothing newly escalated

    projector.catch_up()
    sent_rows = audit_log.query(projector.db, KEY, None, "Sent", None, None, None, 50)
    log = tracker.reminder_log(KEY, "user:sofie")
    assert first == 4 and len(inbox.messages) == first
    assert again.letters == [] and next_day.letters == []
    assert len(sent_rows) == 4
    assert any(r["summary"] == "koordinator sendte påmindelse til user:sofie (2014-W21)" for r in sent_rows)
    assert log is not None and log.dispatches["digest/2014-W21"]["occurrences"] == [*OVERDUE, COMING]


def test_a_daily_reader_gets_the_next_days_digest_and_escalations_go_once_per_deadline(
    tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    directory = UserDirectory(projector.db)
    directory.add("sofie", "party", "sof", "test", email="sofie@sof.kk.dk")
    directory.add("kirsten", "coordinator", None, "test", email="kirsten@example.dk")
    set_user_choice(projector.db, "sofie", "daily")
    run(tracker, projector, inbox.port)
    first = len(inbox.messages)

    run(tracker, projector, inbox.port, date(2014, 5, 21))

    later = [str(m["To"]) for m in inbox.messages[first:]]
    assert later == ["sofie@sof.kk.dk"]  # the escalations of 30.04 went yesterday; Karen reads weekly


def test_a_dry_run_lists_the_mails_and_sends_and_records_nothing(
    tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    users(projector)
    position = tracker.recorder.max_notification_id()

    result = run(tracker, projector, inbox.port, dry_run=True)

    assert len(result.letters) == 4 and inbox.messages == []
    assert tracker.recorder.max_notification_id() == position


def test_with_the_mail_server_down_the_run_says_so_records_nothing_and_the_next_run_sends(
    tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    users(projector)
    position = tracker.recorder.max_notification_id()

    down = run(tracker, projector, free_port())

    assert down.error is not None and "mailserveren svarer ikke" in down.error
    assert tracker.recorder.max_notification_id() == position
    assert len(run(tracker, projector, inbox.port).letters) == 4 and len(inbox.messages) == 4


def test_a_mail_planned_but_not_marked_sent_before_a_crash_is_sent_again_once(
    tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    users(projector)
    projector.catch_up()
    tracker.plan_reminders("user:sofie", [(KEY, "digest", "2014-W21", (*OVERDUE, COMING))], ON, COORDINATOR)

    first = run(tracker, projector, inbox.port)
    second = run(tracker, projector, inbox.port)

    to_sofie = [m for m in inbox.messages if m["To"] == "sofie@sof.kk.dk"]
    assert [letter["repeated"] for letter in first.letters if letter["recipient"] == "user:sofie"] == [True]
    assert len(to_sofie) == 1 and second.letters == []
    log = tracker.reminder_log(KEY, "user:sofie")
    assert log is not None and log.unsent() == []


def test_an_erased_or_unsubscribed_recipient_gets_no_more_reminders(
    tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    users(projector)
    person = tracker.contact_persons(KEY)[SOF_LEADER]["person"]
    assert tracker.export_person(person, COORDINATOR)["reminders"] == "weekly"  # art. 15 tells the consent
    tracker.erase_person(person, "Anmodning af 19.05.2014", COORDINATOR)
    set_user_choice(projector.db, "sofie", "off")

    run(tracker, projector, inbox.port)

    assert [str(m["To"]) for m in inbox.messages] == ["kirsten@example.dk"]


def test_a_contract_file_may_set_its_own_escalation_threshold(
    tracker: Tracker, projector: Projector, inbox: Inbox, tmp_path: Path
) -> None:
    text = AMAGER.read_text(encoding="utf-8").replace(f"key: {KEY}\n", "key: amager-30-dage\nescalation_days: 30\n")
    path = tmp_path / "amager-30-dage.yaml"
    path.write_text(text, encoding="utf-8")
    tracker.import_contract(load_contract_file(path), actor="koordinator", source=path.name)
    users(projector)

    on_day_20, on_day_31 = (run(tracker, projector, inbox.port, day, dry_run=True) for day in (ON, date(2014, 5, 31)))

    escalations = [
        [sorted(x["contracts"]) for x in r.letters if x["kind"] == "escalation" and x["recipient"] == "user:kirsten"]
        for r in (on_day_20, on_day_31)
    ]
    assert escalations == [[[KEY]], [["amager-30-dage", KEY]]]  # 20 days late: not past 30; 31 days: past both


def test_the_mail_server_is_reached_as_configured_plain_starttls_or_tls(inbox: Inbox) -> None:
    plain = Mailer("127.0.0.1", inbox.port)
    plain.check()
    for security in ("tls", "starttls"):  # the test server speaks neither: refused, reported, not a crash
        with pytest.raises(MailUnavailableError):
            Mailer("127.0.0.1", inbox.port, security=security).check()


def test_the_views_rebuilt_equal_the_views_followed_through_a_run(
    store: dict[str, str], tracker: Tracker, projector: Projector, inbox: Inbox
) -> None:
    users(projector)
    incremental = Projector(tracker, store, page_size=1)
    try:
        incremental.catch_up()
        run(tracker, projector, inbox.port)
        incremental.catch_up()
        before = table_contents(incremental)
    finally:
        incremental.close()

    projector.rebuild()

    assert table_contents(projector) == before
    assert any("sendte eskalering til user:kirsten" in row[-1] for row in before["audit"])


def test_only_a_coordinator_the_roles_party_or_the_person_by_their_link_changes_a_consent(
    tracker: Tracker, projector: Projector
) -> None:
    person = tracker.contact_persons(KEY)[SOF_LEADER]["person"]
    other_party = Actor("bo", "party", "3b")

    with pytest.raises(NotPermittedError):
        tracker.consent_to_reminders(KEY, person, "daily", other_party)
    with pytest.raises(NotPermittedError):
        tracker.withdraw_reminders(KEY, person, other_party)
    tracker.consent_to_reminders(KEY, person, "daily", Actor("sofie", "party", "sof"))
    tracker.withdraw_reminders(KEY, person, f"person:{person}")

    assert tracker.consenting_persons(KEY) == []
