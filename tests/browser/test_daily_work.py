"""In a real browser, a coordinator's and a party's daily work on the contract page: meetings in the calendar,
measurements, signing and ending, attesting a standing duty; the page folds what is not pressing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.tracker import Tracker
from tests.browser.conftest import Served
from tests.browser.test_dashboards import log_in
from tests.e2e.conftest import served as serving
from tests.web.facts import AS_OF, KEY, amager_app

pytestmark = pytest.mark.browser
DRAFT = "kladde-social-vicevaert"  # a drafted contract (the example's terms) to sign and end


def draft(tracker: Tracker) -> None:
    terms = tracker.get_contract("eksempel-social-vicevaert").terms()
    tracker.draft_contract(DRAFT, terms, "koordinator")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One app for the module (each test writes to its own meeting, indicator or contract)."""
    store = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(Path(tmp_path_factory.mktemp("daily")) / "forum.sqlite3"),
    }
    app, tokens = amager_app(store, draft)
    with serving(app) as url:
        yield Served(url, tokens)


def contract_page(page: Any, served: Served, key: str = KEY) -> None:
    page.goto(f"{served.url}/kontrakter/{key}?as_of={AS_OF}")


def in_view(page: Any, locator: Any) -> bool:
    """The element is inside the viewport: the browser landed on it, not past it."""
    box = locator.bounding_box()
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= page.viewport_size["height"]


def refused(page: Any, button: str, form: str, error: str) -> None:
    """Sending the form is refused: its section (``form``: its heading) shows the Danish error."""
    page.get_by_role("button", name=button).click()
    assert page.get_by_role("region", name=form).get_by_text(error).is_visible()


def confirmed(page: Any, button: str, confirmation: str) -> None:
    """Sending the form saves it: the browser lands on the confirmation, in view."""
    page.get_by_role("button", name=button).click()
    notice = page.get_by_role("status")
    assert notice.inner_text() == confirmation and in_view(page, notice)


def test_a_convener_schedules_moves_and_holds_a_meeting_landing_on_each_confirmation(page: Any, served: Served) -> None:
    log_in(page, served, "sof-tovholder")
    contract_page(page, served)
    meetings = page.get_by_role("region", name="Mødekadencer")
    meetings.get_by_role("link", name="Planlæg møde (Netværksmøde i det lokale praksisnetværk)").click()
    page.get_by_label("Dato").fill("")
    refused(page, "Planlæg mødet", "Sæt mødet i kalenderen", "Angiv en dato.")
    page.get_by_label("Dato").fill("2016-02-10")
    page.get_by_label("Dagsorden").fill("Huslejerestancer")
    confirmed(page, "Planlæg mødet", "Mødet er planlagt.")
    planned = page.get_by_test_id("planlagte-moeder").get_by_role("row").filter(has_text="10.02.2016")
    planned.get_by_role("link", name="Afhold, flyt eller aflys").click()

    page.get_by_label("Ny dato").fill("2016-02-10")  # the same day: refused by the rule, in Danish
    page.get_by_role("button", name="Flyt mødet").click()
    assert "Mødet ligger allerede 10.02.2016." in page.get_by_role("alert").inner_text()
    page.get_by_label("Ny dato").fill("2016-02-17")
    confirmed(page, "Flyt mødet", "Mødet er flyttet.")
    page.get_by_test_id("planlagte-moeder").get_by_role("row").filter(has_text="17.02.2016").get_by_role("link").click()

    page.get_by_label("Afholdt den").fill("2016-01-14")
    page.get_by_label("Socialforvaltningen").uncheck()  # the conveners are ticked: none present is refused
    refused(page, "Registrér mødet som afholdt", "Registrér mødet som afholdt", "Vælg mindst én.")
    page.get_by_label("Socialforvaltningen").check()
    page.get_by_label("3B", exact=True).check()
    page.get_by_label("Beslutninger").fill("Temadag i foråret")
    confirmed(page, "Registrér mødet som afholdt", "Mødet er registreret som afholdt.")
    assert page.get_by_test_id("planlagte-moeder").count() == 0
    network = page.get_by_role("region", name="Mødekadencer").get_by_role("row").filter(has_text="Netværksmøde")
    assert "14.01.2016" in network.first.inner_text()


def test_a_cancellation_without_a_reason_is_refused_in_danish_then_cancelled(page: Any, served: Served) -> None:
    log_in(page, served, "sof-tovholder")
    page.goto(f"{served.url}/kontrakter/{KEY}/moeder/kontaktpersonmoede-lokalt/planlaeg?as_of={AS_OF}")
    page.get_by_label("Dato").fill("2016-03-01")
    page.get_by_role("button", name="Planlæg mødet").click()
    page.get_by_test_id("planlagte-moeder").get_by_role("row").filter(has_text="01.03.2016").get_by_role("link").click()

    refused(page, "Aflys mødet", "Aflys mødet", "Skal udfyldes.")
    page.get_by_role("region", name="Aflys mødet").get_by_label("Begrundelse").fill("Ingen punkter på dagsordenen")
    confirmed(page, "Aflys mødet", "Mødet er aflyst.")
    assert page.get_by_test_id("planlagte-moeder").count() == 0


def test_a_coordinator_records_and_corrects_a_measurement(page: Any, served: Served) -> None:
    log_in(page, served, "koordinator")
    contract_page(page, served)
    page.locator(f"a[href*='/kontrakter/{KEY}/indikatorer/udsaettelser']").click()
    measure = page.get_by_role("region", name="Registrér en måling")
    measure.get_by_label("Periode").fill("2015")
    measure.get_by_label("Værdi").fill("fyrre")
    refused(page, "Registrér målingen", "Registrér en måling", "Skriv et tal, fx 41 eller 12,5.")
    measure.get_by_label("Værdi").fill("41")
    measure.get_by_label("Målt den").fill("2016-01-10")
    confirmed(page, "Registrér målingen", "Målingen er registreret.")
    row = page.get_by_role("region", name="Mål og indikatorer").get_by_role("row").filter(has_text="Antal udsættelser")
    assert "41 (2015)" in row.inner_text()

    page.locator(f"a[href*='/kontrakter/{KEY}/indikatorer/udsaettelser']").click()
    correct = page.get_by_role("region", name="Ret en måling")
    correct.get_by_label("Rettet værdi").fill("39")
    correct.get_by_label("Målt den").fill("2016-01-12")
    correct.get_by_label("Kilde til rettelsen").fill("Fogedretten, rettet opgørelse")
    confirmed(page, "Registrér rettelsen", "Rettelsen af målingen er registreret.")
    assert "39 (2015)" in row.inner_text()


def test_a_coordinator_signs_and_ends_a_contract_which_then_reads_afsluttet(page: Any, served: Served) -> None:
    log_in(page, served, "koordinator")
    contract_page(page, served, DRAFT)
    page.get_by_role("link", name="Underskrift og afslutning").click()
    page.get_by_label("Underskrevet den").fill("")
    refused(page, "Registrér underskriften", "Registrér kontrakten underskrevet", "Angiv en dato.")
    page.get_by_label("Underskrevet den").fill("2016-01-04")
    confirmed(page, "Registrér underskriften", "Kontrakten er registreret som underskrevet.")

    page.get_by_role("link", name="Underskrift og afslutning").click()
    page.get_by_label("Afsluttet den").fill("2015-12-01")  # before the signing: refused, in Danish
    page.get_by_label("Begrundelse").fill("Erstattet af ny kontrakt")
    page.get_by_role("button", name="Afslut kontrakten").click()
    assert "Kontrakten kan ikke slutte før den blev underskrevet." in page.get_by_role("alert").inner_text()
    page.get_by_label("Afsluttet den").fill("2016-01-10")
    confirmed(page, "Afslut kontrakten", "Kontrakten er registreret som afsluttet.")
    assert page.locator("dl.facts").get_by_text("afsluttet").is_visible()


def test_a_party_attests_its_standing_duty_from_the_folded_contract_page(page: Any, served: Served) -> None:
    log_in(page, served, "3b-medarbejder")
    contract_page(page, served)
    folded = page.locator("details.quiet-duties").first
    assert "uden forfaldne eller snart forfaldne frister" in folded.locator("summary").inner_text()
    assert not folded.evaluate("d => d.open")  # folded, and no script needed to open it
    assert page.get_by_role("link", name="Planlæg møde (Netværksmøde i det lokale praksisnetværk)").count() == 0

    page.get_by_role("link", name="Erklær for 3b-kontakt-til-sof").click()
    attest = page.get_by_role("region", name="Erklær en periode")
    attest.get_by_label("Periode").select_option("2015")
    attest.get_by_label("Status").select_option("met")
    attest.get_by_label("Dokumentation").fill("Kontaktlog 2015")
    confirmed(page, "Registrér erklæringen", "Erklæringen er registreret.")
    assert "Kontaktlog 2015" in page.get_by_role("table").first.inner_text()
