"""The forum's pages render in Danish: the register with the Amager history's legacy revision, the proposals list
filtered by state, and a Danish 404 for a forum that is not registered."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from domain.tracker import Tracker
from domain.versions import Decision
from tests.conftest import network_times
from tests.forum_history import ACTIVITY, CONTRACT, DECISION, PROPOSAL, discussed_card
from tests.web.conftest import form_token, hidden_version, sign_in
from tests.web.facts import KEY, amager_app


def _amager_revision(tracker: Tracker) -> None:
    discussed_card(tracker)
    terms = network_times(tracker.get_contract(KEY).terms(), 4)
    decided = Decision("Boligsocialt Forum Amager", date(2016, 11, 24), "Referat, punkt 3")
    tracker.revise_contract(KEY, terms, date(2017, 1, 1), decided, "koordinator")


@pytest.fixture
def app(store: dict[str, str]) -> Iterator[tuple[TestClient, dict[str, str]]]:
    application, tokens = amager_app(store, _amager_revision)
    with TestClient(application, follow_redirects=False) as client:
        yield client, tokens


@pytest.fixture
def reader(app: tuple[TestClient, dict[str, str]]) -> TestClient:
    return sign_in(app[0], app[1]["laeser"])


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # the stores are compared in tests/integration
def test_the_forum_pages_show_members_the_register_legacy_revisions_and_proposals_by_state(
    reader: TestClient,
) -> None:
    amager = reader.get("/fora/boligsocialt-forum-amager", params={"as_of": "2017-01-15"})
    example = reader.get("/fora/Boligsocialt Forum Eksempelby", params={"as_of": "2019-03-31"})
    discussed = reader.get("/forslag", params={"tilstand": "discussed"})
    adopted = reader.get("/forslag", params={"tilstand": "adopted"})
    card = reader.get(f"/forslag/{PROPOSAL}")
    unknown = reader.get("/fora/boligsocialt-forum-valby")

    assert amager.status_code == 200 and "Teknik- og Miljøforvaltningen" in amager.text
    assert "ikke i beslutningsregistret" in amager.text and "version 2" in amager.text
    assert "Møde 14.03.2019" in example.text and "1 revisioner" not in example.text
    assert "«2+2=5»" in discussed.text and "Ingen forslag i tilstanden vedtaget" in adopted.text
    assert "Gevinst for beboeren" in card.text and "Jørgen Anker" not in card.text
    assert unknown.status_code == 404
    assert "Forummet 'boligsocialt-forum-valby' er ikke registreret." in html.unescape(unknown.text)


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_coordinator_adopts_the_discussed_card_with_the_form_and_a_bad_key_is_refused_in_danish(
    app: tuple[TestClient, dict[str, str]],
) -> None:
    client = sign_in(app[0], app[1]["koordinator"])
    page = client.get(f"/forslag/{PROPOSAL}").text
    form = {
        "csrf": form_token(page),
        "version": hidden_version(page, f"/forslag/{PROPOSAL}"),
        "skridt": "vedtag",
        "decision": DECISION,
        "contract": CONTRACT,
        "on": "2019-04-01",
    }

    refused = client.post(f"/forslag/{PROPOSAL}", data=form | {"activity": "Drift Til Ledige"})
    saved = client.post(f"/forslag/{PROPOSAL}", data=form | {"activity": ACTIVITY})
    shown = client.get(saved.headers["location"])

    assert refused.status_code == 422 and "kun små bogstaver, tal og bindestreg" in refused.text
    assert "Drift Til Ledige" in refused.text  # what was typed stays
    assert saved.status_code == 303
    assert "vedtaget" in shown.text and f"aktiviteten «{ACTIVITY}»" in shown.text
    assert "Vedtag forslaget" not in shown.text  # an adopted proposal has no further step


APPROVED_BY = Decision("Boligsocialt Forum Amager", date(2018, 2, 20), "Referat, punkt 5")


def _approved_use(tracker: Tracker) -> None:
    """Urbanplanen's unspent funds moved, and a use of them approved by both on the forum's registered decision."""
    discussed_card(tracker)
    tracker.record_forum_decision(APPROVED_BY.decided_by, date(2018, 2, 20), "Referat, punkt 5", "Brug", "koordinator")
    tracker.record_payment("urbanplanen", "lbf", "Landsbyggefonden", date(2014, 2, 1), 200_000, "LBF-1", "koordinator")
    tracker.transfer_unspent("urbanplanen", date(2018, 1, 31), {"lbf": 100_000}, "koordinator")
    tracker.request_regulation_use("urbanplanen", 50_000, "Lektiecafé 2018", date(2018, 2, 15), "koordinator")
    for approver in ("municipality", "lbf"):
        tracker.approve_regulation_use(
            "urbanplanen", 1, approver, f"Godkender ({approver})", date(2018, 3, 1), "J.nr.", APPROVED_BY, "koordinator"
        )  # type: ignore[arg-type]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_decision_page_lists_the_regulation_account_approvals_resting_on_it(store: dict[str, str]) -> None:
    application, tokens = amager_app(store, _approved_use)
    with TestClient(application, follow_redirects=False) as client:
        page = sign_in(client, tokens["laeser"]).get(
            "/fora/boligsocialt-forum-amager/beslutninger/2018-02-20-referat-punkt-5"
        )

    text = html.unescape(page.text)
    assert page.status_code == 200, text
    assert "Godkender (municipality)" in text and "Godkender (lbf)" in text
    assert "Lektiecafé 2018" in text and "Ingen godkendelser hviler på beslutningen" not in text
