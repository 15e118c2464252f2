"""Money in øre: Danish kroner text, a ledger's entries, and sharing an amount out by percentages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def format_kroner(ore: int) -> str:
    """Øre as Danish kroner: 162621700 -> '1.626.217,00 kr.'"""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    return f"{sign}{kroner:,}".replace(",", ".") + f",{rest:02d} kr."


def format_whole_kroner(ore: int) -> str:
    """Øre as whole Danish kroner, rounded half up: 123456789 -> '1.234.568 kr.' (chart axes and summaries)."""
    sign = "-" if ore < 0 else ""
    return f"{sign}{(abs(ore) + 50) // 100:,}".replace(",", ".") + " kr."


def split_by_shares(amount_ore: int, percents: Sequence[Decimal]) -> list[int]:
    """``amount_ore`` shared out by ``percents`` (adding up to 100) in whole øre that add up to it exactly.

    Largest remainder: each share gets its exact part rounded towards zero, then the øre left over go
    one each to the shares with the largest fractions cut off; a tie goes to the share listed first.
    A negative amount is shared as its opposite, so a correction mirrors the expense it corrects.
    """
    if amount_ore < 0:
        return [-part for part in split_by_shares(-amount_ore, percents)]
    exact = [Decimal(amount_ore) * p / 100 for p in percents]
    parts = [int(x) for x in exact]
    left = amount_ore - sum(parts)
    by_fraction = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_fraction[:left]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class Entry:
    """A booked expense, or a counter-entry: the partial correction or the reversal of one."""

    number: int
    booked_on: date
    amount_ore: int  # negative for a correction or a reversal
    activity: str | None
    funder: str | None
    text: str
    voucher: str | None
    actor: str
    recorded_at: datetime
    reverses: int | None = None
    corrects: int | None = None

    @property
    def counters(self) -> int | None:
        """The entry this one corrects or reverses (None for an expense)."""
        return self.reverses if self.reverses is not None else self.corrects


def counter_entry(original: Entry, event: Any, amount_ore: int) -> Entry:
    """The entry a correction or reversal ``event`` of ``original`` appends: the original's activity,
    funder and voucher, the event's reason as its text."""
    return Entry(
        event.entry,
        event.booked_on,
        amount_ore,
        original.activity,
        original.funder,
        event.reason,
        original.voucher,
        event.actor,
        event.timestamp,
        reverses=getattr(event, "reverses", None),
        corrects=getattr(event, "corrects", None),
    )
