"""The building blocks of terms: keys, bounded texts and lists, periods, amounts (files write kroner, the rest øre)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from domain.bounds import MAX_DIGITS, MAX_ITEMS, MAX_NUMBER, MAX_ORE, MAX_TEXT, control_character
from domain.bounds import Day as Day

T = TypeVar("T")

Key = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="Stabil nøgle: små bogstaver, tal og bindestreg (fx 'sof' eller 'netvaerksmoede').",
    ),
]


def _no_control(value: str) -> str:
    found = control_character(value)
    if found is not None:
        raise ValueError(f"teksten indeholder et kontroltegn (U+{ord(found):04X}), som ikke er tilladt")
    return value


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_no_control)]
"""A text that must be given (a name, a description)."""
FreeText = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_no_control)]
"""A text that may be empty (an anchoring, a location)."""
Items = Annotated[list[T], Field(max_length=MAX_ITEMS)]
"""A list of at most MAX_ITEMS items."""
Number = Annotated[Decimal, Field(max_digits=MAX_DIGITS, gt=-MAX_NUMBER, lt=MAX_NUMBER, allow_inf_nan=False)]
"""A finite decimal (an indicator's baseline or target)."""


def parse_kroner(value: Any) -> int:
    """Kroner as a number or a Danish amount ("1.626.217,- kr.", "1.626.217,50") to øre."""
    if isinstance(value, bool):
        raise ValueError("beløb skal være et tal i kroner")
    if (isinstance(value, str) and len(value) > 40) or (isinstance(value, int) and value.bit_length() > 64):
        raise ValueError(f"beløbet er for stort; højst {MAX_ORE // 100:,} kr.".replace(",", "."))
    if isinstance(value, int):
        kroner = Decimal(value)
    elif isinstance(value, (float, Decimal)):
        kroner = Decimal(str(value))
    elif isinstance(value, str):
        cleaned = value.strip().removesuffix("kr.").removesuffix("kr").strip().replace(" ", "")
        if not re.fullmatch(r"\d+\.\d{1,2}", cleaned):  # "1626217.50" is a decimal point, else "." groups
            cleaned = cleaned.replace(".", "").replace(",-", "").replace(",", ".")
        try:
            kroner = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"'{value}' er ikke et beløb i kroner") from None
    else:
        raise ValueError("beløb skal være et tal i kroner")
    if not kroner.is_finite():
        raise ValueError(f"'{value}' er ikke et beløb i kroner")
    if kroner < 0:
        raise ValueError(f"beløbet {value} er negativt; beløb skal være 0 eller derover")
    if kroner > MAX_ORE // 100:
        raise ValueError(f"beløbet er for stort; højst {MAX_ORE // 100:,} kr.".replace(",", "."))
    ore = kroner * 100
    if ore != ore.to_integral_value():
        raise ValueError(f"beløbet {value} har mere end to decimaler")
    return int(ore)


def _amount(value: Any, info: ValidationInfo) -> Any:
    """Contract files write kroner; everywhere else (events, API) amounts are already øre."""
    if info.context and info.context.get("amounts") == "kroner":
        return parse_kroner(value)
    return value


Ore = Annotated[
    int,
    BeforeValidator(_amount),
    Field(ge=0, le=MAX_ORE),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number", "minimum": 0, "maximum": MAX_ORE // 100}, {"type": "string"}],
            "description": "Beløb i kroner: 1626217, 1626217.50 eller '1.626.217,- kr.'",
        }
    ),
]
"""An amount in integer øre; a contract file writes it in kroner."""

FILE_CONTEXT = {"amounts": "kroner"}
"""Validation context for contract files: amounts are read as kroner."""


class Term(BaseModel):
    """A value object of the terms: immutable, and no field beyond those declared."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Term):
    start: Day
    end: Day | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError("periodens slutdato ligger før startdatoen")
        return self
