"""How a standing duty is attested: per year, half-year or quarter, and how long after a period's end."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from domain.terms.values import Term

AttestationPeriod = Literal["year", "half_year", "quarter"]
DEFAULT_PERIOD: AttestationPeriod = "year"
DEFAULT_GRACE_MONTHS = 1


class AttestationRule(Term):
    """A standing duty's attestation: one per period, due by the end of the Nth month after it ends.

    Given on the contract (for all its standing duties) and/or on a responsibility (which wins,
    field by field); unset fields default to yearly, due by the end of the next month (31 January).
    """

    period: AttestationPeriod | None = Field(
        default=None, description="Erklæring pr. år (standard), halvår eller kvartal."
    )
    grace_months: Annotated[int, Field(ge=0, le=12)] | None = Field(
        default=None,
        description="Frist: sidste dag i den N'te måned efter periodens slutning (standard 1: 31. januar for et år).",
    )


def resolved(own: AttestationRule | None, contract: AttestationRule | None) -> tuple[AttestationPeriod, int]:
    """The period and grace a responsibility is attested with: its own, else the contract's, else the default."""
    rules = [r for r in (own, contract) if r is not None]
    period = next((r.period for r in rules if r.period is not None), DEFAULT_PERIOD)
    grace = next((r.grace_months for r in rules if r.grace_months is not None), DEFAULT_GRACE_MONTHS)
    return period, grace
