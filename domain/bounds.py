"""What the tracker records at most: amounts, dates, numbers, text and list sizes, checked by every command."""

from __future__ import annotations

import re
from collections.abc import Sized
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator

from domain.errors import RuleError

MAX_ORE = 10**15
"""Ten trillion kroner in øre: far above any frame, well inside a 64-bit integer even summed 9,000 times."""
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
"""Business dates (signed, effective, booked, held, due) lie in these years; queries for later dates are refused."""
MAX_NAME = 500
"""Characters in a name, a title, a role, a reference, an actor: one line."""
MAX_TEXT = 20_000
"""Characters in a free text (a purpose, a description, a reason, a decision): about ten pages."""
MAX_ITEMS = 1_000
"""Items in one list of a contract or a command (parties, activities, attendees, decisions …)."""
MAX_DIGITS = 30
"""Significant digits in a measured value or an indicator's baseline or target."""
MAX_NUMBER = Decimal(10) ** 15
"""Largest size of a measured value (positive or negative)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab, line feed and carriage return are text


def amount(ore: int, field: str = "beløb") -> int:
    """An amount in øre between 0 and MAX_ORE (a bool or a float is not an amount)."""
    if isinstance(ore, bool) or not isinstance(ore, int) or not 0 <= ore <= MAX_ORE:
        raise AmountOutOfRangeError(field, ore)
    return ore


def day(value: date, field: str = "dato") -> date:
    """A business date between EARLIEST and LATEST."""
    if not isinstance(value, date) or not EARLIEST <= value <= LATEST:
        raise DateOutOfRangeError(field, value)
    return value


def number(value: Decimal, field: str = "værdi") -> Decimal:
    """A finite decimal of at most MAX_DIGITS digits and smaller than MAX_NUMBER."""
    if not isinstance(value, Decimal) or not value.is_finite() or len(value.as_tuple().digits) > MAX_DIGITS:
        raise NumberOutOfRangeError(field)
    if abs(value) >= MAX_NUMBER:
        raise NumberOutOfRangeError(field)
    return value


def text(value: str, field: str = "tekst", limit: int = MAX_TEXT) -> str:
    """A text of at most ``limit`` characters without control characters (tab and line breaks are text).

    Only sizes and characters are checked here: a value of another type is mypy's to refuse, and the
    store's transcoder refuses to record one (the group commit then fails that command alone)."""
    if not isinstance(value, str):
        return value
    if len(value) > limit:
        raise TextTooLongError(field, len(value), limit)
    found = _CONTROL.search(value)
    if found:
        raise ControlCharacterError(field, found.group())
    return value


def name(value: str, field: str = "navn") -> str:
    """A short text (a name, a reference, an actor) of at most MAX_NAME characters."""
    return text(value, field, MAX_NAME)


def items(values: Sized, field: str = "liste", limit: int = MAX_ITEMS) -> None:
    """A list of at most ``limit`` items."""
    if len(values) > limit:
        raise TooManyItemsError(field, len(values), limit)


def texts(values: list[str], field: str, limit: int = MAX_TEXT) -> list[str]:
    """A bounded list of bounded texts."""
    items(values, field)
    for i, value in enumerate(values):
        text(value, f"{field}[{i}]", limit)
    return values


def control_character(value: str) -> str | None:
    """The first control character in a text, if any (for the doors' own checks)."""
    found = _CONTROL.search(value)
    return found.group() if found else None


def _in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"{value} ligger uden for årene {EARLIEST.year}–{LATEST.year}")
    return value


def _moment_in_range(value: datetime) -> datetime:
    _in_range(value.date())
    return value


Day = Annotated[date, AfterValidator(_in_range)]
"""A business date in a value object or a query: refused outside EARLIEST–LATEST."""
Moment = Annotated[datetime, AfterValidator(_moment_in_range)]
"""A point in time asked about (known at, recorded from): refused outside EARLIEST–LATEST."""


# --- rule errors


class AmountOutOfRangeError(RuleError):
    """An amount is negative, not a whole number of øre, or larger than any budget could be."""

    def __init__(self, field: str, value: object) -> None:
        self.field, self.value = field, value
        shown = str(value) if len(str(value)) <= 30 else f"et tal med {len(str(value))} cifre"
        super().__init__(f"{field}: {shown} øre er ikke et beløb mellem 0 og {MAX_ORE // 100:,} kr.".replace(",", "."))


class DateOutOfRangeError(RuleError):
    """A date lies outside the years the tracker records."""

    def __init__(self, field: str, value: object) -> None:
        self.field, self.value = field, value
        shown = f"{value:%d.%m.%Y}" if isinstance(value, date) else repr(value)
        super().__init__(f"{field}: {shown} ligger uden for årene {EARLIEST.year}–{LATEST.year}.")


class NumberOutOfRangeError(RuleError):
    """A measured value is not a finite number, or has too many digits or is too large."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(
            f"{field}: skal være et endeligt tal med højst {MAX_DIGITS} cifre og mindre end 10^15 i størrelse."
        )


class TextTooLongError(RuleError):
    """A text is longer than the tracker keeps."""

    def __init__(self, field: str, length: int, limit: int) -> None:
        self.field, self.length, self.limit = field, length, limit
        super().__init__(f"{field}: teksten er {length} tegn; højst {limit} tegn er tilladt.")


class ControlCharacterError(RuleError):
    """A text holds a control character (NUL, ESC …); tab and line breaks are text."""

    def __init__(self, field: str, character: str) -> None:
        self.field, self.code = field, f"U+{ord(character):04X}"
        super().__init__(f"{field}: teksten indeholder et kontroltegn ({self.code}), som ikke er tilladt.")


class TooManyItemsError(RuleError):
    """A list holds more items than the tracker keeps in one place."""

    def __init__(self, field: str, count: int, limit: int) -> None:
        self.field, self.count, self.limit = field, count, limit
        super().__init__(f"{field}: {count} elementer; højst {limit} er tilladt.")
