"""What the pages share from a request: the date the answers are for, and the tracker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends

from domain import bounds
from domain.errors import RuleError


@dataclass(frozen=True)
class Day:
    """The page's date, and the value to carry in links (None: today, so links stay undated)."""

    day: date
    given: str | None


def as_of(as_of: str | None = None) -> Day:
    """`as_of` from the date picker; empty means today."""
    if not as_of:
        return Day(date.today(), None)
    return Day(parse_day(as_of, "as_of"), as_of)


def parse_day(value: str, name: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise NotADateError(value[:40], name) from None
    return bounds.day(day, name)


AsOf = Annotated[Day, Depends(as_of)]


class NotADateError(RuleError):
    """A date in an address is written ÅÅÅÅ-MM-DD."""

    def __init__(self, value: str, name: str) -> None:
        self.value, self.name = value, name
        super().__init__(f"'{value}' i {name} er ikke en dato; brug ÅÅÅÅ-MM-DD.")
