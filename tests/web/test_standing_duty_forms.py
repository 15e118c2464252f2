"""The duty page of a standing duty (attest a period) and of an as-needed duty (add dated evidence)."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from tests.web.conftest import Web, form_token, hidden_version
from tests.web.facts import KEY

STANDING = f"/kontrakter/{KEY}/forpligtelser/3b-aktiv-kontaktperson"  # ongoing, 3B's
AS_NEEDED = f"/kontrakter/{KEY}/forpligtelser/3b-supplere-myndighedsarbejde"  # as needed, 3B's


def submit(
    client: TestClient, page: str, action: str, as_of: str, fields: dict[str, str]
) -> tuple[str, httpx.Response]:
    """The duty page as of a day, and its form ``action`` posted with ``fields`` (and the page's token and version)."""
    shown = client.get(page, params={"as_of": as_of})
    assert shown.status_code == 200, shown.text
    form = f"{page}/{action}"
    seen = {"csrf": form_token(shown.text), "version": hidden_version(shown.text, form)}
    return shown.text, client.post(f"{form}?as_of={as_of}", data={**seen, **fields})


def test_a_party_attests_its_standing_duty_for_a_year_and_the_page_shows_it_met(web: Web) -> None:
    client = web.login("3b-medarbejder")

    page, saved = submit(client, STANDING, "erklaer", "2016-02-01", {"period": "2015", "status": "met",
                         "evidence": "Kontaktpersonliste 2015", "reason": "", "attested_on": "2016-01-10"})  # fmt: skip

    assert "Erklær en periode" in page and "forfalden" in page
    assert saved.status_code == 303, saved.text
    shown = client.get(saved.headers["location"]).text
    assert "Kontaktpersonliste 2015" in shown and "opfyldt" in shown


def test_a_partly_met_period_without_a_reason_is_shown_again_with_the_rule(web: Web) -> None:
    client = web.login("3b-medarbejder")

    _, refused = submit(client, STANDING, "erklaer", "2016-02-01", {"period": "2015", "status": "partly_met",
                        "evidence": "Liste", "reason": "", "attested_on": "2016-01-10"})  # fmt: skip

    assert refused.status_code == 422 and "begrundelse" in refused.text


def test_an_as_needed_duty_collects_dated_evidence_and_another_party_gets_no_form(web: Web) -> None:
    client = web.login("3b-medarbejder")

    _, saved = submit(client, AS_NEEDED, "dokumenter", "2015-12-31",
                      {"evidenced_on": "2015-06-03", "document": "Oplæg for boligrådgivere"})  # fmt: skip
    shown = client.get(saved.headers["location"]).text
    other = web.login("sof-tovholder").get(AS_NEEDED, params={"as_of": "2015-12-31"})

    assert saved.status_code == 303, saved.text
    assert "Dokumenteret 1 gange, senest 03.06.2015" in shown and "Oplæg for boligrådgivere" in shown
    assert other.status_code == 403


def test_a_period_attested_after_its_frist_shows_the_days_late(web: Web) -> None:
    """2014 was due 31.01.2015 (a year and a month's grace); attested on 10.02.2015 it is 10 days late."""
    client = web.login("3b-medarbejder")

    _, saved = submit(client, STANDING, "erklaer", "2015-03-01", {"period": "2014", "status": "met",
                      "evidence": "Kontaktpersonliste 2014", "reason": "", "attested_on": "2015-02-10"})  # fmt: skip

    assert saved.status_code == 303, saved.text
    shown = client.get(saved.headers["location"]).text
    assert "Kontaktpersonliste 2014, for sent opfyldt (10 dage)" in shown
