"""The calendar feed and the exports from the views of a real SQLite file and a real PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import openpyxl
import pytest
from icalendar import Calendar

from api.reports.calendar import calendar_feed
from api.reports.exports import to_csv, to_xlsx
from api.reports.tables import audit_table, budget_table, contract_head, obligations_table, overdue_meetings_table
from domain.obligation import Evidence
from domain.tracker import Tracker
from projections import audit_log, budget_use, obligation_status, overdue_meetings
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, TODAY, contract_file

KEY = "amager-udsatte-grupper-2013"


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    """Amager in 2015: a moved and held network meeting, a cancelled one, settled duties, an expense."""
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    moved, _ = tracker.schedule_meeting(KEY, "netvaerksmoede", date(2015, 3, 10), "Sundbygård", "Dagsorden", "karen")
    tracker.move_meeting(moved, date(2015, 3, 17), "Lokalet var optaget", "karen")
    tracker.hold_meeting(moved, date(2015, 3, 17), ["sof", "3b", "lejerbo"], ["Ny kontaktliste"], [], "karen")
    cancelled, _ = tracker.schedule_meeting(KEY, "netvaerksmoede", date(2015, 6, 10), "", "", "karen")
    tracker.cancel_meeting(cancelled, "Sygdom", "karen")
    tracker.fulfil_obligation(
        KEY, "sof-kontaktliste-og-dagsorden", date(2014, 3, 12), Evidence(document="Kontaktliste"), "karen"
    )
    tracker.waive_obligation(KEY, "sof-indkalde-netvaerksmoede", date(2014, 4, 30), "Nystartet netværk", "karen")
    tracker.book_expense(
        KEY, "urbanplanen", date(2015, 5, 1), 15_000_050, "Temadag", "okonomi", activity="praksisnetvaerk", funder="lbf"
    )
    p = Projector(tracker, store)
    p.catch_up()
    yield p
    p.close()


def record(projector: Projector) -> dict[str, Any]:
    [found] = load_records(projector.db, KEY)
    return found


def network_meetings(calendar: Calendar) -> dict[str, Any]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT") if "Netværksmøde" in str(e["summary"])}


def test_the_feed_from_the_views_shows_moved_held_and_cancelled_meetings(projector: Projector) -> None:
    data = calendar_feed([record(projector)], TODAY)

    meetings = network_meetings(Calendar.from_ical(data))
    held = meetings[f"Netværksmøde i det lokale praksisnetværk ({KEY})"]
    assert held.decoded("dtstart") == date(2015, 3, 17)
    assert held.decoded("sequence") == 2  # scheduled, moved, held
    assert str(held["location"]) == "Sundbygård"
    cancelled = meetings[f"Aflyst: Netværksmøde i det lokale praksisnetværk ({KEY})"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert calendar_feed(load_records(projector.db, KEY), TODAY) == data  # stored and reloaded: same bytes
    lejerbo = Calendar.from_ical(calendar_feed([record(projector)], TODAY, party="lejerbo"))
    assert len(network_meetings(lejerbo)) == 2


def test_the_exports_from_the_views_open_as_danish_csv_and_xlsx(projector: Projector) -> None:
    r = record(projector)
    tables = {
        "obligations": obligations_table(obligation_status.status(r, TODAY)),
        "overdue": overdue_meetings_table(overdue_meetings.overdue(r, TODAY), {KEY: contract_head(r, TODAY)}),
        "budget": budget_table({KEY: budget_use.budget_use(r, TODAY)}, {KEY: contract_head(r, TODAY)}),
        "audit": audit_table(audit_log.query(projector.db, contract=KEY, limit=1000)),
    }

    text = {name: to_csv(t).decode("utf-8-sig") for name, t in tables.items()}
    sheets = {name: openpyxl.load_workbook(io.BytesIO(to_xlsx(t))).active for name, t in tables.items()}

    assert ";30.04.2014;opfyldt;12.03.2014;0;;Kontaktliste;karen;;" in text["obligations"]
    assert ";frafaldet;;;Nystartet netværk;;karen;;" in text["obligations"]
    assert ";01.05.2015;31.08.2015;" in text["overdue"]  # the June meeting was cancelled
    assert ";I alt;;3.038.447,00;150.000,50;2.888.446,50;" in text["budget"]
    for event in ("flyttet", "aflyst", "afholdt", "frafaldet", "udgift bogført"):
        assert f";{event};" in text["audit"], event
    assert ";Møde;flyttet;karen;" in text["audit"]
    assert sheets["audit"].max_row == len(tables["audit"].rows) + 1
    assert [c.value for c in sheets["budget"][1]][7] == "Ramme (kr.)"
