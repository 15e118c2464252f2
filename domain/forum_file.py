"""The forum file format (``contracts/fora/*.yaml``) and the idea-card file format (``contracts/proposals/``),
read like contract files: every problem with file, line and field, and nothing written from a bad file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import Field, ValidationError, model_validator

from domain.errors import TermsError
from domain.forum import forum_key
from domain.terms.files import ContractFileError, read_document, validation_problems
from domain.terms.problems import terms_error
from domain.terms.values import Day, FreeText, Items, Key, Term, Text

M = TypeVar("M", bound=Term)


class MemberTerm(Term):
    """A member party (its key as the contracts use it) and when it joined (and left)."""

    party: Key
    name: Text
    joined_on: Day
    left_on: Day | None = None


class MeetingTerm(Term):
    held_on: Day
    agenda: Items[Text] = Field(min_length=1, description="Dagsordenspunkterne.")


class DecisionTerm(Term):
    """A decision of the forum: day, reference (as revisions name it) and what it decided."""

    decided_on: Day
    reference: Text
    text: Text


class ForumFile(Term):
    """A Boligsocialt Forum: name, urban area, the day its decision register begins, members, meetings, decisions."""

    key: Key | None = Field(default=None, description="Udeladt: navnet som nøgle.")
    name: Text
    urban_area: Text
    register_from: Day = Field(description="Fra denne dag skal forummets beslutninger være i registret.")
    members: Items[MemberTerm] = Field(default_factory=list)
    meetings: Items[MeetingTerm] = Field(default_factory=list)
    decisions: Items[DecisionTerm] = Field(default_factory=list)

    @model_validator(mode="after")
    def _key_is_the_name(self) -> ForumFile:
        if self.key is not None and self.key != forum_key(self.name):
            raise ValueError(f"nøglen skal være navnet som nøgle: '{forum_key(self.name)}'")
        return self


class Card(Term):
    """The idea card's fields (seed 003): MÅL, IDEEN … INSPIRATIONSKILDER."""

    goal: Text
    idea: Text
    change_driver: FreeText = ""
    resident_benefit: FreeText = ""
    impact_measurement: FreeText = ""
    key_actors: FreeText = ""
    key_actor_contributions: FreeText = ""
    preconditions: FreeText = ""
    inspiration: FreeText = ""


class ProposalFile(Term):
    """An idea card put to a forum by one of its member parties or by the forum itself (its key)."""

    key: Key
    title: Text
    forum: Text = Field(description="Forummets navn eller nøgle.")
    proposed_by: Key = Field(description="En medlemspart (nøgle) eller forummets nøgle.")
    drafted_on: Day
    example: bool = Field(default=False, description="Et eksempel, ikke et rigtigt forslag.")
    card: Card
    team: Items[Text] = Field(
        default_factory=list, description="TEAM: organisationer og roller – aldrig navne på personer."
    )

    def card_fields(self) -> dict[str, str]:
        return {k: v for k, v in self.card.model_dump().items() if v}


def load_forum_file(path: Path) -> ForumFile:
    return load_document(path, ForumFile)


def load_proposal_file(path: Path) -> ProposalFile:
    return load_document(path, ProposalFile)


def load_document(path: Path, model: type[M]) -> M:
    """Parse and check one file, or raise ContractFileError naming every problem with its line."""
    document = read_document(path, "et forum eller et forslag (felter på øverste niveau)")
    try:
        return model.model_validate(document)
    except ValidationError as e:
        raise ContractFileError(path, validation_problems(document, e)) from None


def document_from_json(data: Any, model: type[M]) -> M:
    """A forum or proposal sent as JSON in its file format; TermsError names each field."""
    if not isinstance(data, dict):
        raise TermsError([("(krop)", "skal være et JSON-objekt")])
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise terms_error(e) from None
