"""The forum register and proposals over real HTTP and the real CLI: the idea card adopted on a decision, and bad
input refused in Danish with nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import CONTRACTS as CONTRACT_DIR
from tests.e2e.conftest import Api, Forum
from tests.forum_history import ACTIVITY, CARD, CONTRACT, DECISION, EXAMPLE_FORUM, FORA, FORUM, PROPOSAL

PROBLEM = "application/problem+json"


def _json(path: Any) -> dict[str, Any]:
    return json.loads(json.dumps(YAML(typ="safe").load(path.read_text(encoding="utf-8")), default=str))


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # the stores are compared in tests/integration
def test_the_idea_card_goes_from_draft_to_an_activity_over_http_and_the_decision_lists_it(api: Api) -> None:
    with api.client("coordinator") as http, api.client("party") as sof:
        assert http.put(f"/forums/{FORUM}", json=_json(EXAMPLE_FORUM)).json()["action"] == "created"
        assert http.put(f"/proposals/{PROPOSAL}", json=_json(CARD)).json()["action"] == "created"
        refused = sof.post(f"/proposals/{PROPOSAL}/submission", json={"on": "2019-02-01"}, headers={"If-Match": '"1"'})
        submitted = http.post(
            f"/proposals/{PROPOSAL}/submission", json={"on": "2019-02-01"}, headers={"If-Match": '"1"'}
        )
        stale = http.post(
            f"/proposals/{PROPOSAL}/discussion", json={"held_on": "2019-03-14"}, headers={"If-Match": '"1"'}
        )
        http.post(f"/proposals/{PROPOSAL}/discussion", json={"held_on": "2019-03-14"}, headers={"If-Match": '"2"'})
        adoption = {"decision": DECISION, "contract": CONTRACT, "activity": ACTIVITY, "effective_from": "2019-04-01"}
        adopted = http.post(f"/proposals/{PROPOSAL}/adoption", json=adoption, headers={"If-Match": '"3"'})
        decision = http.get(f"/forums/{FORUM}/decisions/{DECISION}").json()
        listed = http.get("/proposals", params={"state": "adopted"}).json()

    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM  # SOF did not propose it
    assert submitted.status_code == 200 and stale.status_code == 412
    assert adopted.status_code == 200, adopted.text
    assert decision["revisions"][0]["lines"] == ["Aktivitet «2+2=5»: tilføjet"]
    assert [(p["key"], p["state"], p["activity"]) for p in decision["proposals"]] == [(PROPOSAL, "adopted", ACTIVITY)]
    assert [p["key"] for p in listed] == [PROPOSAL]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_bad_forum_and_proposal_input_is_refused_in_danish_and_writes_nothing(api: Api) -> None:
    with api.client("coordinator") as http:
        no_name = http.put("/forums/x", json={"urban_area": "Eksempelby", "register_from": "2018-01-01"})
        wrong_key = http.put("/forums/x", json=_json(EXAMPLE_FORUM))
        unknown_forum = http.put(f"/proposals/{PROPOSAL}", json=_json(CARD))
        missing = http.get(f"/forums/{FORUM}/decisions/{DECISION}")
        fora = http.get("/forums").json()

    for response in (no_name, wrong_key, unknown_forum, missing):
        assert response.headers["content-type"] == PROBLEM
    assert no_name.status_code == wrong_key.status_code == 422
    assert "navnet som nøgle" in wrong_key.json()["detail"]
    assert unknown_forum.status_code == missing.status_code == 404
    assert "ikke registreret" in unknown_forum.json()["detail"]
    assert fora == []


def test_the_cli_registers_the_shipped_fora_and_takes_the_card_through_adoption(forum: Forum) -> None:
    forum("import", str(CONTRACT_DIR))
    assert [r["action"] for r in forum("fora", "import", str(FORA), "--json")] == ["created", "created"]
    assert [r["action"] for r in forum("fora", "import", str(FORA), "--json")] == ["unchanged", "unchanged"]
    forum("proposals", "import", str(CARD))
    forum("proposals", "submit", PROPOSAL, "--on", "2019-02-01")
    early = forum(
        "proposals", "adopt", PROPOSAL, "--decision", DECISION, "--contract", CONTRACT, "--activity", ACTIVITY, expect=1
    )
    forum("proposals", "discuss", PROPOSAL, "--meeting", "2019-03-14")
    forum(
        "proposals",
        "adopt",
        PROPOSAL,
        "--decision",
        DECISION,
        "--contract",
        CONTRACT,
        "--activity",
        ACTIVITY,
        "--effective-from",
        "2019-04-01",
    )
    shown = forum("fora", "decision", FORUM, DECISION)

    assert "først vedtages, når det er drøftet" in early.output
    print("\n" + shown.output)
    assert "Aktivitet «2+2=5»: tilføjet" in shown.output
    assert f"forslag «2+2=5»: vedtaget {CONTRACT} {ACTIVITY}" in shown.output
