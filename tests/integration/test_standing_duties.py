"""Standing duties attested per period and as-needed duties evidenced, on SQLite and PostgreSQL, hand-computed.

Lejerbo has one duty in the Amager contract, standing (lejerbo-aktiv-kontaktperson), attested yearly with
a month's grace: 2014 due 31.01.2015, 2015 due 31.01.2016. TMF has one, as needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from domain.attestation import AttestationEvidenceRequiredError, AttestationReasonRequiredError
from domain.errors import NotResponsibleError
from domain.permissions import Actor
from domain.standing import DatedInFutureError, NoSuchAttestationPeriodError, NotStandingDutyError
from domain.tracker import Tracker
from projections import obligation_status
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file, projecting

KEY = "amager-udsatte-grupper-2013"
LEJERBO, TMF = Actor("lb", "party", "lejerbo"), Actor("tm", "party", "tmf")
STANDING, AS_NEEDED = "lejerbo-aktiv-kontaktperson", "tmf-hjaelp-kontaktliste-og-dagsorden"


@pytest.fixture
def amager(tracker: Tracker) -> Tracker:
    tracker.import_contract(contract_file(AMAGER), actor="ann", source="test")
    return tracker


@pytest.fixture
def projector(store: dict[str, str], amager: Tracker) -> Iterator[Projector]:
    yield from projecting(amager, store)


def status(projector: Projector, as_of: date) -> dict[str, Any]:
    projector.catch_up()
    [record] = load_records(projector.db, KEY)
    return obligation_status.status(record, as_of)


def periods(answer: dict[str, Any], responsibility: str) -> dict[str, str]:
    return {r["period"]: r["state"] for r in answer["standing"] if r["responsibility"] == responsibility}


def test_an_attested_year_is_met_and_an_unattested_one_is_overdue_after_its_grace(
    amager: Tracker, projector: Projector
) -> None:
    amager.attest_duty(KEY, STANDING, "2015", "met", "Kontaktpersonliste 2015", LEJERBO, attested_on=date(2016, 1, 10))

    on_due_day, day_after = status(projector, date(2016, 1, 31)), status(projector, date(2016, 2, 1))

    # 2014 was due 31.01.2015 and never attested; 2015 was attested on 10.01.2016; 2016 has begun.
    assert periods(on_due_day, STANDING) == {"2014": "overdue", "2015": "met", "2016": "open"}
    assert periods(day_after, STANDING) == {"2014": "overdue", "2015": "met", "2016": "open"}
    lejerbo = day_after["by_party"]["lejerbo"]
    assert (lejerbo["met"], lejerbo["overdue"], lejerbo["open"], lejerbo["percent_met"]) == (1, 1, 1, 50.0)


def test_a_year_left_unattested_becomes_overdue_the_day_after_31_january(projector: Projector) -> None:
    assert periods(status(projector, date(2015, 1, 31)), STANDING) == {"2014": "due_soon", "2015": "open"}
    assert periods(status(projector, date(2015, 2, 1)), STANDING) == {"2014": "overdue", "2015": "open"}


def test_a_later_attestation_corrects_the_period_and_both_stay_in_its_history(
    amager: Tracker, projector: Projector
) -> None:
    amager.attest_duty(KEY, STANDING, "2015", "met", "Liste", LEJERBO, attested_on=date(2016, 1, 10))
    amager.attest_duty(
        KEY,
        STANDING,
        "2015",
        "partly_met",
        "Liste",
        "ann",
        reason="Kun halvdelen af afdelingerne",
        attested_on=date(2016, 1, 14),
    )

    answer = status(projector, date(2016, 2, 1))
    [row] = [r for r in answer["standing"] if r["responsibility"] == STANDING and r["period"] == "2015"]

    assert row["state"] == "partly_met" and [a["status"] for a in row["history"]] == ["met", "partly_met"]
    assert status(projector, date(2016, 1, 12))["by_party"]["lejerbo"]["met"] == 1  # as attested then
    lejerbo = answer["by_party"]["lejerbo"]
    assert (lejerbo["met"], lejerbo["partly_met"], lejerbo["overdue"], lejerbo["percent_met"]) == (0, 1, 1, 0.0)


def test_an_as_needed_duty_collects_dated_evidence_and_is_never_overdue(amager: Tracker, projector: Projector) -> None:
    for day in (date(2014, 3, 1), date(2014, 9, 15), date(2015, 5, 2)):
        amager.evidence_duty(KEY, AS_NEEDED, day, f"Hjælp med kontaktlisten {day}", TMF)

    answer = status(projector, date(2015, 12, 31))
    [row] = [r for r in answer["as_needed"] if r["responsibility"] == AS_NEEDED]

    assert (row["evidenced"], row["last_evidenced"], row["per_year"]) == (3, "2015-05-02", {"2014": 2, "2015": 1})
    assert row["last_12_months"] == 1 and row["state"] == "as_needed"
    tmf = answer["by_party"]["tmf"]
    assert (tmf["as_needed"], tmf["evidenced"], tmf["overdue"], tmf["percent_met"]) == (1, 3, 0, None)


def test_every_amager_party_appears_in_obligations_met(projector: Projector) -> None:
    parties = status(projector, date(2016, 2, 1))["by_party"]

    assert set(parties) == {"3b", "vibo-hab-aab-fsb-dfb", "lejerbo", "sof", "suf", "tmf"}


def test_refusals_name_the_rule_and_record_nothing(amager: Tracker) -> None:
    before = amager.recorder.max_notification_id()
    refusals = [
        (NoSuchAttestationPeriodError, lambda: amager.attest_duty(KEY, STANDING, "2015-Q1", "met", "x", "ann")),
        (NoSuchAttestationPeriodError, lambda: amager.attest_duty(KEY, STANDING, "2019", "met", "x", "ann")),
        (NotStandingDutyError, lambda: amager.attest_duty(KEY, AS_NEEDED, "2015", "met", "x", "ann")),
        (AttestationReasonRequiredError, lambda: amager.attest_duty(KEY, STANDING, "2015", "not_met", "", "ann")),
        (AttestationEvidenceRequiredError, lambda: amager.attest_duty(KEY, STANDING, "2015", "met", " ", "ann")),
        (NotResponsibleError, lambda: amager.attest_duty(KEY, STANDING, "2015", "met", "x", TMF)),
        (DatedInFutureError, lambda: amager.evidence_duty(KEY, AS_NEEDED, date(2016, 2, 1), "x", TMF)),
    ]
    for error, command in refusals:
        with pytest.raises(error):
            command()

    assert amager.recorder.max_notification_id() == before
