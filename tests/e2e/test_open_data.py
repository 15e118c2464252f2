"""The open-data release feed over the Amager history: public, paged, valid against its shipped schema, no persons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from api.open_data.feed import SCHEMA_PATH, schema
from domain.terms import load_contract_file
from domain.tracker import Tracker
from domain.versions import Decision
from tests.conftest import AMAGER, EXAMPLE, contract_file
from tests.web.facts import KEY, USERS, amager_app, record_revisions

ACTORS = set(USERS)
DRAFT = "kladde-social-vicevaert"


def revisions_and_a_draft(tracker: Tracker) -> None:
    record_revisions(tracker, date(2016, 1, 15))
    draft = contract_file(EXAMPLE).model_copy(update={"key": DRAFT, "signed_on": None})
    tracker.import_contract(draft, actor="koordinator", source="kladde.yaml")


@pytest.fixture
def public(store: dict[str, str]) -> Iterator[TestClient]:
    """A client with no token over the Amager history with its revisions and a measurement."""
    app, _ = amager_app(store, revisions_and_a_draft)
    with TestClient(app) as client:
        yield client


def _valid(document: dict[str, Any], kind: str) -> None:
    validator = Draft202012Validator(
        {"$ref": f"#/$defs/{kind}", "$defs": schema()["$defs"]}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def _all_releases(client: TestClient, first: str, kind: str = "releasePackage") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    url: str | None = first
    while url is not None:
        answer = client.get(url)
        assert answer.status_code == 200, answer.text
        _valid(answer.json(), kind)
        found += answer.json()["releases"]
        url = answer.json()["links"]["next"]
    return found


def test_the_release_feed_is_public_paged_and_valid_against_its_schema(public: TestClient) -> None:
    listed = public.get("/open-data/contracts")
    served_schema = public.get("/open-data/schema")
    first = listed.json()["contracts"][0]
    paged = _all_releases(public, f"{first['releases']}?limit=4")
    whole = public.get(first["releases"], params={"limit": 1000}).json()["releases"]
    record = public.get(first["record"], params={"as_of": "2016-01-15"})

    assert listed.status_code == 200 and served_schema.json() == schema()
    Draft202012Validator.check_schema(served_schema.json())
    _valid(listed.json(), "contractList")
    _valid(record.json(), "recordPackage")
    assert [c["key"] for c in listed.json()["contracts"]] == [KEY, "eksempel-social-vicevaert"]
    assert paged == whole and len({r["id"] for r in whole}) == len(whole)
    facts = [r["fact"] for r in whole]
    assert facts.count("meetingHeld") == 10 and facts.count("revised") == 2 and "signed" in facts
    assert {"expenseBooked", "dutyFulfilled", "measured", "terms"} <= set(facts)
    compiled = record.json()["records"][0]["compiledRelease"]
    activity = compiled["contract"]["activities"][2]
    assert activity["type"] == {"id": "brobygning-socialpsykiatri", "name": "Brobygning til socialpsykiatriske tilbud"}
    assert [a["reference"] for a in compiled["implementation"]["amendments"]] == [
        "Referat, punkt 3",
        "Referat, punkt 5",
    ]
    assert compiled["implementation"]["transactions"][0]["amountOre"] == 45_000_000


def test_the_feed_names_no_contact_person_and_no_user(public: TestClient) -> None:
    contacts = load_contract_file(AMAGER).contacts
    personal = {v for c in contacts for v in (c.name, c.email, c.phone) if v}
    answers = [
        public.get(f"/open-data/contracts/{KEY}/releases", params={"limit": 1000}).json(),
        public.get(f"/open-data/contracts/{KEY}/record").json(),
        public.get("/open-data/contracts").json(),
    ]
    texts = [s for answer in answers for s in _strings(answer)]

    assert len(personal) > 20 and texts
    assert not [s for s in texts if any(p in s for p in personal)]
    assert not [s for s in texts if s in ACTORS]


def test_a_draft_or_an_unknown_contract_is_not_published_and_a_bad_page_is_refused(public: TestClient) -> None:
    unknown = public.get("/open-data/contracts/findes-ikke/releases")
    draft = public.get(f"/open-data/contracts/{DRAFT}/record")
    listed = [c["key"] for c in public.get("/open-data/contracts").json()["contracts"]]
    bad_page = public.get(f"/open-data/contracts/{KEY}/releases", params={"after": "ikke-en-udgivelse"})

    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    assert draft.status_code == 404 and DRAFT not in listed
    assert bad_page.status_code == 422 and "udgivelse" in bad_page.json()["detail"]


def test_the_shipped_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert SCHEMA_PATH.name == "schema.json"


def _co_financed(tracker: Tracker) -> None:
    """Urbanplanen with a status, a payment, its unspent funds moved and a use approved twice and used."""
    forum = Decision("Boligsocialt Forum Amager", date(2018, 2, 20), "Referat, punkt 5")
    tracker.change_plan_status("urbanplanen", "prequalified", date(2013, 5, 1), "Ansøgning", "koordinator")
    tracker.record_payment("urbanplanen", "lbf", "Hans Hansen", date(2014, 2, 1), 200_000, "LBF-1", "koordinator")
    tracker.transfer_unspent("urbanplanen", date(2018, 1, 31), {"lbf": 100_000}, "koordinator")
    tracker.request_regulation_use("urbanplanen", 50_000, "Lektiecafé 2018", date(2018, 2, 15), "koordinator")
    for approver in ("municipality", "lbf"):
        tracker.approve_regulation_use(
            "urbanplanen", 1, approver, "Grethe Godkender", date(2018, 3, 1), "J.nr.", forum, "koordinator"
        )  # type: ignore[arg-type]
    tracker.use_regulation_funds("urbanplanen", 1, date(2018, 3, 15), "koordinator")


@pytest.mark.parametrize("store", ["sqlite", "postgres"], indirect=True)
def test_each_plan_has_a_public_release_feed_and_record_valid_against_the_schema_without_persons(
    store: dict[str, str],
) -> None:
    app, _ = amager_app(store, _co_financed)
    with TestClient(app) as public:
        listed = public.get("/open-data/plans")
        releases = _all_releases(public, "/open-data/plans/urbanplanen/releases?limit=3", "planReleasePackage")
        record = public.get("/open-data/plans/urbanplanen/record", params={"as_of": "2018-04-01"})
        unknown = public.get("/open-data/plans/ingen-plan/releases")

    assert listed.status_code == 200 and "urbanplanen" in [p["key"] for p in listed.json()["plans"]]
    _valid(listed.json(), "planList")
    assert [r["fact"] for r in releases] == [
        "planRegistered", "planStatus", "paymentReceived", "unspentTransferred", "regulationUseRequested",
        "regulationUseApproved", "regulationUseApproved", "regulationFundsUsed",
    ]  # fmt: skip
    assert len({r["id"] for r in releases}) == len(releases)
    assert record.status_code == 200
    _valid(record.json(), "planRecordPackage")
    compiled = record.json()["records"][0]["compiledRelease"]
    assert compiled["plan"]["status"] == "prequalified" and compiled["cofinancing"]["paidOre"] == {"lbf": 200_000}
    assert compiled["cofinancing"]["regulationUsedOre"] == 50_000
    said = set(_strings([listed.json(), releases, record.json()]))
    assert not {"Hans Hansen", "Grethe Godkender", "koordinator"} & said  # payer, approver's name, actor
    assert unknown.status_code == 404
