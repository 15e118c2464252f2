"""Every page renders in Danish for the roles that may see it, on both stores."""

from __future__ import annotations

from tests.web.conftest import Web
from tests.web.facts import AS_OF, KEY


def test_overview_lists_the_contracts_with_overdue_meetings_first(web: Web) -> None:
    page = web.login("koordinator").get("/", params={"as_of": AS_OF})

    assert page.status_code == 200, page.text
    assert "Kontrakter om boligsocialt samarbejde" in page.text
    assert page.text.index("Amager, Udsatte grupper") < page.text.index("eksempel")


def test_contract_page_shows_the_overdue_network_meeting_and_the_budget(web: Web) -> None:
    page = web.login("koordinator").get(f"/kontrakter/{KEY}", params={"as_of": AS_OF})

    assert page.status_code == 200, page.text
    for text in ["Parter og kontaktpersoner", "Netværksmøde i det lokale praksisnetværk", "1 forsinket", "Økonomi"]:
        assert text in page.text
