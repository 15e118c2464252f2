"""What a question declares: the record slices it reads, its answer for a date, its optional derived table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from projections.database import ViewDatabase
from projections.record_shape import Record, Slice


class Derivation(NamedTuple):
    """What every row derived from one record shares (see question_tables.py)."""

    readers: str  # the parties that may read the contract, as ' a b '
    until: date  # windows and the like are derived up to this day
    covered: str  # until as ISO text, or '9999-12-31' when that covers every date


@dataclass(frozen=True)
class DerivedTable:
    """Rows derived from a record whenever it changes, so a question over every contract reads rows, not records."""

    table: str
    columns: tuple[str, ...]
    create: Callable[[ViewDatabase], None]
    drop: Callable[[ViewDatabase], None]
    rows: Callable[[Record, Derivation], list[tuple[Any, ...]]]  # one record's rows, the contract id first


@dataclass(frozen=True)
class Question:
    """A question a user asks about a contract, answered from its record for an explicit date."""

    name: str  # its key in a contract's status
    reads: tuple[Slice, ...]  # besides the versions of the terms, which every answer reads
    answer: Callable[[Record, date], Any]
    derived: DerivedTable | None = None
