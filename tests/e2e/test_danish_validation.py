"""A request that does not validate is answered 422 problem+json naming each field in Danish; nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import KEY, Api


def test_bad_query_and_body_fields_are_named_with_danish_messages(api: Api) -> None:
    with api.client("coordinator") as http:
        head = http.get("/health").json()["position"]
        query = http.get(f"/contracts/{KEY}", params={"version": "tre"})
        held = {"held_on": "ikke-dato", "attendees": ["sof"], "farve": "blå"}
        body = http.post(f"/contracts/{KEY}/meetings/held", json=held)
        json_header = {"Content-Type": "application/json"}
        broken = http.post(f"/contracts/{KEY}/meetings/held", content=b'{"key": ', headers=json_header)
        after = http.get("/health").json()["position"]

    assert query.status_code == 422 and query.headers["content-type"] == "application/problem+json"
    assert query.json()["title"] == "Ugyldige data"
    (version,) = query.json()["errors"]
    assert version == {
        "location": "query",
        "field": "version",
        "message": "Værdien skal være et heltal.",
        "type": "int_parsing",
    }
    assert "version: Værdien skal være et heltal." in query.json()["detail"]

    assert body.status_code == 422
    messages = {e["field"]: e["message"] for e in body.json()["errors"]}
    assert messages == {
        "held_on": "Værdien er ikke en gyldig dato; brug ÅÅÅÅ-MM-DD.",
        "cadence": "Feltet skal udfyldes.",
        "farve": "Feltet kendes ikke og må ikke sendes med.",
    }
    assert {e["location"] for e in body.json()["errors"]} == {"body"}

    assert broken.status_code == 422
    assert broken.json()["errors"][0]["message"].startswith("Brødteksten er ikke gyldig JSON")
    assert after == head
