"""What a contract record says about its terms and its lifecycle on a day."""

from __future__ import annotations

from datetime import date, datetime

from domain.duties import rule_spans
from domain.terms import ContractTerms
from domain.versions import Version, unflatten
from domain.versions import fold as fold_versions
from projections.record_shape import Record


def terms_at(record: Record, day: date | None) -> ContractTerms:
    """The contract's terms in force on ``day`` (latest when None), as known now."""
    flat = fold_versions(_versions(record), day, None)
    assert flat is not None
    return unflatten(flat)


def rule_segments(record: Record) -> list[tuple[date, date | None, ContractTerms]]:
    """The spans in which one version of the terms is in force: (from, to inclusive or None, terms).

    An occurrence follows the rule in force on its due date, so a revised cadence changes
    expectations from its effective date only.
    """
    return [(start, end, terms_at(record, start)) for start, end in spans(record)]


def spans(record: Record) -> list[tuple[date, date | None]]:
    """The spans of effective dates in each of which one version of the terms is in force."""
    return rule_spans(date.fromisoformat(v["effective_from"]) for v in record["versions"][1:])


def ended_on(record: Record) -> date | None:
    """The day the contract ended (its last day in force), if an end is recorded."""
    ended = [f["day"] for f in record["lifecycle"] if f["kind"] == "ended"]
    return date.fromisoformat(min(ended)) if ended else None


def status_on(record: Record, day: date) -> str:
    """'ended' after the day it ended (in force through that day), else 'signed' from its signing day."""
    iso = day.isoformat()
    kinds = {f["kind"] for f in record["lifecycle"] if f["day"] < iso or (f["kind"] == "signed" and f["day"] == iso)}
    return "ended" if "ended" in kinds else "signed" if "signed" in kinds else "drafted"


def _versions(record: Record) -> list[Version]:
    return [
        Version(
            v["number"],
            datetime.fromisoformat(v["recorded_at"]),
            date.fromisoformat(v["effective_from"]),
            v["actor"],
            v["changes"],
            tuple(v["removed"]),
        )
        for v in record["versions"]
    ]
