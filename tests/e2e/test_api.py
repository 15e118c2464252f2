"""The HTTP API over real HTTP on both stores: commands, queries, concurrency, roles and problem+json."""

from __future__ import annotations

import threading
from datetime import date

import httpx
import pytest

from tests.e2e.conftest import KEY, Api

PROBLEM = "application/problem+json"
DECISION = {"decided_by": "Boligsocialt Forum Amager", "decided_on": "2016-12-01", "reference": "Referat pkt. 4"}
CADENCE_TIMES = "activities.praksisnetvaerk.cadences.netvaerksmoede.frequency.times"


def _etag(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return response.headers["ETag"]


def test_without_a_valid_token_the_api_asks_who_you_are(api: Api) -> None:
    with api.client(None) as anonymous, api.client("revoked") as revoked:
        health = anonymous.get("/health")
        missing = anonymous.get("/contracts")
        gone = revoked.get("/contracts")
        wrong = anonymous.get("/contracts", headers={"Authorization": "Bearer ft_gaet"})

    assert health.status_code == 200 and health.json()["status"] == "ok"
    for response in (missing, gone, wrong):
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "tilbagekaldt" in gone.json()["detail"]


def test_a_revision_needs_the_version_seen_and_a_stale_one_is_refused(api: Api) -> None:
    body = {"effective_from": "2017-01-01", "decision": DECISION, "set": {CADENCE_TIMES: 4}}
    with api.client("coordinator") as http:
        seen = _etag(http.get(f"/contracts/{KEY}"))
        without = http.patch(f"/contracts/{KEY}", json=body)
        first = http.patch(f"/contracts/{KEY}", json=body, headers={"If-Match": seen})
        stale = http.patch(f"/contracts/{KEY}", json={**body, "set": {CADENCE_TIMES: 5}}, headers={"If-Match": seen})
        after = http.get(f"/contracts/{KEY}", params={"effective": "2017-06-01"})
        before = http.get(f"/contracts/{KEY}", params={"effective": "2016-06-01"})

    assert without.status_code == 428 and without.headers["content-type"] == PROBLEM
    assert first.status_code == 200, first.text
    assert first.json()["changes"] == [{"path": CADENCE_TIMES, "kind": "changed", "before": 3, "after": 4}]
    assert first.headers["ETag"] == f'"{first.json()["version"]}"' != seen
    assert stale.status_code == 412
    assert stale.json()["current_version"] == first.json()["version"]
    network = after.json()["activities"][0]["cadences"][0]
    assert network["key"] == "netvaerksmoede" and network["frequency"]["times"] == 4
    assert before.json()["activities"][0]["cadences"][0]["frequency"]["times"] == 3


def test_two_clients_with_the_same_etag_exactly_one_wins(api: Api) -> None:
    with api.client("coordinator") as http:
        seen = _etag(http.get(f"/contracts/{KEY}"))
    results: list[int] = []

    def revise(times: int) -> None:
        body = {"effective_from": "2017-01-01", "decision": DECISION, "set": {CADENCE_TIMES: times}}
        with api.client("coordinator") as client:
            results.append(client.patch(f"/contracts/{KEY}", json=body, headers={"If-Match": seen}).status_code)

    threads = [threading.Thread(target=revise, args=(n,)) for n in (4, 5, 6, 7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with api.client("auditor") as http:
        revisions = [h for h in http.get(f"/contracts/{KEY}/history").json() if h["kind"] == "revised"]

    assert sorted(results) == [200, 412, 412, 412]
    assert len(revisions) == 1


def test_a_party_records_its_meeting_and_reads_its_own_write(api: Api) -> None:
    with api.client("party") as sof:
        planned = sof.post(f"/contracts/{KEY}/meetings", json={"cadence": "netvaerksmoede", "on": "2016-03-10"})
        meeting = f"/meetings/{planned.json()['meeting_id']}"
        version = _etag(sof.get(meeting))
        held = sof.post(
            f"{meeting}/held",
            json={"held_on": "2016-03-10", "attendees": ["sof", "3b"], "decisions": ["Temadag i maj"]},
            headers={"If-Match": version},
        )
        meetings = sof.get(
            f"/contracts/{KEY}/meetings", params={"as_of": "2016-04-01", "min_position": held.json()["position"]}
        )
        duty = sof.get(f"/contracts/{KEY}/obligations", params={"as_of": "2016-04-01"})

    assert planned.status_code == 201 and planned.headers["Location"] == meeting
    assert held.status_code == 200 and held.json()["version"] == int(version.strip('"')) + 1
    network = next(c for c in meetings.json() if c["cadence"] == "netvaerksmoede")
    assert network["last_held"] == "2016-03-10"
    convened = [o for o in duty.json()["occurrences"] if o["responsibility"] == "sof-indkalde-netvaerksmoede"]
    assert any(o["state"] == "met" and o["settlement"]["actor"] == "sof-bruger" for o in convened)


def test_parties_may_only_do_what_the_contract_gives_them(api: Api) -> None:
    with api.client("other-party") as b3, api.client("party") as sof:
        not_convener = b3.post(f"/contracts/{KEY}/meetings", json={"cadence": "netvaerksmoede", "on": "2016-03-10"})
        other_plan = sof.post(
            f"/contracts/{KEY}/plans/urbanplanen/expenses",
            json={"booked_on": "2016-02-01", "amount": 125000, "text": "Forplejning"},
            headers={"If-Match": '"0"'},
        )
        own_plan = b3.post(
            f"/contracts/{KEY}/plans/urbanplanen/expenses",
            json={"booked_on": "2016-02-01", "amount": 125000, "text": "Forplejning", "funder": "lbf"},
            headers={"If-Match": '"0"'},
        )
        waive = sof.post(
            f"/contracts/{KEY}/obligations/sof-indkalde-netvaerksmoede/waivers",
            json={"due": "2016-04-30", "reason": "Aflyst"},
            headers={"If-Match": '"0"'},
        )
        audit = sof.get("/audit")

    assert not_convener.status_code == 403 and "indkalder ikke" in not_convener.json()["detail"]
    assert other_plan.status_code == 403
    assert own_plan.status_code == 201, own_plan.text
    assert own_plan.json() == {"entry": 1, "version": 2, "position": own_plan.json()["position"]}
    assert waive.status_code == 403 and audit.status_code == 403


def test_the_actor_on_every_event_is_the_authenticated_user(api: Api) -> None:
    with api.client("coordinator") as http:
        version = _etag(http.get(f"/contracts/{KEY}/plans/sundholm-holmbladsgade/ledger"))
        booked = http.post(
            f"/contracts/{KEY}/plans/sundholm-holmbladsgade/expenses",
            json={"booked_on": "2016-02-01", "amount": 1250000, "text": "Honorar, temadag"},
            headers={"If-Match": version},
        )
    with api.client("auditor") as auditor:
        page = auditor.get("/audit", params={"actor": "koordinator", "min_position": booked.json()["position"]})

    assert version == '"0"'
    assert booked.status_code == 201
    assert [r["event_type"] for r in page.json()["items"]] == ["ExpenseBooked", "Opened"]
    assert "12.500,00 kr." in page.json()["items"][0]["summary"]


def test_a_correction_over_http_takes_part_of_an_entry_off_and_refuses_more_than_remains(api: Api) -> None:
    ledger = f"/contracts/{KEY}/plans/sundholm-holmbladsgade/ledger"
    with api.client("coordinator") as http:
        booked = http.post(
            f"/contracts/{KEY}/plans/sundholm-holmbladsgade/expenses",
            json={"booked_on": "2016-02-01", "amount": 12_500_050, "text": "Temadag"},
            headers={"If-Match": _etag(http.get(ledger))},
        )
        url = f"/contracts/{KEY}/plans/sundholm-holmbladsgade/expenses/{booked.json()['entry']}/corrections"
        correction = {"booked_on": "2016-03-01", "amount": 2_500_000, "reason": "Kreditnota"}
        corrected = http.post(url, json=correction, headers={"If-Match": _etag(http.get(ledger))})
        too_much = http.post(
            url, json={**correction, "amount": 10_000_051}, headers={"If-Match": _etag(http.get(ledger))}
        )
        entries = http.get(ledger).json()["entries"]

    assert corrected.status_code == 201, corrected.text
    assert too_much.status_code == 422 and too_much.headers["content-type"] == "application/problem+json"
    assert "100.000,50 kr." in too_much.json()["detail"]
    assert [(e["amount"], e["corrects"], e["remaining"]) for e in entries] == [
        (12_500_050, None, 10_000_050),
        (-2_500_000, 1, None),
    ]


def test_the_audit_log_is_keyset_paged(api: Api) -> None:
    with api.client("auditor") as http:
        first = http.get("/audit", params={"limit": 2}).json()
        second = http.get("/audit", params={"limit": 2, "before": first["next"]}).json()

    positions = [r["position"] for r in first["items"] + second["items"]]
    assert positions == sorted(positions, reverse=True) and len(set(positions)) == 4


def test_queries_answer_for_a_date(api: Api) -> None:
    with api.client("reader") as http:
        contracts = http.get("/contracts", params={"q": "amager"}).json()
        status = http.get(f"/contracts/{KEY}/status", params={"as_of": "2016-01-15"}).json()
        overdue = http.get("/overdue-meetings", params={"as_of": "2016-01-15"}).json()
        budget = http.get(f"/contracts/{KEY}/budget", params={"as_of": "2016-01-15"}).json()
        goals = http.get(f"/contracts/{KEY}/goals").json()

    assert [c["key"] for c in contracts] == [KEY]
    assert status["as_of"] == "2016-01-15" and status["obligations"]["totals"]["overdue"] > 0
    assert {r["cadence"] for r in overdue} >= {"netvaerksmoede"}
    assert [p["frame"] for p in budget] == [162_621_700, 303_844_700]
    assert goals and goals[0]["indicators"]


def test_long_lists_are_paged_by_key_with_the_next_page_in_the_link_header(api: Api) -> None:
    with api.client("reader") as http:
        every = http.get("/contracts").json()
        first = http.get("/contracts", params={"limit": 1})
        second = http.get(first.links["next"]["url"])
        overdue = http.get("/overdue-meetings", params={"as_of": "2017-12-31"}).json()
        pages, url = [], "/overdue-meetings?as_of=2017-12-31&limit=2"
        while url:
            page = http.get(url)
            pages += page.json()
            url = page.links.get("next", {}).get("url")

    assert len(every) == 2 and first.json() + second.json() == every
    assert len(overdue) > 2 and pages == overdue


def test_a_party_sees_only_its_contracts(api: Api) -> None:
    with api.client("other-party") as b3:
        keys = [c["key"] for c in b3.get("/contracts").json()]
        other = b3.get("/contracts/eksempel-social-vicevaert")
        status = b3.get("/contracts/eksempel-social-vicevaert/status")

    assert keys == [KEY]  # 3B is not a party to the example contract (SOF is party to both)
    assert other.status_code == 403 and status.status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/contracts/findes-ikke", None, 404),
        ("GET", f"/contracts/{KEY}?effective=ikke-en-dato", None, 422),
        ("GET", f"/contracts/{KEY}/diff?from=v1&to=v9", None, 404),
        ("GET", f"/contracts/{KEY}/diff?from=igår&to=v1", None, 422),
        ("GET", f"/contracts/{KEY}/diff", None, 422),
        ("GET", f"/contracts/{KEY}?version=99", None, 404),
        ("GET", "/ingen-sti", None, 404),
        ("GET", "/meetings/ikke-et-id", None, 422),
        ("POST", "/contracts", {"key": "x"}, 422),
        ("POST", "/contracts", [1, 2], 422),
        ("POST", f"/contracts/{KEY}/meetings", {"cadence": "findes-ikke", "on": "2016-01-01"}, 404),
        ("POST", f"/contracts/{KEY}/meetings", {"cadence": "netvaerksmoede", "on": "2016-13-01"}, 422),
        ("POST", f"/contracts/{KEY}/meetings/held", {"cadence": "netvaerksmoede", "held_on": "2999-01-01"}, 422),
        ("DELETE", f"/contracts/{KEY}", None, 405),
        ("GET", "/contracts?limit=0", None, 422),
        ("GET", "/overdue-meetings?limit=2&after=ikke-en-side", None, 422),
        ("GET", "/overdue-meetings?after=a,1,2016-13-01", None, 422),
    ],
)
def test_bad_requests_get_problem_json_never_a_500(api: Api, method: str, path: str, body: object, status: int) -> None:
    with api.client("coordinator") as http:
        response = http.request(method, path, json=body)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status and response.json()["detail"]


def test_a_contract_as_known_before_it_existed_is_not_found(api: Api) -> None:
    with api.client("reader") as http:
        before = http.get(f"/contracts/{KEY}", params={"known_at": "2013-01-01T00:00:00"})
        v1 = http.get(f"/contracts/{KEY}", params={"version": 1})

    assert before.status_code == 404 and "var ikke registreret" in before.json()["detail"]
    assert before.json()["rule"] == "contract-not-known"
    assert v1.status_code == 200 and v1.json()["plans"][0]["budget_frame"]["total"] == 162_621_700


def test_a_bad_contract_document_names_each_field_and_writes_nothing(api: Api) -> None:
    with api.client("coordinator") as http:
        head = http.get("/health").json()["position"]
        response = http.post("/contracts", json={"key": "ny", "title": "Ny", "period": {"start": "ikke-dato"}})
        after = http.get("/health").json()["position"]

    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"period.start", "urban_area", "focus_area"} <= fields
    assert after == head


def test_a_meeting_held_is_recorded_once_per_cadence_and_day(api: Api) -> None:
    body = {"cadence": "netvaerksmoede", "held_on": "2016-03-10", "attendees": ["sof"]}
    with api.client("party") as sof:
        first = sof.post(f"/contracts/{KEY}/meetings/held", json=body)
        again = sof.post(f"/contracts/{KEY}/meetings/held", json=body)
        next_day = sof.post(f"/contracts/{KEY}/meetings/held", json={**body, "held_on": "2016-03-11"})

    assert first.status_code == 201 and next_day.status_code == 201
    assert again.status_code == 409 and "allerede registreret afholdt 10.03.2016" in again.json()["detail"]


def test_the_server_keeps_its_views_up_to_date(api: Api, store: dict[str, str]) -> None:
    from domain.tracker import Tracker

    writer = Tracker(store, clock=lambda: date(2016, 1, 1))
    try:
        _, outcome = writer.record_meeting_held(KEY, "netvaerksmoede", date(2015, 3, 10), ["sof"], [], [], "", "karen")
    finally:
        writer.close()
    with api.client("reader") as http:
        response = http.get(f"/contracts/{KEY}/meetings", params={"min_position": outcome.position})

    network = next(c for c in response.json() if c["cadence"] == "netvaerksmoede")
    assert network["last_held"] == "2015-03-10"


def test_a_meeting_held_leaves_the_overdue_list_for_a_read_of_ones_own_write(api: Api) -> None:
    day = {"as_of": "2017-12-31"}
    with api.client("party") as sof:
        before = sof.get("/overdue-meetings", params=day).json()
        late = next(r for r in before if r["cadence"] == "netvaerksmoede")
        held = sof.post(
            f"/contracts/{late['contract']}/meetings/held",
            json={"cadence": "netvaerksmoede", "held_on": late["due"], "attendees": ["sof"]},
        )
        after = sof.get("/overdue-meetings", params={**day, "min_position": held.json()["position"]}).json()
        listed = sof.get("/contracts", params={"min_position": held.json()["position"]}).json()

    assert held.status_code == 201
    assert late not in after and len(after) == len(before) - 1
    assert [c["key"] for c in listed] == [KEY, "eksempel-social-vicevaert"]
