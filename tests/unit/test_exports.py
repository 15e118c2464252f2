"""CSV and XLSX exports for Danish Excel, built from records folded from plain events."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

import openpyxl
import pytest

from api.reports.exports import Column, Table, sheet_title, to_csv, to_xlsx
from api.reports.tables import audit_table, budget_table, contract_head, obligations_table, overdue_meetings_table
from domain.budget import Ledger
from domain.cadence import Occurrence
from domain.contract import Contract
from domain.meeting import Meeting
from domain.obligation import Evidence, ObligationLog
from domain.versions import Decision
from projections import audit_log, budget_use, contract_record, obligation_status, overdue_meetings
from projections.routing import Routed
from tests.conftest import AMAGER, contract_file

KEY = "amager-udsatte-grupper-2013"
AS_OF = date(2014, 8, 15)
OBLIGATION_HEADERS = [
    "Kontrakt", "Kontraktnavn", "Kontraktstatus", "Aktivitet", "Aktivitetsnavn", "Forpligtelse", "Part", "Partnavn",
    "Beskrivelse", "Art", "Periode",
    "Periode fra", "Frist", "Status", "Dato", "Dage for sent", "Begrundelse", "Dokumentation", "Registreret af",
    "Senest dokumenteret", "Gange pr. år",
]  # fmt: skip


def history() -> tuple[Contract, list[Any]]:
    """Amager 2014: a held network meeting, a scheduled contact-person meeting, settled duties, expenses."""
    file = contract_file(AMAGER)
    contract = Contract.draft(file.key, file.terms(), actor="koordinator")
    contract.sign(date(2013, 12, 12), actor="koordinator")
    revised = file.terms().model_copy(update={"revising_forum": "Boligsocialt Forum Amager og Sundby"})
    contract.revise(
        revised, date(2015, 1, 1), Decision("Boligsocialt Forum Amager", date(2014, 12, 1), "punkt 3"), "koordinator"
    )
    network = meeting(contract, "praksisnetvaerk", "netvaerksmoede", date(2014, 3, 12))
    network.hold(date(2014, 3, 12), ["sof", "3b"], ["Kontaktliste vedtaget"], [], actor="karen")
    contacts = meeting(contract, "kontaktpersonsordning", "kontaktpersonmoede-lokalt", date(2014, 10, 1))
    contact_list = ObligationLog.open(contract.id, KEY, "sof-kontaktliste-og-dagsorden", "sof", actor="karen")
    first_window = Occurrence(date(2014, 1, 1), date(2014, 4, 30))
    contact_list.fulfil([first_window], date(2014, 3, 12), None, "sof", Evidence(document="Referat 12.03"), "karen")
    convening = ObligationLog.open(contract.id, KEY, "sof-indkalde-netvaerksmoede", "sof", actor="karen")
    second_window = Occurrence(date(2014, 5, 1), date(2014, 8, 31))
    convening.waive([first_window, second_window], second_window.due, "Netværket var nystartet", "karen")
    ledger = Ledger.open(contract.id, KEY, "urbanplanen", actor="okonomi")
    ledger.book(date(2014, 5, 1), 15_000_050, "praksisnetvaerk", "lbf", "Temadag", "B-1", actor="okonomi")
    ledger.book(date(2014, 6, 1), 5_000_000, None, "lbf", "Fejl", None, actor="okonomi")
    ledger.reverse(2, date(2014, 6, 2), "Fejlbogført", actor="okonomi")
    aggregates = (contract, network, contacts, contact_list, convening, ledger)
    return contract, [e for a in aggregates for e in a.collect_events()]


def meeting(contract: Contract, activity: str, cadence: str, on: date) -> Meeting:
    return Meeting.schedule(uuid4(), contract.id, KEY, activity, cadence, on, ["sof"], "", "", actor="karen")


def record() -> dict[str, Any]:
    contract, events = history()
    return contract_record.fold(contract.id, events)


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Danish Excel reads UTF-8 only with it
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def sheet_rows(sheet: Any) -> list[dict[str, Any]]:
    headers = [c.value for c in sheet[1]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def by(rows: list[dict[str, Any]], **match: str) -> list[dict[str, Any]]:
    def value(cell: Any) -> Any:
        return cell.value if hasattr(cell, "value") else cell

    return [r for r in rows if all(value(r[k]) == v for k, v in match.items())]


def test_obligations_csv_has_danish_headers_dates_and_states() -> None:
    table = obligations_table(obligation_status.status(record(), AS_OF))

    rows = read_csv(to_csv(table))

    assert list(rows[0]) == OBLIGATION_HEADERS
    [contact_list] = by(rows, Forpligtelse="sof-kontaktliste-og-dagsorden")
    assert (contact_list["Frist"], contact_list["Status"], contact_list["Dato"]) == (
        "30.04.2014",
        "opfyldt",
        "12.03.2014",
    )
    assert (contact_list["Dokumentation"], contact_list["Registreret af"]) == ("Referat 12.03", "karen")
    # keys with the names beside them; the contract's status on the date in every row
    assert (contact_list["Part"], contact_list["Partnavn"], contact_list["Aktivitetsnavn"]) == (
        "sof",
        "Socialforvaltningen",
        "Professionelt praksisnetværk og temamøder omkring udsatte borgere",
    )
    assert (contact_list["Aktivitet"], contact_list["Kontrakt"]) == ("praksisnetvaerk", KEY)
    assert contact_list["Kontraktnavn"] == KEY  # no titles given: the key, never an empty cell
    assert (contact_list["Kontraktstatus"], contact_list["Art"]) == ("underskrevet", "Frist")
    convening = by(rows, Forpligtelse="sof-indkalde-netvaerksmoede")
    assert [(r["Frist"], r["Status"]) for r in convening][:3] == [
        ("30.04.2014", "opfyldt"),  # the network meeting held 12.03.2014 is the evidence
        ("31.08.2014", "frafaldet"),
        ("31.12.2014", "åben"),
    ]
    assert (convening[0]["Dokumentation"], convening[0]["Dage for sent"]) == ("Afholdt møde", "0")
    assert (convening[1]["Begrundelse"], convening[1]["Dokumentation"]) == ("Netværket var nystartet", "")
    [kick_off] = by(rows, Forpligtelse="sof-sundbygaard-indkalde-opstartsmoede")
    assert kick_off["Status"] == "forfalden"


def test_obligations_xlsx_has_a_bold_frozen_header_and_real_date_cells() -> None:
    table = obligations_table(obligation_status.status(record(), AS_OF))

    sheet = read_xlsx(to_xlsx(table))

    assert sheet.title == "Forpligtelser pr. 15.08.2014"
    assert [c.value for c in sheet[1]] == OBLIGATION_HEADERS
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    [contact_list] = by(sheet_rows(sheet), Forpligtelse="sof-kontaktliste-og-dagsorden")
    assert contact_list["Frist"].value == datetime(2014, 4, 30)
    assert contact_list["Frist"].number_format == "dd.mm.yyyy"
    assert contact_list["Dato"].value == datetime(2014, 3, 12)
    assert contact_list["Status"].value == "opfyldt"
    assert 8 <= sheet.column_dimensions["E"].width <= 60  # the long descriptions


def test_overdue_meetings_list_the_missed_windows_with_scheduled_meetings() -> None:
    r = record()
    table = overdue_meetings_table(
        overdue_meetings.overdue(r, date(2015, 1, 1)), {KEY: contract_head(r, date(2015, 1, 1))}
    )

    rows = read_csv(to_csv(table))

    network = by(rows, **{"Mødekadencens navn": "Netværksmøde i det lokale praksisnetværk"})
    assert [(r["Periode fra"], r["Frist"]) for r in network] == [
        ("01.05.2014", "31.08.2014"),
        ("01.09.2014", "31.12.2014"),
    ]
    [contacts] = by(rows, Mødekadence="kontaktpersonmoede-lokalt")
    assert (contacts["Planlagte møder"], contacts["Indkaldes af"]) == ("01.10.2014", "Socialforvaltningen")
    assert (contacts["Indkaldere"], contacts["Kontraktnavn"]) == ("sof", contract_file(AMAGER).terms().title)
    assert {r["Kontraktstatus"] for r in rows} == {"underskrevet"}
    assert contacts["Aflyste møder"] == "0"
    sheet = read_xlsx(to_xlsx(table))
    assert sheet.title == "Manglende møder"
    assert isinstance(by(sheet_rows(sheet), Mødekadence=contacts["Mødekadence"])[0]["Frist"].value, datetime)


def test_budget_csv_shows_danish_kroner_per_plan_funder_and_activity() -> None:
    r = record()
    table = budget_table(
        {KEY: budget_use.budget_use(r, date(2014, 12, 31))}, {KEY: contract_head(r, date(2014, 12, 31))}
    )

    rows = read_csv(to_csv(table))

    urban = by(rows, Helhedsplan="urbanplanen")
    assert {row["Helhedsplanens navn"] for row in urban} == {"Den boligsociale helhedsplan Urbanplanen"}
    total = by(urban, Opdeling="I alt")[0]
    assert (total["Ramme (kr.)"], total["Forbrug (kr.)"], total["Tilbage (kr.)"]) == (
        "3.038.447,00",
        "150.000,50",
        "2.888.446,50",
    )
    assert total["Forbrug"] == "4,9 %"
    assert by(urban, Opdeling="Finansiering: Landsbyggefonden")[0]["Forbrug (kr.)"] == "150.000,50"
    activity = by(urban, Opdeling="Aktivitet: Professionelt praksisnetværk og temamøder omkring udsatte borgere")[0]
    assert (activity["Nøgle"], activity["Forbrug (kr.)"]) == ("praksisnetvaerk", "150.000,50")
    assert by(urban, Opdeling="Finansiering: Landsbyggefonden")[0]["Nøgle"] == "lbf"
    assert by(urban, Opdeling="Aktivitet: ikke angivet")[0]["Forbrug (kr.)"] == "0,00"  # booked and reversed
    sundholm = by(
        rows, **{"Helhedsplanens navn": "Den boligsociale helhedsplan i Sundholms- og Holmbladsgadekvarteret"}
    )
    assert by(sundholm, Opdeling="I alt")[0]["Ramme (kr.)"] == "1.626.217,00"


def test_budget_xlsx_has_amounts_in_kroner_and_percents_as_numbers() -> None:
    r = record()
    table = budget_table(
        {KEY: budget_use.budget_use(r, date(2014, 12, 31))}, {KEY: contract_head(r, date(2014, 12, 31))}
    )

    sheet = read_xlsx(to_xlsx(table))

    total = by(sheet_rows(sheet), Opdeling="I alt", Helhedsplan="urbanplanen")[0]
    assert total["Ramme (kr.)"].value == 3_038_447
    assert total["Forbrug (kr.)"].value == pytest.approx(150_000.50)
    assert isinstance(total["Forbrug (kr.)"].value, float)
    assert total["Forbrug (kr.)"].number_format == "#,##0.00"
    assert total["Forbrug"].value == pytest.approx(0.049)
    assert total["Forbrug"].number_format == "0.0%"
    assert sheet.title == "Budgetforbrug"


def audit_rows(contract: Contract, events: list[Any]) -> list[dict[str, Any]]:
    """Rows as audit_log.query() returns them, newest first."""
    routed = [Routed(i, e, str(contract.id), KEY) for i, e in enumerate(events, start=1)]
    rows = [dict(zip(audit_log.COLUMNS, r, strict=True)) for r in map(audit_log.row, routed) if r is not None]
    return [r | {"decision": json.loads(r["decision"]) if r["decision"] else None} for r in reversed(rows)]


def test_audit_export_names_events_in_danish_with_local_times_and_decisions() -> None:
    contract, events = history()
    rows = audit_rows(contract, events)

    csv_rows = read_csv(to_csv(audit_table(rows, {KEY: "Amager"})))
    sheet = read_xlsx(to_xlsx(audit_table(rows)))

    assert list(csv_rows[0]) == [
        "Nr.", "Kontrakt", "Kontraktnavn", "Område", "Hændelse", "Registreret af", "Registreret", "Dato", "Beslutning",
        "Beskrivelse",
    ]  # fmt: skip
    assert {(r["Kontrakt"], r["Kontraktnavn"]) for r in csv_rows} == {(KEY, "Amager")}
    [revised] = by(csv_rows, Hændelse="revideret")
    assert (revised["Område"], revised["Dato"], revised["Beslutning"]) == (
        "Kontrakt",
        "01.01.2015",
        "Boligsocialt Forum Amager, 01.12.2014, punkt 3",
    )
    [held] = by(csv_rows, Hændelse="afholdt")
    assert (held["Område"], held["Registreret af"]) == ("Møde", "karen")
    assert held["Beskrivelse"] == "karen registrerede møde afholdt 12.03.2014"
    recorded = events[0].timestamp.astimezone(UTC)
    [drafted] = by(sheet_rows(sheet), Hændelse="oprettet")
    assert drafted["Registreret"].value.replace(second=0, microsecond=0) == local_naive(recorded)
    assert drafted["Registreret"].number_format == "dd.mm.yyyy hh:mm"
    assert drafted["Nr."].value == 1
    assert by(csv_rows, Hændelse="oprettet")[0]["Registreret"] == f"{local_naive(recorded):%d.%m.%Y %H:%M}"


def local_naive(moment: datetime) -> datetime:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Copenhagen")).replace(tzinfo=None, second=0, microsecond=0)


TYPED_COLUMNS = (
    Column("Tekst"), Column("Dato", "date"), Column("Tidspunkt", "datetime"), Column("Beløb", "amount_ore"),
    Column("Tal", "number"), Column("Andel", "percent"),
)  # fmt: skip
TYPED = Table(
    "Alle typer",
    TYPED_COLUMNS,
    [
        ("vinter", date(2016, 1, 15), datetime(2016, 1, 15, 12, 45, tzinfo=UTC), -150_050, Decimal("12.5"), 104.5),
        ("sommer", date(2016, 7, 1), datetime(2016, 7, 1, 12, 0, tzinfo=UTC), 162_621_700, 3, 66.7),
        (None, None, None, None, None, None),
    ],
)


def test_every_column_type_is_written_as_danish_text_in_csv() -> None:
    rows = read_csv(to_csv(TYPED))

    assert list(rows[0].values()) == ["vinter", "15.01.2016", "15.01.2016 13:45", "-1.500,50", "12,5", "104,5 %"]
    assert list(rows[1].values()) == ["sommer", "01.07.2016", "01.07.2016 14:00", "1.626.217,00", "3", "66,7 %"]
    assert list(rows[2].values()) == [""] * 6


def test_every_column_type_is_a_real_cell_in_xlsx() -> None:
    sheet = read_xlsx(to_xlsx(TYPED))

    winter = [c.value for c in sheet[2]]
    assert winter == ["vinter", datetime(2016, 1, 15), datetime(2016, 1, 15, 13, 45), -1500.5, 12.5, 1.045]
    assert [c.value for c in sheet[3]][3] == 1_626_217
    assert [c.value for c in sheet[4]] == [None] * 6


def test_free_text_that_looks_like_a_formula_stays_text() -> None:
    table = Table("Tekst", (Column("Beskrivelse"),), [('=HYPERLINK("http://x")',), ("-5 møder",)])

    assert [r["Beskrivelse"] for r in read_csv(to_csv(table))] == ['\'=HYPERLINK("http://x")', "'-5 møder"]
    cell = read_xlsx(to_xlsx(table))["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_sheet_titles_are_valid_excel_names() -> None:
    assert sheet_title("Forpligtelser: 3B/VIBO [2014] pr. 15.08.2014") == "Forpligtelser- 3B-VIBO -2014- p"
    assert len(sheet_title("x" * 40)) == 31


def test_exports_leave_out_contact_persons() -> None:
    contract, events = history()
    r = contract_record.fold(contract.id, events)
    tables = [
        obligations_table(obligation_status.status(r, AS_OF)),
        overdue_meetings_table(overdue_meetings.overdue(r, AS_OF), {KEY: contract_head(r, AS_OF)}),
        budget_table({KEY: budget_use.budget_use(r, AS_OF)}, {KEY: contract_head(r, AS_OF)}),
        audit_table(audit_rows(contract, events)),
    ]

    for table in tables:
        text = to_csv(table).decode("utf-8-sig")
        assert "@sof.kk.dk" not in text
        assert "Høgenhaven" not in text


def test_budget_csv_names_corrections_and_what_was_shared_out_by_funder_shares() -> None:
    contract, events = history()
    ledger = Ledger.open(contract.id, KEY, "sundholm-holmbladsgade", actor="okonomi")
    ledger.book(date(2014, 5, 1), 12_500_050, None, None, "Temadag", None, actor="okonomi")
    ledger.correct(1, date(2014, 6, 1), 2_500_000, "Kreditnota", actor="okonomi")
    folded = contract_record.fold(contract.id, events + ledger.collect_events())
    plans = budget_use.budget_use(folded, date(2014, 12, 31))

    table = budget_table({KEY: plans}, {KEY: contract_head(folded, date(2014, 12, 31))})
    rows = by(read_csv(to_csv(table)), Helhedsplan=plans[0]["plan"])

    assert by(rows, Opdeling="I alt")[0]["Bemærkning"] == "Rettet 25.000,00 kr."
    lbf = by(rows, Opdeling="Finansiering: Landsbyggefonden")[0]
    assert (lbf["Forbrug (kr.)"], lbf["Bemærkning"]) == (
        "75.000,38",
        "Heraf 75.000,38 kr. fordelt efter finansieringsandele",
    )
    assert by(rows, Opdeling="Finansiering: Kommunen")[0]["Forbrug (kr.)"] == "12.500,06"
