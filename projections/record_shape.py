"""The typed slices of a contract record: what the fold writes and the questions read (stored as JSON)."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

# Dates are ISO text ('2015-03-12') and times ISO text with zone: the record is stored as JSON, and
# ISO text compares as the dates and times it names.
#
# Every entry of a slice (a dict holding ``recorded_at``) carries the time its last event was recorded.
# An entry that a later event replaces or removes is kept in ``superseded`` with its path and the time
# it stopped being true, so projections/known_at.py can give the record as it was known at any time.


class Decision(TypedDict):
    decided_by: str
    decided_on: str | None
    reference: str | None


class TermsVersion(TypedDict):
    """One version of the terms: the first holds them all, a revision what it changed or removed."""

    number: int
    recorded_at: str
    effective_from: str
    actor: str
    changes: dict[str, Any]
    removed: list[str]
    decision: Decision | None


class LifecycleFact(TypedDict):
    kind: Literal["signed", "ended"]
    day: str
    actor: str
    reason: NotRequired[str]
    recorded_at: str


class MeetingEntry(TypedDict):
    """A meeting as last recorded; version and recorded_at let a calendar say it changed."""

    cadence: str
    activity: str
    on: str
    state: Literal["scheduled", "held", "cancelled"]
    conveners: list[str]
    location: str
    attendees: list[str]
    decisions: list[str]
    agreements: list[str]
    actor: str
    reason: NotRequired[str]
    version: int
    recorded_at: str


class Evidence(TypedDict):
    meeting_id: str | None
    document: str | None


class Fulfilment(TypedDict):
    """Evidence of a duty as a fact about a day; which occurrence it settles is decided at question time."""

    day: str
    named_due: str | None  # the due date its author named, if any
    party: str
    evidence: Evidence
    actor: str
    recorded_at: str


class Withdrawal(TypedDict):
    reason: str
    actor: str
    recorded_at: str


class Waiver(TypedDict):
    """A waiver of one named occurrence; in an answer, ``withdrawn`` once a later withdrawal names its due date."""

    due: str
    reason: str
    actor: str
    recorded_at: str
    withdrawn: NotRequired[Withdrawal]


class WaiverWithdrawal(TypedDict):
    due: str
    reason: str
    actor: str
    recorded_at: str


class DutyFacts(TypedDict):
    """Everything recorded about one responsibility's fulfilment: append-only lists in recording order."""

    fulfilments: list[Fulfilment]
    waivers: list[Waiver]
    withdrawals: list[WaiverWithdrawal]


class Settlement(TypedDict):
    """How one occurrence stands settled in an answer: fulfilled (with evidence) or waived."""

    kind: Literal["fulfilled", "waived"]
    day: str | None  # None when waived
    party: NotRequired[str]
    evidence: NotRequired[Evidence]
    reason: NotRequired[str]
    actor: str
    recorded_at: str


class Attestation(TypedDict):
    """A party's statement about one period of a standing duty; a later one for the period corrects it."""

    period: str  # '2015', '2015-H1', '2015-Q3'
    status: Literal["met", "partly_met", "not_met"] | str
    reason: str
    evidence: str
    day: str  # the day it was attested
    party: str
    actor: str
    recorded_at: str


class DutyEvidence(TypedDict):
    """One dated time an as-needed duty was done."""

    day: str
    evidence: str
    party: str
    actor: str
    recorded_at: str


class StandingRecord(TypedDict):
    attested: dict[str, list[Attestation]]  # by period code, in the order recorded
    evidence: list[DutyEvidence]  # in the order recorded


class LedgerEntry(TypedDict):
    """One entry of a plan's ledger; a counter-entry (a partial correction or a reversal) has the negated amount
    it takes off and the number of the expense it corrects or reverses (activity and funder are the expense's)."""

    booked_on: str
    amount_ore: int
    activity: str | None
    funder: str | None
    reverses: int | None
    corrects: NotRequired[int]
    recorded_at: str


class Measurement(TypedDict):
    value: str  # a Decimal as text
    measured_on: str
    source: str
    actor: str
    corrected: bool
    recorded_at: str


class Superseded(TypedDict):
    """An entry as it was until ``until``, when an event replaced or removed it at ``path`` in the record."""

    path: list[str]  # the slice, then the keys down to the entry
    until: str
    entry: dict[str, Any]


class Record(TypedDict):
    """Everything recorded about one contract, by slice."""

    id: str
    key: str | None
    versions: list[TermsVersion]
    lifecycle: list[LifecycleFact]
    meetings: dict[str, MeetingEntry]  # by meeting id
    settlements: dict[str, DutyFacts]  # by responsibility
    attestations: dict[str, StandingRecord]  # by responsibility (standing and as-needed duties)
    ledgers: dict[str, list[LedgerEntry]]  # by plan, in entry number order
    measurements: dict[str, dict[str, Measurement]]  # by indicator, then period
    routes: dict[str, str]  # aggregate id -> its responsibility, plan or indicator
    superseded: list[Superseded]  # entries replaced or removed, in the order it happened


Slice = Literal["versions", "lifecycle", "meetings", "settlements", "attestations", "ledgers", "measurements"]
