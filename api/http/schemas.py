"""Request and response bodies of the HTTP API (amounts in øre, dates ISO 8601)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

MAX_ORE = 10**15  # ten trillion kroner: far above any frame, well inside a 64-bit integer
MAX_INT = 2**62


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Recorded(BaseModel):
    """What a command recorded: the aggregate's new version (the next If-Match) and the log position."""

    version: int = Field(description="Ny version; send den som If-Match ved næste ændring.", examples=[4])
    position: int | None = Field(
        description="Hændelsesposition; giv den som min_position for at læse din egen skrivning.", examples=[812]
    )


class DecisionIn(Body):
    decided_by: str = Field(
        min_length=1, description="Forummet der besluttede.", examples=["Boligsocialt Forum Amager"]
    )
    decided_on: date | None = Field(default=None, examples=["2016-03-10"])
    reference: str | None = Field(default=None, examples=["Referat pkt. 4"])


class Revision(Body):
    """Changed terms as paths (see GET /contracts/{key}/diff for the paths), from a date, on a decision."""

    effective_from: date = Field(examples=["2017-01-01"])
    decision: DecisionIn
    set: dict[str, Any] = Field(
        default_factory=dict,
        description="Sti → ny værdi.",
        examples=[{"activities.netvaerk.cadences.netvaerksmoede.frequency.times": 4}],
    )
    remove: list[str] = Field(default_factory=list, description="Stier der fjernes.")


class Revised(Recorded):
    changes: list[dict[str, Any]]


class AllocationIn(Body):
    activity: str
    amount: int = Field(ge=0, le=MAX_ORE, description="Øre.")


class FrameIn(Body):
    """A plan's budget frame and allocations, set by a revision."""

    total: int = Field(ge=0, le=MAX_ORE, description="Øre.", examples=[162621700])
    allocations: list[AllocationIn] | None = Field(default=None, description="Uændret når udeladt.")
    effective_from: date
    decision: DecisionIn


class Signing(Body):
    signed_on: date = Field(examples=["2013-06-01"])


class Ending(Body):
    ended_on: date
    reason: str = Field(min_length=1)


class MeetingPlan(Body):
    cadence: str = Field(examples=["netvaerksmoede"])
    on: date = Field(examples=["2016-03-10"])
    location: str = ""
    agenda: str = ""


class Held(Body):
    held_on: date = Field(examples=["2016-03-10"])
    attendees: list[str] = Field(default_factory=list, description="Parter (nøgler) der deltog.", examples=[["sof"]])
    decisions: list[str] = Field(default_factory=list)
    agreements: list[str] = Field(default_factory=list)


class HeldUnscheduled(Held):
    cadence: str = Field(examples=["netvaerksmoede"])
    location: str = ""


class Move(Body):
    to: date
    reason: str = Field(min_length=1)


class Cancel(Body):
    reason: str = Field(min_length=1)


class MeetingRecorded(Recorded):
    meeting_id: UUID


class Fulfilment(Body):
    fulfilled_on: date = Field(examples=["2016-02-01"])
    due: date | None = Field(default=None, description="Fristen der opfyldes (standard: den igangværende).")
    document: str | None = Field(default=None, description="Dokumentation, fx et link eller journalnummer.")
    meeting_id: UUID | None = None


class Waiver(Body):
    due: date
    reason: str = Field(min_length=1)


class Attestation(Body):
    """One period of a standing duty: opfyldt (met), delvist opfyldt (partly_met) or ikke opfyldt (not_met)."""

    period: str = Field(min_length=4, max_length=10, examples=["2015"], description="2015, 2015-H1 eller 2015-Q3.")
    status: Literal["met", "partly_met", "not_met"] = Field(examples=["met"])
    evidence: str = Field(default="", max_length=2000, description="Kræves ved met og partly_met.")
    reason: str = Field(default="", max_length=2000, description="Kræves ved partly_met og not_met.")
    attested_on: date | None = Field(default=None, description="Erklæringens dato (standard: i dag).")


class DutyEvidence(Body):
    evidenced_on: date = Field(examples=["2015-03-01"])
    document: str = Field(min_length=1, max_length=2000, examples=["Referat af oplæg på temadag"])


class Expense(Body):
    booked_on: date = Field(examples=["2016-02-01"])
    amount: int = Field(gt=0, le=MAX_ORE, description="Øre.", examples=[1250000])
    text: str = Field(min_length=1, examples=["Honorar oplægsholder, temamøde"])
    activity: str | None = None
    funder: str | None = Field(default=None, examples=["lbf"])
    voucher: str | None = None


class Reversal(Body):
    booked_on: date
    reason: str = Field(min_length=1)


class Correction(Body):
    booked_on: date = Field(examples=["2016-03-01"])
    amount: int = Field(gt=0, le=MAX_ORE, description="Øre der trækkes fra posteringen.", examples=[2500000])
    reason: str = Field(min_length=1, examples=["Faktura krediteret delvist"])


class EntryRecorded(Recorded):
    entry: int


class Measurement(Body):
    period: str = Field(min_length=1, examples=["2016"])
    value: Decimal
    measured_on: date
    source: str = Field(min_length=1)
    correct: bool = Field(default=False, description="Ret en tidligere måling for perioden.")
