"""The decision register as the authority: which decision a revision, an adoption or a rejection rests on.

A decision names its forum by name or key (normalised to the key). When the forum is registered, a decision
it made on or after the day its register begins (``register_from``) must be in the register
(``DecisionNotInRegisterError``); earlier decisions, and decisions of a forum that is not registered, are
legacy: accepted as before, and shown as "ikke i beslutningsregistret".
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from domain.errors import RuleError
from domain.forum import Forum, RegisteredDecision
from domain.versions import Decision

Standing = Literal["registered", "legacy"]


def registered(forum: Forum | None, decision: Decision) -> RegisteredDecision | None:
    """The register's entry for a decision, if its forum is registered and holds it."""
    return None if forum is None else forum.find(decision.decided_on, decision.reference)


def require_registered(forum: Forum | None, decision: Decision) -> RegisteredDecision | None:
    """Refuse a decision of a registered forum, from its register's first day, that is not in the register."""
    entry = registered(forum, decision)
    if forum is None or entry is not None:
        return entry
    if decision.decided_on is not None and decision.decided_on < forum.register_from:
        return None  # legacy: decided before the register was kept
    raise DecisionNotInRegisterError(forum.name, decision.decided_on, decision.reference)


def standing(forum: Forum | None, decision: Decision) -> Standing:
    return "registered" if registered(forum, decision) is not None else "legacy"


# --- rule errors


class DecisionNotInRegisterError(RuleError):
    """From the day a forum's register begins, only its registered decisions authorise anything."""

    def __init__(self, forum: str, decided_on: date | None, reference: str | None) -> None:
        self.forum, self.decided_on, self.reference = forum, decided_on, reference
        day = f" {decided_on:%d.%m.%Y}" if decided_on else ""
        super().__init__(
            f"Beslutningen ({forum}{day}, {reference or 'uden reference'}) er ikke i forummets "
            "beslutningsregister. Registrér beslutningen først ('forum fora decide' eller forummets side), og "
            "angiv dens dato og reference præcist."
        )
