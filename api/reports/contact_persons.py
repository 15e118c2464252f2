"""Contact persons shown beside their roles: revealed only when an answer is rendered, "[slettet]" once erased.

Views and stored terms hold contact roles only; the person holding each role (id, name, e-mail,
phone) is read from the contract's register of contact persons and decrypted here, per answer.
"""

from __future__ import annotations

from typing import Any

import orjson

from domain.tracker import Tracker

PERSON_FIELDS = ("person", "name", "email", "phone")


def with_persons(view: dict[str, Any], persons: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A contract view or directory entry whose contact roles carry the person holding each now (or none)."""
    contacts = [{**c, **_person(persons.get(c["key"]))} for c in view.get("contacts", [])]
    return {**view, "contacts": contacts}


def entry_with_persons(tracker: Tracker, entry: dict[str, Any]) -> dict[str, Any]:
    return with_persons(entry, tracker.contact_persons(entry["key"]))


def rows_with_persons(tracker: Tracker, rows: list[bytes]) -> list[bytes]:
    """Directory rows (JSON) with their contacts' persons."""
    entries = [orjson.loads(row) for row in rows]
    persons = tracker.contact_persons_of([entry["key"] for entry in entries])
    return [orjson.dumps(with_persons(entry, persons[entry["key"]])) for entry in entries]


def _person(found: dict[str, str] | None) -> dict[str, Any]:
    return {name: (found or {}).get(name) for name in PERSON_FIELDS}
