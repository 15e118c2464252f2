"""What the signed-in user may do in one contract: the API's own rules (api.http.auth), asked per item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.accounts.users import ROLE_NAMES, Role, User
from api.http.auth import ADMINISTER, AUDIT, RECORD, ForbiddenError, check_convenes, check_plan, check_responsible
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
    recorder = user.role in RECORD
    return Allowed(
        cadences=frozenset(
            c.key
            for a in terms.activities
            for c in a.cadences
            if recorder and _passes(check_convenes, user, terms, c.key)
        ),
        responsibilities=frozenset(
            d.key
            for a in terms.activities
            for d in a.responsibilities
            if recorder and _passes(check_responsible, user, terms, d.key)
        ),
        plans=frozenset(p.key for p in terms.plans if recorder and _passes(check_plan, user, terms, p.key)),
        waive=user.role in ADMINISTER,
        revise=user.role in ADMINISTER,
        audit=user.role in AUDIT,
    )


def require_role(user: User, roles: tuple[Role, ...], what: str) -> None:
    """The role check of the API's allow(), for a page or a form."""
    if user.role not in roles:
        names = ", ".join(ROLE_NAMES[r] for r in roles)
        raise ForbiddenError(f"Rollen {ROLE_NAMES[user.role]} må ikke {what} (tilladt for: {names}).")


def _passes(check: Callable[[User, ContractTerms, str], None], user: User, terms: ContractTerms, key: str) -> bool:
    try:
        check(user, terms, key)
    except ForbiddenError:
        return False
    return True
