"""What the contract aims at: goals and the indicators measured against them, with a target per period."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from domain.goal import PERIOD
from domain.terms.values import Items, Key, Number, Term, Text


def _period(value: str) -> str:
    if not PERIOD.match(value):
        raise ValueError(f"'{value}' er ikke en periode; skriv fx 2015, 2015-Q2, 2015-H1 eller 2015-03")
    return value


PeriodCode = Annotated[str, Field(max_length=7), AfterValidator(_period)]
"""A year (2015), half year (2015-H1), quarter (2015-Q2) or month (2015-03): as measurements name them."""


class PeriodTarget(Term):
    """The target for one period; its progress is the measurement recorded for that same period."""

    period: PeriodCode
    value: Number


class Indicator(Term):
    key: Key
    name: Text
    unit: Text
    direction: Literal["decrease", "increase", "maintain"]
    baseline: Number | None = None
    target: Number | None = Field(default=None, description="Målet for hele kontraktperioden.")
    kind: Literal["count", "rate"] = Field(
        default="count", description="count: et tal (fx antal udsættelser); rate: en andel i procent (0–100)."
    )
    targets: Items[PeriodTarget] = Field(default_factory=list, description="Et mål pr. periode (fx pr. år).")

    @model_validator(mode="after")
    def _targets_make_sense(self) -> Indicator:
        periods = [t.period for t in self.targets]
        repeated = sorted({p for p in periods if periods.count(p) > 1})
        if repeated:
            raise ValueError(f"perioden {', '.join(repeated)} har flere mål; giv ét mål pr. periode")
        if self.kind == "rate":
            values = [self.baseline, self.target, *(t.value for t in self.targets)]
            if any(v is not None and not Decimal(0) <= v <= Decimal(100) for v in values):
                raise ValueError("en andel (kind: rate) er i procent: udgangspunkt og mål skal ligge mellem 0 og 100")
        return self


class Goal(Term):
    key: Key
    text: Text
    activity: Key | None = None
    indicators: Items[Indicator] = Field(default_factory=list)
