"""A page of the ledger and its totals: on the page, overall and per funder, counter-entries included."""

from __future__ import annotations

from datetime import UTC, date, datetime

from api.web.ledger_sheet import activity_names, ledger_sheet
from domain.money import Entry

MOMENT = datetime(2015, 1, 1, tzinfo=UTC)


def entry(number: int, ore: int, funder: str | None = None, activity: str | None = None, **counter: int) -> Entry:
    return Entry(number, date(2015, 1, number % 28 + 1), ore, activity, funder, "Udgift", None, "k", MOMENT, **counter)


def test_the_newest_page_is_shown_unless_one_is_asked_for_and_each_page_has_its_own_total() -> None:
    entries = [entry(n, 100) for n in range(1, 6)]

    newest, first, beyond = (ledger_sheet(entries, page, shared=False, size=2) for page in (None, 1, 9))

    assert (newest.page, newest.pages, [e.number for e in newest.entries]) == (3, 3, [5])
    assert (first.page_total, first.total, [e.number for e in first.entries]) == (200, 500, [1, 2])
    assert beyond.page == 3


def test_totals_per_funder_count_the_counter_entries_and_name_what_has_no_funder() -> None:
    entries = [entry(1, 1_000, "lbf"), entry(2, 500), entry(3, -300, "lbf", reverses=1), entry(4, 200, "bank")]

    shared = ledger_sheet(entries, None, shared=True)
    kept_apart = ledger_sheet(entries, None, shared=False)

    assert shared.by_funder == [("Landsbyggefonden", 700), ("fordelt efter finansieringsandele", 500), ("bank", 200)]
    assert kept_apart.by_funder[1] == ("uden kilde", 500) and shared.total == 1_400
    assert ledger_sheet([entry(1, 10)], None, shared=True).by_funder == []  # no entry names a funder


def test_an_activity_since_removed_keeps_its_key_as_its_name() -> None:
    entries = [entry(1, 10, activity="netvaerk"), entry(2, 10, activity="gammel"), entry(3, 10)]

    assert activity_names({"netvaerk": "Netværk"}, entries) == {"netvaerk": "Netværk", "gammel": "gammel"}
