"""A damaged log fails loudly where it is read – naming the position, aggregate and version – and a
rebuild that meets it stops before it drops the views it has."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.settings import Settings
from projections.database import ViewDatabase
from tests.conftest import store_url
from tests.e2e.conftest import add_users, served
from tests.integration import tampering
from tests.integration.tampering import forum, raw

sealed_store = tampering.sealed_store  # the fixture
KEY = "amager-udsatte-grupper-2013"
PLANS = ("urbanplanen", "sundholm-holmbladsgade")


def test_reading_a_ledger_with_a_deleted_event_answers_503_naming_the_event(sealed_store: dict[str, str]) -> None:
    with raw(sealed_store) as db:
        expense = db.booked_expense()
        db.delete(expense)
    token = add_users(sealed_store)["coordinator"]
    url, schema = store_url(sealed_store)

    settings = Settings(database_url=url, postgres_schema=schema, pool_size=2)
    headers = {"Authorization": f"Bearer {token}"}
    with served(create_app(settings)) as base, httpx.Client(base_url=base, headers=headers, timeout=60) as http:
        answers = [http.get(f"/contracts/{KEY}/plans/{plan}/ledger") for plan in PLANS]

    damaged = [a for a in answers if a.status_code != 200]
    assert [a.status_code for a in damaged] == [503]
    problem = damaged[0].json()
    assert damaged[0].headers["content-type"].startswith("application/problem+json")
    assert (problem["rule"], problem["position"], problem["aggregate"], problem["version"]) == (
        "damaged-log",
        expense.position,
        expense.aggregate,
        expense.version,
    )
    assert f"position {expense.position}" in problem["detail"]


def test_a_command_on_a_damaged_aggregate_names_the_missing_version_and_records_nothing(
    sealed_store: dict[str, str],
) -> None:
    with raw(sealed_store) as db:
        expense = db.booked_expense()
        db.delete(expense)
        before = db.rows(f"SELECT count(*) FROM {db.table}")

    outcomes = [
        forum(
            "expense", "book", KEY, plan, "--on", "2016-02-01", "--amount", "100", "--text", "Kaffe", "--funder", "lbf"
        )
        for plan in PLANS
    ]

    damaged = [output for code, output in outcomes if code == 2]
    assert len(damaged) == 1
    assert f"position {expense.position}, aggregat {expense.aggregate} version {expense.version}" in damaged[0]
    assert "Traceback" not in damaged[0] and "OriginatorVersionError" not in damaged[0]
    with raw(sealed_store) as db:
        assert db.rows(f"SELECT count(*) FROM {db.table}") == [(before[0][0] + 1,)]  # only the sound ledger's


def test_a_rebuild_that_meets_a_gap_names_it_and_keeps_the_views(sealed_store: dict[str, str]) -> None:
    assert forum("projections", "rebuild")[0] == 0
    views = ViewDatabase(sealed_store)
    try:
        records = views.fetchall("SELECT count(*) FROM view_contract_records")
        with raw(sealed_store) as db:
            expense = db.booked_expense()
            db.delete(expense)

        code, output = forum("projections", "rebuild")

        assert code == 2
        assert f"position {expense.position}, aggregat {expense.aggregate} version {expense.version}" in output
        assert views.fetchall("SELECT count(*) FROM view_contract_records") == records != [(0,)]
    finally:
        views.close()
