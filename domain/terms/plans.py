"""The money: the helhedsplaner a contract covers, each with its budget frame, funders and allocations."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from domain.terms.values import Items, Key, Ore, Period, Term, Text


class FunderShare(Term):
    funder: Literal["lbf", "municipality", "housing_organisations"]
    percent: Annotated[Decimal, Field(gt=0, le=100)]


class Allocation(Term):
    activity: Key
    amount: Ore


class BudgetFrame(Term):
    total: Ore
    funders: Items[FunderShare] = Field(default_factory=list)
    allocations: Items[Allocation] = Field(default_factory=list)
    unassigned_expenses: Literal["by_shares", "unassigned"] = Field(
        default="by_shares",
        description=(
            "Udgifter bogført uden finansieringskilde: by_shares = fordelt efter finansieringsandele (standard); "
            "unassigned = vist for sig, uden kilde."
        ),
    )

    @model_validator(mode="after")
    def _shares_add_up(self) -> BudgetFrame:
        if self.funders and sum(f.percent for f in self.funders) != 100:
            raise ValueError("finansieringsandelene skal tilsammen være 100 %")
        if len({f.funder for f in self.funders}) != len(self.funders):
            raise ValueError("en finansieringskilde står flere gange")
        return self


class Plan(Term):
    """A boligsocial helhedsplan the contract covers, with the contract's budget frame in it."""

    key: Key
    name: Text
    period: Period
    parties: Items[Key] = Field(default_factory=list, description="Parter bag helhedsplanen.")
    budget_frame: BudgetFrame
