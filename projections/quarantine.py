"""Contracts set aside in one view because an event of theirs could not be applied there.

An event a view cannot apply (it does not decode, the fold refuses it, its values do not fit
the table) would otherwise fail every page and freeze the view for every contract. Instead the
shell stores a row here (view, contract, position, error, when) and applies no more of that
contract's events in that view; every other contract stays current and the view's position
moves on. Reads of the contract say its figures are unavailable and why. A rebuild of the view
clears its rows and replays everything, so a release that fixes the fold heals the contract.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from projections.database import ViewDatabase

log = logging.getLogger(__name__)
TABLE = "projection_quarantine"
ERROR_TEXT = 2000  # characters of the error kept: enough to say why, never a page of traceback
# The views a contract's figures are folded from: quarantined in one of them, its answers are unavailable.
RECORD_VIEWS = ("contract_records", "question_rows")


@dataclass(frozen=True)
class Quarantined:
    """One contract set aside in one view."""

    view: str
    contract_id: str
    contract_key: str | None
    position: int
    error: str
    since: str  # when it was set aside (UTC, ISO 8601)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def create(db: ViewDatabase) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (view TEXT NOT NULL, contract_id TEXT NOT NULL, contract_key TEXT, "
        "position BIGINT NOT NULL, error TEXT NOT NULL, since TEXT NOT NULL, PRIMARY KEY (view, contract_id))"
    )


def hold(db: ViewDatabase, view: str, contract_id: str, key: str | None, position: int, error: BaseException) -> None:
    """Set the contract aside in ``view`` from ``position`` on (the first failure is kept)."""
    text = f"{type(error).__name__}: {error}"[:ERROR_TEXT]
    log.error("Kontrakt %s sat i karantæne i %s fra hændelse %s: %s", key or contract_id, view, position, text)
    db.execute(
        f"INSERT INTO {TABLE} (view, contract_id, contract_key, position, error, since) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (view, contract_id) DO NOTHING",
        (view, contract_id, key, position, text, datetime.now(UTC).isoformat(timespec="seconds")),
    )


def held(db: ViewDatabase, views: list[str]) -> dict[str, set[str]]:
    """The contract ids set aside in each of ``views``."""
    return held_in(db.fetchall(*held_query(db, views)) if views else [], views)


def held_query(db: ViewDatabase, views: list[str]) -> tuple[str, list[str]]:
    """The query ``held`` reads (for a caller that sends it with others); ``views`` must not be empty."""
    return f"SELECT view, contract_id FROM {TABLE} WHERE view IN ({db.placeholders(len(views))})", list(views)


def held_in(rows: list[tuple[Any, ...]], views: list[str]) -> dict[str, set[str]]:
    """``held`` from the rows of ``held_query``."""
    found: dict[str, set[str]] = {v: set() for v in views}
    for view, contract_id in rows:
        found[view].add(contract_id)
    return found


def release(db: ViewDatabase, view: str) -> None:
    """Forget the view's quarantine: it is being replayed from position zero."""
    db.execute(f"DELETE FROM {TABLE} WHERE view = ?", (view,))


def listed(db: ViewDatabase) -> list[Quarantined]:
    """Every contract set aside, by contract key and view."""
    rows = db.fetchall(
        f"SELECT view, contract_id, contract_key, position, error, since FROM {TABLE} "
        "ORDER BY contract_key, contract_id, view"
    )
    return [Quarantined(v, c, k, int(p), e, s) for v, c, k, p, e, s in rows]


def of_contract(db: ViewDatabase, key: str, views: tuple[str, ...] = RECORD_VIEWS) -> list[Quarantined]:
    """The contract's quarantine rows in ``views`` (none: its figures are current)."""
    return [q for q in listed_in(db, views) if q.contract_key == key]


def listed_in(db: ViewDatabase, views: tuple[str, ...] = RECORD_VIEWS) -> list[Quarantined]:
    return [q for q in listed(db) if q.view in views]


def by_key(db: ViewDatabase, views: tuple[str, ...] = RECORD_VIEWS) -> dict[str, dict[str, Any]]:
    """What a list marks on a quarantined contract's row, by contract key (empty when none is)."""
    marks: dict[str, dict[str, Any]] = {}
    for q in listed_in(db, views):
        if q.contract_key is not None:
            marks.setdefault(q.contract_key, unavailable([q]))
    return marks


def unavailable(rows: list[Quarantined]) -> dict[str, Any]:
    """The ``unavailable`` field of an answer: why the contract's figures cannot be given."""
    first = min(rows, key=lambda q: q.position)
    return {
        "reason": reason(first),
        "views": [q.view for q in rows],
        "position": first.position,
        "error": first.error,
        "since": first.since,
    }


def reason(q: Quarantined) -> str:
    return (
        f"Kontraktens tal er utilgængelige: hændelse {q.position} kunne ikke indlæses i visningen {q.view} "
        f"({q.error}). De øvrige kontrakter er opdaterede; en rettet version og "
        "`forum projections rebuild` genskaber den."
    )


class ContractUnavailableError(Exception):
    """A contract's figures cannot be given: an event of it is quarantined in a view it is read from."""

    def __init__(self, key: str, rows: list[Quarantined]):
        self.key = key
        self.rows = rows
        self.unavailable = unavailable(rows)
        super().__init__(self.unavailable["reason"])
