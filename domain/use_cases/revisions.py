"""Revision use cases: revise a contract from new terms, a file, single paths, a budget frame or a cadence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from domain.cadence import Frequency
from domain.contract import Contract
from domain.decisions import revise_by_file
from domain.errors import PlanNotFoundError, TermsError, UnknownTermsPathError
from domain.permissions import Actor, acting, require_administer
from domain.terms import ContractFile, ContractTerms, terms_error
from domain.use_cases.persons import PersonUseCases
from domain.use_cases.records import Outcome, current, use_case
from domain.versions import Change, Decision, flatten, unflatten

Revised = tuple[list[Change], Outcome]


class RevisionUseCases(PersonUseCases):
    """Revisions agreed by the forum: nothing is recorded when nothing changed."""

    @use_case
    def revise_contract(
        self,
        key: str,
        terms: ContractTerms,
        effective_from: date,
        decision: Decision,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Revised:
        """Record the differences between the terms in force and these, from a date, on a decision."""
        contract = self._revisable(key, actor, expected_version)
        return self._revise(contract, terms, effective_from, decision, acting(actor))

    @use_case
    def revise_from_file(self, file: ContractFile, actor: Actor | str, expected_version: int | None = None) -> Revised:
        """Record a whole contract file's differences as one revision, on the fresh decision its note names."""
        contract = self._revisable(file.key, actor, expected_version)
        changes = revise_by_file(contract, file, acting(actor).name)
        persons = self._stage_named_persons(contract, file.terms(), acting(actor).name)
        if not changes and persons is None:
            return [], Outcome(contract.version, None)
        return changes, self._save(contract, *([persons] if persons else []), subject=contract)

    @use_case
    def revise_paths(
        self,
        key: str,
        changed: dict[str, Any],
        removed: list[str],
        effective_from: date,
        decision: Decision,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Revised:
        """Revise single terms, named by their paths as in a diff (set to a value, or removed)."""
        contract = self._revisable(key, actor, expected_version)
        flat = flatten(contract.terms(effective_from))
        for path in removed:
            if path not in flat:
                raise UnknownTermsPathError(path)
            del flat[path]
        flat.update(changed)
        return self._revise(contract, _unflattened(flat), effective_from, decision, acting(actor))

    @use_case
    def set_budget_frame(
        self,
        key: str,
        plan: str,
        total: int,
        allocations: list[dict[str, Any]] | None,
        effective_from: date,
        decision: Decision,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Revised:
        """Set a plan's budget frame (øre) and, when given, its allocations per activity, from a date."""

        def edit(data: dict[str, Any]) -> None:
            frame = next((p["budget_frame"] for p in data["plans"] if p["key"] == plan), None)
            if frame is None:
                raise PlanNotFoundError(key, plan)
            frame["total"] = total
            if allocations is not None:
                frame["allocations"] = allocations

        return self._revise_edited(key, edit, effective_from, decision, actor, expected_version)

    @use_case
    def change_cadence(
        self,
        key: str,
        cadence: str,
        frequency: Frequency,
        effective_from: date,
        decision: Decision,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Revised:
        """Change how often a cadence's meetings are held, from a date."""

        def edit(data: dict[str, Any]) -> None:
            cadences = {c["key"]: c for a in data["activities"] for c in a["cadences"]}
            if cadence not in cadences:
                raise TermsError([("cadence", f"kontrakten har ingen mødekadence '{cadence}'")])
            cadences[cadence]["frequency"] = frequency.model_dump(mode="json")

        return self._revise_edited(key, edit, effective_from, decision, actor, expected_version)

    def _revise_edited(
        self,
        key: str,
        edit: Callable[[dict[str, Any]], None],
        effective_from: date,
        decision: Decision,
        actor: Actor | str,
        expected_version: int | None,
    ) -> Revised:
        """Revise the terms in force on ``effective_from`` as ``edit`` changes their JSON form."""
        contract = self._revisable(key, actor, expected_version)
        data = contract.terms(effective_from).model_dump(mode="json")
        edit(data)
        return self._revise(contract, validated(data), effective_from, decision, acting(actor))

    def _revisable(self, key: str, actor: Actor | str, expected_version: int | None) -> Contract:
        require_administer(acting(actor), "revidere kontrakter")
        return current(self._contract(key, "write"), expected_version)

    def _revise(
        self, contract: Contract, terms: ContractTerms, effective_from: date, decision: Decision, actor: Actor
    ) -> Revised:
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
