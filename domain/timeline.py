"""An index over a contract's versions: the flat terms on any date as known at any time, without a full fold.

``versions.fold`` applies every version known at ``known_at`` and in force on ``effective``, in the
order they take effect. This index gives the same dict – values and key order – from per-path
touches: for every path a revision ever set or removed, the revisions touching it sorted by
``(effective_from, number)``. Versions are recorded in number order with non-decreasing times, so
"known at" is a number prefix found by bisection; "in force on" is a bisection in each touched path.
One query costs O(B + T log n) – a C-level copy of the draft's B paths plus T touched paths – instead
of O(changes of all n versions). Revisions recorded after ``known_at`` but taking effect earlier are
skipped one by one; when recording times are not in number order the plain fold answers instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.versions import Decision, Flat, Version, fold, in_force

_LAST = 2**62  # a version number above every real one, for bisecting "on or before a day"


@dataclass(frozen=True)
class Touch:
    """One version's setting or removal of one path; ``order`` is the path's place among the version's changes."""

    effective_from: date
    number: int
    order: int
    removes: bool  # the version removes the path (before setting it, when it also sets it)
    sets: bool
    value: Any


class Timeline:
    """A contract's versions, in number order, with the index that answers "terms on a date as known at a time"."""

    def __init__(self, versions: list[Version] | None = None) -> None:
        self.versions: list[Version] = []
        self._recorded: list[datetime] = []
        self._unordered_from = 0  # the first version recorded before the one preceding it (0: none)
        self._base: Flat = {}
        self._keys: dict[str, list[tuple[date, int]]] = {}
        self._touches: dict[str, list[Touch]] = {}
        self._removals: dict[str, list[tuple[date, int]]] = {}
        self._days: dict[date, int] = {}  # effective date of revisions -> how many take effect then
        self._sorted_days: list[date] = []
        for version in versions or []:
            self.add(version)

    @classmethod
    def from_columns(cls, columns: dict[str, list[Any]]) -> Timeline:
        """The timeline stored by ``columns()``."""
        recorded = map(datetime.fromisoformat, columns["recorded_at"])
        effective = map(date.fromisoformat, columns["effective_from"])
        decisions = (
            None if d is None else Decision(d[0], d[1] and date.fromisoformat(d[1]), d[2]) for d in columns["decision"]
        )
        rows = zip(
            recorded, effective, columns["actor"], columns["changes"], columns["removed"], decisions, strict=True
        )
        return cls(
            [
                Version(n, at, day, actor, changes, tuple(removed), decision)
                for n, (at, day, actor, changes, removed, decision) in enumerate(rows, 1)
            ]
        )

    def columns(self) -> dict[str, list[Any]]:
        """The versions as columns of plain values, for a snapshot."""
        vs = self.versions
        return {
            "recorded_at": [v.recorded_at.isoformat() for v in vs],
            "effective_from": [v.effective_from.isoformat() for v in vs],
            "actor": [v.actor for v in vs],
            "changes": [v.changes for v in vs],
            "removed": [list(v.removed) for v in vs],
            "decision": [_decision(v.decision) for v in vs],
        }

    def __deepcopy__(self, memo: dict[int, Any]) -> Timeline:
        """A copy sharing the immutable versions and touches: copying a cached contract stays cheap."""
        copy = object.__new__(Timeline)
        copy.__dict__ = self.__dict__ | {
            "versions": list(self.versions),
            "_recorded": list(self._recorded),
            "_keys": {p: list(k) for p, k in self._keys.items()},
            "_touches": {p: list(t) for p, t in self._touches.items()},
            "_removals": {p: list(r) for p, r in self._removals.items()},
            "_days": dict(self._days),
            "_sorted_days": list(self._sorted_days),
        }
        return copy

    def add(self, version: Version) -> None:
        """Record the next version (the draft first)."""
        if self._recorded and version.recorded_at < self._recorded[-1] and not self._unordered_from:
            self._unordered_from = version.number
        self.versions.append(version)
        self._recorded.append(version.recorded_at)
        if version.number == 1:
            self._base = dict(version.changes)
            return
        self._index(version)

    def known(self, known_at: datetime | None) -> int:
        """How many versions were recorded by ``known_at`` (all of them for ``None``)."""
        if known_at is None:
            return len(self.versions)
        if self.indexed:
            return bisect_right(self._recorded, known_at)
        return sum(1 for at in self._recorded if at <= known_at)

    @property
    def indexed(self) -> bool:
        """Whether the index answers (recording times in number order), or the plain fold."""
        return not self._unordered_from

    def flat(self, effective: date | None, known_at: datetime | None) -> Flat | None:
        """What ``versions.fold`` answers for the same versions, ``effective`` and ``known_at``."""
        if not self.indexed:
            return fold(self.versions, effective, known_at)
        known = self.known(known_at)
        return None if known == 0 else self._fold(known, effective or date.max)

    def identity(self, effective: date | None, known_at: datetime | None) -> tuple[Any, ...]:
        """What the terms on ``effective`` as known at ``known_at`` are made of: equal identities, equal terms."""
        if not self.indexed:
            found = in_force(self.versions, effective, known_at) or []
            return tuple((v.number, v.recorded_at) for v in found)
        known, day = self.known(known_at), effective or date.max
        winners = (self._winner(path, known, day) for path in self._touches)
        return (self._recorded[0] if known else None, *(w for w in winners if w is not None))

    def later_days(self, candidate: Version) -> list[date]:
        """The effective dates after ``candidate``'s on which its changes would still show."""
        paths = [*candidate.removed, *candidate.changes]
        after = (candidate.effective_from, _LAST)
        until = date.min
        for path in paths:
            keys = self._keys.get(path, [])
            i = bisect_right(keys, after)
            until = max(until, keys[i][0] if i < len(keys) else date.max)
        days = self._sorted_days
        return days[bisect_right(days, candidate.effective_from) : bisect_left(days, until)]

    def take_back(self) -> None:
        """Forget the last version (one being tried, never one recorded)."""
        version = self.versions.pop()
        self._recorded.pop()
        if self._unordered_from == version.number:
            self._unordered_from = 0
        key = (version.effective_from, version.number)
        for path in {*version.removed, *version.changes}:
            keys = self._keys[path]
            i = bisect_left(keys, key)
            del keys[i], self._touches[path][i]
            if version.removed and path in version.removed:
                self._removals[path].remove(key)
            if not keys:
                del self._keys[path], self._touches[path]
        self._days[version.effective_from] -= 1
        if not self._days[version.effective_from]:
            del self._days[version.effective_from]
            self._sorted_days.remove(version.effective_from)

    def _index(self, version: Version) -> None:
        removed = set(version.removed)
        order = {path: i for i, path in enumerate(version.changes)}
        for path in [*version.removed, *(p for p in version.changes if p not in removed)]:
            touch = Touch(
                version.effective_from,
                version.number,
                order.get(path, -1),
                path in removed,
                path in version.changes,
                version.changes.get(path),
            )
            key = (version.effective_from, version.number)
            keys, touches = self._keys.setdefault(path, []), self._touches.setdefault(path, [])
            i = bisect_right(keys, key)
            keys.insert(i, key)
            touches.insert(i, touch)
            if touch.removes:
                insort(self._removals.setdefault(path, []), key)
        if version.effective_from not in self._days:
            insort(self._sorted_days, version.effective_from)
        self._days[version.effective_from] = self._days.get(version.effective_from, 0) + 1

    def _fold(self, known: int, day: date) -> Flat:
        flat = dict(self._base)
        moved: list[tuple[tuple[date, int, int], str, Any]] = []
        for path, touches in self._touches.items():
            i = self._last_applied(path, known, day)
            if i < 0:
                continue
            winner = touches[i]
            if not winner.sets:
                flat.pop(path, None)
                continue
            inserted = self._inserted(path, i, known)
            if inserted is None:
                flat[path] = winner.value
            else:
                flat.pop(path, None)
                moved.append((inserted, path, winner.value))
        for _, path, value in sorted(moved, key=lambda m: m[0]):
            flat[path] = value
        return flat

    def _winner(self, path: str, known: int, day: date) -> tuple[str, int, tuple[date, int, int] | None] | None:
        i = self._last_applied(path, known, day)
        if i < 0:
            return None
        touch = self._touches[path][i]
        return path, touch.number, self._inserted(path, i, known) if touch.sets else None

    def _last_applied(self, path: str, known: int, day: date) -> int:
        """Index of the last touch of ``path`` known and in force on ``day``, in the order they apply; -1 for none."""
        touches = self._touches[path]
        i = bisect_right(self._keys[path], (day, _LAST)) - 1
        while i >= 0 and touches[i].number > known:
            i -= 1
        return i

    def _inserted(self, path: str, last: int, known: int) -> tuple[date, int, int] | None:
        """Where ``path`` sits in the folded dict: the touch that (re)inserted it, or ``None`` for the draft's place."""
        touches = self._touches[path]
        j = self._last_removal(path, (touches[last].effective_from, touches[last].number), known)
        if j < 0 and path in self._base:
            return None
        if j >= 0 and touches[j].sets:
            return _place(touches[j])
        k = j + 1
        while touches[k].number > known:
            k += 1
        return _place(touches[k])

    def _last_removal(self, path: str, until: tuple[date, int], known: int) -> int:
        """Index of the last known touch of ``path`` up to ``until`` that removes it; -1 for none."""
        removals = self._removals.get(path, [])
        r = bisect_right(removals, until) - 1
        while r >= 0 and removals[r][1] > known:
            r -= 1
        return -1 if r < 0 else bisect_left(self._keys[path], removals[r])


def _decision(decision: Decision | None) -> list[Any] | None:
    if decision is None:
        return None
    return [decision.decided_by, decision.decided_on and decision.decided_on.isoformat(), decision.reference]


def _place(touch: Touch) -> tuple[date, int, int]:
    return touch.effective_from, touch.number, touch.order
