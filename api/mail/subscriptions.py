"""Who receives reminders: users with an e-mail address (as often as they chose) and consenting contact persons.

A user's choice is kept beside their account (``forum_users.reminders``: daily, weekly – the default –
or off); a contact person's consent is a fact in the contract's register of contact persons, and their
address is revealed only when the e-mail is composed, so an erased person is never e-mailed again.
"""

from __future__ import annotations

from api.accounts import tables
from api.accounts.tables import USERS
from api.accounts.users import UserNotFoundError
from domain.personal import ERASED
from domain.tracker import Tracker
from projections.database import ViewDatabase
from projections.due_soon import Recipient

CHOICES = ("daily", "weekly", "off")
DEFAULT = "weekly"


def user_recipients(db: ViewDatabase) -> list[Recipient]:
    """Active users with an address who have not unsubscribed: coordinators (escalations) and parties (digests)."""
    tables.ensure(db)
    rows = db.fetchall(
        f"SELECT name, role, party, email, reminders FROM {USERS} "
        "WHERE revoked_at IS NULL AND email IS NOT NULL ORDER BY name"
    )
    return [
        Recipient(f"user:{name}", name, email, choice or DEFAULT, party if role == "party" else None,
                  role == "coordinator")
        for name, role, party, email, choice in rows
        if choice != "off" and role in ("coordinator", "party")
    ]  # fmt: skip


def set_user_choice(db: ViewDatabase, name: str, choice: str) -> None:
    """How often a user wants reminders: daily, weekly or off (unsubscribed)."""
    if choice not in CHOICES:
        raise ValueError(choice)
    tables.ensure(db)
    with db.transaction():
        if not db.fetchone(f"SELECT 1 FROM {USERS} WHERE name = ? AND revoked_at IS NULL", (name,)):
            raise UserNotFoundError(name)
        db.execute(f"UPDATE {USERS} SET reminders = ? WHERE name = ?", (choice, name))


def person_recipients(tracker: Tracker, keys: list[str]) -> list[Recipient]:
    """The contact persons who consented, each for their own contract and their role's party; the contract's
    leadership contact persons (ledelsesniveau) are its coordinating ones and get its escalations too."""
    found = []
    for key, consenting in tracker.consenting_persons_of(keys).items():
        revealed = tracker.contact_persons(key) if consenting else {}
        for c in consenting:
            details = revealed.get(c.contact, {})
            email = details.get("email")
            if email and email != ERASED and details.get("person") == c.person:
                name = details.get("name") or c.contact
                found.append(Recipient(f"person:{c.person}", name, email, c.frequency, c.party, c.leadership,
                                       frozenset({key})))  # fmt: skip
    return found


def user_choice(db: ViewDatabase, name: str) -> str:
    """How often a user gets reminders now (daily, weekly or off)."""
    tables.ensure(db)
    row = db.fetchone(f"SELECT reminders FROM {USERS} WHERE name = ?", (name,))
    return (row[0] if row else None) or DEFAULT
