"""Answers as known at a time over real HTTP and from the real CLI: the same answer again after later corrections."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from api.reports.contract_views import LOCAL
from tests.conftest import CONTRACTS
from tests.e2e.conftest import KEY, Api, Forum

PLAN = "urbanplanen"
DAY = {"as_of": "2014-12-31"}


def a_moment_after_everything_so_far() -> datetime:
    """Now, once the clock has moved past it: every event recorded later has a later time."""
    moment = datetime.now(UTC)
    while datetime.now(UTC) <= moment:
        pass
    return moment


def _book(http: httpx.Client) -> int:
    booked = http.post(
        f"/contracts/{KEY}/plans/{PLAN}/expenses",
        json={"booked_on": "2014-05-01", "amount": 15_000_000, "text": "Temadag", "funder": "lbf"},
        headers={"If-Match": '"0"'},
    )
    assert booked.status_code == 201, booked.text
    return int(booked.json()["position"])


def _correct(http: httpx.Client) -> int:
    """A reversal of the expense and the contract's end on 1 June 2014, both recorded now."""
    ledger = http.get(f"/contracts/{KEY}/plans/{PLAN}/ledger").headers["ETag"]
    body = {"booked_on": "2014-06-01", "reason": "Fejlbogført"}
    reversed_ = http.post(f"/contracts/{KEY}/plans/{PLAN}/expenses/1/reversal", json=body, headers={"If-Match": ledger})
    assert reversed_.status_code == 201, reversed_.text
    contract = http.get(f"/contracts/{KEY}").headers["ETag"]
    ended = http.post(
        f"/contracts/{KEY}/ending", json={"ended_on": "2014-06-01", "reason": "Ophørt"}, headers={"If-Match": contract}
    )
    assert ended.status_code == 200, ended.text
    return int(ended.json()["position"])


def test_the_status_budget_and_lists_as_known_at_a_time_are_the_same_after_later_corrections(api: Api) -> None:
    with api.client("coordinator") as http:
        position = _book(http)
        printed = a_moment_after_everything_so_far()
        known: dict[str, Any] = {**DAY, "known_at": printed.isoformat(), "min_position": position}
        then = http.get(f"/contracts/{KEY}/status", params=known).json()
        position = _correct(http)
        known["min_position"] = position
        again = http.get(f"/contracts/{KEY}/status", params=known)
        local = http.get(  # a time without zone is Danish local time
            f"/contracts/{KEY}/budget",
            params={**known, "known_at": printed.astimezone(LOCAL).replace(tzinfo=None).isoformat()},
        )
        now = http.get(f"/contracts/{KEY}/status", params={**DAY, "min_position": position}).json()
        ended_then = http.get("/contracts", params={**known, "status": "ended"}).json()
        ended_now = http.get("/contracts", params={**DAY, "status": "ended"}).json()
        overdue = http.get("/overdue-meetings", params=known)
        unknown = http.get(f"/contracts/{KEY}/obligations", params={"known_at": "2000-01-01T12:00"})

    assert again.status_code == 200 and again.json() == then
    assert then["known_at"] == printed.isoformat()
    spent = [next(p["spent"] for p in s["budget"] if p["plan"] == PLAN) for s in (then, now)]
    assert spent == [15_000_000, 0]  # by hand: 150.000,00 kr booked; reversed after the print
    assert [s["contract"]["status"] for s in (then, now)] == ["signed", "ended"]
    assert next(p["spent"] for p in local.json() if p["plan"] == PLAN) == 15_000_000
    assert KEY not in [c["key"] for c in ended_then] and KEY in [c["key"] for c in ended_now]
    assert overdue.status_code == 200 and all(row["contract"] != "" for row in overdue.json())
    assert unknown.status_code == 404 and unknown.json()["rule"] == "contract-not-known"


def test_forum_status_known_at_gives_the_answer_as_it_could_have_been_given_then(forum: Forum) -> None:
    forum("import", str(CONTRACTS))
    forum("expense", "book", KEY, PLAN, "--on", "2014-05-01", "--amount", "150.000", "--text", "Temadag", "--json")
    printed = a_moment_after_everything_so_far()
    then = forum("status", KEY, "--as-of", "2014-12-31", "--known-at", printed.isoformat(), "--json")
    forum("expense", "reverse", KEY, PLAN, "1", "--on", "2014-06-01", "--reason", "Fejlbogført", "--json")

    again = forum("status", KEY, "--as-of", "2014-12-31", "--known-at", printed.isoformat(), "--json")
    now = forum("status", KEY, "--as-of", "2014-12-31", "--json")
    text = forum("status", KEY, "--as-of", "2014-12-31", "--known-at", printed.isoformat())
    unknown = forum("status", KEY, "--known-at", "2000-01-01T12:00", expect=1)

    assert again == then
    spent = [next(p["spent"] for p in s["budget"] if p["plan"] == PLAN) for s in (then, now)]
    assert spent == [15_000_000, 0]
    assert "som kendt pr." in text.stdout
    assert "var ikke registreret" in unknown.output
