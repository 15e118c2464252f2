"""Revision use cases: revise a contract from new terms, a file, single paths or an edit (a frame, a cadence)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from domain.cadence import Frequency
from domain.contract import Contract
from domain.decisions import note_decision, revise_by_file
from domain.errors import PlanNotFoundError, TermsError, UnknownTermsPathError
from domain.permissions import Actor, acting, require_administer
from domain.terms import ContractFile, ContractTerms, terms_error
from domain.use_cases.persons import PersonUseCases
from domain.use_cases.records import Outcome, current, use_case
from domain.versions import Change, Decision, flatten, unflatten

Revised = tuple[list[Change], Outcome]
Edit = Callable[[dict[str, Any]], None]  # changes the JSON form of the terms in force


class RevisionUseCases(PersonUseCases):
    """Revisions agreed by the forum: nothing is recorded when nothing changed."""

    @use_case
    def revise_contract(
        self,
        key: str,
        change: ContractTerms | Edit,
        effective_from: date,
        decision: Decision,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Revised:
        """Record, from a date on a decision, the differences between the terms in force and ``change``: new
        terms, or an edit of the JSON form of the terms in force (``budget_frame``, ``cadence_frequency``,
        ``paths`` below)."""
        contract = self._revisable(key, actor, expected_version)
        if isinstance(change, ContractTerms):
            terms = change
        else:
            data = contract.terms(effective_from).model_dump(mode="json")
            change(data)
            terms = validated(data)
        return self._revise(contract, terms, effective_from, decision, acting(actor))

    @use_case
    def revise_from_file(self, file: ContractFile, actor: Actor | str, expected_version: int | None = None) -> Revised:
        """Record a whole contract file's differences as one revision, on the fresh decision its note names."""
        contract = self._revisable(file.key, actor, expected_version)
        self._file_decision_in_register(contract, file)
        changes = revise_by_file(contract, file, acting(actor).name)
        persons = self._stage_named_persons(contract, file.terms(), acting(actor).name)
        if not changes and persons is None:
            return [], Outcome(contract.version, None)
        return changes, self._save(contract, *([persons] if persons else []), subject=contract)

    def _revisable(self, key: str, actor: Actor | str, expected_version: int | None) -> Contract:
        require_administer(acting(actor), "revidere kontrakter")
        return current(self._contract(key, "write"), expected_version)

    def _file_decision_in_register(self, contract: Contract, file: ContractFile) -> None:
        """A signed contract's file block names a decision its registered forum's register must hold."""
        if contract.signed_on is None or file.revision is None:
            return
        decision = note_decision(file.revision, file.revising_forum)
        if decision not in {v.decision for v in contract.versions}:  # a used block records nothing again
            self._in_register(decision)

    def _revise(
        self, contract: Contract, terms: ContractTerms, effective_from: date, decision: Decision, actor: Actor
    ) -> Revised:
        if contract.signed_on is not None:
            self._in_register(decision)
        changes = contract.revise(terms, effective_from, decision, actor.name)
        if not changes:
            return [], Outcome(contract.version, None)
        return changes, self._save(contract, subject=contract)


def validated(data: dict[str, Any]) -> ContractTerms:
    """Terms from their JSON form; what does not hold together is a ``TermsError`` naming each field."""
    try:
        return ContractTerms.model_validate(data)
    except ValidationError as e:
        raise terms_error(e) from None


def _unflattened(flat: dict[str, Any]) -> ContractTerms:
    try:
        return unflatten(flat)
    except ValidationError as e:
        raise terms_error(e) from None
    except (TypeError, AttributeError, KeyError, ValueError) as e:  # a path through a value, not a field
        raise TermsError([("set", f"stierne passer ikke til vilkårene ({e})")]) from None


def budget_frame(key: str, plan: str, total: int, allocations: list[dict[str, Any]] | None) -> Edit:
    """Set a plan's budget frame (øre) and, when given, its allocations per activity."""

    def edit(data: dict[str, Any]) -> None:
        frame = next((p["budget_frame"] for p in data["plans"] if p["key"] == plan), None)
        if frame is None:
            raise PlanNotFoundError(key, plan)
        frame["total"] = total
        if allocations is not None:
            frame["allocations"] = allocations

    return edit


def cadence_frequency(cadence: str, frequency: Frequency) -> Edit:
    """Change how often a cadence's meetings are held."""

    def edit(data: dict[str, Any]) -> None:
        cadences = {c["key"]: c for a in data["activities"] for c in a["cadences"]}
        if cadence not in cadences:
            raise TermsError([("cadence", f"kontrakten har ingen mødekadence '{cadence}'")])
        cadences[cadence]["frequency"] = frequency.model_dump(mode="json")

    return edit


def paths(changed: dict[str, Any], removed: list[str]) -> Edit:
    """Set single terms to values, or remove them, named by their paths as in a diff."""

    def edit(data: dict[str, Any]) -> None:
        flat = flatten(validated(data))
        for path in removed:
            if path not in flat:
                raise UnknownTermsPathError(path)
            del flat[path]
        flat.update(changed)
        edited = _unflattened(flat).model_dump(mode="json")
        data.clear()
        data.update(edited)

    return edit
