"""Standing and as-needed duties: a standing duty is attested per period, an as-needed one collects dated evidence.

One aggregate per responsibility of a contract. An attestation says for one period (a year,
half-year or quarter) that the duty was met, partly met or not met; a later attestation for
the same period corrects it, and both stay in the history. Evidence of an as-needed duty is
a dated note of one time it was done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from dateutil.relativedelta import relativedelta
from eventsourcing.domain import Aggregate

from domain import bounds
from domain.cadence import PerYear, occurrences
from domain.duty_log import DutyLog
from domain.errors import RuleError
from domain.terms.attestation import AttestationPeriod

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/attestation")
Status = Literal["met", "partly_met", "not_met"]
STATUSES: tuple[Status, ...] = ("met", "partly_met", "not_met")
STATUS_WORDS: dict[str, str] = {"met": "opfyldt", "partly_met": "delvist opfyldt", "not_met": "ikke opfyldt"}
PERIOD_WORDS: dict[str, str] = {"year": "år", "half_year": "halvår", "quarter": "kvartal"}
_PER_YEAR: dict[str, int] = {"year": 1, "half_year": 2, "quarter": 4}
_CODE = re.compile(r"^(\d{4})(?:-([HQK])([1-4]))?$")
MAX_TEXT = 2000


_STATUS_NAMES: dict[str, Status] = {
    "opfyldt": "met", "delvist": "partly_met", "delvist opfyldt": "partly_met", "ikke": "not_met",
    "ikke opfyldt": "not_met", "met": "met", "partly_met": "partly_met", "not_met": "not_met",
}  # fmt: skip


def status_code(word: str) -> Status:
    """An attestation's status as a user writes it ('opfyldt', 'delvist', 'ikke' or the code) to its code."""
    found = _STATUS_NAMES.get(" ".join(word.lower().split()))
    if found is None:
        raise UnknownAttestationStatusError(word)
    return found


def attestation_log_id(contract_id: UUID, responsibility: str) -> UUID:
    return AttestationLog.log_id(contract_id, responsibility)


@dataclass(frozen=True, order=True)
class AttestationPeriodWindow:
    """One period a standing duty is attested for: its code ('2015', '2015-H1', '2015-Q3') and due date."""

    start: date
    end: date
    due: date
    code: str


def period_code(kind: AttestationPeriod, start: date) -> str:
    if kind == "year":
        return str(start.year)
    if kind == "half_year":
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def canonical_code(text: str) -> str:
    """A period as typed ('2015', '2015-h1', '2015-K3', '2015-Q3') in its stored form; refuses anything else."""
    found = _CODE.match(text.strip().upper())
    if found is None or (found[2] == "H" and found[3] not in "12"):
        raise NotAnAttestationPeriodError(text)
    year, kind, number = found.groups()
    return year if kind is None else f"{year}-{'H' if kind == 'H' else 'Q'}{number}"


def period_dates(code: str) -> tuple[date, date]:
    """The first and last day of a period by its stored code."""
    year, _, part = code.partition("-")
    if not part:
        return date(int(year), 1, 1), date(int(year), 12, 31)
    months = 6 if part[0] == "H" else 3
    start = date(int(year), (int(part[1]) - 1) * months + 1, 1)
    return start, start + relativedelta(months=months) - timedelta(days=1)


def attestation_due(period_end: date, grace_months: int) -> date:
    """The last day of the ``grace_months``-th month after the period's end (its own month when 0)."""
    return period_end.replace(day=1) + relativedelta(months=grace_months + 1) - timedelta(days=1)


def attestation_periods(
    kind: AttestationPeriod, grace_months: int, start: date, end: date
) -> list[AttestationPeriodWindow]:
    """The calendar periods from ``start`` to ``end`` (a period counts when they cover at least half of it)."""
    windows = occurrences(PerYear(kind="per_year", times=_PER_YEAR[kind]), start, end)
    return [
        AttestationPeriodWindow(
            w.window_start, w.due, attestation_due(w.due, grace_months), period_code(kind, w.window_start)
        )
        for w in windows
    ]


class AttestationLog(DutyLog):
    """The attestations (standing duty) and dated evidence (as-needed duty) of one responsibility."""

    TOPIC = "forum:AttestationLog"
    NAMESPACE = _NAMESPACE

    class Event(Aggregate.Event):
        TOPIC = "forum:AttestationLog.Event"

    class Opened(DutyLog.Opened):
        TOPIC = "forum:AttestationLog.Opened"

        def apply(self, log: AttestationLog) -> None:  # type: ignore[override]
            super().apply(log)
            log.attested, log.evidenced = {}, 0

    class Attested(Event):
        TOPIC = "forum:AttestationLog.Attested"
        period: str
        status: str
        reason: str
        evidence: str
        attested_on: date
        by_party: str
        actor: str

        def apply(self, log: AttestationLog) -> None:
            log.attested[self.period] = self.status

    class Evidenced(Event):
        TOPIC = "forum:AttestationLog.Evidenced"
        evidenced_on: date
        evidence: str
        by_party: str
        actor: str

        def apply(self, log: AttestationLog) -> None:
            log.evidenced += 1

    attested: dict[str, str]  # period code -> its latest status
    evidenced: int

    def __init__(self) -> None:  # without it the annotations above would become __init__ parameters
        """State is set by the Opened event's apply()."""

    def attest(
        self, period: AttestationPeriodWindow, status: str, reason: str, evidence: str, attested_on: date, actor: str
    ) -> None:
        """Record how a period of the standing duty went; a second attestation of a period corrects the first."""
        if status not in STATUSES:
            raise UnknownAttestationStatusError(status)
        reason, evidence = _bounded(reason), _bounded(evidence)
        bounds.day(attested_on, "attested_on")
        bounds.name(actor, "actor")
        if status != "met" and not reason:
            raise AttestationReasonRequiredError(STATUS_WORDS[status])
        if status != "not_met" and not evidence:
            raise AttestationEvidenceRequiredError(STATUS_WORDS[status])
        if attested_on < period.start:
            raise AttestationBeforePeriodError(period.code, attested_on, period.start)
        self.trigger_event(
            self.Attested, period=period.code, status=status, reason=reason, evidence=evidence,
            attested_on=attested_on, by_party=self.party, actor=actor,
        )  # fmt: skip

    def add_evidence(self, evidenced_on: date, evidence: str, actor: str) -> None:
        """Record one dated time the as-needed duty was done, with what shows it."""
        evidence = _bounded(evidence)
        bounds.day(evidenced_on, "evidenced_on")
        bounds.name(actor, "actor")
        if not evidence:
            raise AttestationEvidenceRequiredError("dokumenteret")
        self.trigger_event(
            self.Evidenced, evidenced_on=evidenced_on, evidence=evidence, by_party=self.party, actor=actor
        )


def _bounded(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise AttestationTextTooLongError(len(text), MAX_TEXT)
    return bounds.text(text, "tekst")


# --- rule errors


class NotAnAttestationPeriodError(RuleError):
    """A period is a year (2015), a half-year (2015-H1) or a quarter (2015-Q3)."""

    def __init__(self, period: str) -> None:
        self.period = period
        super().__init__(
            f"'{period}' er ikke en periode: skriv et år (2015), et halvår (2015-H1) eller et kvartal (2015-Q3)."
        )


class UnknownAttestationStatusError(RuleError):
    """An attestation says opfyldt, delvist opfyldt or ikke opfyldt."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"Ukendt status '{status}': vælg opfyldt, delvist opfyldt eller ikke opfyldt.")


class AttestationReasonRequiredError(RuleError):
    """A period partly met or not met says why."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"Angiv en begrundelse, når forpligtelsen er erklæret {status}.")


class AttestationEvidenceRequiredError(RuleError):
    """What is met (or partly met, or done when needed) shows what proves it."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(
            f"Angiv dokumentation (fx et referat eller en dokumentreference), når forpligtelsen er {status}."
        )


class AttestationBeforePeriodError(RuleError):
    """A period is attested once it has begun, never before."""

    def __init__(self, period: str, attested_on: date, start: date) -> None:
        self.period, self.attested_on, self.start = period, attested_on, start
        super().__init__(
            f"Erklæringen for {period} er dateret {attested_on:%d.%m.%Y}, før perioden begynder {start:%d.%m.%Y}."
        )


class AttestationTextTooLongError(RuleError):
    """Reasons and evidence are notes, not documents: a reference to a long text, not the text."""

    def __init__(self, length: int, limit: int) -> None:
        self.length, self.limit = length, limit
        super().__init__(f"Teksten er {length} tegn; højst {limit} tegn (henvis til et dokument i stedet).")
