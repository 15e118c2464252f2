"""In Chromium: every page fits a 390 px phone, the overview is kept as screenshots, a refused form says so at its
top and takes the focus, and a party works from "Mine opgaver" and "Kommende frister"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from ruamel.yaml import YAML

from api.web import router as web_router
from api.web.errors import WebRoute
from tests.browser.conftest import ARTIFACTS, Served, browser_page
from tests.browser.test_dashboards import log_in
from tests.conftest import CONTRACTS
from tests.web.facts import AS_OF, KEY

pytestmark = pytest.mark.browser
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1400, "height": 900}
CONTRACT = f"/kontrakter/{KEY}"
FORUM = "boligsocialt-forum-eksempelby"
# Every page (a GET route of the web) with an address that shows it, as the coordinator sees it.
PAGES = {
    "/": f"/?as_of={AS_OF}&eksempler=1",
    "/kontrakter/{key}": f"{CONTRACT}?as_of={AS_OF}",
    "/kontrakter/{key}/moeder/{cadence}": f"{CONTRACT}/moeder/netvaerksmoede?as_of={AS_OF}",
    "/kontrakter/{key}/forpligtelser/{responsibility}": f"{CONTRACT}/forpligtelser/sof-indkalde-netvaerksmoede",
    "/kontrakter/{key}/budget/{plan}": f"{CONTRACT}/budget/urbanplanen?as_of={AS_OF}",
    "/kontrakter/{key}/revision": f"{CONTRACT}/revision",
    "/kontrakter/{key}/revisionspakke": f"{CONTRACT}/revisionspakke?siden=2013-01-01",
    "/kontrakter/{key}/historik": f"{CONTRACT}/historik",
    "/kontrakter/{key}/tidsrejse": f"{CONTRACT}/tidsrejse?gaeldende=2015-01-01",
    "/mine-opgaver": f"/mine-opgaver?as_of={AS_OF}&part=sof&dage=366",
    "/kommende-frister": "/kommende-frister?as_of=2016-10-15",
    "/log-ind": "/log-ind",
    "/log-ind/glemt": "/log-ind/glemt",
    "/log-ind/ny-adgangskode": "/log-ind/ny-adgangskode?token=forkert",
    "/log-ud": "/log-ud",
    "/log-ind/oidc": "/log-ind/oidc",  # without an organisation login configured: a Danish page saying so
    "/log-ind/oidc/svar": "/log-ind/oidc/svar",
    "/kalendernoegle": "/kalendernoegle",
    "/kontrakter/{key}/dokumenter": f"{CONTRACT}/dokumenter",
    "/kontrakter/{key}/indikatorer/{indicator}": f"{CONTRACT}/indikatorer/udsaettelser",
    "/kontrakter/{key}/moede/{meeting_id}": f"{CONTRACT}/moede/{{meeting}}",  # a meeting scheduled by the test
    "/kontrakter/{key}/moeder/{cadence}/planlaeg": f"{CONTRACT}/moeder/netvaerksmoede/planlaeg",
    "/kontrakter/{key}/underskrift-og-afslutning": f"{CONTRACT}/underskrift-og-afslutning",
    "/helhedsplaner": f"/helhedsplaner?as_of={AS_OF}",
    "/helhedsplaner/{key}": f"/helhedsplaner/urbanplanen?as_of={AS_OF}",
    "/fora": "/fora",
    "/fora/{key}": f"/fora/{FORUM}?as_of=2019-12-31",
    "/fora/{key}/beslutninger/{number}": f"/fora/{FORUM}/beslutninger/2019-03-14-referat-14-03-2019-punkt-2",
    "/forslag": "/forslag",
    "/forslag/{key}": "/forslag/forslag-paa-telefonen",  # drafted by the test
    "/paamindelser": "/paamindelser",
    "/afmeld": "/afmeld?t=forkert",  # a link that is not valid: a Danish page saying so (404)
}
FILES = {"/kontrakter/{key}/dokumenter/{sha256}"}  # a document's download: not a page
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def web_pages() -> set[str]:
    """The paths of the web's GET routes, from the app's own route table."""
    paths: set[str] = set()
    pending = list(web_router.routes)
    while pending:
        route = pending.pop()
        if isinstance(route, WebRoute):
            paths |= {route.path} if "GET" in route.methods else set()
        else:
            pending += getattr(getattr(route, "original_router", route), "routes", [])
    return paths


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page at a phone's width."""
    with browser_page(browser, request, PHONE) as page:
        yield page


def scheduled_meeting(served: Served) -> str:
    """The id of a network meeting scheduled through the API."""
    headers = {"Authorization": f"Bearer {served.tokens['koordinator']}"}
    body = {"cadence": "netvaerksmoede", "on": "2016-03-10"}
    made = httpx.post(f"{served.url}/contracts/{KEY}/meetings", json=body, headers=headers, timeout=120)
    assert made.status_code == 201, made.text
    return str(made.json()["meeting_id"])


def forum_and_proposal(served: Served) -> None:
    """The example forum registered from its shipped file, and a proposal drafted to it, through the API."""
    headers = {"Authorization": f"Bearer {served.tokens['koordinator']}"}
    document = YAML(typ="safe").load((CONTRACTS / "fora" / "eksempel-forum.yaml").read_text(encoding="utf-8"))
    forum = json.loads(json.dumps(document, default=str))
    registered = httpx.put(f"{served.url}/forums/{FORUM}", json=forum, headers=headers, timeout=120)
    assert registered.status_code == 200, registered.text
    card = {"title": "Forslag", "forum": forum["name"], "proposed_by": "sof", "drafted_on": "2019-01-10",
            "card": {"goal": "Mål", "idea": "Idé"}}  # fmt: skip
    drafted = httpx.put(f"{served.url}/proposals/forslag-paa-telefonen", json=card, headers=headers, timeout=120)
    assert drafted.status_code == 200, drafted.text


def overflow(page: Any) -> list[str]:
    """What sticks out to the right when the page scrolls sideways (nothing when it does not)."""
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    return page.evaluate(WIDEST) if wide else []


def test_every_page_fits_a_390_px_phone_and_the_overview_is_kept_at_both_widths(phone: Any, served: Served) -> None:
    assert web_pages() - FILES == set(PAGES), "a new page needs its address in PAGES"
    meeting = scheduled_meeting(served)
    forum_and_proposal(served)
    anonymous = {path for path in PAGES if path.startswith(("/log-", "/afmeld"))}
    for path in sorted(anonymous):
        phone.goto(served.url + PAGES[path])
        assert overflow(phone) == [], path
    log_in(phone, served, "koordinator")
    for path in sorted(set(PAGES) - anonymous):
        response = phone.goto(served.url + PAGES[path].replace("{meeting}", meeting))
        assert response is not None and response.status == 200, path
        assert overflow(phone) == [], path

    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    phone.goto(served.url + "/")  # today: examples left out, the Amager contract (period over) reads "afsluttet"
    phone.screenshot(path=str(shots / "overview-390.png"), full_page=True)
    phone.set_viewport_size(DESKTOP)
    phone.screenshot(path=str(shots / "overview-1400.png"), full_page=True)
    assert (shots / "overview-390.png").stat().st_size > 10_000 < (shots / "overview-1400.png").stat().st_size


def test_a_refused_form_far_down_the_page_summarises_its_errors_and_takes_the_focus(page: Any, served: Served) -> None:
    log_in(page, served, "koordinator")
    page.goto(f"{served.url}{CONTRACT}/budget/urbanplanen?as_of={AS_OF}")
    form = page.get_by_role("region", name="Bogfør en udgift")
    form.get_by_label("Beløb i kroner").fill("mange penge")
    form.get_by_label("Tekst").fill("")
    form.get_by_role("button", name="Bogfør").click()

    summary = page.get_by_role("alert").filter(has_text="Formularen har fejl")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "bogfoer-fejl"
    assert summary.is_visible() and page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    summary.get_by_role("link", name="Beløb").click()
    assert page.url.endswith("#bogfoer-amount")
    amount = page.locator("#bogfoer-amount")
    assert amount.get_attribute("aria-invalid") == "true"
    assert "bogfoer-amount-fejl" in (amount.get_attribute("aria-describedby") or "")
    assert summary.get_by_role("link", name="Tekst").get_attribute("href") == "#bogfoer-text"


def test_a_party_finds_its_tasks_and_the_coming_deadlines_and_filters_the_overview(page: Any, served: Served) -> None:
    log_in(page, served, "sof-tovholder")
    page.get_by_label("Søg").fill("lejerbo")
    page.get_by_label("Kun kontrakter med noget forfaldent").check()
    page.get_by_role("button", name="Vis").click()
    assert page.get_by_role("row").filter(has_text="Amager, Udsatte grupper").count() == 1

    page.get_by_role("navigation").get_by_role("link", name="Mine opgaver").click()
    page.get_by_role("heading", name="Mine opgaver: Socialforvaltningen").wait_for()
    overdue = page.get_by_role("region", name="Forfaldne pr. 15.01.2016")
    assert overdue.get_by_role("row").count() >= 2  # a heading row and at least the missed network meeting
    assert page.get_by_role("link", name="Abonnér i kalender").get_attribute("href").startswith("webcal://")
    overdue.get_by_role("link", name="Registrér").first.click()
    page.wait_for_url("**/forpligtelser/**")

    page.get_by_role("navigation").get_by_role("link", name="Kommende frister").click()
    page.get_by_label("Pr. dato").fill("2016-10-15")
    page.get_by_label("Part").select_option(label="Socialforvaltningen")
    page.get_by_role("button", name="Vis").click()
    assert page.get_by_role("heading", name="Uge 52").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som Excel").click()
    assert download.value.suggested_filename == "kommende-frister-2016-10-15.xlsx"
