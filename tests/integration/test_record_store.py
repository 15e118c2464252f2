"""The contract records in parts, on both stores: a page writes only what it changed, and reads back the fold."""

from __future__ import annotations

from datetime import date

import orjson

from domain.tracker import Tracker
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file

PLAN = "urbanplanen"


def parts(projector: Projector) -> dict[tuple[str, str], str]:
    rows = projector.db.fetchall("SELECT contract_id, part, body FROM view_contract_parts")
    return {(cid, name): body for cid, name, body in rows}


def test_a_page_of_one_expense_writes_one_part_and_the_record_reads_back_as_folded(
    tracker: Tracker, store: dict[str, str]
) -> None:
    contract = contract_file(AMAGER)
    tracker.import_contract(contract, actor="koordinator", source="amager.yaml")
    for i in range(40):  # more than one chunk of ledger entries
        tracker.book_expense(contract.key, PLAN, date(2015, 3, 2), 100 + i, f"Udgift {i}", actor="koordinator")
    projector = Projector(tracker, store)
    try:
        projector.catch_up()
        before = parts(projector)

        tracker.book_expense(contract.key, PLAN, date(2015, 3, 3), 999, "Den sidste", actor="koordinator")
        projector.catch_up()
        after = parts(projector)

        changed = [name for (cid, name), body in after.items() if before.get((cid, name)) != body]
        assert changed == ["06.000000.000001"]  # the ledgers' slice, the plan's second chunk of entries
        [record] = load_records(projector.db, contract.key)
        folded, _ = projector.shell._memory["contract_records"][record["id"]]
        assert orjson.dumps(record) == orjson.dumps(folded)  # the same record, its keys' order included
        assert [e["amount_ore"] for e in record["ledgers"][PLAN]][-2:] == [139, 999]
    finally:
        projector.close()
