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
