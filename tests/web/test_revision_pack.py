"""The revision pack in the forum's language: what was known and in force by its date, decided revisions
apart, goals against their targets, and "forrige revision" only where it starts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from api.reports.contract_views import LOCAL
from domain.obligation import Evidence
from domain.permissions import Actor
from domain.tracker import Tracker
from tests.web.conftest import sign_in
from tests.web.facts import KEY, amager_app, meeting, project, record_revisions

PACK = f"/kontrakter/{KEY}/revisionspakke"
RAW_PATH = re.compile(r"\b(?:activities|plans|goals|parties|contacts)\.[a-z0-9-]+\.")
ORE = re.compile(r"\b\d{5,}\b")


@dataclass
class Pack:
    client: TestClient
    today: date  # the day the revisions were recorded (Danish time)
    recorded: datetime  # when the last of them was recorded
    store: dict[str, str]

    def get(self, **params: str) -> str:
        page = self.client.get(PACK, params=params)
        assert page.status_code == 200, page.text
        return text_of(page.text)


def text_of(html: str) -> str:
    """The page's words, without tags (and without the print style)."""
    body = html[html.index("<main") :]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.fixture
def pack(store: dict[str, str]) -> Iterator[Pack]:
    revisions: list[datetime] = []

    def revise(tracker: Tracker) -> None:
        record_revisions(tracker, date.today())
        contract = tracker.get_contract(KEY)
        recorded = contract.recorded_at(len(contract.versions))
        assert recorded is not None
        revisions.append(recorded)

    app, tokens = amager_app(store, revise)
    (recorded,) = revisions
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client, tokens["koordinator"])
        yield Pack(client, recorded.astimezone(LOCAL).date(), recorded, store)


def test_the_pack_tells_a_revision_in_the_forums_words_with_its_decision(pack: Pack) -> None:
    text = pack.get(as_of=pack.today.isoformat())

    assert "Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt" in text
    assert (
        "Fordeling, Den boligsociale helhedsplan Urbanplanen, Professionelt praksisnetværk og temamøder omkring "
        "udsatte borgere: 500.000,00 kr. tilføjet"
    ) in text
    assert "Beslutning: Boligsocialt Forum Amager 24.11.2016 (Referat, punkt 3)" in text
    assert not RAW_PATH.search(text) and not ORE.search(text)


def test_a_revision_decided_but_not_yet_in_force_is_listed_apart(pack: Pack) -> None:
    text = pack.get(as_of=pack.today.isoformat())

    later, _, _ = text.partition("Møder afholdt siden")
    _, _, pending = later.partition("Vedtaget, ikke i kraft pr.")
    assert "vedtaget, træder i kraft" in pending
    assert "Kontrakt – Amager, Udsatte grupper (forlænget)" in pending
    assert "Kontrakt – Amager, Udsatte grupper (forlænget)" not in later.partition("Vedtaget, ikke i kraft")[0]


def test_the_pack_of_a_past_day_lists_nothing_recorded_after_it(pack: Pack) -> None:
    text = pack.get(as_of="2016-01-15", siden="2013-01-01")

    assert "Ingen ændringer af kontrakten registreret siden 01.01.2013" in text
    assert "3 → 4 gange årligt" not in text and "Vedtaget, ikke i kraft" not in text


def test_the_pack_says_previous_revision_only_when_it_starts_there(pack: Pack) -> None:
    default = pack.get(as_of=pack.today.isoformat())
    typed = pack.get(as_of=pack.today.isoformat(), siden="2013-01-01")

    assert "(forrige revision)" in default
    assert "(forrige revision)" not in typed and "registreret fra 01.01.2013" in typed


def test_the_pack_shows_each_indicators_latest_measurement_against_its_target(pack: Pack) -> None:
    text = pack.get(as_of=pack.today.isoformat())

    assert "Mål og indikatorer" in text
    assert re.search(r"Antal udsættelser i de almene boligafdelinger på Amager .*? 45 41 \(2015\) 30", text)


def test_the_contract_page_shows_how_often_by_the_rule_in_force_on_its_date(pack: Pack) -> None:
    def network_row(as_of: str) -> str:
        page = pack.client.get(f"/kontrakter/{KEY}", params={"as_of": as_of})
        assert page.status_code == 200, page.text
        return text_of(page.text).partition("Netværksmøde i det lokale praksisnetværk")[2][:40]

    assert network_row("2015-06-01").startswith(" 3 gange årligt")
    assert network_row("2017-06-01").startswith(" 4 gange årligt")


def test_a_pack_as_known_at_a_past_time_is_the_same_after_later_corrections(pack: Pack) -> None:
    """Given the pack as known when the forum's revisions were recorded, when the missed network meeting,
    a corrected measurement and an expense are recorded afterwards, then that pack is unchanged
    (and the pack as known now shows them)."""
    as_known = {"as_of": pack.today.isoformat(), "kendt": pack.recorded.isoformat()}
    before = pack.get(**as_known)
    tracker = Tracker(pack.store, clock=lambda: pack.today)
    try:
        meeting(tracker, "netvaerksmoede", "2015-11-25", ["sof", "3b"])
        tracker.record_measurement(
            KEY, "udsaettelser", "2015", Decimal(39), date(2016, 3, 1), "Fogedretten, rettet", "koordinator", True
        )
        tracker.book_expense(KEY, "urbanplanen", date(2015, 6, 1), 1_250_000, "Forplejning", "koordinator")
        project(tracker, pack.store)
    finally:
        tracker.close()

    after = pack.get(**as_known)
    now = pack.get(as_of=pack.today.isoformat())

    assert after == before
    assert "som kendt pr." in after and "41 (2015)" in after
    assert "39 (2015)" in now and "intet møde i perioden 01.09.2015–31.12.2015" not in now
    assert "intet møde i perioden 01.09.2015–31.12.2015" in before


def test_the_pack_lists_what_was_met_late_since_it_starts_with_the_days_late(pack: Pack) -> None:
    tracker = Tracker(pack.store, clock=lambda: date(2016, 1, 15))
    try:  # the network meeting of Sep-Dec 2015 was missed; the convening is evidenced 10 days after its due date
        tracker.fulfil_obligation(
            KEY,
            "sof-indkalde-netvaerksmoede",
            date(2016, 1, 10),
            Evidence(document="Mødet blev holdt i januar"),
            "koordinator",
            due=date(2015, 12, 31),
        )
        project(tracker, pack.store)
    finally:
        tracker.close()

    text = pack.get(as_of="2016-01-15", siden="2015-06-01")
    earlier = pack.get(as_of="2016-01-15", siden="2016-01-11")

    assert "frist 31.12.2015" in text and "opfyldt 10.01.2016, for sent opfyldt (10 dage)" in text
    assert "for sent opfyldt" not in earlier  # evidence dated before the pack starts is not listed again


def test_the_pack_shows_standing_periods_attested_and_overdue_and_as_needed_evidence(pack: Pack) -> None:
    """By hand: Lejerbo's 2014 attestation came 10 days after its frist 31.01.2015; its 2015 period, due
    31.01.2016, is unattested and overdue on 15.02.2016; 3B's 2014 was partly met on time; TMF's help was
    evidenced on 02.05.2014, 01.03.2015 and 10.09.2015 (two of them since the pack starts on 01.01.2015)."""
    lejerbo, b3, tmf = (Actor(n, "party", p) for n, p in (("lb", "lejerbo"), ("tb", "3b"), ("tm", "tmf")))
    tracker = Tracker(pack.store, clock=lambda: date(2016, 1, 15))
    try:
        attest = tracker.attest_duty
        attest(KEY, "lejerbo-aktiv-kontaktperson", "2014", "met", "Kontaktpersonliste 2014", lejerbo,
               attested_on=date(2015, 2, 10))  # fmt: skip
        attest(KEY, "3b-aktiv-kontaktperson", "2014", "partly_met", "Liste", b3, reason="Kontaktperson syg",
               attested_on=date(2015, 1, 20))  # fmt: skip
        for day in (date(2014, 5, 2), date(2015, 3, 1), date(2015, 9, 10)):
            tracker.evidence_duty(KEY, "tmf-hjaelp-kontaktliste-og-dagsorden", day, f"Dagsorden {day:%d.%m.%Y}", tmf)
        project(tracker, pack.store)
    finally:
        tracker.close()

    text = pack.get(as_of="2016-02-15", siden="2015-01-01")

    standing = text.partition("Løbende forpligtelser: erklæringer")[2].partition("Efter behov: dokumentation")[0]
    duty = "Boligorganisationerne sikrer, at boligafdelingerne har en aktiv kontaktperson"
    assert re.search(rf"Lejerbo {duty}.*? 2014 31\.01\.2015 opfyldt 10\.02\.2015, for sent opfyldt \(10 dage\) "
                     r"Kontaktpersonliste 2014", standing)  # fmt: skip
    assert re.search(rf"Lejerbo {duty}.*? 2015 31\.01\.2016 forfalden ikke erklæret", standing)
    assert re.search(
        r"3B .*? 2014 31\.01\.2015 delvist opfyldt 20\.01\.2015, til tiden Kontaktperson syg; Liste", standing
    )
    needed = text.partition("Efter behov: dokumentation")[2].partition("Budgetstatus")[0]
    assert re.search(r"Teknik- og Miljøforvaltningen Der udarbejdes en kontakliste .*? 10\.09\.2015 2014: 1; 2015: 2 "
                     r"01\.03\.2015: Dagsorden 01\.03\.2015; 10\.09\.2015: Dagsorden 10\.09\.2015", needed)  # fmt: skip
    overdue = text.partition("Forfaldne punkter pr. part")[2].partition("Løbende forpligtelser")[0]
    assert "erklæring for 2015 mangler, frist 31.01.2016" in overdue.partition("Lejerbo")[2]
    late = text.partition("Opfyldt for sent siden")[2].partition("Forfaldne punkter")[0]
    assert "Lejerbo, erklæring for 2014, frist 31.01.2015" in late
    assert "erklæret opfyldt 10.02.2015, for sent opfyldt (10 dage)" in late
    assert "lejerbo-aktiv-kontaktperson" not in text and "tmf-hjaelp" not in text
    assert not RAW_PATH.search(text) and not ORE.search(text)
