"""Who may do what to a contract, its meetings, duties and plans: one pure rule per action, for every way in.

Roles: a ``coordinator`` does everything; a ``party`` user is bound to one party and reads the
contracts it is party to, records the meetings of cadences it convenes, fulfils its own
obligations and books on the plans it stands behind; an ``auditor`` reads everything, the audit
log too, and writes nothing; a ``reader`` reads contracts and views, not the audit log.
The use cases enforce these (raising ``NotPermittedError``); pages ask them to show only what works.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from domain.errors import (
    NotConvenerError,
    NotOnPlanError,
    NotPartyError,
    NotResponsibleError,
    RoleNotPermittedError,
)
from domain.terms import ContractTerms

Role = Literal["coordinator", "party", "auditor", "reader"]
ROLE_NAMES: dict[Role, str] = {"coordinator": "koordinator", "party": "part", "auditor": "revisor", "reader": "læser"}
RECORDERS: tuple[Role, ...] = ("coordinator", "party")
AUDITORS: tuple[Role, ...] = ("coordinator", "auditor")


@dataclass(frozen=True)
class Actor:
    """Who acts: the name recorded on every event they cause, their role, and a party user's party."""

    name: str
    role: Role = "coordinator"
    party: str | None = None

    @classmethod
    def local(cls, name: str) -> Actor:
        """A trusted caller on this machine (the command line, the demo, imports): a coordinator's rights."""
        return cls(name, "coordinator")


def acting(actor: Actor | str) -> Actor:
    """The actor of a use case; a bare name is a trusted local caller (see ``Actor.local``)."""
    return actor if isinstance(actor, Actor) else Actor.local(actor)


# --- may: the answers --------------------------------------------------------------------


def is_party_to(actor: Actor, parties: Collection[str]) -> bool:
    """Reading a contract: everybody but a party user not among its parties."""
    return actor.role != "party" or actor.party in parties


def may_read(actor: Actor, terms: ContractTerms) -> bool:
    return is_party_to(actor, {p.key for p in terms.parties})


def may_read_audit(actor: Actor) -> bool:
    return actor.role in AUDITORS


def may_convene(actor: Actor, terms: ContractTerms, cadence: str) -> bool:
    """Schedule, hold, move or cancel a meeting of a cadence: a coordinator, or a party convening it."""
    conveners = {p for a in terms.activities for c in a.cadences if c.key == cadence for p in c.conveners}
    return _records_for(actor, conveners)


def may_fulfil(actor: Actor, terms: ContractTerms, responsibility: str) -> bool:
    """Fulfil an obligation: a coordinator, or the party whose responsibility it is."""
    owners = {d.party for a in terms.activities for d in a.responsibilities if d.key == responsibility}
    return _records_for(actor, owners)


def may_book(actor: Actor, terms: ContractTerms, plan: str) -> bool:
    """Book or reverse an expense on a plan: a coordinator, or a party standing behind the plan."""
    members = {p for pl in terms.plans if pl.key == plan for p in pl.parties}
    return _records_for(actor, members)


def may_administer(actor: Actor) -> bool:
    """Create, revise (budget frames too), sign and end contracts, waive obligations, record measurements."""
    return actor.role == "coordinator"


may_revise = may_sign_or_end = may_waive = may_measure = may_administer


def may_record_person(actor: Actor, party: str) -> bool:
    """Record who holds a contact role: a coordinator, or a party user for its own party's roles."""
    return _records_for(actor, {party})


def _records_for(actor: Actor, parties: Collection[str]) -> bool:
    return actor.role == "coordinator" or (actor.role == "party" and actor.party in parties)


# --- require: the refusals ---------------------------------------------------------------


def require_read(actor: Actor, terms: ContractTerms, key: str) -> None:
    if not may_read(actor, terms):
        raise NotPartyError(actor.party, key)


def require_role(actor: Actor, roles: tuple[Role, ...], action: str) -> None:
    if actor.role not in roles:
        raise RoleNotPermittedError(ROLE_NAMES[actor.role], action, [ROLE_NAMES[r] for r in roles])


def require_administer(actor: Actor, action: str) -> None:
    require_role(actor, ("coordinator",), action)


def require_convene(actor: Actor, terms: ContractTerms, key: str, cadence: str) -> None:
    _require_recorder(actor, terms, key, "registrere møder")
    if not may_convene(actor, terms, cadence):
        raise NotConvenerError(actor.party, cadence)


def require_fulfil(
    actor: Actor, terms: ContractTerms, key: str, responsibility: str, action: str = "registrere forpligtelser"
) -> None:
    _require_recorder(actor, terms, key, action)
    if not may_fulfil(actor, terms, responsibility):
        raise NotResponsibleError(actor.party, responsibility)


def require_attest(actor: Actor, terms: ContractTerms, key: str, responsibility: str) -> None:
    """Attest a standing duty's period or evidence an as-needed duty: as fulfilling, its party or a coordinator."""
    require_fulfil(actor, terms, key, responsibility, "erklære forpligtelser")


def require_book(actor: Actor, terms: ContractTerms, key: str, plan: str) -> None:
    _require_recorder(actor, terms, key, "bogføre udgifter")
    if not may_book(actor, terms, plan):
        raise NotOnPlanError(actor.party, plan)


def require_record_person(actor: Actor, terms: ContractTerms, key: str, party: str) -> None:
    _require_recorder(actor, terms, key, "registrere kontaktpersoner")
    if not may_record_person(actor, party):
        raise NotPartyError(actor.party, key)


def _require_recorder(actor: Actor, terms: ContractTerms, key: str, action: str) -> None:
    require_role(actor, RECORDERS, action)
    require_read(actor, terms, key)
