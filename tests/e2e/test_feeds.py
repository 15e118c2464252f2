"""Calendar feeds and spreadsheet exports over real HTTP."""

from __future__ import annotations

import csv
import io

import icalendar
import openpyxl

from tests.e2e.conftest import KEY, Api


def test_a_calendar_client_subscribes_with_a_read_only_token_in_the_url(api: Api) -> None:
    with api.client("party") as sof:
        planned = sof.post(f"/contracts/{KEY}/meetings", json={"cadence": "netvaerksmoede", "on": "2016-03-10"})
        link = sof.get("/calendar-link", params={"target": "sof"}).json()["url"]
    with api.client(None) as calendar_app:
        feed = calendar_app.get(f"{link}&as_of=2016-01-01&min_position={planned.json()['position']}")
        again = calendar_app.get(f"{link}&as_of=2016-01-01")
        forged = calendar_app.get(link.replace("token=cal_sof-bruger.", "token=cal_sof-bruger.0"))
        full_token_in_url = calendar_app.get(f"/calendar/{KEY}.ics", params={"token": api.tokens["party"]})
        with_it_elsewhere = calendar_app.get(f"/contracts?token={link.split('token=')[1]}")

    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert feed.content == again.content
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    meeting = [e for e in events if e.decoded("dtstart").isoformat() == "2016-03-10"]
    assert planned.status_code == 201 and len(meeting) == 1
    assert "Netværksmøde" in str(meeting[0]["summary"])
    assert forged.status_code == 401 and full_token_in_url.status_code == 401 and with_it_elsewhere.status_code == 401


def test_a_revoked_users_calendar_link_stops_working(api: Api, store: dict[str, str]) -> None:
    from api.accounts.users import UserDirectory
    from projections.database import ViewDatabase

    with api.client("reader") as reader:
        link = reader.get("/calendar-link", params={"target": KEY}).json()["url"]
        before = reader.get(link)
    db = ViewDatabase(store)
    UserDirectory(db).revoke("laeser")
    db.close()
    with api.client(None) as calendar_app:
        after = calendar_app.get(link)

    assert before.status_code == 200 and after.status_code == 401


def test_exports_come_as_danish_csv_and_typed_xlsx(api: Api) -> None:
    with api.client("auditor") as http:
        budget = http.get("/exports/budget.csv", params={"as_of": "2016-01-15"})
        obligations = http.get("/exports/obligations.xlsx", params={"contract": KEY, "as_of": "2016-01-15"})
        audit = http.get("/exports/audit.csv")
        unknown = http.get("/exports/hemmeligt.csv")

    assert budget.status_code == 200 and budget.headers["content-type"].startswith("text/csv")
    assert 'filename="budget-2016-01-15.csv"' in budget.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(budget.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Kontrakt" and any("1.626.217,00" in cell for row in rows for cell in row)
    sheet = openpyxl.load_workbook(io.BytesIO(obligations.content)).active
    headers = [c.value for c in sheet[1]]
    due = headers.index("Frist") + 1
    assert sheet.cell(row=2, column=due).is_date
    audit_rows = list(csv.reader(io.StringIO(audit.content.decode("utf-8-sig")), delimiter=";"))
    assert audit_rows[0][:5] == ["Nr.", "Kontrakt", "Kontraktnavn", "Område", "Hændelse"]
    titles = {
        KEY: "Kontrakt – Samarbejde om koordineret boligsocial indsats, Amager, Udsatte grupper",
        "eksempel-social-vicevaert": "Eksempel: Kontrakt om social vicevært, Eksempelby, Tryghed og trivsel",
    }
    assert all(row[2] == titles[row[1]] for row in audit_rows[1:])  # the name beside the key
    assert len(audit_rows) > 2 and audit_rows[-1][1] in {KEY, "eksempel-social-vicevaert"}
    assert unknown.status_code == 422 and unknown.headers["content-type"] == "application/problem+json"
