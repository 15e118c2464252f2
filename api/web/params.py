"""What the pages share from a request: the date the answers are for, the time they are as known at, the tracker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Literal

from fastapi import Depends

from api.reports.contract_views import LOCAL, aware, known_moment
from domain import bounds
from domain.errors import RuleError


@dataclass(frozen=True)
class Day:
    """The page's date and the time its answers are as known at, and the values to carry in links (None: today,
    and now, so links stay undated)."""

    day: date
    given: str | None
    known_at: datetime | None = None  # None: as known now
    known_given: str | None = None


def as_of(as_of: str | None = None, kendt: str | None = None) -> Day:
    """`as_of` from the date picker (empty: today) and `kendt` ("som kendt pr."; empty or in the future: now)."""
    day = parse_day(as_of, "as_of") if as_of else date.today()
    known = known_moment(parse_moment(kendt)) if kendt else None
    return Day(day, as_of or None, known, kendt if known else None)


def parse_day(value: str, name: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise NotADateError(value[:40], name) from None
    return bounds.day(day, name)


def parse_moment(value: str) -> datetime:
    """A time ('2015-06-01 12:00', ISO 8601 with zone) or a date (its end): Danish time unless a zone is given."""
    moment: datetime | None
    try:
        if len(value.strip()) == 10:
            moment = datetime.combine(date.fromisoformat(value.strip()), time.max, tzinfo=LOCAL)
        else:
            moment = aware(datetime.fromisoformat(value.strip()))
    except ValueError:
        raise NotAMomentError(value[:40]) from None
    assert moment is not None
    bounds.day(moment.date(), value[:40])
    return moment


AsOf = Annotated[Day, Depends(as_of)]
FileFormat = Literal["csv", "xlsx"]  # a list page's ``hent``: the list as a CSV or XLSX file


class NotADateError(RuleError):
    """A date in an address is written ÅÅÅÅ-MM-DD."""

    def __init__(self, value: str, name: str) -> None:
        self.value, self.name = value, name
        super().__init__(f"'{value}' i {name} er ikke en dato; brug ÅÅÅÅ-MM-DD.")


class NotAMomentError(RuleError):
    """A time asked about is a date or a date and time."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"'{value}' er ikke et tidspunkt; skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM.")
