"""The contract page's daily-work forms on both stores: shown only to those who may use them, stale ones refused,
and the page folding away the duties that are not pressing."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from domain.tracker import Tracker
from tests.web.conftest import Web, form_token, hidden_version
from tests.web.facts import AS_OF, KEY

CONTRACT = f"/kontrakter/{KEY}"
FORM_LINKS = ("/planlaeg", "/indikatorer/", "/underskrift-og-afslutning")


def links(html: str) -> set[str]:
    """Which of the daily-work forms the page links to."""
    return {part for part in FORM_LINKS if f"{part}" in html}


def test_each_role_sees_only_the_daily_work_forms_it_may_use(web: Web) -> None:
    shown = {name: links(web.login(name).get(CONTRACT, params={"as_of": AS_OF}).text) for name in web.tokens}

    assert shown["koordinator"] == set(FORM_LINKS)
    assert shown["sof-tovholder"] == {"/planlaeg"}  # SOF convenes meetings, but neither signs nor measures
    assert shown["revisor"] == shown["laeser"] == set()


def test_signing_ending_and_measuring_are_refused_to_a_party_user(web: Web) -> None:
    client = web.login("sof-tovholder")
    token = form_token(client.get("/").text)

    pages = [client.get(f"{CONTRACT}{path}") for path in ("/underskrift-og-afslutning", "/indikatorer/udsaettelser")]
    ending = {"csrf": token, "version": "1", "ended_on": AS_OF, "reason": "Forsøg"}
    ended = client.post(f"{CONTRACT}/underskrift-og-afslutning/afslut", data=ending)

    assert [p.status_code for p in pages] == [403, 403] and "koordinator" in pages[0].text
    assert ended.status_code == 403


def test_a_party_that_does_not_convene_the_cadence_cannot_schedule_its_meetings(web: Web) -> None:
    client = web.login("3b-medarbejder")
    token = form_token(client.get("/").text)

    shown = client.get(f"{CONTRACT}/moeder/netvaerksmoede/planlaeg")
    posted = client.post(f"{CONTRACT}/moeder/netvaerksmoede/planlaeg", data={"csrf": token, "on": "2016-02-01"})

    assert shown.status_code == 403 and "indkalder ikke" in shown.text
    assert posted.status_code == 403


def test_moving_a_meeting_with_a_stale_form_is_refused_with_what_changed(web: Web, store: dict[str, str]) -> None:
    client = web.login("sof-tovholder")
    scheduled = client.post(f"{CONTRACT}/moeder/netvaerksmoede/planlaeg", params={"as_of": AS_OF},
                            data={"csrf": form_token(client.get("/").text), "on": "2016-02-10"})  # fmt: skip
    page = client.get(scheduled.headers["location"])  # once the views include the meeting
    meeting = re.search(r"/moede/([0-9a-f-]{36})", page.text)
    assert scheduled.status_code == 303 and meeting, scheduled.text
    form = client.get(f"{CONTRACT}/moede/{meeting.group(1)}", params={"as_of": AS_OF})
    action = f"{CONTRACT}/moede/{meeting.group(1)}/flyt"
    other = Tracker(store, clock=lambda: date(2016, 1, 15))
    try:
        other.move_meeting(UUID(meeting.group(1)), date(2016, 2, 24), "Ferie", "karin")
    finally:
        other.close()

    moved = client.post(action, data={"csrf": form_token(form.text), "version": hidden_version(form.text, action),
                                      "to": "2016-03-02", "reason": "Sygdom"})  # fmt: skip

    assert moved.status_code == 409 and "Nogen har ændret det, mens du udfyldte formularen" in moved.text
    assert 'value="2016-03-02"' in moved.text  # the input is kept


def test_the_contract_page_folds_every_duty_without_a_pressing_deadline_and_counts_them(web: Web) -> None:
    html = web.login("koordinator").get(CONTRACT, params={"as_of": AS_OF}).text

    folded = re.findall(r'<details class="quiet-duties">\s*<summary>(\d+) forpligtelse', html)
    total = re.search(r'data-testid="foldet">(\d+) forpligtelser', html)
    inside = [chunk.split("</details>")[0] for chunk in html.split('<details class="quiet-duties">')[1:]]
    duties_folded = sum(chunk.count("<tr>") - 1 for chunk in inside)  # each folded table's rows but its head

    assert folded and total and sum(map(int, folded)) == int(total.group(1))
    assert duties_folded == int(total.group(1))
    assert "<script" not in html
