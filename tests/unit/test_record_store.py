"""A contract record in parts: split and joined again, it is the same record, its keys' order included."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson

from projections import contract_record, record_store


def a_record(entries: int) -> Any:
    record: Any = contract_record.empty(UUID(int=7))
    record["key"] = "amager"
    record["versions"] = [{"number": n} for n in range(1, 4)]
    record["meetings"] = {f"m{n:03d}"[::-1]: {"on": str(n)} for n in range(entries)}  # keys not in sorted order
    record["ledgers"] = {"zeta": [{"amount_ore": n} for n in range(entries)], "alfa": []}
    record["measurements"] = {"i": {"2015": {"value": "1"}}}
    return record


def joined_again(record: Any) -> Any:
    parts = record_store.split(record)
    rows = [(record["id"], name, text.decode()) for name, text in sorted(parts.items())]
    return record_store.joined(rows)[record["id"]]


def test_a_record_split_into_parts_joins_again_into_the_same_record() -> None:
    for entries in (0, 1, record_store.CHUNK, 3 * record_store.CHUNK + 5):
        record = a_record(entries)

        assert orjson.dumps(joined_again(record)) == orjson.dumps(record)  # the same text: the keys' order too


def test_an_entry_added_changes_only_the_last_part_of_its_slice() -> None:
    record = a_record(3 * record_store.CHUNK + 5)
    before = record_store.split(record)

    record["ledgers"]["zeta"].append({"amount_ore": -1})
    after = record_store.split(record)

    assert [name for name in after if after[name] != before.get(name)] == ["06.000000.000003"]
