"""The lists a coordinator works from: the overview's filters, "Mine opgaver", "Kommende frister", their files,
the calendar subscription with its own key, and Danish pages for bad addresses."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.accounts.users import UserDirectory
from projections.database import ViewDatabase
from tests.web.conftest import Web, form_token
from tests.web.facts import AS_OF, KEY

AMAGER, EXAMPLE = "Amager, Udsatte grupper", "Eksempel: Kontrakt om social vicevært"
CONTRACT = f"/kontrakter/{KEY}"


def status_of(html: str, title_part: str) -> str:
    row = next(r for r in html.split("<tr") if title_part in r)
    found = re.search(r'data-testid="status">([^<]+)<', row)
    assert found
    return found.group(1)


def test_the_overview_searches_title_key_and_party_names(web: Web) -> None:
    client = web.login("koordinator")

    def shown(query: str) -> tuple[bool, bool]:
        html = client.get("/", params={"as_of": AS_OF, "soeg": query, "eksempler": "1"}).text
        return AMAGER in html, EXAMPLE in html

    assert shown("amager") == (True, False)
    assert shown("SOCIAL VICEVÆRT") == (False, True)
    assert shown("Lejerbo") == (True, False)  # a party's name
    assert shown("Socialforvaltningen") == (True, True)  # party to both
    assert shown("findes-ikke") == (False, False)
    assert "Ingen kontrakter matcher filtrene." in client.get("/", params={"soeg": "findes-ikke"}).text


def test_only_overdue_keeps_contracts_with_something_overdue(web: Web) -> None:
    client = web.login("koordinator")

    overdue = client.get("/", params={"as_of": AS_OF, "forfaldne": "1"}).text
    early = client.get("/", params={"as_of": "2014-01-02", "forfaldne": "1"}).text

    assert AMAGER in overdue and 'name="forfaldne" value="1" checked' in overdue
    assert AMAGER not in early and "Ingen kontrakter matcher filtrene." in early


def test_mine_keeps_the_contracts_of_the_users_party_and_is_offered_only_to_a_party(web: Web) -> None:
    party = web.login("3b-medarbejder").get("/", params={"as_of": AS_OF, "mine": "1"}).text
    coordinator = web.login("koordinator").get("/", params={"as_of": AS_OF}).text

    assert AMAGER in party and "Kun mine (3b)" in party
    assert 'name="mine"' not in coordinator


def test_a_contract_past_its_period_reads_ended_and_the_status_filter_follows(web: Web) -> None:
    client = web.login("koordinator")

    later = client.get("/", params={"as_of": "2018-06-01"}).text
    ended = client.get("/", params={"as_of": "2018-06-01", "status": "ended"}).text
    signed = client.get("/", params={"as_of": "2018-06-01", "status": "signed"}).text
    contract = client.get(CONTRACT, params={"as_of": "2018-06-01"}).text

    assert status_of(later, AMAGER) == "afsluttet" and "perioden sluttede 31.12.2017" in later
    assert status_of(client.get("/", params={"as_of": AS_OF}).text, AMAGER) == "underskrevet"
    assert AMAGER in ended and AMAGER not in signed
    assert "<dd>afsluttet</dd>" in contract


def test_counts_of_overdue_obligations_use_the_plural(web: Web) -> None:
    html = web.login("koordinator").get("/", params={"as_of": "2021-06-01", "eksempler": "1"}).text

    counts = re.findall(r'data-testid="overdue-obligations">(\d+) (\w+)<', html)
    assert counts and all(word == ("forfalden" if n == "1" else "forfaldne") for n, word in counts), counts
    assert any(n != "1" for n, _ in counts)


def test_the_overview_downloads_as_csv_and_excel_with_the_login_cookie(web: Web) -> None:
    client = web.login("koordinator")
    page = client.get("/", params={"as_of": AS_OF, "eksempler": "1"}).text
    xlsx_link = re.search(r'<a href="([^"]+)" download>Hent som Excel</a>', page)
    csv_link = re.search(r'<a href="([^"]+)" download>Hent som CSV</a>', page)
    assert xlsx_link and csv_link

    csv = client.get(csv_link.group(1).replace("&amp;", "&"))
    xlsx = client.get(xlsx_link.group(1).replace("&amp;", "&"))

    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Kontrakt;Nøgle;Byområde") and len(lines) == 3  # both contracts, names first
    assert f"{KEY};Amager-Sundby" in csv.text or KEY in lines[1] + lines[2]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == 3 and "attachment" in xlsx.headers["content-disposition"]


def test_my_tasks_lists_the_partys_overdue_and_coming_duties_with_links_to_their_forms(web: Web) -> None:
    client = web.login("sof-tovholder")

    page = client.get("/mine-opgaver", params={"as_of": AS_OF, "dage": "366"})

    assert page.status_code == 200, page.text
    overdue, coming = page.text.split('id="snart"')
    assert "Mine opgaver: Socialforvaltningen" in page.text
    assert f"{CONTRACT}/forpligtelser/sof-indkalde-netvaerksmoede" in overdue  # the missed network meeting
    assert "forfalden" in overdue and f"{CONTRACT}/forpligtelser/" in coming
    assert "3B" not in re.sub(r"<select.*?</select>", "", page.text, flags=re.S)  # only SOF's own duties


def test_my_tasks_asks_a_user_without_a_party_to_choose_one_and_refuses_an_unknown_party(web: Web) -> None:
    client = web.login("koordinator")

    unchosen = client.get("/mine-opgaver", params={"as_of": AS_OF})
    chosen = client.get("/mine-opgaver", params={"as_of": AS_OF, "part": "3b"})
    unknown = client.get("/mine-opgaver", params={"part": "findes-ikke"})

    assert "Vælg den part" in unchosen.text
    assert chosen.status_code == 200 and "Mine opgaver: 3B" in chosen.text
    assert unknown.status_code == 404 and "er ikke en part" in unknown.text


def test_coming_deadlines_are_grouped_by_iso_week_and_filtered_by_party(web: Web) -> None:
    client = web.login("koordinator")

    every = client.get("/kommende-frister", params={"as_of": "2016-10-15"})
    sof = client.get("/kommende-frister", params={"as_of": "2016-10-15", "part": "sof"})
    csv = client.get("/kommende-frister", params={"as_of": "2016-10-15", "part": "sof", "hent": "csv"})

    assert every.status_code == 200, every.text
    weeks = [int(w) for w in re.findall(r'<h2 id="uge-2016-(\d+)">', every.text)]
    assert weeks and weeks == sorted(weeks) and all(41 <= w <= 52 for w in weeks)  # 15.10.2016 is in week 41
    assert sof.text.count("<tr") < every.text.count("<tr") and "for Socialforvaltningen" in sof.text
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Uge;Frist;Kontrakt") and all("Socialforvaltningen" in r for r in rows[1:])


def test_the_calendar_address_on_the_contract_page_works_without_a_session_until_the_user_is_revoked(
    web: Web, store: dict[str, str]
) -> None:
    page = web.login("laeser").get(CONTRACT, params={"as_of": AS_OF}).text
    webcal = re.search(r'<a href="(webcal://[^"]+)">Abonnér i kalender</a>', page)
    https = re.search(r'<a href="(http[^"]+)" class="feed-url">', page)
    assert webcal and https and webcal.group(1).split("://")[1] == https.group(1).split("://")[1]
    address = https.group(1).replace("&amp;", "&").removeprefix("http://testserver")

    app_without_cookie = TestClient(web.client.app)  # the app's lifespan is the signed-in client's
    feed = app_without_cookie.get(address)
    db = ViewDatabase(store)
    try:
        UserDirectory(db).revoke("laeser")
    finally:
        db.close()
    revoked = app_without_cookie.get(address)

    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text
    assert revoked.status_code == 401


def test_the_contract_pages_obligation_downloads_work_with_the_login_cookie(web: Web) -> None:
    client = web.login("3b-medarbejder")
    page = client.get(CONTRACT, params={"as_of": AS_OF}).text
    found = re.search(r'<a href="([^"]+)" download>Hent som CSV</a>', page)
    assert found

    csv = client.get(found.group(1).replace("&amp;", "&"))

    assert csv.status_code == 200 and "Socialforvaltningen" in csv.content.decode("utf-8-sig")


def test_bad_query_parameters_on_pages_get_a_danish_page_not_json(web: Web) -> None:
    client = web.login("koordinator")

    for path, params, words in [
        ("/", {"as_of": "2016-13-45"}, "ÅÅÅÅ-MM-DD"),
        ("/mine-opgaver", {"dage": "mange"}, "helt tal"),
        ("/kommende-frister", {"dage": "0"}, "mindst 1"),
        ("/", {"hent": "pdf"}, "csv, xlsx"),
        ("/", {"forfaldne": "måske"}, "1 (ja)"),
    ]:
        response = client.get(path, params=params)
        assert response.status_code == 422 and "text/html" in response.headers["content-type"], (path, params)
        assert words in response.text, (path, params, response.text)
        assert "Ugyldige oplysninger" in response.text and "Input should" not in response.text


def test_renewing_the_calendar_key_ends_the_old_address_and_the_pages_give_the_new_one(web: Web) -> None:
    client = web.login("3b-medarbejder")

    def address() -> str:
        page = client.get("/mine-opgaver", params={"as_of": AS_OF}).text
        found = re.search(r'<a href="(http[^"]+)" class="feed-url">', page)
        assert found
        return found.group(1).replace("&amp;", "&").removeprefix("http://testserver")

    old = address()
    renewed = client.post("/kalendernoegle", data={"csrf": form_token(client.get("/kalendernoegle").text)})
    new = address()

    calendar_app = TestClient(web.client.app)  # no cookie; the app's lifespan is the signed-in client's
    assert calendar_app.get(old).status_code == 401
    assert calendar_app.get(new).status_code == 200
    assert renewed.status_code == 303 and "er fornyet" in client.get(renewed.headers["location"]).text
    assert new != old and "/calendar/3b.ics" in new
