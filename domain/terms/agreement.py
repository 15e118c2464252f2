"""Everything agreed in one contract, the value object revisions change."""

from __future__ import annotations

from pydantic import Field

from domain.terms.activities import Activity
from domain.terms.attestation import AttestationRule
from domain.terms.goals import Goal
from domain.terms.parties import ContactPerson, Party
from domain.terms.plans import Plan
from domain.terms.values import FreeText, Items, Period, Term, Text


class ContractTerms(Term):
    """Everything agreed in a contract; revisions change these terms."""

    title: Text
    urban_area: Text
    focus_area: Text
    period: Period
    example: bool = Field(default=False, description="Eksempel, ikke en rigtig kontrakt.")
    source: FreeText = ""
    overall_goals: Items[Text] = Field(default_factory=list)
    policy_goals: Items[Text] = Field(default_factory=list)
    coordinating_forum: Text
    revising_forum: Text
    parties: Items[Party] = Field(min_length=1)
    contacts: Items[ContactPerson] = Field(default_factory=list)
    plans: Items[Plan] = Field(default_factory=list)
    activities: Items[Activity] = Field(default_factory=list)
    goals: Items[Goal] = Field(default_factory=list)
    attestation: AttestationRule | None = Field(
        default=None, description="Hvordan kontraktens løbende forpligtelser erklæres (pr. år, frist 31. januar)."
    )
    escalation_days: int = Field(
        default=14, ge=1, le=366,
        description="Dage en frist må være forfalden, før den eskaleres til kontraktens koordinatorer.",
    )  # fmt: skip

    def roles_only(self) -> ContractTerms:
        """The terms as a contract records them: contact roles without the persons holding them."""
        blank = dict.fromkeys(("name", "email", "phone"))
        return self.model_copy(update={"contacts": [c.model_copy(update=blank) for c in self.contacts]})
