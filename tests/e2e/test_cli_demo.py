"""`forum demo` and `forum demo generate` end to end."""

from __future__ import annotations

from tests.e2e.conftest import Forum

KEY = "amager-udsatte-grupper-2013"


def test_forum_demo_loads_the_amager_history_once(forum: Forum) -> None:
    first = forum("demo")
    second = forum("demo", "--json")

    assert "Demohistorikken 2014–2017" in first.stdout and "er indlæst" in first.stdout
    assert second == {"contract": KEY, "imported": False, "loaded": False, "events": 0}
    overdue = forum("overdue", "--json")
    assert {(o["cadence"], o["due"]) for o in overdue} >= {("netvaerksmoede", "2017-06-30")}


def test_forum_demo_generate_writes_and_then_skips_the_fictional_contracts(forum: Forum) -> None:
    first = forum("demo", "generate", "--contracts", "2", "--years", "2", "--seed", "3", "--json")
    again = forum("demo", "generate", "--contracts", "2", "--years", "2", "--seed", "3")

    assert (first["written"], first["skipped"]) == (2, 0) and first["events"] > 100
    assert "0 kontrakter skrevet, 2 fandtes allerede" in again.stdout
    listed = forum("list", "--json")
    assert sorted(c["key"] for c in listed) == ["demo-s3-00001", "demo-s3-00002"]


def test_forum_demo_generate_refuses_years_that_reach_today(forum: Forum) -> None:
    refused = forum("demo", "generate", "--contracts", "1", "--years", "40", expect=1)

    assert "må ikke nå i dag" in refused.output
