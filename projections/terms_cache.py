"""Terms and due windows built once and reused by the questions.

Building pydantic terms from a record's versions and generating a schedule's windows are
the costly parts of every answer, and both are pure: the terms in force on a day depend only
on the contract's versions (append-only, so their count and the last one's time name the
set) and on which span of effective dates the day falls in; a schedule's windows depend only
on its frequency and its active span. So both are cached, bounded, per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from functools import lru_cache
from typing import Any

from domain.cadence import Frequency, Occurrence, occurrences
from domain.duties import active_span
from domain.terms import ContractTerms
from projections.contract_record import spans, terms_at
from projections.record_shape import Record

MAX_TERMS = 128
_terms: OrderedDict[tuple[Any, ...], ContractTerms] = OrderedDict()
_lock = threading.Lock()


def span_start(record: Record, day: date | None) -> date:
    """The first day of the span of effective dates ``day`` falls in.

    The latest terms (``day`` None) apply every version, as the last span does.
    """
    iso = day.isoformat() if day is not None else "9999-12-31"
    starts = [v["effective_from"] for v in record["versions"][1:] if v["effective_from"] <= iso]
    return date.fromisoformat(max(starts)) if starts else date.min


def terms_on(record: Record, day: date | None) -> ContractTerms:
    """``contract_record.terms_at``, built once per version set and span."""
    versions = record["versions"]
    start = span_start(record, day)
    key = (record["id"], len(versions), versions[-1]["recorded_at"] if versions else "", start)
    with _lock:
        found = _terms.get(key)
        if found is not None:
            _terms.move_to_end(key)
            return found
    terms = terms_at(record, start)
    with _lock:
        _terms[key] = terms
        while len(_terms) > MAX_TERMS:
            _terms.popitem(last=False)
    return terms


def segments(record: Record) -> list[tuple[date, date | None, ContractTerms]]:
    """``contract_record.rule_segments`` from cached terms: (from, to inclusive or None, terms)."""
    return [(start, end, terms_on(record, start)) for start, end in spans(record)]


def expected(
    terms: ContractTerms, frequency: Frequency, starts: date | None, until: date, ended_on: date | None = None
) -> tuple[Occurrence, ...]:
    """``domain.duties.expected`` with the windows cached per frequency and span."""
    start, end = active_span(terms, starts, ended_on)
    return _occurrences(frequency, start, end, until)


@lru_cache(maxsize=4096)
def _occurrences(frequency: Frequency, start: date, end: date | None, until: date) -> tuple[Occurrence, ...]:
    return tuple(occurrences(frequency, start, end, until))


def names(record: Record) -> dict[str, str]:
    """Every party's and activity's key with its name, over every version of the terms (the latest name wins)."""
    found: dict[str, str] = {}
    for _, _, terms in segments(record):
        found.update({p.key: p.name for p in terms.parties})
        found.update({a.key: a.name for a in terms.activities})
    return found
