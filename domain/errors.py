"""Domain errors, each with a message a coordinator understands (Danish)."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; the message says why in plain Danish."""


class NotFoundError(DomainError):
    """The contract, meeting or entry asked for does not exist (or was not known then)."""


class RuleError(DomainError):
    """The command breaks a rule of the contract or of the record."""


class ConflictError(DomainError):
    """The record changed since the caller read it: a stale write is refused, never merged."""

    def __init__(self, message: str, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class StaleError(ConflictError):
    """The caller's version is not the current one; ``current_version`` says which is."""


class AlreadyExistsError(ConflictError):
    """Something with this key exists already."""


class TermsError(RuleError):
    """Contract terms that do not hang together; ``problems`` name each field."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


# --- use cases and permissions


class ContractNotFoundError(NotFoundError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Kontrakten '{key}' findes ikke.")


class MeetingNotFoundError(NotFoundError):
    def __init__(self, meeting_id: object) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"Mødet {meeting_id} findes ikke.")


class PlanNotFoundError(NotFoundError):
    def __init__(self, key: str, plan: str) -> None:
        self.key, self.plan = key, plan
        super().__init__(f"Kontrakten '{key}' dækker ingen helhedsplan med nøglen '{plan}'.")


class NothingBookedError(NotFoundError):
    def __init__(self, key: str, plan: str) -> None:
        self.key, self.plan = key, plan
        super().__init__(f"Der er intet bogført på '{plan}' i '{key}'.")


class IndicatorNotFoundError(NotFoundError):
    def __init__(self, key: str, indicator: str) -> None:
        self.key, self.indicator = key, indicator
        super().__init__(f"Kontrakten '{key}' har ingen indikator med nøglen '{indicator}'.")


class ContractAlreadyExistsError(AlreadyExistsError):
    def __init__(self, key: str, hint: str = "") -> None:
        self.key = key
        super().__init__(f"Der findes allerede en kontrakt med nøglen '{key}'{hint}.", current_version=None)


class MeetingAlreadyRecordedError(AlreadyExistsError):
    def __init__(self, cadence: str, held_on: object) -> None:
        self.cadence, self.held_on = cadence, held_on
        super().__init__(
            f"Et møde i '{cadence}' er allerede registreret afholdt {held_on:%d.%m.%Y}.", current_version=None
        )


class LifecycleMismatchError(RuleError):
    """A re-imported file says signed or ended otherwise than recorded; an import does not correct that."""

    def __init__(self, kind: str, wanted: object, recorded: object) -> None:
        self.kind, self.wanted, self.recorded = kind, wanted, recorded
        super().__init__(
            f"Filen siger {kind} {wanted or 'ikke'}, men kontrakten er registreret "
            f"{kind} {recorded:%d.%m.%Y}; det rettes ikke ved import."
        )


class MeetingHeldInFutureError(RuleError):
    def __init__(self, held_on: object) -> None:
        self.held_on = held_on
        super().__init__(f"Et møde kan ikke registreres som afholdt {held_on:%d.%m.%Y}, som ligger i fremtiden.")


class UnknownAttendeesError(RuleError):
    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        super().__init__(f"Ukendte parter blandt deltagerne: {', '.join(unknown)}.")


class UnknownActivityError(RuleError):
    def __init__(self, key: str, activity: str) -> None:
        self.key, self.activity = key, activity
        super().__init__(f"Kontrakten '{key}' har ingen aktivitet med nøglen '{activity}'.")


class FunderNotOfPlanError(RuleError):
    def __init__(self, funder: str, plan: str, funders: list[str]) -> None:
        self.funder, self.plan, self.funders = funder, plan, funders
        super().__init__(f"'{funder}' finansierer ikke '{plan}' (finansieres af: {', '.join(funders)}).")


class ExpenseOutsidePlanPeriodError(RuleError):
    """An expense is booked within its plan's period; a reversal may come later (on or after its entry)."""

    def __init__(self, plan: str, booked_on: object, start: object, end: object) -> None:
        self.plan, self.booked_on, self.start, self.end = plan, booked_on, start, end
        until = f"{end:%d.%m.%Y}" if end is not None else "nu"
        super().__init__(
            f"En udgift dateret {booked_on:%d.%m.%Y} ligger uden for helhedsplanen '{plan}'s periode "
            f"({start:%d.%m.%Y}–{until}) og kan ikke bogføres på den."
        )


class UnknownTermsPathError(TermsError):
    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__([(path, "findes ikke i vilkårene")])


class NotPermittedError(DomainError):
    """The actor's role or party may not do this (HTTP 403)."""


class RoleNotPermittedError(NotPermittedError):
    def __init__(self, role_name: str, action: str, allowed: list[str]) -> None:
        self.role_name, self.action, self.allowed = role_name, action, allowed
        super().__init__(f"Rollen {role_name} må ikke {action} (tilladt for: {', '.join(allowed)}).")


class NotPartyError(NotPermittedError):
    def __init__(self, party: str | None, key: str) -> None:
        self.party, self.key = party, key
        super().__init__(f"{party} er ikke part i kontrakten '{key}'.")


class NotConvenerError(NotPermittedError):
    def __init__(self, party: str | None, cadence: str) -> None:
        self.party, self.cadence = party, cadence
        super().__init__(f"{party} indkalder ikke møderne '{cadence}' og kan ikke registrere dem.")


class NotResponsibleError(NotPermittedError):
    def __init__(self, party: str | None, responsibility: str) -> None:
        self.party, self.responsibility = party, responsibility
        super().__init__(f"Forpligtelsen '{responsibility}' er ikke {party}s.")


class NotOnPlanError(NotPermittedError):
    def __init__(self, party: str | None, plan: str) -> None:
        self.party, self.plan = party, plan
        super().__init__(f"{party} står ikke bag helhedsplanen '{plan}' og kan ikke bogføre på den.")
