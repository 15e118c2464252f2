"""Erasure (GDPR art. 17) and access (art. 15) of contact persons, over real HTTP on both stores.

After a person is erased every answer shows "[slettet]" where their data was, other persons and the
contract's other answers are unchanged, and neither the SQLite file (WAL checkpointed) nor a
``pg_dump`` of the schema holds their name or e-mail.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import httpx

from domain.personal import ERASED
from tests.e2e.conftest import KEY, Api, Forum
from tests.web.conftest import sign_in

ERASED_ROLE, NAME, EMAIL = "3b-boligsocial-konsulent", "Stephane Parize", "stp@3B.dk"
KEPT_ROLE, KEPT_NAME, KEPT_EMAIL = "sof-omraadechef-voksenenheden", "Karen Høgenhaven", "J873@sof.kk.dk"


def contact(view: dict[str, Any], role: str) -> dict[str, Any]:
    return next(c for c in view["contacts"] if c["key"] == role)


def answers(http: httpx.Client, api: Api, position: int) -> dict[str, str]:
    """Every answer that could show a contact person: JSON, time travel, history, diffs, audit, search,
    calendar, exports and the contract's web page – the views read once they have ``position``."""
    urls = [
        f"/contracts/{KEY}",
        f"/contracts/{KEY}?known_at=2030-01-01T00:00:00Z&effective=2014-06-01",
        f"/contracts/{KEY}?version=1",
        f"/contracts/{KEY}/history",
        f"/contracts/{KEY}/diff?from=v1&to=v1",
        "/contracts",
        "/contracts?q=3B",
        "/audit",
        f"/calendar/{KEY}.ics",
        "/exports/audit.csv",
        f"/exports/obligations.csv?contract={KEY}",
    ]
    shown = {}
    for url in urls:
        response = http.get(f"{url}{'&' if '?' in url else '?'}min_position={position}")
        assert response.status_code == 200, f"{url}: {response.status_code} {response.text[:300]}"
        shown[url] = response.text
    with httpx.Client(base_url=api.url, timeout=30) as browser:  # signed in on the log-in page, as a person is
        page = sign_in(browser, api.tokens["coordinator"]).get(f"/kontrakter/{KEY}", params={"min_position": position})
    assert page.status_code == 200, page.text[:300]
    shown["web"] = page.text
    return shown


def stored_bytes(store: dict[str, str]) -> bytes:
    """What the store holds on disk: the SQLite file after a WAL checkpoint, or a pg_dump of the test schema."""
    if store["PERSISTENCE_MODULE"].endswith("sqlite"):
        path = Path(store["SQLITE_DBNAME"])
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    dump = subprocess.run(
        ["pg_dump", "-h", store["POSTGRES_HOST"], "-p", store["POSTGRES_PORT"], "-U", store["POSTGRES_USER"],
         "-n", store["POSTGRES_SCHEMA"], store["POSTGRES_DBNAME"]],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    assert store["POSTGRES_SCHEMA"].encode() in dump.stdout  # the dump is of the test's schema
    return dump.stdout


def test_an_erased_person_shows_as_slettet_everywhere_and_no_stored_byte_holds_their_data(
    api: Api, store: dict[str, str], forum: Forum
) -> None:
    with api.client("coordinator") as http:
        before = http.get(f"/contracts/{KEY}").json()
        person = contact(before, ERASED_ROLE)["person"]
        assert (contact(before, ERASED_ROLE)["name"], contact(before, ERASED_ROLE)["email"]) == (NAME, EMAIL)

        erased = http.post(f"/persons/{person}/erasure", json={"reason": "Anmodning af 01.11.2026, sag 17"})
        assert erased.status_code == 201, erased.text
        shown = answers(http, api, erased.json()["position"])
        after = http.get(f"/contracts/{KEY}").json()
        held = http.get(f"/persons/{person}").json()

    assert {contact(after, ERASED_ROLE)[f] for f in ("name", "email")} == {ERASED}
    assert (contact(after, KEPT_ROLE)["name"], contact(after, KEPT_ROLE)["email"]) == (KEPT_NAME, KEPT_EMAIL)
    assert {k: v for k, v in after.items() if k != "contacts"} == {k: v for k, v in before.items() if k != "contacts"}
    for url, text in shown.items():
        assert NAME not in text and EMAIL not in text, url
    assert ERASED in shown["web"] and KEPT_NAME in shown["web"]
    assert "Anmodning af 01.11.2026, sag 17" in shown["/audit"]
    assert held["details"] == {"name": ERASED, "email": ERASED}
    assert held["erased"]["reason"] == "Anmodning af 01.11.2026, sag 17" and held["erased"]["actor"] == "koordinator"
    assert all(h["details"] == {"name": ERASED, "email": ERASED} for h in held["history"])

    reimported = forum("import", str(Path(__file__).parents[2] / "contracts"), "--json")  # the files still name them
    assert {r["action"] for r in reimported} == {"unchanged"}
    forum("verify")  # erasure destroyed a key, not an event: the seals over the stored events still hold
    forum("projections", "rebuild")
    on_disk = stored_bytes(store)
    for secret in (NAME, EMAIL):
        assert secret.encode() not in on_disk, secret
    assert KEPT_NAME.encode() not in on_disk  # nobody's data is stored in plaintext: only sealed
    assert forum("show", KEY, "--json")["contacts"][0]["name"] == ERASED  # 3b's consultant is listed first


def test_an_erased_person_is_not_erased_twice_and_an_unknown_one_is_not_found(api: Api) -> None:
    with api.client("coordinator") as http:
        person = contact(http.get(f"/contracts/{KEY}").json(), KEPT_ROLE)["person"]
        no_reason = http.post(f"/persons/{person}/erasure", json={"reason": " "})
        first = http.post(f"/persons/{person}/erasure", json={"reason": "Anmodning"})
        again = http.post(f"/persons/{person}/erasure", json={"reason": "Anmodning"})
        unknown = http.post("/persons/ingen-saadan/erasure", json={"reason": "Anmodning"})

    assert no_reason.status_code == 422 and no_reason.headers["content-type"] == "application/problem+json"
    assert first.status_code == 201, first.text
    assert again.status_code == 422 and "allerede slettet" in again.json()["detail"]
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"


def test_a_party_records_the_holder_of_its_own_contact_role_and_only_its_own(api: Api) -> None:
    with api.client("party") as sof:
        own = sof.put(f"/contracts/{KEY}/contacts/{KEPT_ROLE}/person", json={"phone": "+45 3317 0000"})
        other = sof.put(f"/contracts/{KEY}/contacts/{ERASED_ROLE}/person", json={"phone": "+45 1"})
        export = sof.get(f"/persons/{own.json()['person']}")
    with api.client("coordinator") as http:
        after = contact(http.get(f"/contracts/{KEY}").json(), KEPT_ROLE)
        new = http.put(f"/contracts/{KEY}/contacts/{KEPT_ROLE}/person", json={"name": "Ny Områdechef"})
        replaced = contact(http.get(f"/contracts/{KEY}").json(), KEPT_ROLE)
        history = http.get(f"/contracts/{KEY}/history").json()

    assert own.status_code == 200, own.text
    assert (after["name"], after["phone"], after["person"]) == (KEPT_NAME, "+45 3317 0000", own.json()["person"])
    assert other.status_code == 403 and export.status_code == 403
    assert new.json()["person"] != own.json()["person"]  # another name: another person, with a key of their own
    assert (replaced["name"], replaced["email"], replaced["person"]) == ("Ny Områdechef", None, new.json()["person"])
    assert [h["kind"] for h in history] == ["drafted", "signed"]  # recording persons is not a revision


def test_a_file_whose_only_change_is_a_contact_person_records_no_revision_and_invents_no_decision(
    forum: Forum, tmp_path: Path
) -> None:
    source = Path(__file__).parents[2] / "contracts" / "amager-udsatte-grupper-2013.yaml"
    forum("import", str(source))
    changed = tmp_path / source.name
    changed.write_text(source.read_text(encoding="utf-8").replace(EMAIL, "ny@3B.dk"), encoding="utf-8")

    again = forum("import", str(source), "--json")
    imported = forum("import", str(changed), "--json")
    history = forum("history", KEY, "--json")

    assert [a["action"] for a in again] == ["unchanged"]
    assert [a["action"] for a in imported] == ["contacts"]
    assert [h["kind"] for h in history] == ["drafted", "signed"] and "Indlæst fra" not in str(history)
    assert contact(forum("show", KEY, "--json"), ERASED_ROLE)["email"] == "ny@3B.dk"
