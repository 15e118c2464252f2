"""Which periods a standing duty is attested for, and which days an as-needed duty can be evidenced on."""

from __future__ import annotations

from datetime import date

from domain.attestation import (
    PERIOD_WORDS,
    AttestationPeriodWindow,
    attestation_periods,
    canonical_code,
    period_dates,
)
from domain.errors import RuleError
from domain.terms import ContractTerms, Responsibility
from domain.terms.attestation import AttestationPeriod, resolved


def rule_of(terms: ContractTerms, duty: Responsibility) -> tuple[AttestationPeriod, int]:
    """The period a standing duty is attested per and the months of grace after each period."""
    return resolved(duty.attestation, terms.attestation)


def in_force(terms: ContractTerms, ended_on: date | None, until: date) -> tuple[date, date]:
    """The contract's days from its start to the earliest of its period's end, its recorded end and ``until``."""
    ends = [d for d in (terms.period.end, ended_on, until) if d is not None]
    return terms.period.start, min(ends)


def periods_of(
    terms: ContractTerms, duty: Responsibility, ended_on: date | None, until: date
) -> list[AttestationPeriodWindow]:
    """A standing duty's periods while the contract is in force (up to ``until``)."""
    kind, grace = rule_of(terms, duty)
    start, end = in_force(terms, ended_on, until)
    return attestation_periods(kind, grace, start, end)


def period_to_attest(text: str) -> tuple[str, date]:
    """A typed period's code and last day (whose rule in force governs it)."""
    code = canonical_code(text)
    return code, period_dates(code)[1]


def attestation_period(
    terms: ContractTerms, duty: Responsibility, code: str, ended_on: date | None
) -> AttestationPeriodWindow:
    """The period ``code`` of a standing duty under ``terms`` (those in force on the period's last day)."""
    if duty.schedule.kind != "ongoing":
        raise NotStandingDutyError(duty.key, duty.schedule.kind)
    kind, _ = rule_of(terms, duty)
    last_day = period_dates(code)[1]
    found = periods_of(terms, duty, ended_on, max(last_day, terms.period.end or last_day))
    for period in found:
        if period.code == code:
            return period
    known = f"{found[0].code}–{found[-1].code}" if found else "ingen"
    raise NoSuchAttestationPeriodError(duty.key, code, PERIOD_WORDS[kind], known)


def check_evidence_day(terms: ContractTerms, duty: Responsibility, day: date, ended_on: date | None) -> None:
    """An as-needed duty is evidenced on a day the contract is in force."""
    if duty.schedule.kind != "as_needed":
        raise NotAsNeededDutyError(duty.key, duty.schedule.kind)
    start, end = in_force(terms, ended_on, day)
    if not start <= day <= end:
        raise EvidenceOutsideContractError(duty.key, day, start, end)


def check_not_future(day: date, today: date) -> None:
    if day > today:
        raise DatedInFutureError(day, today)


# --- rule errors

_KINDS = {"ongoing": "løbende", "as_needed": "efter behov", "convene": "indkalde til møder", "once": "én gang",
          "per_year": "et antal gange årligt", "every": "med faste mellemrum"}  # fmt: skip


class NotStandingDutyError(RuleError):
    """Only a standing (løbende) duty is attested per period; others are fulfilled or evidenced."""

    def __init__(self, responsibility: str, kind: str) -> None:
        self.responsibility, self.kind = responsibility, _KINDS.get(kind, kind)
        super().__init__(
            f"Forpligtelsen '{responsibility}' er ikke løbende ({self.kind}) og erklæres ikke pr. periode."
        )


class NoSuchAttestationPeriodError(RuleError):
    """The period must be one the duty is attested for: of its kind, while the contract is in force."""

    def __init__(self, responsibility: str, period: str, per: str, known: str) -> None:
        self.responsibility, self.period, self.per, self.known = responsibility, period, per, known
        super().__init__(
            f"Forpligtelsen '{responsibility}' erklæres pr. {per} og har ingen periode {period} (perioder: {known})."
        )


class NotAsNeededDutyError(RuleError):
    """Only an as-needed (efter behov) duty collects dated evidence."""

    def __init__(self, responsibility: str, kind: str) -> None:
        self.responsibility, self.kind = responsibility, _KINDS.get(kind, kind)
        super().__init__(
            f"Forpligtelsen '{responsibility}' er ikke efter behov ({self.kind}); "
            "løbende forpligtelser erklæres pr. periode, andre opfyldes pr. frist."
        )


class EvidenceOutsideContractError(RuleError):
    """Evidence is dated while the contract is in force."""

    def __init__(self, responsibility: str, day: date, start: date, end: date) -> None:
        self.responsibility, self.day, self.start, self.end = responsibility, day, start, end
        super().__init__(
            f"Dokumentationen for '{responsibility}' er dateret {day:%d.%m.%Y}, uden for kontraktens periode "
            f"({start:%d.%m.%Y}–{end:%d.%m.%Y})."
        )


class DatedInFutureError(RuleError):
    """An attestation or evidence is dated today or earlier."""

    def __init__(self, day: date, today: date) -> None:
        self.day, self.today = day, today
        super().__init__(f"Datoen {day:%d.%m.%Y} ligger efter i dag ({today:%d.%m.%Y}).")
