"""Filtering by activity type and target group over real HTTP: the contract list and the exports."""

from __future__ import annotations

import csv
import io
import json

from ruamel.yaml import YAML

from tests.conftest import EXAMPLE
from tests.e2e.conftest import KEY, Api

EXAMPLE_KEY = "eksempel-social-vicevaert"


def _keys(answer: list[dict[str, object]]) -> list[object]:
    return [c["key"] for c in answer]


def test_the_contract_list_filters_by_activity_type_and_target_group(api: Api) -> None:
    with api.client("reader") as http:
        caretakers = http.get("/contracts", params={"activity_type": "social-vicevaert"}).json()
        fragile = http.get("/contracts", params={"target_group": "psykisk-saarbare"}).json()
        both = http.get("/contracts", params={"activity_type": "social-vicevaert", "target_group": "fagpersoner"})
        known_then = http.get("/contracts", params={"target_group": "udsatte-beboere", "known_at": "2099-01-01"})
        everything = http.get("/contracts").json()

    assert _keys(caretakers) == [EXAMPLE_KEY] and _keys(fragile) == [KEY] and both.json() == []
    assert _keys(known_then.json()) == [KEY, EXAMPLE_KEY]
    amager = next(c for c in everything if c["key"] == KEY)
    assert amager["activity_types"] == ["brobygning-socialpsykiatri", "kontaktpersonsordning", "praksisnetvaerk"]
    assert "psykisk-saarbare" in amager["target_groups"]


def test_the_activities_export_names_types_target_groups_and_age_bands_and_filters(api: Api) -> None:
    with api.client("auditor") as http:
        everything = http.get("/exports/activities.csv", params={"as_of": "2016-01-15"})
        fragile = http.get(
            "/exports/activities.csv", params={"as_of": "2016-01-15", "target_group": "psykisk-saarbare"}
        )
        budget = http.get("/exports/budget.csv", params={"as_of": "2016-01-15", "activity_type": "social-vicevaert"})
        goals = http.get("/exports/goals.xlsx", params={"as_of": "2016-01-15"})

    rows = list(csv.reader(io.StringIO(everything.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][4:] == ["Aktivitet", "Aktivitetstype", "Målgrupper", "Aldersgrupper"]
    assert len(rows) == 1 + 6
    only = list(csv.reader(io.StringIO(fragile.content.decode("utf-8-sig")), delimiter=";"))[1:]
    assert [(r[4], r[5], r[6]) for r in only] == [
        ("Samarbejde om psykisk sårbare beboere", "Brobygning til socialpsykiatriske tilbud", "Psykisk sårbare beboere")
    ]
    budget_rows = budget.content.decode("utf-8-sig")
    assert budget.status_code == 200 and "Eksempel" in budget_rows and "Amager" not in budget_rows
    assert goals.status_code == 200 and 'filename="maal-2016-01-15.xlsx"' in goals.headers["content-disposition"]


def test_a_contract_posted_with_an_unknown_activity_type_is_refused_by_field_and_nothing_is_written(api: Api) -> None:
    document = json.loads(json.dumps(YAML(typ="safe").load(EXAMPLE.read_text(encoding="utf-8")), default=str))
    document |= {"key": "ny-med-ukendt-type"}
    document["activities"][1] |= {"type": "lektiecafee", "target_groups": ["unge-13-17", "unge-99"]}
    with api.client("coordinator") as http:
        refused = http.post("/contracts", json=document)
        afterwards = http.get("/contracts/ny-med-ukendt-type")

    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    fields = {e["field"]: e["message"] for e in refused.json()["errors"]}
    assert set(fields) == {"activities[1].type", "activities[1].target_groups[1]"}
    assert fields["activities[1].type"].startswith("ukendt aktivitetstype 'lektiecafee'")
    assert afterwards.status_code == 404
