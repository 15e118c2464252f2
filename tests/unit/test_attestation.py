"""Standing duties' periods and due dates, the attestation aggregate's rules, and the status words."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.attestation import (
    AttestationBeforePeriodError,
    AttestationLog,
    NotAnAttestationPeriodError,
    UnknownAttestationStatusError,
    attestation_due,
    attestation_periods,
    canonical_code,
    status_code,
)
from domain.terms.attestation import AttestationRule, resolved
from tests.unit.scenario import expect, given, history


def test_a_yearly_period_is_due_by_31_january_of_the_next_year() -> None:
    [period] = attestation_periods("year", 1, date(2015, 1, 1), date(2015, 12, 31))

    assert (period.code, period.start, period.end, period.due) == (
        "2015",
        date(2015, 1, 1),
        date(2015, 12, 31),
        date(2016, 1, 31),
    )


def test_quarters_are_due_at_the_end_of_the_month_after_and_grace_is_configurable() -> None:
    quarters = attestation_periods("quarter", 1, date(2015, 1, 1), date(2015, 12, 31))
    halves = attestation_periods("half_year", 2, date(2015, 1, 1), date(2015, 12, 31))

    assert [(q.code, q.due) for q in quarters] == [
        ("2015-Q1", date(2015, 4, 30)), ("2015-Q2", date(2015, 7, 31)),
        ("2015-Q3", date(2015, 10, 31)), ("2015-Q4", date(2016, 1, 31)),
    ]  # fmt: skip
    assert [(h.code, h.due) for h in halves] == [("2015-H1", date(2015, 8, 31)), ("2015-H2", date(2016, 2, 29))]
    assert attestation_due(date(2015, 12, 31), 0) == date(2015, 12, 31)


def test_a_period_counts_when_the_contract_covers_at_least_half_of_it() -> None:
    found = attestation_periods("year", 1, date(2014, 3, 1), date(2018, 6, 30))

    assert [p.code for p in found] == ["2014", "2015", "2016", "2017"]


def test_a_responsibilitys_rule_wins_field_by_field_over_the_contracts() -> None:
    contract = AttestationRule(period="half_year", grace_months=2)

    assert resolved(None, None) == ("year", 1)
    assert resolved(None, contract) == ("half_year", 2)
    assert resolved(AttestationRule(period="quarter"), contract) == ("quarter", 2)


def test_periods_and_statuses_are_read_as_users_write_them() -> None:
    assert [canonical_code(t) for t in ("2015", "2015-h1", "2015-K3", " 2015-Q4 ")] == [
        "2015",
        "2015-H1",
        "2015-Q3",
        "2015-Q4",
    ]
    assert [status_code(w) for w in ("opfyldt", "Delvist", "ikke  opfyldt", "met")] == [
        "met",
        "partly_met",
        "not_met",
        "met",
    ]
    for bad in ("2015-H3", "15", "2015-Q5"):
        with pytest.raises(NotAnAttestationPeriodError):
            canonical_code(bad)
    with pytest.raises(UnknownAttestationStatusError):
        status_code("måske")


def _log() -> AttestationLog:
    return AttestationLog.open(uuid4(), "k", "aktiv-kontaktperson", "lejerbo", "ann")


def test_attesting_a_period_records_who_when_and_with_what() -> None:
    [period] = attestation_periods("year", 1, date(2015, 1, 1), date(2015, 12, 31))

    given(*history(_log)).when(lambda log: log.attest(period, "met", "", " Liste ", date(2016, 1, 10), "ann")).then(
        expect(AttestationLog.Attested, period="2015", status="met", evidence="Liste", attested_on=date(2016, 1, 10),
               by_party="lejerbo", actor="ann")
    )  # fmt: skip


def test_an_attestation_dated_before_its_period_begins_is_refused() -> None:
    [period] = attestation_periods("year", 1, date(2015, 1, 1), date(2015, 12, 31))

    given(*history(_log)).when(lambda log: log.attest(period, "met", "", "Liste", date(2014, 12, 31), "ann")).refused(
        AttestationBeforePeriodError
    )
