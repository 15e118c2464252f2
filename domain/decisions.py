"""The forum decision a revision rests on: given for that revision, never invented, never reused from a file.

- A signed contract is revised only on a decision naming the forum, the day it decided and its
  reference (``DecisionRequiredError``); a draft may be changed freely until it is signed: such a
  change has no decision and holds from the start (the draft, as changed).
- A contract file's ``revision:`` block is a decision for one revision. A block whose decision is
  already recorded on the contract is not a decision for a new change (``DecisionAlreadyUsedError``),
  and a changed file without a block records nothing (``FileDecisionRequiredError``): the import says
  how to give one. A file that brings nothing new — the terms as some recorded version left them, or
  as in force on its block's day — writes nothing, so importing the same files again stays idempotent.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.errors import RuleError
from domain.versions import BEGINNING, Change, Decision, flatten

if TYPE_CHECKING:
    from domain.contract import Contract
    from domain.terms import ContractFile, RevisionNote


def missing_parts(decision: Decision | None) -> list[str]:
    """What a decision lacks to be one a signed contract can be revised on (Danish words)."""
    if decision is None:
        return ["forum", "dato", "reference"]
    parts = [("forum", decision.decided_by.strip()), ("dato", decision.decided_on), ("reference", decision.reference)]
    return [name for name, given in parts if not given or (isinstance(given, str) and not given.strip())]


def note_decision(note: RevisionNote, revising_forum: str) -> Decision:
    """The decision a file's ``revision:`` block names (the contract's revising forum when it names none)."""
    return Decision(note.decided_by or revising_forum, note.decided_on, note.reference)


def revise_by_file(contract: Contract, file: ContractFile, actor: str) -> list[Change]:
    """Record a changed file's differences on the decision it gives; a draft is changed freely."""
    if contract.signed_on is None:
        return contract.revise(file.terms(), BEGINNING, None, actor)
    note = file.revision
    decision = note_decision(note, file.revising_forum) if note else None
    used = {v.decision for v in contract.versions if v.decision is not None}
    if note and decision not in used and not missing_parts(decision) and note.effective_from:
        return contract.revise(file.terms(), note.effective_from, decision, actor)
    if _nothing_new(contract, file):
        return []
    if note is None:
        raise FileDecisionRequiredError(contract.key)
    if decision in used:
        raise DecisionAlreadyUsedError(contract.key, decision.decided_by, decision.decided_on, decision.reference)
    missing = missing_parts(decision) + ([] if note.effective_from else ["ikrafttræden"])
    raise DecisionRequiredError(contract.key, missing)


def _nothing_new(contract: Contract, file: ContractFile) -> bool:
    """The file holds the terms as some recorded version left them, or as in force on its block's day."""
    wanted = flatten(file.terms())
    note = file.revision
    if note and note.effective_from and flatten(contract.terms(note.effective_from)) == wanted:
        return True
    return any(flatten(contract.terms(known_at=v.recorded_at)) == wanted for v in reversed(contract.versions))


# --- rule errors


class DecisionRequiredError(RuleError):
    """A signed contract is revised only on a decision naming forum, day and reference."""

    def __init__(self, key: str, missing: list[str]) -> None:
        self.key, self.missing = key, missing
        super().__init__(
            f"Kontrakten '{key}' er underskrevet: en revision kræver forummets beslutning "
            f"(mangler: {', '.join(missing)})."
        )


class FileDecisionRequiredError(RuleError):
    """A changed file of a signed contract records nothing without a decision for that change."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"Kontraktfilen for '{key}' er ændret, men kontrakten er underskrevet, og filen angiver ingen ny "
            "beslutning; intet er registreret. Angiv beslutningen med 'forum revise "
            f"{key} FIL --decided-by … --decided-on ÅÅÅÅ-MM-DD --reference … --effective-from ÅÅÅÅ-MM-DD', "
            "eller skriv en ny 'revision:'-blok i filen (decided_by, decided_on, reference, effective_from)."
        )


class DecisionAlreadyUsedError(RuleError):
    """A file's revision block is a decision for one revision: a block already recorded is not used again."""

    def __init__(self, key: str, decided_by: str, decided_on: date | None, reference: str | None) -> None:
        self.key, self.decided_by, self.decided_on, self.reference = key, decided_by, decided_on, reference
        day = f" {decided_on:%d.%m.%Y}" if decided_on else ""
        super().__init__(
            f"Kontraktfilens 'revision:'-blok ({decided_by}{day}, {reference or 'uden reference'}) er allerede "
            f"registreret på kontrakten '{key}'; en ny ændring kræver en ny beslutning (en ny 'revision:'-blok "
            "eller 'forum revise')."
        )
