"""What the contract aims at: goals and the indicators measured against them."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from domain.terms.values import Key, Term, Text


class Indicator(Term):
    key: Key
    name: Text
    unit: Text
    direction: Literal["decrease", "increase", "maintain"]
    baseline: Decimal | None = None
    target: Decimal | None = None


class Goal(Term):
    key: Key
    text: Text
    activity: Key | None = None
    indicators: list[Indicator] = Field(default_factory=list)
