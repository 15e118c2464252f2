"""The duty page of a standing duty (attest a period) and of an as-needed duty (add dated evidence)."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Web, form_token, hidden_version
from tests.web.facts import KEY

STANDING = f"/kontrakter/{KEY}/forpligtelser/3b-aktiv-kontaktperson"  # ongoing, 3B's
AS_NEEDED = f"/kontrakter/{KEY}/forpligtelser/3b-supplere-myndighedsarbejde"  # as needed, 3B's


def attest(web: Web, as_of: str, **fields: str) -> tuple[Any, Any]:
    """3B's duty page on ``as_of`` and the answer to its attestation form filled with ``fields``."""
    client = web.login("3b-medarbejder")
    page = client.get(STANDING, params={"as_of": as_of})
    action = f"{STANDING}/erklaer"
    form = {"csrf": form_token(page.text), "version": hidden_version(page.text, action), "reason": "", **fields}
    return page, client.post(f"{action}?as_of={as_of}", data=form)


def test_a_party_attests_its_standing_duty_for_a_year_and_the_page_shows_it_met(web: Web) -> None:
    client = web.login("3b-medarbejder")
    page, saved = attest(
        web, "2016-02-01", period="2015", status="met", evidence="Kontaktpersonliste 2015", attested_on="2016-01-10"
    )

    assert page.status_code == 200 and "Erklær en periode" in page.text and "forfalden" in page.text
    assert saved.status_code == 303, saved.text
    shown = client.get(saved.headers["location"]).text
    assert "Kontaktpersonliste 2015" in shown and "opfyldt" in shown


def test_a_partly_met_period_without_a_reason_is_shown_again_with_the_rule(web: Web) -> None:
    _, refused = attest(
        web, "2016-02-01", period="2015", status="partly_met", evidence="Liste", attested_on="2016-01-10"
    )

    assert refused.status_code == 422 and "begrundelse" in refused.text


def test_an_as_needed_duty_collects_dated_evidence_and_another_party_gets_no_form(web: Web) -> None:
    client = web.login("3b-medarbejder")
    page = client.get(AS_NEEDED, params={"as_of": "2015-12-31"})
    action = f"{AS_NEEDED}/dokumenter"

    saved = client.post(
        f"{action}?as_of=2015-12-31",
        data={"csrf": form_token(page.text), "version": hidden_version(page.text, action), "evidenced_on": "2015-06-03",
              "document": "Oplæg for boligrådgivere"},
    )  # fmt: skip
    shown = client.get(saved.headers["location"]).text
    other = web.login("sof-tovholder").get(AS_NEEDED, params={"as_of": "2015-12-31"})

    assert saved.status_code == 303, saved.text
    assert "Dokumenteret 1 gange, senest 03.06.2015" in shown and "Oplæg for boligrådgivere" in shown
    assert other.status_code == 403


def test_a_period_attested_after_its_frist_shows_the_days_late(web: Web) -> None:
    """2014 was due 31.01.2015 (a year and a month's grace); attested on 10.02.2015 it is 10 days late."""
    _, saved = attest(
        web, "2015-03-01", period="2014", status="met", evidence="Kontaktpersonliste 2014", attested_on="2015-02-10"
    )

    assert saved.status_code == 303, saved.text
    shown = web.login("3b-medarbejder").get(saved.headers["location"]).text
    assert "Kontaktpersonliste 2014, for sent opfyldt (10 dage)" in shown
