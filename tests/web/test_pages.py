"""Every page renders in Danish for the roles that may see it, on both stores."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from api.web.rendering import HERE
from tests.web.conftest import Web, missing
from tests.web.facts import AS_OF, KEY

CONTRACT = f"/kontrakter/{KEY}"


def overdue_count(html: str, title_part: str) -> int:
    row = next(r for r in html.split("<tr") if title_part in r)
    found = re.search(r'data-testid="overdue-meetings">(\d+)<', row)
    assert found
    return int(found.group(1))


def test_overview_lists_the_contracts_most_urgent_first_and_examples_only_when_asked_after_the_real_ones(
    web: Web,
) -> None:
    client = web.login("koordinator")
    page = client.get("/", params={"as_of": AS_OF})
    with_examples = client.get("/", params={"as_of": AS_OF, "eksempler": "1"}).text

    assert page.status_code == 200, page.text
    assert "Kontrakter om boligsocialt samarbejde" in page.text
    assert "Eksempel: Kontrakt om social vicevært" not in page.text
    assert with_examples.index("Amager, Udsatte grupper") < with_examples.index("Eksempel: Kontrakt om social vicevært")
    assert '<span class="tag">eksempel</span>' in with_examples
    assert overdue_count(page.text, "Amager, Udsatte grupper") == 1
    assert '<svg class="bar"' in page.text


def test_overview_shows_a_page_of_contracts_and_links_to_the_next(web: Web) -> None:
    client = web.login("koordinator")

    first = client.get("/", params={"as_of": AS_OF, "antal": 1, "eksempler": "1"})
    following = re.search(r'<a rel="next" href="([^"]+)">Næste side</a>', first.text)
    assert following
    second = client.get(following.group(1).replace("&amp;", "&"))

    assert "Amager, Udsatte grupper" in first.text and "Eksempel: Kontrakt" not in first.text
    assert "Eksempel: Kontrakt om social vicevært" in second.text and "Amager, Udsatte grupper" not in second.text
    assert "på denne side" in first.text


def test_overview_filters_by_focus_area_and_status(web: Web) -> None:
    client = web.login("koordinator")

    shown = {"as_of": AS_OF, "eksempler": "1"}
    tryghed = client.get("/", params={**shown, "indsatsomraade": "Tryghed og trivsel"})
    drafted = client.get("/", params={**shown, "status": "drafted"})

    assert "Eksempel: Kontrakt om social vicevært" in tryghed.text and "Amager, Udsatte grupper" not in tryghed.text
    assert "Eksempel" in drafted.text and "Amager, Udsatte" not in drafted.text  # the example is signed in 2017


def test_a_party_sees_only_the_contracts_it_is_party_to(web: Web) -> None:
    page = web.login("3b-medarbejder").get("/", params={"as_of": AS_OF})
    other = web.client.get("/kontrakter/eksempel-social-vicevaert")

    assert "Amager, Udsatte grupper" in page.text and "Eksempel: Kontrakt" not in page.text
    assert other.status_code == 403 and "ikke part i kontrakten" in other.text


def test_contract_page_shows_parties_duties_meetings_budget_and_goals(web: Web) -> None:
    page = web.login("koordinator").get(CONTRACT, params={"as_of": AS_OF})

    assert page.status_code == 200, page.text
    assert missing(
        page.text,
        "Kontaktpersoner på ledelsesniveau", "Karen Høgenhaven",  # parties and their contacts
        "Netværksmøde i det lokale praksisnetværk", "1 forfalden", "01.09.2015–31.12.2015",  # meetings
        "Ansvar og rollefordeling", "(Kontaktliste v1)",  # duties
        "Den boligsociale helhedsplan Urbanplanen", "Brugt 450.000,00 kr. af 3.038.447,00 kr.",  # budget
        "Antal udsættelser i de almene boligafdelinger på Amager",  # goals
        "Registrér en revision",  # the coordinator's form
    ) == []  # fmt: skip


def test_the_convener_gets_the_meeting_form_link_and_an_auditor_gets_no_forms(web: Web) -> None:
    convener = web.login("sof-tovholder").get(CONTRACT, params={"as_of": AS_OF}).text
    auditor = web.login("revisor").get(CONTRACT, params={"as_of": AS_OF}).text

    assert f"{CONTRACT}/moeder/netvaerksmoede" in convener
    assert f"{CONTRACT}/moeder/temamoede-aarligt" not in convener  # convened by the plans, not SOF
    assert "Registrér en revision" not in convener
    assert "/moeder/" not in auditor and "/budget/" not in auditor and "/forpligtelser/" not in auditor
    assert "Registrér" not in auditor and "Historik" in auditor


def test_revision_pack_has_changes_overdue_items_per_party_budget_and_a_print_header(web: Web) -> None:
    known = (date.today() + timedelta(days=1)).isoformat()  # the pack lists what was recorded by its day
    page = web.login("sof-tovholder").get(f"{CONTRACT}/revisionspakke", params={"as_of": known, "siden": "2013-01-01"})

    assert page.status_code == 200, page.text
    assert missing(
        page.text,
        "Revisionspakke: Kontrakt", "Kontrakten oprettet",  # the changes
        "Forfaldne punkter pr. part", "Socialforvaltningen", "intet møde i perioden 01.09.2015–31.12.2015",
        "Mål og indikatorer", "Budgetstatus",
        "@page", 'data-testid="print-header"',  # printed
    ) == []  # fmt: skip


def test_audit_timeline_is_for_coordinators_and_auditors_with_time_travel_links(web: Web) -> None:
    auditor = web.login("revisor").get(f"{CONTRACT}/historik", params={"type": "Held"})
    party = web.login("sof-tovholder").get(f"{CONTRACT}/historik")

    assert auditor.status_code == 200, auditor.text
    assert "sof-tovholder registrerede møde afholdt 17.06.2015" in auditor.text
    assert "vis kontrakten som den var efter denne hændelse" in auditor.text
    assert "oprettede kontrakten" not in auditor.text  # filtered to meetings held
    assert party.status_code == 403 and "revisor" in party.text


def test_time_travel_shows_both_axes_and_refuses_a_time_before_the_contract_was_known(web: Web) -> None:
    client = web.login("laeser")

    now = client.get(f"{CONTRACT}/tidsrejse", params={"gaeldende": "2015-01-01"})
    before = client.get(f"{CONTRACT}/tidsrejse", params={"kendt": "2013-01-01"})

    assert now.status_code == 200, now.text
    assert "Som gældende pr." in now.text and "Som kendt pr." in now.text
    assert "Netværksmøde i det lokale praksisnetværk: 3 gange årligt" in now.text
    assert before.status_code == 404 and "var ikke registreret" in before.text


def test_unknown_contract_and_bad_date_get_danish_pages(web: Web) -> None:
    client = web.login("koordinator")

    missing = client.get("/kontrakter/findes-ikke")
    bad = client.get(CONTRACT, params={"as_of": "i-går"})

    assert (
        missing.status_code == 404 and "findes ikke" in missing.text and "text/html" in missing.headers["content-type"]
    )
    assert bad.status_code == 422 and "ÅÅÅÅ-MM-DD" in bad.text


def test_web_pages_stay_out_of_the_openapi_document(web: Web) -> None:
    paths = web.client.get("/openapi.json").json()["paths"]

    assert not [p for p in paths if p == "/" or p.startswith(("/kontrakter", "/log-", "/static"))]


@pytest.mark.parametrize("path", [*sorted(p.name for p in (HERE / "templates").iterdir()), "../static/forum.css"])
def test_no_page_loads_anything_from_another_site(path: str) -> None:
    text = Path(HERE / "templates" / path).read_text(encoding="utf-8")

    assert not re.search(r"""(src|href)=["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//""", text)


def test_the_stylesheet_is_served_by_the_app(web: Web) -> None:
    css = web.client.get("/static/forum.css")

    assert css.status_code == 200 and "@page" in css.text
