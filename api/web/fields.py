"""Reading a posted form: typed values, and a Danish message next to each field that is wrong."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from starlette.datastructures import FormData

from api.web.conflicts import Stale, stale
from domain.errors import StaleError
from domain.terms import parse_kroner
from domain.tracker import Tracker


class FormReader:
    """Reads fields one by one; ``errors`` maps a field's name to what is wrong with it."""

    def __init__(self, form: FormData, multiple: Collection[str] = ()):
        self.form = form
        self.multiple = multiple
        self.errors: dict[str, str] = {}

    @property
    def ok(self) -> bool:
        return not self.errors

    def values(self) -> dict[str, Any]:
        """What was submitted, to show again in a re-rendered form."""
        return {
            k: self.form.getlist(k) if k in self.multiple else v
            for k, v in self.form.items()
            if k != "csrf" and isinstance(v, str)
        }

    def raw(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def text(self, name: str, required: bool = True) -> str:
        value = self.raw(name)
        if required and not value:
            self.errors[name] = "Skal udfyldes."
        return value

    def day(self, name: str, required: bool = True) -> date | None:
        value = self.raw(name)
        if not value:
            if required:
                self.errors[name] = "Angiv en dato."
            return None
        for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"):
            try:
                return datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        self.errors[name] = f"'{value}' er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ."
        return None

    def kroner(self, name: str) -> int | None:
        """An amount in kroner ('1.500,50' or '1500.50') as øre, above zero."""
        value = self.raw(name)
        if not value:
            self.errors[name] = "Angiv et beløb i kroner."
            return None
        try:
            ore = parse_kroner(value)
        except ValueError as e:
            self.errors[name] = f"{str(e)[:1].upper()}{str(e)[1:]}. Skriv fx 1.500,50."
            return None
        if ore <= 0:
            self.errors[name] = "Beløbet skal være større end 0 kr."
            return None
        return ore

    def whole(self, name: str, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = self.raw(name)
        if not value.isdigit() or int(value) < minimum or (maximum is not None and int(value) > maximum):
            top = f" og højst {maximum}" if maximum is not None else ""
            self.errors[name] = f"Skriv et helt tal, mindst {minimum}{top}."
            return None
        return int(value)

    def choice(self, name: str, options: Collection[str], required: bool = True) -> str | None:
        value = self.raw(name)
        if not value and not required:
            return None
        if value not in options:
            self.errors[name] = "Vælg en af mulighederne."
            return None
        return value

    def choices(self, name: str, options: Collection[str], at_least: int = 0) -> list[str]:
        chosen = [v for v in self.form.getlist(name) if isinstance(v, str)]
        if any(v not in options for v in chosen):
            self.errors[name] = "Vælg kun blandt mulighederne."
        elif len(chosen) < at_least:
            self.errors[name] = "Vælg mindst én." if at_least == 1 else f"Vælg mindst {at_least}."
        return chosen

    def lines(self, name: str) -> list[str]:
        """One item per non-empty line."""
        return [line.strip() for line in self.raw(name).splitlines() if line.strip()]

    def version(self) -> int | None:
        """The aggregate version the form was shown with (hidden field)."""
        value = self.raw("version")
        if not value.isdigit():
            self.errors["version"] = "Formularen mangler sin version. Hent siden igen."
            return None
        return int(value)


@dataclass(frozen=True)
class Forms:
    """A page's forms as shown: values, field errors and why a form was refused (per form), the conflict."""

    values: dict[str, dict[str, Any]]
    errors: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: dict[str, str | None] = field(default_factory=dict)
    stale: Stale | None = None
    status: int = 200

    @classmethod
    def refused(
        cls,
        names: tuple[str, ...],
        which: str,
        reader: FormReader,
        problem: str | None = None,
        stale: Stale | None = None,
    ) -> Forms:
        """The page again after form ``which`` was refused: 409 when stale, else 422, with what was typed."""
        values: dict[str, dict[str, Any]] = {name: {} for name in names}
        values[which] = reader.values()
        problems = {which: problem or reader.errors.get("version")}
        return cls(values, {which: reader.errors}, problems, stale, 409 if stale else 422)

    @classmethod
    def refused_by(
        cls,
        error: Exception,
        names: tuple[str, ...],
        which: str,
        reader: FormReader,
        written: tuple[Tracker, UUID, int | None],
    ) -> Forms:
        """The page again after the write of form ``which`` was refused by ``error``: with what someone else recorded
        in the aggregate since the version the form showed when it was stale (``written``: the tracker, the
        aggregate's id and that version), else with the broken rule."""
        if isinstance(error, StaleError):
            tracker, aggregate_id, seen = written
            return cls.refused(names, which, reader, stale=stale(tracker, aggregate_id, seen, error))
        return cls.refused(names, which, reader, str(error))
