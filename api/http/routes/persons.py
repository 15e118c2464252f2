"""Contact persons: who holds a contract's contact roles (coordinator or the role's party); erasure and access
(GDPR art. 17 and 15, coordinator)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import Field

from api.http import problems
from api.http.auth import Coordinator, Reader, actor_of
from api.http.reading import tracker as _tracker
from api.http.schemas import Body, Recorded
from api.http.writing import CoordinatorCreate, RecorderCreate

router = APIRouter(tags=["kontaktpersoner"], responses=problems.RESPONSES)


class PersonIn(Body):
    """Who holds a contact role; a name other than the current holder's records a new person."""

    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)


class ErasureIn(Body):
    reason: str = Field(min_length=1, max_length=2000, description="Begrundelse uden personoplysninger.")


class PersonRecorded(Recorded):
    person: str = Field(description="Kontaktpersonens id (til sletning og udlevering).")


@router.get("/contracts/{key}/persons", summary="Kontaktpersoner registreret på kontrakten (id og rolle)")
def persons(request: Request, user: Reader, key: str) -> list[dict[str, Any]]:
    """Hver registreret kontaktperson med id og rolle – uden personoplysninger; slettede er markeret."""
    _tracker(request).get_contract(key, actor_of(user))
    return _tracker(request).person_ids(key)


@router.put("/contracts/{key}/contacts/{contact}/person", summary="Registrér hvem der har en kontaktperson-rolle")
def record_person(write: RecorderCreate, key: str, contact: str, body: PersonIn) -> PersonRecorded:
    """En administrativ registrering, ikke en revision: en koordinator eller rollens part. Felter der udelades
    beholdes for samme person; et andet navn registrerer en ny person (nyt id)."""
    person, outcome = write.tracker.record_contact_person(key, contact, body.model_dump(), write.actor)
    return write.answer(PersonRecorded, outcome, person=person)


@router.post("/persons/{person}/erasure", status_code=status.HTTP_201_CREATED, summary="Slet en kontaktpersons data")
def erase(write: CoordinatorCreate, person: str, body: ErasureIn) -> Recorded:
    """Nøglen destrueres: navn, e-mail og telefon vises derefter overalt som "[slettet]" (GDPR art. 17)."""
    return write.recorded(write.tracker.erase_person(person, body.reason, write.actor))


@router.get("/persons/{person}", summary="Alt der er registreret om en kontaktperson (GDPR art. 15)")
def export(request: Request, user: Coordinator, person: str) -> dict[str, Any]:
    """Rolle, hver registrering af oplysningerne, og en eventuel sletning."""
    return _tracker(request).export_person(person, actor_of(user))
