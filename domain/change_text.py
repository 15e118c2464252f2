"""The forum's words for a change of the terms: one Danish line per meaningful change.

Every diff a person reads (the revision pack, ``forum diff``/``history``, the time-travel page)
is made here from two flat documents. An item added or removed as a whole (an activity, a
cadence, an allocation ...) is one line; a changed schedule is one line with both rules
("Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt"); any other changed field is
one line naming the item and the field. Amounts read as Danish kroner, dates as dd.mm.åååå,
parties and activities by their names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from domain.budget import format_kroner
from domain.cadence import Frequency
from domain.versions import Change, Flat, differences, is_keyed_collection, items_of
from domain.vocabulary import CHANGE_KIND, FUNDER, TERM_FIELD, TERM_ITEM, TERM_VALUE, dk_date

RULES = ("frequency", "schedule")  # a schedule's fields change together: one line with both rules
NAMED = {"parties", "plans", "activities", "cadences", "goals", "indicators"}  # items known by their own name
MONEY = {"total", "amount"}
PARTY_LISTS = {"conveners", "participants", "parties"}
_FREQUENCY: TypeAdapter[Any] = TypeAdapter(Frequency)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ChangeLine:
    """One meaningful change: added, removed or changed; the thing it is about; the Danish line."""

    kind: str
    subject: str
    text: str
    paths: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "text": self.text, "paths": list(self.paths)}


def describe_changes(before: Flat, after: Flat) -> list[ChangeLine]:
    """What changed from ``before`` to ``after``, in document order, one line per meaningful change."""
    names = _Names(before, after)
    groups: dict[str, list[Change]] = {}
    for change in differences(before, after):
        if is_keyed_collection(change.path) and [] in (change.before, change.after):
            continue  # the placeholder of an empty collection, not a term
        groups.setdefault(names.group(change.path), []).append(change)
    return [names.line(group, changes) for group, changes in groups.items()]


class _Names:
    """Names for the items and values of two versions of the terms (the newer name wins)."""

    def __init__(self, before: Flat, after: Flat) -> None:
        self.before, self.after = before, after
        self.in_before = {item for path in before for item, _ in items_of(path)}
        self.in_after = {item for path in after for item, _ in items_of(path)}

    def group(self, path: str) -> str:
        """An item added or removed as a whole, a schedule, or the path of one field."""
        for item, _ in items_of(path):
            if item not in self.in_before or item not in self.in_after:
                return item
        for rule in RULES:
            head, found, _ = path.partition(f".{rule}.")
            if found:
                return f"{head}.{rule}"
        return path

    def line(self, group: str, changes: list[Change]) -> ChangeLine:
        paths = tuple(c.path for c in changes)
        if group in self.in_before ^ self.in_after:
            return self._item_line(group, paths)
        if group.rpartition(".")[2] in RULES:
            return self._rule_line(group, paths)
        return self._field_line(changes[0])

    def _item_line(self, item: str, paths: tuple[str, ...]) -> ChangeLine:
        kind = "added" if item in self.in_after else "removed"
        collection = _collection(item)
        subject = self.subject(item)
        head = subject if collection not in NAMED else f"{TERM_ITEM[collection]} «{subject}»"
        summary = self._summary(item, self.after if kind == "added" else self.before)
        text = f"{head}: {summary + ' ' if summary else ''}{CHANGE_KIND[kind]}"
        return ChangeLine(kind, subject, text, paths)

    def _rule_line(self, group: str, paths: tuple[str, ...]) -> ChangeLine:
        item = group.rpartition(".")[0]
        old, new = _rule(self.before, group), _rule(self.after, group)
        if old.get("kind") == new.get("kind") == "per_year" and min(old["times"], new["times"]) > 1:
            shown = f"{old['times']} → {new['times']} gange årligt"
        else:
            shown = f"{self.rule_text(old)} → {self.rule_text(new)}"
        subject = self.subject(item)
        return ChangeLine("changed", subject, f"{subject}: {shown}", paths)

    def _field_line(self, change: Change) -> ChangeLine:
        items = items_of(change.path)
        item = items[-1][0] if items else ""
        field = change.path[len(item) + 1 :] if item else change.path
        subject = self.subject(item) if item else ""
        label = TERM_FIELD.get(field, field.replace("_", " ").replace(".", ", "))
        if not subject:
            subject, label = label[:1].upper() + label[1:], ""
        elif field in ("amount", "percent"):
            label = ""  # "Fordeling, Urbanplanen, Praksisnetværk: 100.000,00 kr. → 500.000,00 kr."
        what = self._values(field.rpartition(".")[2], change)
        return ChangeLine(change.kind, subject, f"{subject}{', ' + label if label else ''}: {what}", (change.path,))

    def _values(self, field: str, change: Change) -> str:
        if isinstance(change.before, list) and isinstance(change.after, list):
            return self._list_change(field, change.before, change.after)
        if change.before is None:
            return f"{self.value(field, change.after)} {CHANGE_KIND['added']}"
        if change.after is None:
            return f"{self.value(field, change.before)} {CHANGE_KIND['removed']}"
        if isinstance(change.after, str) and len(change.after) > 60:
            return f"ændret til «{_short(change.after, 100)}»"
        return f"{self.value(field, change.before)} → {self.value(field, change.after)}"

    def _list_change(self, field: str, before: list[Any], after: list[Any]) -> str:
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        parts = [f"{self.value(field, v)} {CHANGE_KIND['added']}" for v in added]
        parts += [f"{self.value(field, v)} {CHANGE_KIND['removed']}" for v in removed]
        return "; ".join(parts) or "ny rækkefølge"

    def value(self, field: str, value: Any) -> str:
        """A value as the forum reads it: kroner, Danish dates, names instead of keys."""
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(self.value(field, v) for v in value) or "ingen"
        if isinstance(value, dict):
            return _short(", ".join(str(v) for v in value.values()), 80)
        if isinstance(value, bool):
            return "ja" if value else "nej"
        if field in MONEY and isinstance(value, int):
            return format_kroner(value)
        if field == "percent":
            return f"{str(value).replace('.', ',')} %"
        if field in PARTY_LISTS or field == "party":
            return self.name(f"parties.{value}")
        if field == "activity":
            return self.name(f"activities.{value}")
        if isinstance(value, str) and _ISO_DAY.match(value):
            return dk_date(date.fromisoformat(value))
        return TERM_VALUE.get(str(value), _short(str(value), 80))

    def rule_text(self, rule: dict[str, Any]) -> str:
        if rule.get("kind") == "convene":
            return f"indkalder til {self.name('activities.*.cadences.' + str(rule.get('cadence')))}"
        try:
            return str(_FREQUENCY.validate_python(rule).describe())
        except ValidationError:
            return str(rule.get("kind", "ukendt"))

    def subject(self, item: str) -> str:
        """The item as the forum names it; an item known by what it refers to names its context too."""
        collection, parent = _collection(item), item.rpartition(".")[0].rpartition(".")[0]
        own = self.name(item)
        if collection in NAMED:
            return own
        if collection in ("funders", "allocations"):
            parent = parent.removesuffix(".budget_frame")
        elif collection in ("contacts", "responsibilities"):
            parent = f"parties.{self._field(item, 'party')}"
        return f"{TERM_ITEM[collection]}, {self.name(parent)}, {own}"

    def name(self, item: str) -> str:
        """An item's own name; its key when no version names it."""
        if item.startswith("activities.*.cadences."):
            key = item.rpartition(".")[2]
            found = [p for p in (*self.after, *self.before) if p.endswith(f".cadences.{key}.name")]
            return str(self._field(found[0].removesuffix(".name"), "name")) if found else key
        collection, key = _collection(item), item.rpartition(".")[2]
        if collection == "funders":
            return FUNDER.get(key, key)
        if collection == "allocations":
            return self.name(f"activities.{key}")
        field = {"goals": "text", "contacts": "role", "responsibilities": "description"}.get(collection, "name")
        found = self._field(item, field)
        return key if found is None else _short(str(found), 60 if field != "name" else 120)

    def _summary(self, item: str, flat: Flat) -> str:
        """What an added or removed item held, where one figure says it."""
        collection = _collection(item)
        if collection == "allocations":
            return self.value("amount", flat.get(f"{item}.amount"))
        if collection == "funders":
            return self.value("percent", flat.get(f"{item}.percent"))
        for rule in RULES:
            found = _rule(flat, f"{item}.{rule}")
            if found:
                return f"({self.rule_text(found)})"
        return ""

    def _field(self, item: str, field: str) -> Any:
        path = f"{item}.{field}"
        return self.after.get(path, self.before.get(path))


def _collection(item: str) -> str:
    return item.rpartition(".")[0].rpartition(".")[2]


def _rule(flat: Flat, prefix: str) -> dict[str, Any]:
    """A schedule rebuilt from its flat fields (``{}`` when the version has none)."""
    rule: dict[str, Any] = {}
    for path, value in flat.items():
        if path.startswith(prefix + "."):
            *parents, last = path[len(prefix) + 1 :].split(".")
            node = rule
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value
    return rule


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
