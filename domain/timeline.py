"""An index over a contract's versions: the flat terms on any date as known at any time, without a full fold.

``versions.fold`` applies every version known at ``known_at`` and in force on ``effective``, in the
order they take effect. This index gives the same dict – values and key order – from per-path
touches: for every path a revision ever set or removed, the revisions touching it sorted by
``(effective_from, number)``. Versions are recorded in number order with non-decreasing times, so
"known at" is a number prefix found by bisection; "in force on" is a bisection in each touched path.
One query costs O(B + T log n) – a C-level copy of the draft's B paths plus T touched paths – instead
of O(changes of all n versions). Revisions recorded after ``known_at`` but taking effect earlier are
skipped one by one; when recording times are not in number order the plain fold answers instead.

Everything is kept as plain values (ISO dates, version numbers, lists, dicts); a snapshot stores them packed
(``domain/timeline_snapshot.py``) and a loaded timeline reads its revisions' texts and recording times on
demand; ``Version`` objects are built only when asked for.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from domain.versions import Decision, Flat, Version, fold, in_force

_LAST = 2**62  # a version number above every real one, for bisecting "on or before a day"
_REMOVES, _SETS = 1, 2
_STATE = (
    "recorded",
    "effective",
    "actors",
    "changes",
    "removed",
    "decisions",
    "index",
    "days",
    "unordered_from",
    "table",
)

_COLUMNS = ("recorded", "effective", "actors", "changes", "decisions")  # lists, or loaded from a snapshot read as such

Place = tuple[str, int, int]  # where a path was (re)inserted: effective date, version number, order in its changes


class Timeline:
    """A contract's versions, in number order, with the index that answers "terms on a date as known at a time"."""

    def __init__(self, versions: list[Version] | None = None) -> None:
        self.recorded: list[str] = []  # ISO recording times, by number (from a snapshot: ``timeline_arrays.Encoded``)
        self.effective: list[str] = []  # ISO effective dates, by number (from a snapshot: ``timeline_arrays.Encoded``)
        self.actors: list[int] = []  # in ``table``, as most versions repeat a few actors and decisions (or arrays)
        self.changes: list[Flat] = []  # or, loaded from a snapshot, ``revision_texts.Texts`` (read on demand)
        self.removed: list[Sequence[str]] = []
        self.decisions: list[int] = []  # in ``table``; -1 for none
        self.table: list[Any] = []  # each distinct actor and decision once
        # path -> [numbers of the touching versions sorted by (effective, number), flags, order in the
        # version's changes, numbers of the removing touches (same order)]: plain ints, cheap to store and load
        self.index: dict[str, list[list[int]]] = {}
        self.days: dict[str, int] = {}  # effective dates of revisions -> how many take effect then
        self.unordered_from = 0  # the first version recorded before the one preceding it (0: none)
        self._versions: list[Version] | None = []
        self._ids: dict[str, int] | None = {}  # json of a table entry -> its place
        for version in versions or []:
            self.add(version)

    @classmethod
    def from_columns(cls, columns: dict[str, Any]) -> Timeline:
        """The timeline stored by ``columns()``: taken over as it is (touches stored as [effective, number] pairs
        by snapshots taken before the index held numbers are converted)."""
        timeline = object.__new__(cls)
        timeline.__dict__.update({name: columns[name] for name in _STATE}, _versions=None, _ids=None)
        for path, (keys, flags, orders, removals) in timeline.index.items():
            if keys and isinstance(keys[0], list):
                timeline.index[path] = [[k[1] for k in keys], flags, orders, [k[1] for k in removals]]
        return timeline

    def columns(self) -> dict[str, Any]:
        """The timeline as plain values (snapshots store them packed: ``domain/timeline_snapshot.py``)."""
        plain: dict[str, Any] = {name: list(getattr(self, name)) for name in _COLUMNS}
        plain["removed"] = [list(r) for r in self.removed]
        plain["index"] = {path: [list(column) for column in touches] for path, touches in self.index.items()}
        return {name: plain.get(name, getattr(self, name)) for name in _STATE}

    def __deepcopy__(self, memo: dict[int, Any]) -> Timeline:
        """A copy sharing the immutable parts: copying a cached contract stays cheap."""
        copy = object.__new__(Timeline)
        copy.__dict__ = {k: v[:] if isinstance(v, list | array) else v for k, v in self.__dict__.items()}
        copy.index = {path: [column[:] for column in touches] for path, touches in self.index.items()}
        copy.days = dict(self.days)
        copy.changes = self.changes.copy()  # lists, or a packed snapshot's columns read on demand
        copy.recorded, copy.effective = self.recorded.copy(), self.effective.copy()
        copy._ids = None if self._ids is None else dict(self._ids)
        return copy

    def __len__(self) -> int:
        return len(self.recorded)

    @property
    def versions(self) -> list[Version]:
        """Every version, the draft first (built on first use: most questions need none of them)."""
        if self._versions is None:
            rows = zip(
                self.recorded, self.effective, self.actors, self.changes, self.removed, self.decisions, strict=True
            )
            table = [*self.table, None]  # -1: no decision
            self._versions = [
                _version(n, at, day, table[a], ch, rm, table[d]) for n, (at, day, a, ch, rm, d) in enumerate(rows, 1)
            ]
        return self._versions

    @property
    def indexed(self) -> bool:
        """Whether the index answers (recording times in number order), or the plain fold."""
        return not self.unordered_from

    def add(self, version: Version) -> None:
        """Record the next version (the draft first)."""
        at = version.recorded_at.isoformat()
        if self.recorded and version.recorded_at < self.recorded_at(len(self)) and not self.unordered_from:
            self.unordered_from = version.number
        self.recorded.append(at)
        self.effective.append(version.effective_from.isoformat())
        self.actors.append(self._entry(version.actor))
        self.changes.append(version.changes)
        self.removed.append(list(version.removed))
        self.decisions.append(-1 if version.decision is None else self._entry(_decision(version.decision)))
        if self._versions is not None:
            self._versions.append(version)
        if version.number > 1:
            self._index(version.number)

    def take_back(self) -> None:
        """Forget the last version (one being tried, never one recorded)."""
        number = len(self)
        key = self._at(number)
        for path in {*self.removed[-1], *self.changes[-1]}:
            keys, flags, orders, removals = self.index[path]
            i = bisect_left(keys, key, key=self._at)
            if flags[i] & _REMOVES:
                removals.remove(number)
            del keys[i], flags[i], orders[i]
            if not keys:
                del self.index[path]
        day = self.effective[-1]
        self.days[day] -= 1
        if not self.days[day]:
            del self.days[day]
        for column in (self.recorded, self.effective, self.actors, self.changes, self.removed, self.decisions):
            column.pop()
        if self._versions is not None:
            self._versions.pop()
        if self.unordered_from == number:
            self.unordered_from = 0

    def _entry(self, value: Any) -> int:
        """The place of ``value`` in the table, added when new."""
        if self._ids is None:
            self._ids = {json.dumps(v): i for i, v in enumerate(self.table)}
        key = json.dumps(value)
        if key not in self._ids:
            self._ids[key] = len(self.table)
            self.table.append(value)
        return self._ids[key]

    def recorded_at(self, number: int) -> datetime:
        return datetime.fromisoformat(self.recorded[number - 1])

    def known(self, known_at: datetime | None) -> int:
        """How many versions were recorded by ``known_at`` (all of them for ``None``)."""
        if known_at is None:
            return len(self)
        if self.indexed:
            return bisect_right(self.recorded, known_at, key=datetime.fromisoformat)
        return sum(1 for at in self.recorded if datetime.fromisoformat(at) <= known_at)

    def flat(self, effective: date | None, known_at: datetime | None) -> Flat | None:
        """What ``versions.fold`` answers for the same versions, ``effective`` and ``known_at``."""
        if not self.indexed:
            return fold(self.versions, effective, known_at)
        known = self.known(known_at)
        return None if known == 0 else self._fold(known, (effective or date.max).isoformat())

    def identity(self, effective: date | None, known_at: datetime | None) -> tuple[Any, ...]:
        """What the terms on ``effective`` as known at ``known_at`` are made of: equal identities, equal terms."""
        if not self.indexed:
            found = in_force(self.versions, effective, known_at) or []
            return tuple((v.number, v.recorded_at) for v in found)
        known, day = self.known(known_at), (effective or date.max).isoformat()
        winners = (self._winner(path, known, day) for path in self.index)
        return (self.recorded[0] if known else None, *(w for w in winners if w is not None))

    def check_later(self, candidate: Version, check: Callable[[Flat], None]) -> None:
        """``check`` the terms on each later day the candidate's changes still show, as if it were recorded.

        Only those days: on the others the terms are what they were, checked when their versions were recorded.
        """
        days = self.later_days(candidate)
        if not days:
            return
        self.add(candidate)
        try:
            for day in days:
                flat = self.flat(day, None)
                if flat is not None:
                    check(flat)
        finally:
            self.take_back()

    def later_days(self, candidate: Version) -> list[date]:
        """The effective dates after ``candidate``'s on which its changes would still show."""
        start = candidate.effective_from.isoformat()
        until = ""
        for path in [*candidate.removed, *candidate.changes]:
            keys = self.index[path][0] if path in self.index else []
            i = bisect_right(keys, (start, _LAST), key=self._at)
            until = max(until, self.effective[keys[i] - 1] if i < len(keys) else "9999-99")
        days = sorted(self.days)
        return [date.fromisoformat(d) for d in days[bisect_right(days, start) : bisect_left(days, until)]]

    def _index(self, number: int) -> None:
        changes, removed = self.changes[number - 1], set(self.removed[number - 1])
        day = self.effective[number - 1]
        order = {path: i for i, path in enumerate(changes)}
        for path in [*self.removed[number - 1], *(p for p in changes if p not in removed)]:
            keys, flags, orders, removals = self.index.setdefault(path, [[], [], [], []])
            i = bisect_right(keys, (day, number), key=self._at)
            keys.insert(i, number)
            flags.insert(i, (_REMOVES if path in removed else 0) | (_SETS if path in changes else 0))
            orders.insert(i, order.get(path, -1))
            if path in removed:
                insort(removals, number, key=self._at)
        self.days[day] = self.days.get(day, 0) + 1

    def _fold(self, known: int, day: str) -> Flat:
        flat = dict(self.changes[0])
        moved: list[tuple[Place, str, Any]] = []
        for path, (keys, flags, *_) in self.index.items():
            i = self._last_applied(keys, known, day)
            if i < 0:
                continue
            if not flags[i] & _SETS:
                flat.pop(path, None)
                continue
            value = self.changes[keys[i] - 1][path]
            inserted = self._inserted(path, i, known)
            if inserted is None:
                flat[path] = value
            else:
                flat.pop(path, None)
                moved.append((inserted, path, value))
        for _, path, value in sorted(moved, key=lambda m: m[0]):
            flat[path] = value
        return flat

    def _winner(self, path: str, known: int, day: str) -> tuple[str, int, str, Place | None] | None:
        """The version whose value ``path`` has – by number and recording time, as a version not saved
        (a refused command's) has the number of the one saved after it – and the path's place."""
        keys, flags, *_ = self.index[path]
        i = self._last_applied(keys, known, day)
        if i < 0:
            return None
        number = keys[i]
        return path, number, self.recorded[number - 1], self._inserted(path, i, known) if flags[i] & _SETS else None

    def _at(self, number: int) -> tuple[str, int]:
        """Where version ``number`` applies among the touches of a path: its effective date, then its number."""
        return self.effective[number - 1], number

    def _last_applied(self, keys: list[int], known: int, day: str) -> int:
        """Index of the last touch known and in force on ``day``, in the order they apply; -1 for none."""
        i = bisect_right(keys, (day, _LAST), key=self._at) - 1
        while i >= 0 and keys[i] > known:
            i -= 1
        return i

    def _inserted(self, path: str, last: int, known: int) -> Place | None:
        """Where ``path`` sits in the folded dict: the touch that (re)inserted it, or ``None`` for the draft's place."""
        keys, flags, orders, removals = self.index[path]
        r = bisect_right(removals, self._at(keys[last]), key=self._at) - 1
        while r >= 0 and removals[r] > known:
            r -= 1
        j = -1 if r < 0 else bisect_left(keys, self._at(removals[r]), key=self._at)
        if j < 0 and path in self.changes[0]:
            return None
        if j < 0 or not flags[j] & _SETS:
            j += 1
            while keys[j] > known:
                j += 1
        return self.effective[keys[j] - 1], keys[j], orders[j]


def _decision(decision: Decision) -> list[Any]:
    return [decision.decided_by, decision.decided_on and decision.decided_on.isoformat(), decision.reference]


def _version(
    number: int, at: str, day: str, actor: str, changes: Flat, removed: Sequence[str], decision: list[Any] | None
) -> Version:
    found = (
        None
        if decision is None
        else Decision(decision[0], decision[1] and date.fromisoformat(decision[1]), decision[2])
    )
    return Version(number, datetime.fromisoformat(at), date.fromisoformat(day), actor, changes, tuple(removed), found)
