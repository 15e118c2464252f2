"""Idempotency keys: a write sent again with the same key gets its first outcome, stored in the same database.

A key is claimed (per user) before the write runs; just before its events are saved, what it is about
to record (originator, version, topic, content digest) is written to the claim – so a later retry can
tell from the event store whether a write that never answered was recorded. The outcome it answered
is stored after it. A claim whose write ended without an outcome (an outage) is decided on the retry.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal
from uuid import UUID, uuid4

from domain.vocabulary import summarise
from persistence.outcomes import Intended, intended_positions
from projections.database import ViewDatabase

TABLE = "idempotency_keys"
LEASE_SECONDS = 60.0  # a claim of another process older than this was abandoned (a request never runs longer)
MAX_KEY_LENGTH = 255
PROCESS = uuid4().hex  # this process, as the owner of its claims
_LIVE: set[str] = set()  # the attempts running in this process
_LIVE_LOCK = threading.Lock()
_READY: weakref.WeakSet[ViewDatabase] = weakref.WeakSet()  # connections whose table is made (not ids: reused)
Connect = Callable[[], AbstractContextManager[ViewDatabase]]  # a view connection, borrowed for a moment


@dataclass
class Stored:
    """An outcome as it was answered."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Attempt:
    """One run of a write under a key; ``intend`` is called by the store before each save."""

    user: str
    key: str
    connection: Connect
    id: str = field(default_factory=lambda: uuid4().hex)
    intended: list[dict[str, Any]] = field(default_factory=list)
    subject_version: int | None = None

    def intend(self, stored_events: Sequence[Any], subject_version: int) -> None:
        """Record what is about to be saved; refuses (raises) when the claim is no longer this attempt's."""
        self.intended.extend(intent_of(e) for e in stored_events)
        self.subject_version = subject_version
        intent = json.dumps({"version": subject_version, "events": self.intended})
        with self.connection() as db, db.transaction():
            db.execute(
                f"UPDATE {TABLE} SET events = ? WHERE user_name = ? AND key = ? AND attempt = ?",
                (intent, self.user, self.key, self.id),
            )
            if db.fetchone(f"SELECT 1 FROM {TABLE} WHERE user_name = ? AND key = ? AND attempt = ?",
                           (self.user, self.key, self.id)) is None:  # fmt: skip
                raise KeyTakenError()


CURRENT: ContextVar[Attempt | None] = ContextVar("forum_idempotency_attempt", default=None)


class KeyTakenError(Exception):
    """Another attempt with the same key took over the claim (503: the outcome is being decided there)."""

    def __init__(self) -> None:
        super().__init__("En anden forespørgsel med samme Idempotency-Key er i gang; prøv igen om lidt.")


class KeyReusedError(Exception):
    """The key was used for a different request by the same user (422)."""

    def __init__(self) -> None:
        super().__init__(
            "Idempotency-Key er allerede brugt til en anden forespørgsel; brug en ny nøgle til en ny skrivning."
        )


@dataclass
class Claim:
    """What a key's row says when a write arrives: run it (``attempt``), answer ``stored``, or decide ``intent``."""

    kind: Literal["run", "replay", "busy", "decide"]
    attempt: Attempt | None = None
    stored: Stored | None = None
    intent: dict[str, Any] | None = None
    abandoned: str | None = None  # the attempt that ended without an outcome


def intent_of(stored_event: Any) -> dict[str, Any]:
    found = Intended.of(stored_event)
    return {"id": str(found.originator_id), "version": found.originator_version, "topic": found.topic,
            "digest": found.digest}  # fmt: skip


def intended(intent: dict[str, Any]) -> list[Intended]:
    """The events a claim's write was about to record."""
    return [Intended(UUID(e["id"]), int(e["version"]), e["topic"], e["digest"]) for e in intent["events"]]


class IdempotencyKeys:
    """The table of claimed keys, on one view connection (the same database as the events)."""

    def __init__(self, db: ViewDatabase):
        self.db = db
        if db not in _READY:
            with db.transaction():
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {TABLE} (user_name TEXT NOT NULL, key TEXT NOT NULL, "
                    "fingerprint TEXT NOT NULL, attempt TEXT NOT NULL, owner TEXT NOT NULL, claimed_at REAL NOT NULL, "
                    "events TEXT, status INTEGER, headers TEXT, body TEXT, PRIMARY KEY (user_name, key))"
                )
            _READY.add(db)

    def claim(self, user: str, key: str, fingerprint: str, connection: Connect) -> Claim:
        attempt = Attempt(user, key, connection)
        with self.db.transaction():
            self.db.execute(
                f"INSERT INTO {TABLE} (user_name, key, fingerprint, attempt, owner, claimed_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_name, key) DO NOTHING",
                (user, key, fingerprint, attempt.id, PROCESS, time.time()),
            )
            row = self.db.fetchone(
                f"SELECT fingerprint, attempt, owner, claimed_at, events, status, headers, body FROM {TABLE} "
                "WHERE user_name = ? AND key = ?",
                (user, key),
            )
        assert row is not None
        found_fingerprint, found_attempt, owner, claimed_at, events, status, headers, body = row
        if found_fingerprint != fingerprint:
            raise KeyReusedError()
        if found_attempt == attempt.id:
            return self._running(attempt)
        if status is not None:
            return Claim("replay", stored=Stored(int(status), [tuple(h) for h in json.loads(headers)], _unb64(body)))
        if _alive(owner, found_attempt, claimed_at):
            return Claim("busy")
        if events:
            return Claim("decide", attempt=attempt, intent=json.loads(events), abandoned=found_attempt)
        return self.take_over(attempt, found_attempt)

    def take_over(self, attempt: Attempt, abandoned: str) -> Claim:
        """Run the write again under this attempt: the abandoned one recorded nothing."""
        with self.db.transaction():
            self.db.execute(
                f"UPDATE {TABLE} SET attempt = ?, owner = ?, claimed_at = ?, events = NULL "
                "WHERE user_name = ? AND key = ? AND attempt = ?",
                (attempt.id, PROCESS, time.time(), attempt.user, attempt.key, abandoned),
            )
            row = self.db.fetchone(f"SELECT attempt FROM {TABLE} WHERE user_name = ? AND key = ?",
                                   (attempt.user, attempt.key))  # fmt: skip
        if row is None or row[0] != attempt.id:
            return Claim("busy")
        return self._running(attempt)

    def finish(self, attempt: Attempt, outcome: Stored) -> None:
        """Store the outcome answered (it is the key's for good)."""
        with self.db.transaction():
            self.db.execute(
                f"UPDATE {TABLE} SET status = ?, headers = ?, body = ? WHERE user_name = ? AND key = ? AND attempt = ?",
                (outcome.status, json.dumps(outcome.headers), _b64(outcome.body), attempt.user, attempt.key,
                 attempt.id),
            )  # fmt: skip

    def adopt(self, attempt: Attempt, abandoned: str, outcome: Stored) -> None:
        """Store the outcome decided for an abandoned attempt (unless another retry took it over meanwhile)."""
        with self.db.transaction():
            self.db.execute(
                f"UPDATE {TABLE} SET status = ?, headers = ?, body = ? WHERE user_name = ? AND key = ? AND attempt = ?",
                (outcome.status, json.dumps(outcome.headers), _b64(outcome.body), attempt.user, attempt.key,
                 abandoned),
            )  # fmt: skip

    def release(self, attempt: Attempt) -> None:
        """Nothing was recorded and nothing answered for good: the key is free for the retry."""
        with self.db.transaction():
            self.db.execute(f"DELETE FROM {TABLE} WHERE user_name = ? AND key = ? AND attempt = ?",
                            (attempt.user, attempt.key, attempt.id))  # fmt: skip

    def _running(self, attempt: Attempt) -> Claim:
        with _LIVE_LOCK:
            _LIVE.add(attempt.id)
        return Claim("run", attempt=attempt)

    def decide(self, claim: Claim, recorder: Any, recovered: Callable[[dict[str, Any], list[int]], Stored]) -> Claim:
        """A claim whose write ended without an outcome: recorded (its outcome is ``recovered`` from the
        event store and kept), or not (the write runs again under this attempt). ``UnknownOutcomeError``
        when the store cannot say."""
        assert claim.intent is not None and claim.attempt is not None and claim.abandoned is not None
        positions = intended_positions(recorder, intended(claim.intent))
        if positions is None:
            return self.take_over(claim.attempt, claim.abandoned)
        stored = recovered(claim.intent, positions)
        self.adopt(claim.attempt, claim.abandoned, stored)
        return Claim("replay", stored=stored)


Outage = Callable[[Exception], bool]  # persistence.outages.is_outage (which imports this module)


def settle(connection: Connect, attempt: Attempt, answered: Stored | None, is_outage: Outage) -> None:
    """After a run: keep a definite outcome (``answered``) for good; free the key when nothing was
    recorded; otherwise leave the claim with what it was about to record, for the retry to decide."""
    ended(attempt)
    try:
        with connection() as db:
            keys = IdempotencyKeys(db)
            if answered is not None:
                keys.finish(attempt, answered)
            elif not attempt.intended:
                keys.release(attempt)
    except Exception as e:
        if not is_outage(e):
            raise  # the store is away: the claim stays, and the retry decides from the event store


def recovered_answer(intent: dict[str, Any], positions: list[int], recorder: Any, mapper: Any) -> dict[str, Any]:
    """What a write recorded before its answer was lost, told from the event store: its version and
    position, and each event it recorded (id, version, topic, the audit log's Danish line and its fields)
    – the answer itself was made from the save's reply, which is what was lost."""
    events = []
    for wanted in intended(intent):
        stored = recorder.select_events(wanted.originator_id, gt=wanted.originator_version - 1,
                                        lte=wanted.originator_version)[0]  # fmt: skip
        event = mapper.to_domain_event(stored)
        name = wanted.topic.removeprefix("forum:")
        fields = {k: v for k, v in vars(event).items() if k not in {"originator_id", "originator_version"}}
        events.append({"id": str(wanted.originator_id), "version": wanted.originator_version,
                       "topic": wanted.topic, "summary": summarise(name)(event),
                       "fields": json.loads(json.dumps(fields, default=str))})  # fmt: skip
    return {"version": intent["version"], "position": max(positions), "recovered": True, "events": events}


def ended(attempt: Attempt) -> None:
    """The attempt is no longer running in this process (its claim may stay, to be decided on a retry)."""
    with _LIVE_LOCK:
        _LIVE.discard(attempt.id)


def _alive(owner: str, attempt: str, claimed_at: float) -> bool:
    if owner == PROCESS:
        with _LIVE_LOCK:
            return attempt in _LIVE
    return time.time() - float(claimed_at) < LEASE_SECONDS


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str | None) -> bytes:
    return base64.b64decode(text or "")
