"""What the signed-in user may do in one contract (the rules of domain.permissions): show only forms that work."""

from __future__ import annotations

from dataclasses import dataclass

from api.accounts.users import Role, User
from api.http.auth import actor_of
from domain import permissions
from domain.terms import ContractTerms


@dataclass(frozen=True)
class Allowed:
    """Which forms to show: cadences the user may record, own obligations, plans to book on."""

    cadences: frozenset[str]
    responsibilities: frozenset[str]
    plans: frozenset[str]
    waive: bool
    revise: bool
    audit: bool


def allowed(user: User, terms: ContractTerms) -> Allowed:
    actor = actor_of(user)
    return Allowed(
        cadences=frozenset(
            c.key for a in terms.activities for c in a.cadences if permissions.may_convene(actor, terms, c.key)
        ),
        responsibilities=frozenset(
            d.key for a in terms.activities for d in a.responsibilities if permissions.may_fulfil(actor, terms, d.key)
        ),
        plans=frozenset(p.key for p in terms.plans if permissions.may_book(actor, terms, p.key)),
        waive=permissions.may_waive(actor),
        revise=permissions.may_revise(actor),
        audit=permissions.may_read_audit(actor),
    )


def require_role(user: User, roles: tuple[Role, ...], what: str) -> None:
    """The role check of a page or a form, before it is read."""
    permissions.require_role(actor_of(user), roles, what)


def require_convene(user: User, terms: ContractTerms, key: str, cadence: str) -> None:
    """The meeting form of a cadence: only for those who may record its meetings."""
    permissions.require_convene(actor_of(user), terms, key, cadence)


def require_book(user: User, terms: ContractTerms, key: str, plan: str) -> None:
    """The ledger form of a plan: only for those who may book on it."""
    permissions.require_book(actor_of(user), terms, key, plan)
