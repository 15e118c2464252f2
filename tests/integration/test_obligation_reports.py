"""Standing duties, as-needed evidence and an ended contract in the obligations export and the calendar feed,
on SQLite and PostgreSQL, against figures computed by hand.

Amager (period 2014–2017, standing duties attested yearly with a month's grace): Lejerbo attests 2014 met on
10.02.2015 – 10 days after its frist 31.01.2015 – and leaves 2015 unattested, overdue from 01.02.2016; 3B attests
2014 partly met on 20.01.2015 (on time). TMF's as-needed help is evidenced on 02.05.2014, 01.03.2015 and
10.09.2015: last 10.09.2015, 2014: 1, 2015: 2 – and never due.

The example contract (from 01.01.2018, a list every 14 days) ends on 30.06.2018: its 13 due dates are 15.01,
29.01, …, 18.06 and 30.06 (the window 19.06–02.07 is cut by the end but 12 of its 14 days are in force, so it
counts, due on the end day); it reads "afsluttet" from 01.07.2018.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from icalendar import Calendar

from api.reports.calendar import calendar_feed
from api.reports.exports import to_csv
from api.reports.tables import obligations_table
from domain.permissions import Actor
from domain.tracker import Tracker
from projections import obligation_status
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, EXAMPLE, contract_file, projecting

KEY, EXAMPLE_KEY = "amager-udsatte-grupper-2013", "eksempel-social-vicevaert"
LEJERBO_DUTY, B3_DUTY, TMF_DUTY = (
    "lejerbo-aktiv-kontaktperson",
    "3b-aktiv-kontaktperson",
    "tmf-hjaelp-kontaktliste-og-dagsorden",
)
AS_OF = date(2016, 2, 15)


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    tracker.import_contract(contract_file(EXAMPLE), actor="koordinator", source="eksempel.yaml")
    lejerbo, b3, tmf = Actor("lb", "party", "lejerbo"), Actor("tb", "party", "3b"), Actor("tm", "party", "tmf")
    tracker.attest_duty(
        KEY, LEJERBO_DUTY, "2014", "met", "Kontaktpersonliste 2014", lejerbo, attested_on=date(2015, 2, 10)
    )
    tracker.attest_duty(
        KEY,
        B3_DUTY,
        "2014",
        "partly_met",
        "Liste",
        b3,
        reason="Kontaktperson syg i efteråret",
        attested_on=date(2015, 1, 20),
    )
    for day in (date(2014, 5, 2), date(2015, 3, 1), date(2015, 9, 10)):
        tracker.evidence_duty(KEY, TMF_DUTY, day, f"Hjælp til dagsorden {day:%d.%m.%Y}", tmf)
    tracker.end_contract(EXAMPLE_KEY, date(2018, 6, 30), "Helhedsplanen blev ikke forlænget", actor="koordinator")
    for projector in projecting(tracker, store):
        projector.catch_up()
        yield projector


def record(projector: Projector, key: str) -> Any:
    [found] = load_records(projector.db, key)
    return found


def export(projector: Projector, key: str, as_of: date) -> list[dict[str, str]]:
    data = to_csv(obligations_table(obligation_status.status(record(projector, key), as_of)))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def rows_of(rows: list[dict[str, str]], responsibility: str, *columns: str) -> list[tuple[str, ...]]:
    return [tuple(r[c] for c in columns) for r in rows if r["Forpligtelse"] == responsibility]


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_the_export_has_a_row_per_standing_period_with_its_attestation_and_days_late(projector: Projector) -> None:
    rows = export(projector, KEY, AS_OF)

    columns = (
        "Partnavn",
        "Art",
        "Periode",
        "Periode fra",
        "Frist",
        "Status",
        "Dato",
        "Dage for sent",
        "Registreret af",
    )
    assert rows_of(rows, LEJERBO_DUTY, *columns) == [
        ("Lejerbo", "Løbende", "2014", "01.01.2014", "31.01.2015", "opfyldt", "10.02.2015", "10", "lb"),
        ("Lejerbo", "Løbende", "2015", "01.01.2015", "31.01.2016", "forfalden", "", "", ""),
        ("Lejerbo", "Løbende", "2016", "01.01.2016", "31.01.2017", "åben", "", "", ""),
    ]
    [partly] = [r for r in rows if r["Forpligtelse"] == B3_DUTY and r["Periode"] == "2014"]
    assert (partly["Partnavn"], partly["Status"], partly["Dato"], partly["Dage for sent"]) == (
        "3B", "delvist opfyldt", "20.01.2015", "0"
    )  # fmt: skip
    assert (partly["Begrundelse"], partly["Dokumentation"]) == ("Kontaktperson syg i efteråret", "Liste")
    assert {r["Kontraktstatus"] for r in rows} == {"underskrevet"}


def test_the_export_lists_an_as_needed_duty_with_its_dated_evidence_and_how_often(projector: Projector) -> None:
    rows = export(projector, KEY, AS_OF)

    columns = ("Partnavn", "Art", "Periode", "Frist", "Status", "Dato", "Dage for sent", "Dokumentation")
    summary, *evidence = rows_of(rows, TMF_DUTY, *columns, "Senest dokumenteret", "Gange pr. år")
    assert summary == (
        "Teknik- og Miljøforvaltningen", "Efter behov", "", "", "efter behov", "", "", "", "10.09.2015",
        "2014: 1; 2015: 2",
    )  # fmt: skip
    assert [e[:8] for e in evidence] == [
        ("Teknik- og Miljøforvaltningen", "Efter behov", str(day.year), "", "dokumenteret", f"{day:%d.%m.%Y}", "",
         f"Hjælp til dagsorden {day:%d.%m.%Y}")
        for day in (date(2014, 5, 2), date(2015, 3, 1), date(2015, 9, 10))
    ]  # fmt: skip


def test_an_ended_contract_reads_afsluttet_in_the_export_after_its_end(projector: Projector) -> None:
    on_last_day, after = (
        export(projector, EXAMPLE_KEY, date(2018, 6, 30)),
        export(projector, EXAMPLE_KEY, date(2018, 12, 31)),
    )

    assert {r["Kontraktstatus"] for r in on_last_day} == {"underskrevet"}
    assert [r for r in on_last_day if r["Art"] == "Kontrakt"] == []
    assert {r["Kontraktstatus"] for r in after} == {"afsluttet"}
    *duties, last = after
    assert (last["Art"], last["Status"], last["Dato"], last["Beskrivelse"]) == (
        "Kontrakt", "afsluttet", "30.06.2018", "Kontrakten er afsluttet 30.06.2018: intet forfalder efter denne dato"
    )  # fmt: skip
    dues = [r["Frist"] for r in duties if r["Forpligtelse"] == "liste-over-fogedsager"]
    assert len(dues) == 13 and dues[0] == "15.01.2018" and dues[-2:] == ["18.06.2018", "30.06.2018"]
    assert all(date.fromisoformat("-".join(reversed(r["Frist"].split(".")))) <= date(2018, 6, 30)
               for r in duties if r["Frist"])  # fmt: skip


def test_the_calendar_has_a_standing_periods_frist_and_no_as_needed_events(projector: Projector) -> None:
    feed = events(calendar_feed([record(projector, KEY)], AS_OF))

    lejerbo = [
        e for e in feed if str(e["summary"]).startswith("Frist for erklæring") and "Lejerbo" in str(e["description"])
    ]
    by_day = {e.decoded("dtstart"): str(e["description"]) for e in lejerbo}
    assert sorted(by_day) == [
        date(2015, 1, 31),
        date(2016, 1, 31),
        date(2017, 1, 31),
    ]  # 2017's frist is past the horizon
    assert "Erklæret opfyldt 10.02.2015 (10 dage for sent)" in by_day[date(2015, 1, 31)]
    assert "Periode: 2014 (01.01.2014–31.12.2014)" in by_day[date(2015, 1, 31)]
    assert "Ikke erklæret – forfalden" in by_day[date(2016, 1, 31)]
    assert "Ikke erklæret" in by_day[date(2017, 1, 31)] and "forfalden" not in by_day[date(2017, 1, 31)]
    assert not [e for e in feed if "Teknik- og Miljøforvaltningen" in str(e.get("description", ""))
                and str(e["summary"]).startswith("Frist")]  # fmt: skip
    party_feed = events(calendar_feed([record(projector, KEY)], AS_OF, party="lejerbo"))
    assert {e.decoded("dtstart") for e in party_feed if str(e["summary"]).startswith("Frist for erklæring")} == set(
        by_day
    )


def test_an_ended_contracts_calendar_ends_with_the_day_it_reads_afsluttet(projector: Projector) -> None:
    example = record(projector, EXAMPLE_KEY)
    before, after = (Calendar.from_ical(calendar_feed([example], d)) for d in (date(2018, 6, 30), date(2018, 12, 31)))

    assert str(before["x-wr-calname"]) == "Møder og frister – Eksempelby, Tryghed og trivsel"
    assert "x-wr-caldesc" not in before
    assert str(after["x-wr-calname"]) == "Møder og frister – Eksempelby, Tryghed og trivsel (afsluttet)"
    assert str(after["x-wr-caldesc"]) == "Kontrakten er afsluttet 30.06.2018: ingen frister efter denne dato."
    for calendar in (before, after):
        *deadlines, ended = calendar.walk("VEVENT")
        assert (str(ended["summary"]), ended.decoded("dtstart")) == (
            f"Kontrakten er afsluttet ({EXAMPLE_KEY})",
            date(2018, 7, 1),
        )
        assert "I kraft til og med 30.06.2018" in str(ended["description"])
        assert "Begrundelse: Helhedsplanen blev ikke forlænget" in str(ended["description"])
        assert [e.decoded("dtstart") for e in deadlines][-1] == date(2018, 6, 30)
        assert len(deadlines) == 13
    assert calendar_feed([example], date(2018, 12, 31)) == calendar_feed([example], date(2018, 12, 31))
