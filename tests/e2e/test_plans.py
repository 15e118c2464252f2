"""Plans end to end: `forum import` with plan files, `forum plans …` through a regulation-account use approved
twice, and the HTTP API refusing a use without both approvals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.conftest import CONTRACTS
from tests.e2e.conftest import Api, Forum

KEY = "amager-udsatte-grupper-2013"
DECISION = ["--decided-by", "Boligsocialt Forum Amager", "--decided-on", "2018-02-20",
            "--decision-reference", "Referat, punkt 5"]  # fmt: skip


def test_a_plan_is_shown_with_its_contracts_budget_lineage_and_co_financing_used_after_two_approvals(
    forum: Forum,
) -> None:
    forum("import", str(CONTRACTS))
    for status, on in [("prækvalifikation", "2013-05-01"), ("godkendt", "2013-10-01"), ("aktiv", "2014-01-01")]:
        forum("plans", "status", "urbanplanen", status, "--on", on, "--reference", "LBF-brev")
    forum("expense", "book", KEY, "urbanplanen", "--on", "2015-05-01", "--amount", "100.000,50", "--text", "Temadag")
    forum("plans", "payment", "urbanplanen", "lbf", "--on", "2014-02-01", "--amount", "200.000",
          "--payer", "Landsbyggefonden", "--reference", "LBF-udbetaling 1")  # fmt: skip
    forum("plans", "payment", "urbanplanen", "kommune", "--on", "2014-03-01", "--amount", "50.000",
          "--payer", "Københavns Kommune", "--reference", "KK-2014-17")  # fmt: skip
    forum("plans", "transfer-unspent", "urbanplanen", "--on", "2018-01-31")
    forum("plans", "regulation-request", "urbanplanen", "--on", "2018-02-15", "--amount", "100.000",
          "--purpose", "Lektiecafé i Urbanplanen 2018")  # fmt: skip
    refused = forum("plans", "regulation-use", "urbanplanen", "1", "--on", "2018-03-15", expect=1)
    assert "kræver godkendelse fra både kommunen og Landsbyggefonden" in refused.output
    for approver, by in [("kommune", "Københavns Kommune, Socialforvaltningen"), ("lbf", "Landsbyggefonden")]:
        forum("plans", "regulation-approve", "urbanplanen", "1", approver, "--approved-by", by,
              "--on", "2018-03-01", "--reference", f"J.nr. {approver}-2018", *DECISION)  # fmt: skip
    forum("plans", "regulation-use", "urbanplanen", "1", "--on", "2018-03-15")

    page = forum("plans", "show", "urbanplanen", "--as-of", "2016-01-01").output
    money = forum("plans", "cofinancing", "urbanplanen", "--as-of", "2018-04-01").output
    print(page, money, forum("plans", "list", "--as-of", "2016-01-01").output, sep="\n")  # the report shows them

    assert "Status pr. 01.01.2016: aktiv (siden 01.01.2014)" in page
    assert "Efterfølgere: Amagerplanen (01.01.2022–31.12.2025)" in page
    assert "amager-udsatte-grupper-2013: 3.038.447,00 kr. / 0,00 kr. / 100.000,50 kr. / 2.938.446,50 kr." in page
    assert "Landsbyggefonden: 200.000,00 kr. / 75.000,38 kr. / 124.999,62 kr. / 0,00 kr." in money
    assert "Kommunen: 50.000,00 kr. / 12.500,06 kr. / 37.499,94 kr. / 0,00 kr." in money
    assert "Anvendelse 1: 100.000,00 kr. – Lektiecafé i Urbanplanen 2018 (brugt 15.03.2018)" in money
    assert money.count("forummets beslutning: Boligsocialt Forum Amager 20.02.2018, Referat, punkt 5") == 2
    predecessor = forum("plans", "show", "amagerplanen", "--json")["lineage"]["predecessors"]
    assert predecessor == [{"key": "urbanplanen", "name": "Den boligsociale helhedsplan Urbanplanen",
                            "period": {"start": "2014-01-01", "end": "2017-12-31"}, "recorded": True}]  # fmt: skip


def test_a_bad_plan_file_keeps_the_whole_import_out_and_names_file_line_and_field(forum: Forum, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    for path in CONTRACTS.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "plans" / "x.yaml"
    bad.write_text("key: x\nname: X\nperiod: {start: 2015-01-01}\nprogramme: lbf-1999\n", encoding="utf-8")

    refused = forum("import", str(tmp_path), expect=1)

    assert f"{bad}:4: programme: ukendt program 'lbf-1999'" in refused.output
    assert "intet er indlæst" in refused.output
    assert "Ingen kontrakter endnu" in forum("list").output


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_the_api_refuses_a_use_without_both_approvals_as_problem_json_and_records_nothing(api: Api) -> None:
    with api.client("coordinator") as http:
        cofinancing = "/plans/urbanplanen/cofinancing"

        def write(path: str, body: dict[str, object]) -> httpx.Response:
            etag = http.get(cofinancing).headers["ETag"]
            return http.post(f"/plans/urbanplanen{path}", json=body, headers={"If-Match": etag})

        payment = {"funder": "lbf", "payer": "LBF", "received_on": "2014-02-01", "amount": 500_000, "reference": "1"}
        assert write("/payments", payment).status_code == 201
        write("/regulation/transfer", {"on": "2018-01-31"})
        moment = datetime.now(UTC).isoformat()
        write("/regulation/uses", {"amount": 100_000, "purpose": "Lektiecafé", "requested_on": "2018-02-15"})
        before = http.get(cofinancing)
        then = http.get(cofinancing, params={"as_of": "2018-03-01", "known_at": moment}).json()
        assert then["regulation_account"]["uses"] == [] and len(before.json()["regulation_account"]["uses"]) == 1

        refused = write("/regulation/uses/1/spending", {"used_on": "2018-03-15"})

        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"
        assert "mangler: kommunen og Landsbyggefonden" in refused.json()["detail"]
        assert http.get(cofinancing).headers["ETag"] == before.headers["ETag"]
        stale = http.post("/plans/urbanplanen/payments", json=payment, headers={"If-Match": '"1"'})
        assert stale.status_code in (409, 412)
        plan = http.get("/plans/urbanplanen", params={"as_of": "2016-01-01"}).json()
        assert [c["key"] for c in plan["contracts"]] == [KEY]
        assert plan["budget"]["contract_frames"] == 303_844_700
        assert http.get("/plans/ukendt").status_code == 404
