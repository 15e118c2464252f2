"""`forum verify` against the database: stream the log and its seals through the chain check, or export them.

The check itself is ``persistence.chain`` – the same code the auditor's standalone verifier runs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from persistence import chain
from persistence.append_only import CHECKPOINTS, SEALS, events_table
from projections.database import StoredRow, ViewDatabase

PAGE = 5000
NO_END = 2**62
LOWEST = -(2**62)  # a full check reads from here: a forged event may be put before position 1


class DamagedLogError(Exception):
    """The stored log is not what was recorded (an event gone, out of order or rewritten): reads stop here."""

    def __init__(self, originator_id: object, version: int, detail: str, position: int | None = None):
        self.originator_id, self.version, self.position = str(originator_id), version, position
        where = f"position {position}, " if position is not None else ""
        super().__init__(
            f"Hændelsesloggen er beskadiget ({where}aggregat {originator_id} version {version}: {detail}). "
            "Intet er læst eller skrevet; kør 'forum verify' og genskab fra backup."
        )


class LogCheck:
    """Reads one store's events, seals and checkpoints in position order, page by page."""

    def __init__(
        self,
        db: ViewDatabase,
        events_table: str,
        start: int | None = None,
        end: int | None = None,
        contents: bool = True,
    ):
        self.db, self.events_table, self.contents = db, events_table, contents
        self.start, self.end = LOWEST if start is None else start, NO_END if end is None else end

    def events(self) -> Iterator[chain.Event]:
        position = self.start
        while rows := self._read(position):
            for p, originator_id, version, topic, state in rows:
                if p > self.end:
                    return
                yield chain.Event(p, chain.originator(originator_id), version, topic, bytes(state))
            position = rows[-1][0] + 1

    def _read(self, start: int) -> list[StoredRow]:
        if self.contents:
            return self.db.read_events(self.events_table, start, PAGE)
        column = "notification_id" if self.db.is_postgres else "rowid"  # which event stands where, states unread
        return self.db.fetchall(
            f"SELECT {column}, originator_id, originator_version, '', ? FROM {self.events_table} "
            f"WHERE {column} >= ? ORDER BY {column} LIMIT ?",
            (b"", start, PAGE),
        )

    def seals(self) -> Iterator[chain.Seal]:
        position = self.start
        query = (
            f"SELECT position, originator_id, originator_version, content_hash, chain_hash FROM {SEALS} "
            "WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?"
        )
        while rows := self.db.fetchall(query, (position, self.end, PAGE)):
            yield from (chain.Seal(r[0], r[1], r[2], bytes(r[3]), bytes(r[4])) for r in rows)
            position = rows[-1][0] + 1

    def checkpoints(self) -> list[chain.Checkpoint]:
        rows = self.db.fetchall(
            f"SELECT position, sealed_count, created_at, chain_hash, public_key, signature FROM {CHECKPOINTS} "
            "WHERE position >= ? AND position <= ? ORDER BY position",
            (self.start, self.end),
        )
        return [chain.Checkpoint(r[0], r[1], r[2], bytes(r[3]), bytes(r[4]), bytes(r[5])) for r in rows]

    def previous(self) -> bytes:
        """The chain hash before the range: the last seal before its start."""
        row = self.db.fetchone(
            f"SELECT chain_hash FROM {SEALS} WHERE position < ? ORDER BY position DESC LIMIT 1", (self.start,)
        )
        return bytes(row[0]) if row else chain.GENESIS

    def locate(self, originator_id: str, version: int) -> int | None:
        row = self.db.fetchone(
            f"SELECT position FROM {SEALS} WHERE originator_id = ? AND originator_version = ?", (originator_id, version)
        )
        return int(row[0]) if row else None

    def run(self, public_key: bytes | None) -> chain.Report:
        return chain.check(
            self.events(), self.seals(), self.checkpoints(), public_key, self.previous(), self.locate, self.contents
        )


def damaged(env: dict[str, str], recorder: object, originator_id: object, found: int, expected: int) -> DamagedLogError:
    """The error for an aggregate whose stored versions jump from ``expected`` to ``found``: where it was sealed."""
    with closing(ViewDatabase(env)) as db:
        position = LogCheck(db, events_table(recorder)).locate(chain.originator(originator_id), expected)
    detail = f"version {expected} mangler, den næste gemte er version {found}"
    return DamagedLogError(originator_id, expected, detail, position)


def verify(
    env: dict[str, str], events_table: str, public_key: bytes | None, start: int | None = None, end: int | None = None
) -> chain.Report:
    """Check the log (or the positions ``start``–``end``) against its seals and signed checkpoints."""
    with closing(ViewDatabase(env)) as db:
        return LogCheck(db, events_table, start, end).run(public_key)


def require_intact(env: dict[str, str], events_table: str) -> None:
    """Raise ``DamagedLogError`` where an event is missing, inserted or moved (before a rebuild drops its views).

    Which event stands where is compared with the seals, not the events' contents: a quick check
    (`forum verify` does the full one), enough to stop a rebuild from meeting a gap.
    """
    with closing(ViewDatabase(env)) as db:
        report = LogCheck(db, events_table, contents=False).run(None)
    if report.findings:
        first = report.findings[0]
        detail = f"{chain.KINDS[first.kind]}, {first.detail}"
        raise DamagedLogError(first.originator_id, first.version, detail, first.position)


def export(
    env: dict[str, str],
    events_table: str,
    public_key: bytes,
    folder: Path,
    start: int | None = None,
    end: int | None = None,
) -> dict[str, Any]:
    """Write the events, seals and checkpoints as JSON Lines, a manifest and the standalone verifier."""
    folder.mkdir(parents=True, exist_ok=True)
    with closing(ViewDatabase(env)) as db:
        log = LogCheck(db, events_table, start, end)
        counts = {
            chain.EVENTS: _write(folder / chain.EVENTS, log.events()),
            chain.SEALS: _write(folder / chain.SEALS, log.seals()),
            chain.CHECKPOINTS: _write(folder / chain.CHECKPOINTS, iter(log.checkpoints())),
        }
        manifest = {
            "format": "forum-tracker seal export v1",
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "from": start,
            "to": end,
            "previous_chain_hash": log.previous().hex(),
            "public_key": public_key.hex(),
            "counts": counts,
        }
    (folder / chain.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.copyfile(Path(chain.__file__), folder / "verify_export.py")
    return manifest


def _write(path: Path, items: Iterator[chain.Event] | Iterator[chain.Seal] | Iterator[chain.Checkpoint]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as file:
        for item in items:
            file.write(json.dumps(chain.to_line(item), ensure_ascii=False) + "\n")
            count += 1
    return count
