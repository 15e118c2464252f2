"""In a real browser: a convener records the overdue network meeting; an auditor reads and prints the revision pack."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Served
from tests.web.facts import AS_OF, KEY

pytestmark = pytest.mark.browser
TITLE = "Kontrakt – Samarbejde om koordineret boligsocial indsats, Amager, Udsatte grupper"


def log_in(page: Any, served: Served, name: str) -> None:
    page.goto(f"{served.url}/?as_of={AS_OF}")
    assert "/log-ind" in page.url and page.get_by_text("Log ind for at se siden.").is_visible()
    page.get_by_text("Log ind med et API-token").click()  # the developers' way in, folded away
    page.get_by_label("Dit token").fill(served.tokens[name])
    page.get_by_role("button", name="Log ind med token").click()
    page.wait_for_url(f"{served.url}/?as_of={AS_OF}")


def overdue_meetings_on_overview(page: Any) -> str:
    row = page.get_by_role("row").filter(has_text="Amager, Udsatte grupper")
    return str(row.get_by_test_id("overdue-meetings").inner_text()).strip()


def network_meetings(page: Any) -> Any:
    meetings = page.get_by_role("region", name="Mødekadencer")
    return meetings.get_by_role("row").filter(has_text="Netværksmøde i det lokale praksisnetværk")


def test_the_convener_records_the_overdue_network_meeting_and_the_overview_follows(page: Any, served: Served) -> None:
    log_in(page, served, "sof-tovholder")
    assert overdue_meetings_on_overview(page) == "1"

    page.get_by_role("link", name=TITLE).click()
    network = network_meetings(page)
    assert "1 forfalden" in network.inner_text()
    network.get_by_role("link", name="Registrér afholdt møde").click()

    page.get_by_label("Afholdt den").fill("2015-11-20")
    page.get_by_label("Socialforvaltningen").check()
    page.get_by_label("3B", exact=True).check()
    page.get_by_label("Beslutninger").fill("Temadag om huslejerestancer i foråret")
    page.get_by_role("button", name="Registrér mødet som afholdt").click()

    assert page.get_by_role("status").inner_text() == "Mødet er registreret som afholdt."
    network = network_meetings(page)
    assert "20.11.2015" in network.inner_text() and "forfalden" not in network.inner_text()
    page.get_by_role("navigation").get_by_role("link", name="Overblik").click()
    assert overdue_meetings_on_overview(page) == "0"


def test_an_auditor_sees_no_forms_and_the_revision_pack_prints_without_navigation(page: Any, served: Served) -> None:
    log_in(page, served, "revisor")
    page.goto(f"{served.url}/kontrakter/{KEY}?as_of={AS_OF}")
    assert page.locator("main form[method=post]").count() == 0
    assert page.get_by_role("link", name="Registrér afholdt møde").count() == 0

    page.get_by_role("navigation").get_by_role("link", name="Revisionspakke").click()
    page.wait_for_url(f"**/kontrakter/{KEY}/revisionspakke**")  # is_hidden/is_visible below do not wait
    page.emulate_media(media="print")

    assert page.locator("nav.site-nav").is_hidden()
    header = page.get_by_test_id("print-header")
    assert header.is_visible() and header.inner_text() == f"{TITLE} · revisionspakke pr. 15.01.2016"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(format="A4", path=str(ARTIFACTS / "revisionspakke.pdf"))
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
