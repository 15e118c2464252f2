"""Who signs and who answers: parties, their units, and the named contact persons."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from domain.terms.values import FreeText, Items, Key, Term, Text


class Unit(Term):
    """An enhed/center/team inside a party, e.g. Voksenenheden Amager."""

    key: Key
    name: Text


class Party(Term):
    """An organisation or administration that has signed and takes responsibilities."""

    key: Key
    name: Text
    kind: Literal["housing_organisation", "municipal_administration", "other"]
    members: Items[Text] = Field(
        default_factory=list,
        description="Boligorganisationer der optræder som én part (fx VIBO, HAB II, AAB, fsb, DFB).",
    )
    units: Items[Unit] = Field(default_factory=list)


class ContactPerson(Term):
    """A contact role of a party or unit, and in a contract file the person holding it (personal data).

    The role (key, party, unit, role, leadership) is a term; name, e-mail and phone are recorded apart,
    sealed per person (``domain/contact_persons.py``), and are never part of the stored terms."""

    key: Key
    party: Key
    unit: Key | None = None
    role: Text
    name: Text | None = None
    email: FreeText | None = None
    phone: Text | None = None
    leadership: bool = Field(default=False, description="Kontaktperson på ledelsesniveau.")
