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
from tests.forum_history import PROPOSAL, discussed_card
from tests.web.conftest import sign_in
from tests.web.facts import KEY, amager_app


def _amager_revision(tracker: Tracker) -> None:
    discussed_card(tracker)
    terms = network_times(tracker.get_contract(KEY).terms(), 4)
    decided = Decision("Boligsocialt Forum Amager", date(2016, 11, 24), "Referat, punkt 3")
    tracker.revise_contract(KEY, terms, date(2017, 1, 1), decided, "koordinator")


@pytest.fixture
def reader(store: dict[str, str]) -> Iterator[TestClient]:
    app, tokens = amager_app(store, _amager_revision)
    with TestClient(app, follow_redirects=False) as client:
        yield sign_in(client, tokens["laeser"])


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
