"""One run of reminders: select, record the intent, send, mark sent – once per period, safe to repeat after a crash."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.mail.reminder_mail import Letter, Links, compose, letters
from api.mail.sending import Mailer, MailNotConfiguredError, MailUnavailableError
from api.mail.subscriptions import person_recipients, user_recipients
from api.mail.unsubscribe_link import unsubscribe_link, unsubscribe_secret
from api.settings import Settings
from domain.permissions import Actor
from domain.tracker import Tracker
from domain.use_cases.reminders import Logs
from projections.database import ViewDatabase
from projections.due_soon import ContractDue, Recipient, Sent, contract_due, select
from projections.runner import Projector
from projections.shell import load_records


@dataclass(frozen=True)
class Run:
    """What a run needs besides the store: the mail server, links, the day and horizon, who acts."""

    mailer: Mailer
    base_url: str
    secret: bytes
    as_of: date
    days: int
    actor: Actor
    dry_run: bool = False


@dataclass
class RunResult:
    """The e-mails a run sent (or would send), and the Danish error that stopped it."""

    as_of: date
    letters: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def run_reminders(tracker: Tracker, db: ViewDatabase, run: Run) -> RunResult:
    """Send every reminder and escalation due on ``run.as_of`` that was not sent before (the views must be current)."""
    contracts = {c.key: c for c in (contract_due(r, run.as_of, run.days) for r in load_records(db)) if c}
    recipients = user_recipients(db) + person_recipients(tracker, sorted(contracts))
    logs = tracker.reminder_logs((key, r.ref) for r in recipients for key in contracts if _about(r, key))
    history = _history(logs)
    chosen = letters(select(list(contracts.values()), recipients, history, run.as_of))
    result = RunResult(run.as_of)
    if run.dry_run or not chosen:
        result.letters = [_shown(letter, _message(letter, contracts, run)["Subject"]) for letter in chosen]
        return result
    try:
        run.mailer.check()  # an outage found before anything is recorded
        for letter in chosen:
            result.letters.append(_send(tracker, letter, contracts, run, logs))
    except (MailNotConfiguredError, MailUnavailableError) as e:
        result.error = str(e)
    return result


def _send(tracker: Tracker, letter: Letter, contracts: dict[str, ContractDue], run: Run, logs: Logs) -> dict[str, Any]:
    """Record the intent, send, mark sent; a stop in between leaves it planned, and the next run sends it.
    The logs read at the start of the run are kept current by both saves (none is read again)."""
    ref = letter.recipient.ref
    new = [_part(p) for p in letter.parts if not p.resend]
    if new:
        tracker.plan_reminders(ref, new, run.as_of, run.actor, logs)
    message = _message(letter, contracts, run)
    if any(p.rows for p in letter.parts):  # a repeat whose deadlines were all met since is closed without a mail
        run.mailer.deliver(message)
    tracker.mark_reminders_sent(ref, [_part(p) for p in letter.parts], run.actor, logs)
    return _shown(letter, message["Subject"])


def _message(letter: Letter, contracts: dict[str, ContractDue], run: Run) -> Any:
    links = Links(run.base_url, unsubscribe_link(run.base_url, run.secret, letter.recipient.ref))
    return compose(run.mailer, letter, contracts, run.as_of, links, run.days)


def _part(dispatch: Any) -> tuple[str, str, str, tuple[str, ...]]:
    return (dispatch.contract, dispatch.kind, dispatch.period, dispatch.occurrences)


def _shown(letter: Letter, subject: str) -> dict[str, Any]:
    return {
        "recipient": letter.recipient.ref,
        "name": letter.recipient.name,
        "email": letter.recipient.email,
        "kind": letter.kind,
        "period": letter.period,
        "subject": subject,
        "contracts": [p.contract for p in letter.parts],
        "occurrences": [o for p in letter.parts for o in p.occurrences],
        "repeated": any(p.resend for p in letter.parts),
    }


def _about(recipient: Recipient, key: str) -> bool:
    """Whether the recipient may be e-mailed about the contract (a contact person only about their own)."""
    return recipient.contracts is None or key in recipient.contracts


def _history(logs: Logs) -> dict[tuple[str, str], Sent]:
    """What each recipient's log about each contract holds already."""
    found = {}
    for log in logs.values():
        unsent = tuple((d["kind"], d["period"], tuple(d["occurrences"])) for d in log.unsent())
        found[(log.recipient, log.contract_key)] = Sent(frozenset(log.dispatches), unsent, frozenset(log.escalated))
    return found


def run_with_views(tracker: Tracker, settings: Settings, as_of: date, actor: Actor, dry_run: bool) -> RunResult:
    """A run over views caught up first (so every recorded fulfilment counts), with the configured mail server."""
    run = Run(
        settings.mailer(), settings.public_url or f"http://{settings.host}:{settings.port}",
        unsubscribe_secret(settings.seal_key_path()), as_of, settings.reminders_days, actor, dry_run,
    )  # fmt: skip
    projector = Projector(tracker, settings.store_env(), settings.projection_page_size)
    try:
        projector.catch_up()
        return run_reminders(tracker, projector.db, run)
    finally:
        projector.close()
