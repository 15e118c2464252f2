"""The cost of sealing contact persons' data: a rebuild and a reveal, sealed beside plaintext, in one run.

    .venv/bin/python -m tests.benchmarks.bench_personal [--contracts 20] [--records 500] [--store sqlite|postgres]

Two stores get the same history: the Amager contract ``--contracts`` times and, per contract,
``--records`` recordings of its contact persons (each event three personal values). In one store
the values are sealed (AES-GCM, a key per person, as the tracker records them); in the other they
are the same texts unsealed (encryption off). Timed on each: ``Projector.rebuild()`` of every view
(the views hold no personal data, so this is the cost of decoding the sealed values) and revealing
every contract's current contact persons from a fresh tracker (one key read and one decryption per
value) beside reading the same registers without decrypting. Measured, never asserted; writes
``test-artifacts/bench/personal.json``.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from domain.contact_persons import ContactPersons, contact_persons_id
from domain.personal import seal
from domain.tracker import Tracker
from projections.runner import Projector
from tests.conftest import AMAGER, POSTGRES_URL, contract_file, postgres_env

ROLES = ["3b-boligsocial-konsulent", "vibo-boligsocial-chef", "sof-omraadechef-voksenenheden"]


def store(kind: str, name: str) -> dict[str, str]:
    if kind == "postgres":
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return postgres_env(POSTGRES_URL, name)
    path = Path("test-artifacts") / f"{name}.sqlite3"
    path.parent.mkdir(exist_ok=True)
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def write(tracker: Tracker, contracts: int, records: int, sealed: bool) -> None:
    base = contract_file(AMAGER)
    for n in range(contracts):
        key = f"bench-{n:03d}"
        tracker.import_contract(base.model_copy(update={"key": key}), actor="bench", source="bench")
        register = tracker._maybe(contact_persons_id(key), ContactPersons, "fresh")
        assert register is not None
        for i in range(records):
            role, person = ROLES[i % len(ROLES)], f"{key}-{i % len(ROLES)}"
            texts = {"name": f"Person {i}", "email": f"p{i}@example.dk", "phone": f"+45 {i:08d}"}
            details: dict[str, Any] = {f: seal(tracker.person_keys, person, key, t) for f, t in texts.items()}
            register.record(role, person, details if sealed else texts, "bench")
        tracker.save(register)


def timed(work: Any) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def measure(env: dict[str, str], contracts: int, records: int, sealed: bool) -> dict[str, float]:
    tracker = Tracker(env, clock=lambda: date(2030, 1, 1))
    try:
        write(tracker, contracts, records, sealed)
        projector = Projector(tracker, env)
        rebuild = timed(projector.rebuild)
        projector.close()
    finally:
        tracker.close()
    keys = [f"bench-{n:03d}" for n in range(contracts)]
    reader = Tracker(env)  # a fresh cache: the registers are loaded from the store
    try:
        load = timed(lambda: [reader._maybe(contact_persons_id(k), ContactPersons, "read") for k in keys])
        reveal = timed(lambda: [reader.contact_persons(k) for k in keys]) if sealed else 0.0
    finally:
        reader.close()
    return {"rebuild_seconds": round(rebuild, 3), "load_seconds": round(load, 4), "reveal_seconds": round(reveal, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=20)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="sqlite")
    args = parser.parse_args()
    names = {kind: f"bench_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("sealed", "plain")}
    envs = {kind: store(args.store, name) for kind, name in names.items()}
    try:
        figures = {kind: measure(env, args.contracts, args.records, kind == "sealed") for kind, env in envs.items()}
    finally:
        if args.store == "postgres":
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                for name in names.values():
                    conn.execute(f"DROP SCHEMA {name} CASCADE")
    sealed, plain = figures["sealed"], figures["plain"]
    result = {
        "store": args.store,
        "contracts": args.contracts,
        "person_events": args.contracts * args.records,
        "sealed": sealed,
        "plain": plain,
        "ratio_rebuild_sealed_to_plain": round(sealed["rebuild_seconds"] / plain["rebuild_seconds"], 3),
        "reveal_per_contract_ms": round(1000 * sealed["reveal_seconds"] / args.contracts, 3),
    }
    out = Path("test-artifacts/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "personal.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
