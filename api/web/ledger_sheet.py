"""One page of a plan's ledger with its totals: on the page, overall and per funder (counter-entries included)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.money import Entry
from domain.vocabulary import FUNDER

PAGE_SIZE = 50


@dataclass(frozen=True)
class LedgerSheet:
    """The entries on page ``page`` of ``pages`` (the newest page unless one is asked for) and the sums."""

    entries: Sequence[Entry]
    page: int
    pages: int
    page_total: int
    total: int
    by_funder: list[tuple[str, int]]


def ledger_sheet(entries: Sequence[Entry], page: int | None, shared: bool, size: int = PAGE_SIZE) -> LedgerSheet:
    """Page ``page`` (1 is the oldest; None or past the end: the newest) of ``entries``; ``shared`` says that an
    entry without a funder is shared out by the frame's shares (else it stays without one)."""
    pages = max(1, -(-len(entries) // size))
    number = pages if page is None else min(max(page, 1), pages)
    shown = entries[(number - 1) * size : number * size]
    return LedgerSheet(
        shown, number, pages, sum(e.amount_ore for e in shown), sum(e.amount_ore for e in entries),
        _by_funder(entries, shared),
    )  # fmt: skip


def _by_funder(entries: Sequence[Entry], shared: bool) -> list[tuple[str, int]]:
    """The sum of the entries booked with each funder, in the order first booked; none when no entry names one."""
    sums: dict[str | None, int] = {}
    for e in entries:
        sums[e.funder] = sums.get(e.funder, 0) + e.amount_ore
    if set(sums) <= {None}:
        return []
    unnamed = "fordelt efter finansieringsandele" if shared else "uden kilde"
    return [(_funder_name(f, unnamed), amount) for f, amount in sums.items()]


def _funder_name(funder: str | None, unnamed: str) -> str:
    return unnamed if funder is None else FUNDER.get(funder, funder)


def activity_names(activities: Mapping[str, str], entries: Sequence[Entry]) -> dict[str, str]:
    """Each entry's activity by name; an activity since removed from the terms keeps its key."""
    return {e.activity: activities.get(e.activity, e.activity) for e in entries if e.activity is not None}
