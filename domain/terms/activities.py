"""What is done and when: activities, their duties with schedules, and their meeting cadences."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from domain.cadence import Frequency
from domain.terms.attestation import AttestationRule
from domain.terms.values import Day, FreeText, Items, Key, Term, Text


class StaffFunction(Term):
    party: Key
    description: Text


class ConveneCadence(Term):
    """The duty is to call the meetings of a cadence; each held meeting meets one occurrence."""

    kind: Literal["convene"]
    cadence: Key


class Responsibility(Term):
    """One party's duty in an activity ("hvem gør hvad hvornår") with its schedule."""

    key: Key
    party: Key
    unit: Key | None = None
    description: Text
    schedule: Annotated[Frequency | ConveneCadence, Field(discriminator="kind")]
    attestation: AttestationRule | None = Field(
        default=None, description="Kun løbende forpligtelser: hvordan de erklæres (ellers kontraktens regel)."
    )

    @model_validator(mode="after")
    def _attested_only_when_standing(self) -> Responsibility:
        if self.attestation is not None and self.schedule.kind != "ongoing":
            raise ValueError("'attestation' gælder kun løbende forpligtelser (schedule: {kind: ongoing})")
        return self


class MeetingCadence(Term):
    """A recurring meeting: what, how often, who calls it, who takes part."""

    key: Key
    name: Text
    frequency: Frequency
    conveners: Items[Key] = Field(min_length=1)
    convener_units: Items[Key] = Field(default_factory=list)
    participants: Items[Key] = Field(default_factory=list)
    description: FreeText = ""
    location: FreeText | None = None
    starts: Day | None = Field(default=None, description="Tidligst fra (ellers kontraktens start).")


class Activity(Term):
    key: Key
    name: Text
    purpose: Text
    focus_points: Items[Text] = Field(default_factory=list)
    staff_functions: Items[StaffFunction] = Field(default_factory=list)
    contacts: Items[Key] = Field(default_factory=list)
    responsibilities: Items[Responsibility] = Field(default_factory=list)
    cadences: Items[MeetingCadence] = Field(default_factory=list)
    locations: Items[Text] = Field(default_factory=list)
    anchoring: FreeText = ""
    revision_body: FreeText = ""
    type: Key | None = Field(default=None, description="Aktivitetstype fra contracts/catalogue/activity_types.yaml.")
    target_groups: Items[Key] = Field(
        default_factory=list, description="Målgrupper fra contracts/catalogue/target_groups.yaml."
    )
