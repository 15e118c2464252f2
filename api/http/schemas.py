"""Request and response bodies of the HTTP API (amounts in øre, dates ISO 8601)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.bounds import MAX_ITEMS, MAX_NAME, MAX_ORE, MAX_TEXT, Day

MAX_INT = 2**62
Name = Annotated[str, Field(max_length=MAX_NAME)]
Free = Annotated[str, Field(max_length=MAX_TEXT)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Recorded(BaseModel):
    """What a command recorded: the aggregate's new version (the next If-Match) and the log position."""

    version: int = Field(description="Ny version; send den som If-Match ved næste ændring.", examples=[4])
    position: int | None = Field(
        description="Hændelsesposition; giv den som min_position for at læse din egen skrivning.", examples=[812]
    )


class DecisionIn(Body):
    decided_by: Name = Field(
        min_length=1, description="Forummet der besluttede.", examples=["Boligsocialt Forum Amager"]
    )
    decided_on: Day | None = Field(default=None, examples=["2016-03-10"])
    reference: Name | None = Field(default=None, examples=["Referat pkt. 4"])


class Revision(Body):
    """Changed terms as paths (see GET /contracts/{key}/diff for the paths), from a date, on a decision."""

    effective_from: Day = Field(examples=["2017-01-01"])
    decision: DecisionIn
    set: dict[str, Any] = Field(
        default_factory=dict,
        max_length=MAX_ITEMS,
        description="Sti → ny værdi.",
        examples=[{"activities.netvaerk.cadences.netvaerksmoede.frequency.times": 4}],
    )
    remove: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS, description="Stier der fjernes.")


class Revised(Recorded):
    changes: list[dict[str, Any]]


class AllocationIn(Body):
    activity: Name
    amount: int = Field(ge=0, le=MAX_ORE, description="Øre.")


class FrameIn(Body):
    """A plan's budget frame and allocations, set by a revision."""

    total: int = Field(ge=0, le=MAX_ORE, description="Øre.", examples=[162621700])
    allocations: list[AllocationIn] | None = Field(
        default=None, max_length=MAX_ITEMS, description="Uændret når udeladt."
    )
    effective_from: Day
    decision: DecisionIn


class Signing(Body):
    signed_on: Day = Field(examples=["2013-06-01"])


class Ending(Body):
    ended_on: Day
    reason: Free = Field(min_length=1)


class MeetingPlan(Body):
    cadence: Name = Field(examples=["netvaerksmoede"])
    on: Day = Field(examples=["2016-03-10"])
    location: Name = ""
    agenda: Free = ""


class Held(Body):
    held_on: Day = Field(examples=["2016-03-10"])
    attendees: list[Name] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Parter (nøgler) der deltog.", examples=[["sof"]]
    )
    decisions: list[Free] = Field(default_factory=list, max_length=MAX_ITEMS)
    agreements: list[Free] = Field(default_factory=list, max_length=MAX_ITEMS)


class HeldUnscheduled(Held):
    cadence: Name = Field(examples=["netvaerksmoede"])
    location: Name = ""


class Move(Body):
    to: Day
    reason: Free = Field(min_length=1)


class Cancel(Body):
    reason: Free = Field(min_length=1)


class MeetingRecorded(Recorded):
    meeting_id: UUID


class Fulfilment(Body):
    fulfilled_on: Day = Field(examples=["2016-02-01"])
    due: Day | None = Field(
        default=None,
        description="Fristen der opfyldes (standard: ældste åbne frist til og med dagen, ellers den igangværende).",
    )
    document: Free | None = Field(default=None, description="Dokumentation, fx et link eller journalnummer.")
    meeting_id: UUID | None = None


class Waiver(Body):
    due: Day
    reason: Free = Field(min_length=1)


class WaiverWithdrawal(Body):
    reason: str = Field(min_length=1, description="Hvorfor frafaldet tilbagekaldes.")


class Attestation(Body):
    """One period of a standing duty: opfyldt (met), delvist opfyldt (partly_met) or ikke opfyldt (not_met)."""

    period: str = Field(min_length=4, max_length=10, examples=["2015"], description="2015, 2015-H1 eller 2015-Q3.")
    status: Literal["met", "partly_met", "not_met"] = Field(examples=["met"])
    evidence: str = Field(default="", max_length=2000, description="Kræves ved met og partly_met.")
    reason: str = Field(default="", max_length=2000, description="Kræves ved partly_met og not_met.")
    attested_on: Day | None = Field(default=None, description="Erklæringens dato (standard: i dag).")


class DutyEvidence(Body):
    evidenced_on: Day = Field(examples=["2015-03-01"])
    document: str = Field(min_length=1, max_length=2000, examples=["Referat af oplæg på temadag"])


class Expense(Body):
    booked_on: Day = Field(examples=["2016-02-01"])
    amount: int = Field(gt=0, le=MAX_ORE, description="Øre.", examples=[1250000])
    text: Free = Field(min_length=1, examples=["Honorar oplægsholder, temamøde"])
    activity: Name | None = None
    funder: Name | None = Field(default=None, examples=["lbf"])
    voucher: Name | None = None


class Reversal(Body):
    booked_on: Day
    reason: Free = Field(min_length=1)


class Correction(Body):
    booked_on: Day = Field(examples=["2016-03-01"])
    amount: int = Field(gt=0, le=MAX_ORE, description="Øre der trækkes fra posteringen.", examples=[2500000])
    reason: Free = Field(min_length=1, examples=["Faktura krediteret delvist"])


class EntryRecorded(Recorded):
    entry: int


class Measurement(Body):
    period: Name = Field(min_length=1, examples=["2016"])
    value: Decimal = Field(max_digits=30, allow_inf_nan=False)
    measured_on: Day
    source: Name = Field(min_length=1)
    correct: bool = Field(default=False, description="Ret en tidligere måling for perioden.")
