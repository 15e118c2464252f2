"""The contract page shows each indicator's target and progress per period; the overview filters by catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from domain.tracker import Tracker
from tests.integration.test_goal_targets import with_targets
from tests.web.conftest import Web, missing
from tests.web.facts import AS_OF, KEY, amager_app


def targets_and_a_measurement(tracker: Tracker) -> None:
    with_targets(tracker)
    tracker.record_measurement(
        KEY, "udsaettelser", "2015", Decimal(38), date(2016, 1, 10), "Fogedretten", "koordinator"
    )


@pytest.fixture
def web(store: dict[str, str]) -> Iterator[Web]:
    app, tokens = amager_app(store, targets_and_a_measurement)
    with TestClient(app, follow_redirects=False) as client:
        yield Web(client, tokens)


def test_the_contract_page_shows_each_periods_target_measurement_and_verdict(web: Web) -> None:
    page = web.login("laeser").get(f"/kontrakter/{KEY}", params={"as_of": AS_OF})

    assert page.status_code == 200, page.text
    evictions = page.text.split('data-testid="period-targets-udsaettelser"')[1].split("</table>")[0]
    assert not missing(evictions, "Mål og fremdrift pr. periode", "<th scope=\"row\">2015</th>", "38", "ja",
                       "<th scope=\"row\">2016</th>", "ikke målt")  # fmt: skip
    assert "(andel i procent)" in page.text.split('data-testid="period-targets-gennemfoerelse"')[1]
