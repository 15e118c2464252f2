"""The contract page shows each indicator's target and progress per period; the overview filters by catalogue."""

from __future__ import annotations

import csv
import io
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
    fragile = page.text.split('data-testid="catalogue-psykisk-saarbare"')[1].split("</p>")[0]
    assert "Brobygning til socialpsykiatriske tilbud" in fragile and "Målgrupper: Psykisk sårbare beboere" in fragile


def test_the_goals_export_gives_each_periods_target_measurement_and_verdict(web: Web) -> None:
    headers = {"Authorization": f"Bearer {web.tokens['revisor']}"}
    answer = web.client.get("/exports/goals.csv", params={"as_of": AS_OF, "contract": KEY}, headers=headers)

    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    periods = [(r[2], r[4], r[5], r[7], r[8], r[9]) for r in rows[1:] if r[5] != "hele perioden"]
    evictions = "Antal udsættelser i de almene boligafdelinger på Amager"
    assert periods == [
        (evictions, "antal", "2015", "40", "38", "ja"),
        (evictions, "antal", "2016", "35", "", "ikke målt"),
        ("Gennemførelsesprocent", "andel i procent", "2015", "75", "", "ikke målt"),
    ]


def test_the_overview_filters_by_activity_type_and_target_group(web: Web) -> None:
    client = web.login("koordinator")

    shown = {"as_of": AS_OF, "eksempler": "1"}  # examples are left out unless asked for
    caretakers = client.get("/", params={**shown, "aktivitetstype": "social-vicevaert"})
    fragile = client.get("/", params={**shown, "maalgruppe": "psykisk-saarbare"})
    nobody = client.get("/", params={**shown, "aktivitetstype": "brandkadet"})

    assert (
        "Eksempel: Kontrakt om social vicevært" in caretakers.text and "Amager, Udsatte grupper" not in caretakers.text
    )
    assert "Amager, Udsatte grupper" in fragile.text and "Eksempel: Kontrakt" not in fragile.text
    assert '<option value="brandkadet" selected>Brandkadet</option>' in nobody.text
    assert "Ingen kontrakter matcher filtrene." in nobody.text
