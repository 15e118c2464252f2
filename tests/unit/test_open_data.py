"""The release feed's pure parts: which contracts are public, releases in recording order, pages by release id."""

from __future__ import annotations

from typing import Any

import pytest

from projections.open_data import is_public, page, releases
from projections.record_shape import Record


def record(**slices: Any) -> Record:
    empty: dict[str, Any] = {"id": "c1", "key": "amager", "versions": [], "lifecycle": [], "meetings": {},
                             "settlements": {}, "attestations": {}, "ledgers": {}, "measurements": {}, "routes": {},
                             "superseded": []}  # fmt: skip
    return empty | slices  # type: ignore[return-value]


SIGNED = {"kind": "signed", "day": "2013-12-12", "actor": "karen", "recorded_at": "2013-12-12T10:00:00+00:00"}
TERMS = {"number": 1, "recorded_at": "2013-12-01T10:00:00+00:00", "effective_from": "0001-01-01", "actor": "karen",
         "changes": {"title": "x"}, "removed": [], "decision": None}  # fmt: skip
EXPENSE = {"booked_on": "2015-05-01", "amount_ore": 100, "activity": None, "funder": "lbf", "reverses": None,
           "recorded_at": "2015-05-02T09:00:00+00:00"}  # fmt: skip
REVERSAL = EXPENSE | {"amount_ore": -100, "reverses": 1, "recorded_at": "2015-05-03T09:00:00+00:00"}


def test_only_a_signed_contract_is_public() -> None:
    assert not is_public(record(versions=[TERMS]))
    assert is_public(record(versions=[TERMS], lifecycle=[SIGNED]))


def test_releases_come_in_recording_order_with_stable_ids_and_no_actor() -> None:
    found = releases(record(versions=[TERMS], lifecycle=[SIGNED], ledgers={"urbanplanen": [EXPENSE, REVERSAL]}))

    assert [(r["id"].removeprefix("ocds-forumtracker-amager-"), r["tag"], r["fact"]) for r in found] == [
        ("terms-1", ["contract"], "terms"),
        ("signed", ["contractUpdate"], "signed"),
        ("expense-urbanplanen-1", ["implementation"], "expenseBooked"),
        ("expense-urbanplanen-2", ["implementation"], "expenseCorrected"),
    ]
    assert found[3]["transaction"]["corrects"] == 1 and found[0]["effectiveDate"] is None
    assert "karen" not in str(found)


def test_a_page_continues_after_the_last_release_id_and_the_last_page_has_no_next() -> None:
    found = [{"id": f"r{n}"} for n in range(5)]

    first, following = page(found, None, 2)
    second, after_second = page(found, following, 2)
    last, end = page(found, after_second, 2)

    assert [r["id"] for r in first + second + last] == ["r0", "r1", "r2", "r3", "r4"]
    assert (following, after_second, end) == ("r1", "r3", None)
    with pytest.raises(ValueError):
        page(found, "r9", 2)
