"""Tables for coordinators as CSV and XLSX files that Danish Excel opens as meant.

A ``Table`` holds raw values (dates, datetimes, øre, numbers, percent points); the writers
format them: CSV in UTF-8 with BOM, ``;`` between fields and Danish dates and amounts,
XLSX with real date and number cells. The builders in ``export_tables`` make tables from
the projections' answers.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from domain.vocabulary import dk_percent

ColumnType = Literal["text", "date", "datetime", "amount_ore", "number", "percent"]
LOCAL_TIME = ZoneInfo("Europe/Copenhagen")
_XLSX_FORMAT = {
    "date": "dd.mm.yyyy",
    "datetime": "dd.mm.yyyy hh:mm",
    "amount_ore": "#,##0.00",
    "percent": "0.0%",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_WIDTH = (8, 60)


@dataclass(frozen=True)
class Column:
    """A column: its Danish header and the type of its values."""

    header: str
    type: ColumnType = "text"


@dataclass(frozen=True)
class Table:
    """A titled table of raw values: dates as date, amounts as integer øre, percents as points (45.5)."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


def to_csv(table: Table) -> bytes:
    """The table as CSV for Danish Excel: UTF-8 with BOM, semicolons, dd.mm.åååå and 1.626.217,00."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_field(c.type, v) for c, v in zip(table.columns, row, strict=True)])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table) -> bytes:
    """The table as one XLSX sheet: bold frozen header, date and number cells, filter and widths."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(table.title)
    sheet.append([column.header for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(table.rows, start=2):
        for c, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            _write_cell(sheet.cell(row=r, column=c), column.type, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for c, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    workbook.properties.title = table.title
    workbook.properties.creator = "forum-tracker"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(table: Table, fmt: str, name: str) -> Response:
    """The table as a downloaded file ``name.fmt`` (csv or xlsx)."""
    body, media = (to_csv(table), "text/csv; charset=utf-8") if fmt == "csv" else (to_xlsx(table), XLSX)
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def sheet_title(title: str) -> str:
    """A valid sheet name: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31].strip() or "Ark1"


def cell_text(kind: ColumnType, value: Any) -> str:
    """A value as Danish text: 15.01.2016, 15.01.2016 13:45, 1.626.217,00, 12,5 and 104,5 %."""
    if value is None:
        return ""
    if kind == "date":
        return f"{value:%d.%m.%Y}"
    if kind == "datetime":
        return f"{_local(value):%d.%m.%Y %H:%M}"
    if kind == "amount_ore":
        return _danish(f"{_kroner(value):,.2f}")
    if kind == "number":
        return _danish(str(value))  # no thousands dots: numbers here are counts and numbers of entries
    if kind == "percent":
        return dk_percent(value)  # as the pages and the command line write it
    return str(value)


def _kroner(ore: int) -> Decimal:
    """Integer øre as exact kroner."""
    return Decimal(ore) / 100


def _local(moment: datetime) -> datetime:
    """A recorded time in Danish local time, without zone (Excel has no time zones); naive means UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TIME).replace(tzinfo=None)


def _csv_field(kind: ColumnType, value: Any) -> str:
    shown = cell_text(kind, value)
    if kind == "text" and shown.startswith(_FORMULA_START):
        return "'" + shown  # free text must never run as a formula in Excel
    return shown


def _write_cell(cell: Any, kind: ColumnType, value: Any) -> None:
    if value is None:
        return
    if kind == "datetime":
        cell.value = _local(value)
    elif kind == "amount_ore":
        cell.value = _kroner(value)
    elif kind == "percent":
        cell.value = Decimal(str(value)) / 100
    elif kind == "text":
        cell.value = str(value)
        cell.data_type = "s"  # openpyxl would otherwise take "=..." for a formula
    else:
        cell.value = value
    cell.number_format = _XLSX_FORMAT.get(kind, "General")


def _widths(table: Table) -> list[float]:
    low, high = _WIDTH
    widths = []
    for i, column in enumerate(table.columns):
        longest = max([len(column.header), *(len(cell_text(column.type, row[i])) for row in table.rows[:500])])
        widths.append(float(min(max(longest + 2, low), high)))
    return widths


def _danish(number: str) -> str:
    """'1,626,217.00' (Python's grouping) as '1.626.217,00'."""
    return number.replace(",", "_").replace(".", ",").replace("_", ".")
