"""Cross-references inside terms: every key referred to exists, and every key is used once.

Checked after validation so that file import, the API and revisions report each with its field.
"""

from __future__ import annotations

from typing import ClassVar

from domain import catalogue  # the module (it reads the terms' value types): its catalogue() is called late
from domain.terms.activities import Activity
from domain.terms.agreement import ContractTerms

Loc = tuple[str | int, ...]
Problems = list[tuple[Loc, str]]


def reference_problems(terms: ContractTerms) -> Problems:
    """Every cross-reference that points at nothing, and every duplicated key, with its field."""
    refs = _References(terms)
    problems = _duplicate_keys(terms)
    for i, contact in enumerate(terms.contacts):
        refs.party(problems, ("contacts", i, "party"), contact.party)
        refs.unit(problems, ("contacts", i, "unit"), contact.party, contact.unit)
    for i, plan in enumerate(terms.plans):
        for j, key in enumerate(plan.parties):
            refs.party(problems, ("plans", i, "parties", j), key)
        for j, alloc in enumerate(plan.budget_frame.allocations):
            refs.known(problems, ("plans", i, "budget_frame", "allocations", j, "activity"), alloc.activity, "activity")
    for i, activity in enumerate(terms.activities):
        _activity_problems(refs, problems, ("activities", i), activity)
    for i, goal in enumerate(terms.goals):
        if goal.activity is not None:
            refs.known(problems, ("goals", i, "activity"), goal.activity, "activity")
    return problems


class _References:
    """The keys a contract's terms can refer to."""

    _NAMES: ClassVar[dict[str, str]] = {"activity": "aktivitet", "cadence": "mødekadence", "contact": "kontaktperson"}

    def __init__(self, terms: ContractTerms):
        self.parties = {p.key: {u.key for u in p.units} for p in terms.parties}
        self.keys = {
            "activity": {a.key for a in terms.activities},
            "cadence": {c.key for a in terms.activities for c in a.cadences},
            "contact": {c.key for c in terms.contacts},
        }

    def party(self, problems: Problems, loc: Loc, key: str) -> None:
        if key not in self.parties:
            problems.append((loc, f"ukendt part '{key}' (kendte parter: {', '.join(self.parties)})"))

    def unit(self, problems: Problems, loc: Loc, party: str, key: str | None) -> None:
        if key is not None and party in self.parties and key not in self.parties[party]:
            problems.append((loc, f"ukendt enhed '{key}' hos parten '{party}'"))

    def known(self, problems: Problems, loc: Loc, key: str, kind: str) -> None:
        if key not in self.keys[kind]:
            problems.append((loc, f"ukendt {self._NAMES[kind]} '{key}'"))


def _activity_problems(refs: _References, problems: Problems, at: Loc, activity: Activity) -> None:
    problems += catalogue.catalogue().activity_problems(at, activity.type, activity.target_groups)
    for j, function in enumerate(activity.staff_functions):
        refs.party(problems, (*at, "staff_functions", j, "party"), function.party)
    for j, key in enumerate(activity.contacts):
        refs.known(problems, (*at, "contacts", j), key, "contact")
    for j, duty in enumerate(activity.responsibilities):
        refs.party(problems, (*at, "responsibilities", j, "party"), duty.party)
        refs.unit(problems, (*at, "responsibilities", j, "unit"), duty.party, duty.unit)
        if duty.schedule.kind == "convene":
            refs.known(problems, (*at, "responsibilities", j, "schedule", "cadence"), duty.schedule.cadence, "cadence")
    for j, cadence in enumerate(activity.cadences):
        for k, key in enumerate(cadence.conveners):
            refs.party(problems, (*at, "cadences", j, "conveners", k), key)
        for k, key in enumerate(cadence.participants):
            refs.party(problems, (*at, "cadences", j, "participants", k), key)
        for k, key in enumerate(cadence.convener_units):
            if not any(key in refs.parties.get(p, set()) for p in cadence.conveners):
                problems.append(((*at, "cadences", j, "convener_units", k), f"ukendt enhed '{key}' hos indkalderne"))


def _duplicate_keys(terms: ContractTerms) -> Problems:
    """Keys must be unique: responsibilities, cadences and indicators across the whole contract."""
    groups: list[list[tuple[Loc, str]]] = [
        [(("parties", i, "key"), p.key) for i, p in enumerate(terms.parties)],
        [(("contacts", i, "key"), c.key) for i, c in enumerate(terms.contacts)],
        [(("plans", i, "key"), p.key) for i, p in enumerate(terms.plans)],
        [(("activities", i, "key"), a.key) for i, a in enumerate(terms.activities)],
        [(("goals", i, "key"), g.key) for i, g in enumerate(terms.goals)],
        [
            (("activities", i, "responsibilities", j, "key"), r.key)
            for i, a in enumerate(terms.activities)
            for j, r in enumerate(a.responsibilities)
        ],
        [
            (("activities", i, "cadences", j, "key"), c.key)
            for i, a in enumerate(terms.activities)
            for j, c in enumerate(a.cadences)
        ],
        [
            (("goals", i, "indicators", j, "key"), ind.key)
            for i, g in enumerate(terms.goals)
            for j, ind in enumerate(g.indicators)
        ],
    ]
    problems: Problems = []
    for group in groups:
        seen: set[str] = set()
        for loc, key in group:
            if key in seen:
                problems.append((loc, f"nøglen '{key}' står flere gange"))
            seen.add(key)
    return problems
