"""The revision pack marks "eskaleret" the overdue deadlines past the contract's escalation threshold."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import sign_in
from tests.web.facts import KEY, amager_app


def test_the_pack_marks_deadlines_overdue_past_the_threshold_as_escalated(store: dict[str, str]) -> None:
    app, tokens = amager_app(store)
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client, tokens["koordinator"])
        page = client.get(f"/kontrakter/{KEY}/revisionspakke", params={"as_of": "2016-02-10"})

    items = [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>.*?</li>", page.text, re.S)]
    ten_days = [i for i in items if "frist 31.01.2016" in i]  # overdue by 10 days: not past 14
    six_weeks = [i for i in items if "frist 31.12.2015" in i]  # overdue by 41 days
    assert page.status_code == 200 and ten_days and six_weeks
    assert not any("eskaleret" in i for i in ten_days)
    assert all(i.endswith("eskaleret") for i in six_weeks)
