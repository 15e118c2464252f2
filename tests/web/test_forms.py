"""The forms: same rules and version checks as the API, Danish errors next to the fields, stale forms refused."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from domain.tracker import Tracker
from tests.web.conftest import Web, form_token, hidden_version
from tests.web.facts import AS_OF, KEY

CONTRACT = f"/kontrakter/{KEY}"
MEETING = f"{CONTRACT}/moeder/netvaerksmoede"
DUTY = f"{CONTRACT}/forpligtelser/sof-indkalde-netvaerksmoede"  # convening the network meetings
LEDGER = f"{CONTRACT}/budget/urbanplanen"


def test_the_convener_records_the_missing_network_meeting_and_it_is_no_longer_overdue(web: Web) -> None:
    client = web.login("sof-tovholder")
    form = client.get(MEETING, params={"as_of": AS_OF})

    saved = client.post(
        f"{MEETING}?as_of={AS_OF}",
        data={
            "csrf": form_token(form.text),
            "held_on": "2015-11-20",
            "attendees": ["sof", "3b", "lejerbo"],
            "decisions": "Temadag om huslejerestancer\nNæste møde i marts",
        },
    )
    page = client.get(saved.headers["location"])

    assert form.status_code == 200 and "1 forfalden" in form.text
    assert saved.status_code == 303 and "min_position=" in saved.headers["location"]
    assert "Mødet er registreret som afholdt." in page.text
    assert "1 forfalden" not in page.text and "20.11.2015" in page.text


def test_a_meeting_form_without_date_or_attendees_is_shown_again_with_danish_errors(web: Web) -> None:
    client = web.login("sof-tovholder")
    token = form_token(client.get(MEETING).text)

    response = client.post(MEETING, data={"csrf": token, "held_on": "20/11", "decisions": "Beholdes"})

    assert response.status_code == 422
    assert "er ikke en dato" in response.text and "Vælg mindst én." in response.text
    assert 'aria-invalid="true"' in response.text and "Beholdes</textarea>" in response.text


def test_a_meeting_in_the_future_is_refused_with_the_rule_in_danish(web: Web) -> None:
    client = web.login("sof-tovholder")
    token = form_token(client.get(MEETING).text)

    response = client.post(MEETING, data={"csrf": token, "held_on": "2099-01-01", "attendees": ["sof"]})

    assert response.status_code == 422 and "ligger i fremtiden" in response.text


def test_a_party_that_does_not_convene_the_cadence_gets_no_form(web: Web) -> None:
    client = web.login("3b-medarbejder")
    token = form_token(client.get("/").text)

    shown = client.get(MEETING)
    posted = client.post(MEETING, data={"csrf": token, "held_on": "2015-11-20", "attendees": ["3b"]})
    auditor = web.login("revisor").get(MEETING)

    assert shown.status_code == 403 and "indkalder ikke" in shown.text
    assert posted.status_code == 403
    assert auditor.status_code == 403 and "revisor" in auditor.text


def test_fulfilling_with_a_stale_form_says_who_changed_it_meanwhile(web: Web, store: dict[str, str]) -> None:
    client = web.login("koordinator")
    form = client.get(f"{CONTRACT}/forpligtelser/sof-indkalde-kontaktpersonmoede", params={"as_of": AS_OF})
    action = f"{CONTRACT}/forpligtelser/sof-indkalde-kontaktpersonmoede/frafald"
    version = hidden_version(form.text, action)
    other = Tracker(store, clock=lambda: date(2016, 1, 15))
    try:
        other.waive_obligation(KEY, "sof-indkalde-kontaktpersonmoede", date(2016, 12, 31), "Aflyst af forum", "karin")
        log = other.get_obligation_log(KEY, "sof-indkalde-kontaktpersonmoede")
        now = log.version if log else 0  # held meetings write no fulfilment: the log may be opened by the waiver
    finally:
        other.close()

    response = client.post(
        action, data={"csrf": form_token(form.text), "version": version, "due": "2016-12-31", "reason": "Dobbelt"}
    )

    assert response.status_code == 409
    assert "Nogen har ændret det, mens du udfyldte formularen" in response.text
    assert f"Du så version {version}; nu er den version {now}" in response.text and now > int(version)
    assert "karin frafaldt forpligtelse med frist 31.12.2016 (Aflyst af forum)" in response.text
    assert 'value="Dobbelt"' in response.text  # the input is kept


def test_a_party_fulfils_its_own_obligation_and_only_a_coordinator_may_waive(web: Web) -> None:
    client = web.login("sof-tovholder")
    form = client.get(DUTY, params={"as_of": AS_OF})
    action = f"{DUTY}/opfyld"

    saved = client.post(
        f"{action}?as_of={AS_OF}",
        data={"csrf": form_token(form.text), "version": hidden_version(form.text, action), "due": "2015-12-31",
              "fulfilled_on": "2015-12-01", "document": "Indkaldelse sendt, mødet aflyst af værten"},
    )  # fmt: skip
    waiver = client.post(f"{DUTY}/frafald", data={"csrf": form_token(form.text), "version": "2", "due": "2016-04-30"})

    assert form.status_code == 200 and "Registrér opfyldt" in form.text and "Frafald en frist" not in form.text
    assert saved.status_code == 303, saved.text
    assert "(Indkaldelse sendt, mødet aflyst af værten)" in client.get(saved.headers["location"]).text
    assert waiver.status_code == 403


def test_booking_and_reversing_an_expense(web: Web) -> None:
    client = web.login("koordinator")
    form = client.get(LEDGER, params={"as_of": AS_OF})
    seen = {"csrf": form_token(form.text), "version": hidden_version(form.text, f"{LEDGER}/bogfoer")}
    coffee = {**seen, "booked_on": "2015-12-02", "amount": "100", "text": "Kaffe"}

    bad = client.post(f"{LEDGER}/bogfoer", data={**coffee, "amount": "mange penge", "text": ""})
    booked = client.post(
        f"{LEDGER}/bogfoer?as_of={AS_OF}",
        data={**seen, "booked_on": "2015-12-01", "amount": "12.500,50", "text": "Forplejning", "funder": "lbf"},
    )
    stale = client.post(f"{LEDGER}/bogfoer", data=coffee)
    after = client.get(booked.headers["location"])
    ledger = client.get(LEDGER, params={"as_of": AS_OF})
    reversal = {"version": hidden_version(ledger.text, f"{LEDGER}/tilbagefoer"), "entry": "2", "reason": "Fejlbogført"}
    reversed_ = client.post(f"{LEDGER}/tilbagefoer", data={**seen, **reversal, "booked_on": "2015-12-03"})

    assert bad.status_code == 422 and "ikke et beløb" in bad.text and "Skal udfyldes." in bad.text
    assert booked.status_code == 303 and "Brugt 462.500,50 kr. af 3.038.447,00 kr." in after.text
    assert stale.status_code == 409 and "bogførte 12.500,50 kr." in stale.text
    assert reversed_.status_code == 303, reversed_.text
    assert "tilbageført" in client.get(LEDGER, params={"as_of": AS_OF}).text


def test_correcting_part_of_an_expense_shows_what_remains_and_refuses_more_than_that(web: Web) -> None:
    client = web.login("koordinator")
    form = client.get(LEDGER, params={"as_of": AS_OF})
    seen = {"csrf": form_token(form.text), "version": hidden_version(form.text, f"{LEDGER}/bogfoer")}
    booked = client.post(
        f"{LEDGER}/bogfoer", data={**seen, "booked_on": "2015-12-01", "amount": "125.000,50", "text": "Temadag"}
    )
    ledger = client.get(LEDGER, params={"as_of": AS_OF})
    version = hidden_version(ledger.text, f"{LEDGER}/ret")
    correction = {**seen, "version": version, "entry": "2", "booked_on": "2015-12-05", "reason": "Kreditnota"}

    too_much = client.post(f"{LEDGER}/ret", data={**correction, "amount": "125.000,51"})
    corrected = client.post(f"{LEDGER}/ret?as_of={AS_OF}", data={**correction, "amount": "25.000,00"})
    after = client.get(LEDGER, params={"as_of": AS_OF})

    assert booked.status_code == 303, booked.text
    assert too_much.status_code == 422 and "125.000,50 kr." in too_much.text  # what remains, in the refusal
    assert corrected.status_code == 303, corrected.text
    assert "(retter nr. 2)" in after.text and "100.000,50 kr." in after.text
    assert "fordelt efter finansieringsandele" in after.text


def test_a_coordinator_revises_a_cadence_and_the_revision_pack_shows_the_decision(web: Web) -> None:
    client = web.login("koordinator")
    form = client.get(f"{CONTRACT}/revision", params={"as_of": AS_OF})
    data = {"csrf": form_token(form.text), "version": hidden_version(form.text, f"{CONTRACT}/revision"),
            "change": "kadence", "cadence": "netvaerksmoede", "frequency": "per_year", "number": "4",
            "effective_from": "2016-01-01", "decided_by": "Boligsocialt Forum Amager", "decided_on": "2015-11-15",
            "reference": "Referat pkt. 3"}  # fmt: skip

    saved = client.post(f"{CONTRACT}/revision?as_of={AS_OF}", data=data)
    again = client.post(f"{CONTRACT}/revision", data=data)
    known = (date.today() + timedelta(days=1)).isoformat()  # the pack lists what was recorded by its day
    pack = client.get(f"{CONTRACT}/revisionspakke", params={"as_of": known, "min_position": _position(saved)})
    travel = client.get(f"{CONTRACT}/tidsrejse")

    assert saved.status_code == 303, saved.text
    assert again.status_code == 409 and "koordinator registrerede revision gældende fra 01.01.2016" in again.text
    assert "Revision, version 2" in pack.text and "Referat pkt. 3" in pack.text
    assert "Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt" in pack.text
    assert "Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt" in travel.text
    assert "activities.praksisnetvaerk" not in pack.text + travel.text


def test_a_revision_that_changes_nothing_or_lacks_a_reference_is_shown_again(web: Web) -> None:
    client = web.login("koordinator")
    form = client.get(f"{CONTRACT}/revision")
    data = {"csrf": form_token(form.text), "version": hidden_version(form.text, f"{CONTRACT}/revision"),
            "change": "ramme", "plan": "urbanplanen", "total": "3.038.447", "effective_from": "2016-01-01",
            "decided_by": "Boligsocialt Forum Amager", "decided_on": "2015-11-15", "reference": "Referat"}  # fmt: skip

    unchanged = client.post(f"{CONTRACT}/revision", data=data)
    missing = client.post(f"{CONTRACT}/revision", data={**data, "reference": "", "total": "3.100.000"})

    assert unchanged.status_code == 422 and "Ingen ændring" in unchanged.text
    assert missing.status_code == 422 and "Skal udfyldes." in missing.text


def _position(response: httpx.Response) -> str:
    return response.headers["location"].split("min_position=")[1].split("&")[0]
