"""In a real browser: a reader opens the adopted idea card, follows its decision and sees what the decision
authorised."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Served, amager_served
from tests.browser.test_dashboards import log_in
from tests.forum_history import ACTIVITY, PROPOSAL, adopted_card

pytestmark = pytest.mark.browser


@pytest.fixture
def adopted(postgres_url: str, postgres_schema: str) -> Iterator[Served]:
    """The app over the Amager history and the example forum, with the idea card "2+2=5" adopted."""
    with amager_served(postgres_url, postgres_schema, adopted_card) as found:
        yield found


def test_the_adopted_idea_card_leads_to_its_decision_which_lists_the_card_and_the_revision(
    page: Any, adopted: Served
) -> None:
    log_in(page, adopted, "laeser")
    page.get_by_role("navigation").get_by_role("link", name="Forslag").click()
    page.get_by_label("Tilstand").select_option("adopted")
    page.get_by_role("button", name="Vis").click()
    page.get_by_role("link", name="«2+2=5»").click()

    page.wait_for_url(f"**/forslag/{PROPOSAL}")
    assert page.locator(".proposal-state").inner_text() == "vedtaget"
    assert page.get_by_role("heading", name="Forandringsdriver").is_visible()
    history = page.locator(".proposal-history").inner_text()
    assert "indsendt 01.02.2019" in history and "drøftet 14.03.2019" in history
    page.get_by_role("link", name="forummets beslutning").click()

    page.wait_for_url("**/beslutninger/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Beslutning: Referat 14.03.2019, punkt 2"
    revisions = page.get_by_role("region", name="Revisioner af kontrakter").inner_text()
    assert "Aktivitet «2+2=5»: tilføjet" in revisions
    proposals = page.locator(".decision-proposals").inner_text()
    assert f"«2+2=5» (eksempel): vedtaget som aktiviteten «{ACTIVITY}»" in proposals
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "beslutning-2-plus-2-er-5.png"), full_page=True)
