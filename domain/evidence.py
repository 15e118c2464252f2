"""Which occurrence each piece of evidence settles, decided when the question is asked.

Evidence is a fact about a day. A held meeting of a cadence settles its conveners' occurrence
whose window holds the meeting's day. A fulfilment that named an occurrence settles that one
(if it still exists and the fulfilment is not before its window); one that named none settles
the oldest open occurrence due on or before its day, else the one whose window holds the day.
Named fulfilments are placed first, then held meetings, then the others, each group in day
order. A waived occurrence is not open, but evidence naming it or falling in its window meets it.
The occurrences are those of the rule in force on each due date, so a revision (retroactive too)
re-places all evidence already recorded.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.cadence import Occurrence


@dataclass(frozen=True)
class Proof:
    """One piece of evidence: its day, the due date its author named (if any), and whether it is a held
    meeting (which counts only for the window it falls in). ``ref`` is what the caller needs back."""

    day: date
    named: date | None = None
    within: bool = False
    ref: Any = None


def place(
    occurrences: Sequence[Occurrence], proofs: Iterable[Proof], waived: Collection[date] = ()
) -> tuple[dict[date, Proof], list[Proof]]:
    """Each settled occurrence's proof by due date, and the proofs that settle none (in order given)."""
    by_due = {o.due: o for o in occurrences}
    met: dict[date, Proof] = {}
    spare: list[Proof] = []
    ordered = sorted(proofs, key=lambda p: (p.named is None, not p.within, p.day))
    for proof in ordered:
        target = _target(occurrences, by_due, met, waived, proof)
        if target is None:
            spare.append(proof)
        else:
            met[target.due] = proof
    return met, spare


def _target(
    occurrences: Sequence[Occurrence],
    by_due: dict[date, Occurrence],
    met: dict[date, Proof],
    waived: Collection[date],
    proof: Proof,
) -> Occurrence | None:
    named = by_due.get(proof.named) if proof.named is not None else None
    if named is not None and proof.day >= named.window_start:
        return None if named.due in met else named
    if not proof.within:
        late = open_due_by(occurrences, met, waived, proof.day)
        if late:
            return late[0]
    current = containing(occurrences, proof.day)
    return current if current is not None and current.due not in met else None


def open_due_by(
    occurrences: Sequence[Occurrence], met: Collection[date], waived: Collection[date], day: date
) -> list[Occurrence]:
    """The open occurrences (neither met nor waived) due on or before ``day``, oldest first."""
    return [o for o in occurrences if o.due <= day and o.due not in met and o.due not in waived]


def containing(occurrences: Sequence[Occurrence], day: date) -> Occurrence | None:
    """The occurrence whose window holds ``day``."""
    return next((o for o in occurrences if o.contains(day)), None)


def days_late(due: date, day: date) -> int:
    """How many days after its due date an occurrence was met (0 on time)."""
    return max(0, (day - due).days)
