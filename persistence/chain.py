#!/usr/bin/env python3
"""The seal chain: how events are hashed, linked and checkpointed, and how a log is checked against it.

This file is also the auditor's standalone verifier: `forum verify --export DIR` copies it into
DIR as ``verify_export.py``. It imports only the standard library and ``cryptography``, so it runs
without the project and without the database::

    python verify_export.py DIR [--public-key HEX]

An event's content hash covers what is stored (originator id, version, topic, state bytes);
each seal links its position and content hash to the previous seal's chain hash; a checkpoint
is an Ed25519 signature over a seal's position and chain hash. See README, "Tamper evidence".
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_R = TypeVar("_R")
GENESIS = bytes(32)  # the chain hash "before" the first seal
CHECKPOINT_DOMAIN = b"forum-tracker checkpoint v1\n"

KINDS = {  # what happened at a position, in the words a person reads
    "changed": "ændret",
    "missing": "mangler",
    "inserted": "indsat",
    "reordered": "flyttet",
    "seal": "segl brudt",
    "checkpoint": "kontrolpunkt ugyldigt",
    "snapshot": "øjebliksbillede forfalsket",
    "document_missing": "dokument mangler",
    "document_changed": "dokument ændret",
}


def originator(value: object) -> str:
    """An originator id as sealed: the canonical UUID text (SQLite stores it as hex, PostgreSQL as a uuid)."""
    try:
        return str(UUID(str(value)))
    except ValueError:
        return str(value)


def _field(value: bytes) -> bytes:
    return len(value).to_bytes(8, "big") + value


def content_hash(originator_id: str, version: int, topic: str, state: bytes) -> bytes:
    """SHA-256 over an event's stored fields, each length-prefixed (no field can bleed into the next)."""
    parts = (str(originator_id).encode(), str(version).encode(), topic.encode(), bytes(state))
    return hashlib.sha256(b"".join(_field(p) for p in parts)).digest()


def link(previous: bytes, position: int, content: bytes) -> bytes:
    """The chain hash of a seal: the previous chain hash, this position and this content hash."""
    return hashlib.sha256(previous + position.to_bytes(8, "big") + content).digest()


def checkpoint_message(position: int, count: int, created_at: str, chain_hash: bytes) -> bytes:
    """What a checkpoint signs: the sealed position, how many seals up to it, when, and its chain hash."""
    return CHECKPOINT_DOMAIN + f"{position}\n{count}\n{created_at}\n".encode() + chain_hash


@dataclass(frozen=True)
class Event:
    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes

    def content(self) -> bytes:
        return content_hash(self.originator_id, self.version, self.topic, self.state)


@dataclass(frozen=True)
class Seal:
    position: int
    originator_id: str
    version: int
    content: bytes
    chain: bytes


@dataclass(frozen=True)
class Checkpoint:
    position: int
    count: int
    created_at: str
    chain: bytes
    public_key: bytes
    signature: bytes

    def signed_by(self, public_key: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(
                self.signature, checkpoint_message(self.position, self.count, self.created_at, self.chain)
            )
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class Finding:
    """Damage at one position: its kind (a key of KINDS), the aggregate and version concerned, and why."""

    position: int
    kind: str
    originator_id: str
    version: int
    detail: str

    def line(self) -> str:
        where = f"aggregat {self.originator_id} version {self.version}"
        return f"Position {self.position}: {KINDS[self.kind]} – {where}: {self.detail}"

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "kind": self.kind, "aggregate": self.originator_id, "version": self.version}


@dataclass
class Report:
    """What a check found: damage (first one first), how far it read, what is not yet sealed or signed."""

    findings: list[Finding] = field(default_factory=list)
    events: int = 0
    sealed_to: int = 0
    unsealed: int = 0
    checkpoints: int = 0
    signed_to: int = 0

    @property
    def intact(self) -> bool:
        return not self.findings


def check(
    events: Iterable[Event],
    seals: Iterable[Seal],
    checkpoints: Iterable[Checkpoint],
    public_key: bytes | None,
    previous: bytes = GENESIS,
    locate: Callable[[str, int], int | None] = lambda _id, _version: None,
    contents: bool = True,
) -> Report:
    """Walk events and seals in position order together; then check each checkpoint's signature and seal.

    ``public_key`` is the trusted key (None: each checkpoint's own, which proves less);
    ``previous`` is the chain hash before the first seal given (the genesis for a whole log);
    ``locate`` finds where an (aggregate, version) was sealed, to tell a moved event from a changed one;
    without ``contents`` only which event stands where is compared (the events' states were not read).
    """
    report, chains = Report(), {}
    seal_iter, event_iter = iter(seals), iter(events)
    seal, event = next(seal_iter, None), next(event_iter, None)
    last_sealed = None
    while seal is not None or event is not None:
        if seal is not None and (event is None or seal.position <= event.position):
            if link(previous, seal.position, seal.content) != seal.chain:
                report.findings.append(
                    Finding(seal.position, "seal", seal.originator_id, seal.version, "seglet passer ikke i kæden")
                )
            previous, last_sealed = seal.chain, seal.position
            chains[seal.position] = seal.chain
            report.sealed_to = seal.position
            if event is not None and event.position == seal.position:
                _compare(report, event, seal, locate, contents)
                report.events += 1
                event = next(event_iter, None)
            else:
                gone = "den forseglede hændelse er væk"
                report.findings.append(Finding(seal.position, "missing", seal.originator_id, seal.version, gone))
            seal = next(seal_iter, None)
            continue
        assert event is not None
        report.events += 1
        if seal is not None:  # an event between two seals was never sealed: it was put there afterwards
            report.findings.append(Finding(event.position, "inserted", event.originator_id, event.version, "uden segl"))
        else:
            report.unsealed += 1
        event = next(event_iter, None)
    _check_checkpoints(report, checkpoints, public_key, chains, last_sealed)
    report.findings.sort(key=lambda f: f.position)
    return report


def _compare(
    report: Report, event: Event, seal: Seal, locate: Callable[[str, int], int | None], contents: bool
) -> None:
    same = (event.originator_id, event.version) == (seal.originator_id, seal.version)
    if same and (not contents or event.content() == seal.content):
        return
    if (event.originator_id, event.version) != (seal.originator_id, seal.version):
        sealed_at = locate(event.originator_id, event.version)
        if sealed_at is not None and sealed_at != event.position:
            detail = f"forseglet på position {sealed_at}, står nu på position {event.position}"
            report.findings.append(Finding(event.position, "reordered", event.originator_id, event.version, detail))
            return
    detail = "indholdet svarer ikke til seglet"
    report.findings.append(Finding(event.position, "changed", seal.originator_id, seal.version, detail))


def _check_checkpoints(
    report: Report,
    checkpoints: Iterable[Checkpoint],
    public_key: bytes | None,
    chains: dict[int, bytes],
    last: int | None,
) -> None:
    for point in checkpoints:
        report.checkpoints += 1
        problem = None
        if public_key is not None and point.public_key != public_key:
            problem = "underskrevet med en anden nøgle end den betroede"
        elif not point.signed_by(point.public_key):
            problem = "underskriften er ugyldig"
        elif point.position in chains and chains[point.position] != point.chain:
            problem = "seglet på positionen er ikke det underskrevne"
        elif point.position not in chains and (last is None or point.position <= last):
            problem = "det underskrevne segl findes ikke"
        if problem is not None:
            report.findings.append(Finding(point.position, "checkpoint", "-", 0, problem))
        else:
            report.signed_to = max(report.signed_to, point.position)


# --- the export's files (JSON Lines) -------------------------------------------------------------

EVENTS, SEALS, CHECKPOINTS, MANIFEST = "events.jsonl", "seals.jsonl", "checkpoints.jsonl", "manifest.json"
_BYTES = {"content", "chain", "public_key", "signature"}  # hex in the files; an event's state is base64


def to_line(item: Event | Seal | Checkpoint) -> dict[str, Any]:
    """One line of an export file: the record's fields, bytes as hex (an event's state as base64)."""
    row = asdict(item)
    for name in row.keys() & (_BYTES | {"state"}):
        row[name] = base64.b64encode(row[name]).decode() if name == "state" else row[name].hex()
    return row


def _from_line(kind: type[_R], row: dict[str, Any]) -> _R:
    for name in row.keys() & (_BYTES | {"state"}):
        row[name] = base64.b64decode(row[name]) if name == "state" else bytes.fromhex(row[name])
    return kind(**row)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        yield from (json.loads(line) for line in lines if line.strip())


def read_export(folder: Path) -> tuple[Iterator[Event], Iterator[Seal], list[Checkpoint], dict[str, Any]]:
    events = (_from_line(Event, r) for r in _lines(folder / EVENTS))
    seals = (_from_line(Seal, r) for r in _lines(folder / SEALS))
    checkpoints = [_from_line(Checkpoint, r) for r in _lines(folder / CHECKPOINTS)]
    return events, seals, checkpoints, json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def summary(report: Report) -> str:
    """The last line of a check, in Danish."""
    if not report.intact:
        return f"Loggen er beskadiget: {len(report.findings)} fund; første på position {report.findings[0].position}."
    return (
        f"Loggen er intakt: {report.events} hændelser, forseglet til position {report.sealed_to}, "
        f"underskrevet til position {report.signed_to} ({report.checkpoints} kontrolpunkter); "
        f"{report.unsealed} endnu uforseglede."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kontrollér et udtræk fra `forum verify --export` uden databasen.")
    parser.add_argument("folder", type=Path, help="Mappen med udtrækket.")
    parser.add_argument("--public-key", help="Den betroede offentlige nøgle (hex); standard: udtrækkets egen.")
    args = parser.parse_args(argv)
    events, seals, checkpoints, manifest = read_export(args.folder)
    key = bytes.fromhex(args.public_key or manifest["public_key"])
    seal_list = list(seals)
    where = {(s.originator_id, s.version): s.position for s in seal_list}
    previous = bytes.fromhex(manifest.get("previous_chain_hash") or GENESIS.hex())
    report = check(events, seal_list, checkpoints, key, previous, locate=lambda i, v: where.get((i, v)))
    print("\n".join([*(finding.line() for finding in report.findings), summary(report)]))
    return 0 if report.intact else 1


if __name__ == "__main__":
    sys.exit(main())
