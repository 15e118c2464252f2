"""Contract terms as flat documents: the differences a revision records, and how versions fold.

A terms document flattens to ``{path: value}``, where keyed collections (parties, activities,
responsibilities ...) are addressed by key, e.g.
``activities.praksisnetvaerk.cadences.netvaerksmoede.frequency.times``. A revision stores only
the paths it sets and the paths it removes, so the contract as of any date is a fold of
those changes in the order they take effect.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from domain import bounds
from domain.personal import PERSONAL_FIELDS
from domain.terms import ContractTerms, terms_error

Flat = dict[str, Any]
BEGINNING = date(1, 1, 1)  # the draft's "effective from": it holds until a revision takes effect

# Collections addressed by a field of their items rather than by position ("*" = any key).
_KEYED: dict[tuple[str, ...], str] = {
    ("parties",): "key",
    ("parties", "*", "units"): "key",
    ("contacts",): "key",
    ("plans",): "key",
    ("plans", "*", "budget_frame", "funders"): "funder",
    ("plans", "*", "budget_frame", "allocations"): "activity",
    ("activities",): "key",
    ("activities", "*", "responsibilities"): "key",
    ("activities", "*", "cadences"): "key",
    ("goals",): "key",
    ("goals", "*", "indicators"): "key",
}


@dataclass(frozen=True)
class Change:
    """One difference between two versions of the terms."""

    path: str
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


def flatten(terms: ContractTerms) -> Flat:
    """The terms as ``{path: value}``."""
    flat: Flat = {}
    _flatten(terms.model_dump(mode="json"), (), flat)
    return flat


def validated(flat: Flat) -> ContractTerms:
    """The terms of a flat document, or the TermsError naming what does not validate."""
    try:
        return unflatten(flat)
    except ValidationError as e:
        raise terms_error(e) from None


def unflatten(flat: Flat, reuse: ContractTerms | None = None, changed: Collection[str] = ()) -> ContractTerms:
    """Rebuild terms from ``{path: value}``; keyed collections come back as lists.

    Items of a collection show even when another version recorded the collection as empty (``[]``):
    a revision removes the paths it knew, not items recorded by others. With ``reuse``, only the
    top-level fields named in ``changed`` are rebuilt from ``flat``; the others are taken, already
    validated, from ``reuse`` (terms whose flat form agrees with ``flat`` outside ``changed``).
    """
    tree: dict[str, Any] = {}
    for path, value in flat.items():
        parts = path.split(".")
        if reuse is not None and parts[0] not in changed:
            continue
        node = tree
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):  # an empty collection one version left, with items another added
                child = node[part] = {}
            node = child
        if not (value == [] and isinstance(node.get(parts[-1]), dict)):
            node[parts[-1]] = value
    data = _listify(tree, ())
    if reuse is not None:
        data |= {name: getattr(reuse, name) for name in reuse.model_fields_set if name not in changed}
    return ContractTerms.model_validate(data)


def differences(before: Flat, after: Flat) -> list[Change]:
    """What changed from ``before`` to ``after``, in document order."""
    changes = [Change(p, before.get(p), v) for p, v in after.items() if before.get(p) != v]
    changes += [Change(p, v, None) for p, v in before.items() if p not in after]
    return changes


@dataclass(frozen=True)
class Decision:
    """The forum decision a revision came from."""

    decided_by: str
    decided_on: date | None = None
    reference: str | None = None

    def check_bounds(self) -> None:
        """Refuse a decision whose date or texts no door should let through (checked by the command)."""
        if self.decided_on is not None:
            bounds.day(self.decided_on, "decision.decided_on")
        bounds.name(self.decided_by, "decision.decided_by")
        bounds.name(self.reference or "", "decision.reference")


@dataclass(frozen=True)
class Version:
    """One recorded change of the terms: the draft (number 1) or a revision."""

    number: int
    recorded_at: datetime
    effective_from: date
    actor: str
    changes: Flat = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    decision: Decision | None = None


def fold(versions: list[Version], effective: date | None, known_at: datetime | None) -> Flat | None:
    """The flat terms in force on ``effective`` as they were known at ``known_at``.

    Revisions apply in the order they take effect; two taking effect the same day apply in
    the order they were recorded. ``None`` when nothing was known yet.
    """
    found = in_force(versions, effective, known_at)
    return None if found is None else merge(found)


def in_force(versions: list[Version], effective: date | None, known_at: datetime | None) -> list[Version] | None:
    """The versions that make up the terms on ``effective`` as known at ``known_at``, in the order they apply."""
    known = [v for v in versions if known_at is None or v.recorded_at <= known_at]
    if not known:
        return None
    return sorted(
        (v for v in known if effective is None or v.effective_from <= effective or v.number == 1),
        key=lambda v: (v.effective_from, v.number),
    )


def merge(versions: list[Version]) -> Flat:
    """The flat terms from versions applied in order."""
    flat: Flat = {}
    for version in versions:
        for path in version.removed:
            flat.pop(path, None)
        flat.update(version.changes)
    return flat


def items_of(path: str) -> list[tuple[str, str]]:
    """The keyed items a path lies in, outermost first: (item path, its collection's name).

    ``plans.urbanplanen.budget_frame.allocations.praksisnetvaerk.amount`` lies in
    ``plans.urbanplanen`` (plans) and ``plans.urbanplanen.budget_frame.allocations.praksisnetvaerk``
    (allocations).
    """
    parts = path.split(".")
    found: list[tuple[str, str]] = []
    for i in range(1, len(parts)):
        if _pattern(tuple(parts[:i])) in _KEYED:
            found.append((".".join(parts[: i + 1]), parts[i - 1]))
    return found


def is_keyed_collection(path: str) -> bool:
    """Whether a path names a keyed collection itself (stored as ``[]`` while it is empty)."""
    return _pattern(tuple(path.split("."))) in _KEYED


def impersonal(flat: Flat) -> Flat:
    """A flat document without contact persons' personal data (stored before it moved to ``ContactPersons``)."""
    return {p: v for p, v in flat.items() if not _personal(p)}


def _personal(path: str) -> bool:
    parts = path.split(".")
    return len(parts) == 3 and parts[0] == "contacts" and parts[2] in PERSONAL_FIELDS


def _flatten(node: Any, at: tuple[str, ...], out: Flat) -> None:
    if len(at) == 3 and at[0] == "contacts" and at[2] in PERSONAL_FIELDS:
        return  # who holds a contact role is not a term: see domain/contact_persons.py
    pattern = _pattern(at)
    if pattern in _KEYED and isinstance(node, list):
        key_field = _KEYED[pattern]
        for item in node:
            rest = {k: v for k, v in item.items() if k != key_field}
            _flatten(rest, (*at, str(item[key_field])), out)
        if not node:
            out[".".join(at)] = []
    elif isinstance(node, dict) and node:
        for k, v in node.items():
            _flatten(v, (*at, k), out)
    else:
        out[".".join(at)] = node


def _listify(node: Any, at: tuple[str, ...]) -> Any:
    pattern = _pattern(at)
    if pattern in _KEYED and isinstance(node, dict):
        key_field = _KEYED[pattern]
        return [{key_field: k, **_listify(v, (*at, k))} for k, v in node.items()]
    if isinstance(node, dict):
        return {k: _listify(v, (*at, k)) for k, v in node.items()}
    return node


@lru_cache(maxsize=8192)  # a contract has a few hundred distinct paths; flattening asks for each of them
def _pattern(at: tuple[str, ...]) -> tuple[str, ...]:
    """Replace the keys of keyed collections in a path by '*'."""
    out: list[str] = []
    for part in at:
        out.append("*" if tuple(out) in _KEYED else part)
    return tuple(out)


class TermsCache:
    """Built terms by what they are made of (contract, draft, winning version of each revised path)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.built: OrderedDict[tuple[Any, ...], ContractTerms] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, identity: tuple[Any, ...], build: Callable[[], ContractTerms]) -> ContractTerms:
        with self.lock:
            terms = self.built.get(identity)
            if terms is not None:
                self.built.move_to_end(identity)
                return terms
        terms = build()
        with self.lock:
            self.built[identity] = terms
            if len(self.built) > self.size:
                self.built.popitem(last=False)
        return terms


@dataclass(frozen=True)
class LifecycleFact:
    """Signed or ended: the business date, and who recorded it when."""

    kind: str
    day: date
    actor: str
    recorded_at: datetime
    reason: str = ""
