"""What the contract aims at: goals and the indicators measured against them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from domain.terms.values import Items, Key, Number, Term, Text


class Indicator(Term):
    key: Key
    name: Text
    unit: Text
    direction: Literal["decrease", "increase", "maintain"]
    baseline: Number | None = None
    target: Number | None = None


class Goal(Term):
    key: Key
    text: Text
    activity: Key | None = None
    indicators: Items[Indicator] = Field(default_factory=list)
