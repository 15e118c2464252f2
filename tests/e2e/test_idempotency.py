"""Writes sent again with the same Idempotency-Key get their first outcome; nothing is recorded twice."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import KEY, Api, lose_the_outcome

EXPENSES = f"/contracts/{KEY}/plans/urbanplanen/expenses"
BOOKING = {"booked_on": "2016-02-01", "amount": 125000, "text": "Forplejning", "funder": "lbf"}


def booked(api: Api) -> list[dict[str, Any]]:
    with api.client("coordinator") as c:
        return c.get(f"/contracts/{KEY}/plans/urbanplanen/ledger").json()["entries"]  # type: ignore[no-any-return]


def test_a_write_retried_with_the_same_key_is_answered_as_first_and_recorded_once(api: Api) -> None:
    with api.client("coordinator") as c:
        headers = {"If-Match": '"0"', "Idempotency-Key": "bog-1"}
        first = c.post(EXPENSES, json=BOOKING, headers=headers)
        again = c.post(EXPENSES, json=BOOKING, headers=headers)
    assert first.status_code == 201, first.text
    assert (again.status_code, again.json(), again.headers["ETag"]) == (201, first.json(), first.headers["ETag"])
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(booked(api)) == 1


def test_a_refusal_is_the_outcome_a_retry_gets_too(api: Api) -> None:
    with api.client("coordinator") as c:
        headers = {"If-Match": '"7"', "Idempotency-Key": "forkert-version"}
        first = c.post(EXPENSES, json=BOOKING, headers=headers)
        again = c.post(EXPENSES, json=BOOKING, headers=headers)
    assert first.status_code == 412
    assert again.status_code == 412 and again.json() == first.json()


def test_the_same_key_with_a_different_body_is_refused_and_writes_nothing(api: Api) -> None:
    with api.client("coordinator") as c:
        c.post(EXPENSES, json=BOOKING, headers={"If-Match": '"0"', "Idempotency-Key": "k"})
        other = c.post(EXPENSES, json={**BOOKING, "amount": 1}, headers={"If-Match": '"2"', "Idempotency-Key": "k"})
    assert other.status_code == 422 and other.json()["rule"] == "idempotency-key-reused"
    assert [e["amount"] for e in booked(api)] == [125000]


def test_keys_are_per_user(api: Api) -> None:
    # Given the coordinator used a key, When another user sends a write with the same key, Then it is theirs
    with api.client("coordinator") as c, api.client("other-party") as b3:
        c.post(EXPENSES, json=BOOKING, headers={"If-Match": '"0"', "Idempotency-Key": "shared"})
        theirs = b3.post(EXPENSES, json=BOOKING, headers={"If-Match": '"2"', "Idempotency-Key": "shared"})
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert len(booked(api)) == 2


def test_a_key_that_is_not_plain_ascii_is_refused_and_writes_nothing(api: Api) -> None:
    with api.client("coordinator") as c:
        refused = c.post(EXPENSES, json=BOOKING, headers={"If-Match": '"0"', "Idempotency-Key": "fælles".encode()})
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert booked(api) == []


def test_a_write_whose_answer_was_lost_is_answered_from_the_store_with_what_it_recorded(
    api: Api, store: dict[str, str]
) -> None:
    # Given a booking that was committed, but whose answer was never kept (the process died)
    with api.client("coordinator") as c:
        headers = {"If-Match": '"0"', "Idempotency-Key": "tabt-svar"}
        first = c.post(EXPENSES, json=BOOKING, headers=headers).json()
        lose_the_outcome(store, "tabt-svar")
        # When it is sent again with the same key
        again = c.post(EXPENSES, json=BOOKING, headers=headers)
        kept = c.post(EXPENSES, json=BOOKING, headers=headers)
    # Then it is answered as recorded (never a conflict), with the events it recorded, and booked once
    assert again.status_code == 200, again.text
    body = again.json()
    assert (body["recovered"], body["version"], body["position"]) == (True, first["version"], first["position"])
    expense = next(e for e in body["events"] if e["topic"] == "forum:Ledger.ExpenseBooked")
    assert (expense["fields"]["entry"], expense["fields"]["amount_ore"]) == (first["entry"], 125000)
    assert expense["summary"].endswith("bogførte 1.250,00 kr. 01.02.2016: Forplejning")
    assert (kept.status_code, kept.json()) == (200, body)
    assert len(booked(api)) == 1
