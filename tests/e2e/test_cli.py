"""The `forum` CLI end to end: import, show, history, diff and recording what happened."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import AMAGER, CONTRACTS, EXAMPLE, contract_file
from tests.e2e.conftest import Forum

KEY = "amager-udsatte-grupper-2013"


def test_show_json_reproduces_every_fact_of_the_amager_contract(forum: Forum) -> None:
    forum("import", str(CONTRACTS))

    view = forum("show", KEY, "--json")

    expected = contract_file(AMAGER).terms().model_dump(mode="json")
    persons = [c.pop("person") for c in view["contacts"]]  # each role's person: their id beside the file's facts
    assert {k: view[k] for k in expected} == expected
    assert all(persons)
    assert (view["status"], view["signed_on"]) == ("signed", "2013-12-12")
    # Spot checks against the seed itself, independent of the file's own structure.
    assert {p["key"] for p in view["parties"]} == {
        "3b",
        "vibo-hab-aab-fsb-dfb",
        "lejerbo",
        "sof",
        "suf",
        "tmf",
    }
    assert {p["name"]: p["budget_frame"]["total"] for p in view["plans"]} == {
        "Den boligsociale helhedsplan i Sundholms- og Holmbladsgadekvarteret": 162_621_700,
        "Den boligsociale helhedsplan Urbanplanen": 303_844_700,
    }
    emails = {c["email"] for c in view["contacts"]}
    assert {
        "stp@3B.dk",
        "J873@sof.kk.dk",
        "E862@sof.kk.dk",
        "BL8H@suf.kk.dk",
        "t626@suf.kk.dk",
        "mfj@lejerbo.dk",
    } <= emails
    assert [a["name"] for a in view["activities"]] == [
        "Professionelt praksisnetværk og temamøder omkring udsatte borgere",
        "Styrket kontaktpersonsordning",
        "Samarbejde om psykisk sårbare beboere",
    ]
    cadences = {c["key"]: c for a in view["activities"] for c in a["cadences"]}
    assert cadences["netvaerksmoede"]["frequency"] == {"kind": "per_year", "times": 3}
    assert cadences["netvaerksmoede"]["conveners"] == ["sof"]
    assert cadences["temamoede-aarligt"]["frequency"] == {"kind": "per_year", "times": 1}
    assert cadences["temamoede-aarligt"]["conveners"] == ["3b", "vibo-hab-aab-fsb-dfb"]
    assert cadences["temamoede-ejendomsfunktionaerer"]["frequency"] == {"kind": "as_needed"}
    assert cadences["kontaktpersonmoede-lokalt"]["frequency"] == {"kind": "per_year", "times": 1}
    assert cadences["opstartsmoede-sundbygaard"]["frequency"]["kind"] == "once"
    assert all(a["revision_body"] == "Boligsocialt Forum Amager" for a in view["activities"])
    assert any("Sundholmsvej 8" in loc for a in view["activities"] for loc in a["locations"])


def test_reimport_is_idempotent_and_a_changed_file_becomes_one_revision(forum: Forum, tmp_path: Path) -> None:
    first = forum("import", str(AMAGER), "--json")
    again = forum("import", str(AMAGER), "--json")
    changed = tmp_path / "amager.yaml"
    changed.write_text(
        AMAGER.read_text(encoding="utf-8").replace("times: 3}", "times: 4}", 1)
        + "revision:\n  decided_by: Boligsocialt Forum Amager\n  decided_on: 2015-03-01\n"
        + "  reference: punkt 4\n  effective_from: 2015-05-01\n",
        encoding="utf-8",
    )
    revised = forum("import", str(changed), "--json", "--as", "bob")

    assert [r["action"] for r in (first + again + revised)] == ["created", "unchanged", "revised"]
    assert revised[0]["changes"] == ["activities.praksisnetvaerk.cadences.netvaerksmoede.frequency.times"]
    history = forum("history", KEY, "--json")
    assert [h["kind"] for h in history] == ["drafted", "signed", "revised"]
    assert history[-1]["actor"] == "bob"
    assert history[-1]["decision"] == {
        "decided_by": "Boligsocialt Forum Amager",
        "decided_on": "2015-03-01",
        "reference": "punkt 4",
    }
    assert history[-1]["effective_from"] == "2015-05-01"
    diff = forum("diff", KEY, "--from", "2015-04-30", "--to", "2015-05-01", "--json")
    assert diff["changes"] == [
        {
            "path": "activities.praksisnetvaerk.cadences.netvaerksmoede.frequency.times",
            "kind": "changed",
            "before": 3,
            "after": 4,
        }
    ]
    assert forum("diff", KEY, "--from", "v1", "--to", "v2", "--json")["changes"] == diff["changes"]
    old = forum("show", KEY, "--as-of", "2015-04-30", "--json")
    assert old["activities"][0]["cadences"][0]["frequency"]["times"] == 3


def test_diff_and_history_say_the_change_in_the_forums_words(forum: Forum, tmp_path: Path) -> None:
    forum("import", str(AMAGER))
    changed = tmp_path / "amager.yaml"
    changed.write_text(AMAGER.read_text(encoding="utf-8").replace("times: 3}", "times: 4}", 1), encoding="utf-8")
    forum(
        "revise", KEY, str(changed), "--decided-by", "Boligsocialt Forum Amager", "--decided-on", "2016-11-24",
        "--reference", "Referat, punkt 3", "--effective-from", "2017-01-01",
    )  # fmt: skip

    diff = forum("diff", KEY, "--from", "2016-12-31", "--to", "2017-01-01").output
    history = forum("history", KEY).output
    as_json = forum("diff", KEY, "--from", "v1", "--to", "v2", "--json")

    assert "~ Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt" in diff
    assert "Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt" in history
    assert "beslutning: Boligsocialt Forum Amager 24.11.2016 (Referat, punkt 3)" in history
    assert "activities." not in diff + history
    assert [c["path"] for c in as_json["changes"]] == [
        "activities.praksisnetvaerk.cadences.netvaerksmoede.frequency.times"
    ]  # the JSON keeps its fields; the lines are added
    assert [line["text"] for line in as_json["lines"]] == [
        "Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt"
    ]


def test_importing_a_changed_file_of_a_signed_contract_without_a_decision_is_refused(
    forum: Forum, tmp_path: Path
) -> None:
    forum("import", str(AMAGER))
    changed = tmp_path / "amager.yaml"
    changed.write_text(AMAGER.read_text(encoding="utf-8").replace("times: 3}", "times: 4}", 1), encoding="utf-8")

    refused = forum("import", str(changed), expect=1)

    assert "forum revise" in refused.output and "intet er registreret" in refused.output
    assert [h["kind"] for h in forum("history", KEY, "--json")] == ["drafted", "signed"]
    assert [r["action"] for r in forum("import", str(AMAGER), "--json")] == ["unchanged"]


def test_recording_a_meeting_a_fulfilment_and_an_expense_from_the_cli(forum: Forum) -> None:
    forum("import", str(CONTRACTS))

    meeting = forum(
        "meeting",
        "held",
        KEY,
        "netvaerksmoede",
        "2014-03-12",
        "--attendee",
        "sof",
        "--attendee",
        "3b",
        "--decision",
        "Kontaktliste vedtaget",
        "--json",
    )
    fulfilled = forum(
        "obligation",
        "fulfil",
        KEY,
        "sof-kontaktliste-og-dagsorden",
        "--on",
        "2014-03-12",
        "--meeting",
        meeting["meeting_id"],
        "--json",
    )
    booked = forum(
        "expense",
        "book",
        KEY,
        "urbanplanen",
        "--on",
        "2014-05-01",
        "--amount",
        "1.500,50",
        "--text",
        "Forplejning",
        "--funder",
        "lbf",
        "--json",
    )
    reversed_ = forum("expense", "reverse", KEY, "urbanplanen", "1", "--on", "2014-05-02", "--reason", "Fejl", "--json")

    assert meeting["version"] == 2 and fulfilled["version"] == 2
    assert (booked["entry"], reversed_["entry"]) == (1, 2)


def test_correcting_part_of_an_expense_from_the_cli_leaves_what_remains(forum: Forum) -> None:
    forum("import", str(CONTRACTS))
    forum("expense", "book", KEY, "urbanplanen", "--on", "2015-05-01", "--amount", "125.000,50", "--text", "Temadag")

    corrected = forum(
        "expense", "correct", KEY, "urbanplanen", "1", "--on", "2015-06-01", "--amount", "25.000,00",
        "--reason", "Kreditnota",
    )  # fmt: skip
    too_much = forum(
        "expense", "correct", KEY, "urbanplanen", "1", "--on", "2015-06-02", "--amount", "100.000,51",
        "--reason", "Igen", expect=1,
    )  # fmt: skip
    status = forum("status", KEY, "--as-of", "2015-06-30", "--json")
    audit = forum("audit", "--contract", KEY, "--type", "ExpenseCorrected", "--json")

    assert "tilbage af posteringen: 100.000,50 kr." in corrected.output
    assert "100.000,50 kr." in too_much.output  # what remains, in Danish kroner
    urban = {b["plan"]: b for b in status["budget"]}["urbanplanen"]
    assert (urban["corrected"], urban["spent"]) == (2_500_000, 10_000_050)
    assert {f["funder"]: f["by_shares"] for f in urban["by_funder"]} == {
        "lbf": 7_500_038, "municipality": 1_250_006, "housing_organisations": 1_250_006,
    }  # fmt: skip
    assert [r["summary"] for r in audit] == [
        "test-koordinator rettede postering 1 ned med 25.000,00 kr. 01.06.2015 (Kreditnota)"
    ]


def test_errors_are_plain_danish_and_exit_non_zero(forum: Forum) -> None:
    forum("import", str(EXAMPLE))

    missing = forum("show", "findes-ikke", expect=1)
    bad_date = forum("show", "eksempel-social-vicevaert", "--as-of", "31-12-2015", expect=1)
    future = forum(
        "meeting",
        "held",
        "eksempel-social-vicevaert",
        "opgangsmoede",
        "2099-01-01",
        "--attendee",
        "eksempel-boligorganisation",
        expect=1,
    )

    assert "Fejl: Kontrakten 'findes-ikke' findes ikke." in missing.output
    assert "ikke en dato" in bad_date.output
    assert "i fremtiden" in future.output


def test_stale_expected_version_is_refused_with_a_conflict(forum: Forum) -> None:
    forum("import", str(EXAMPLE))

    refused = forum(
        "end",
        "eksempel-social-vicevaert",
        "--on",
        "2021-12-31",
        "--reason",
        "Udløbet",
        "--expected-version",
        "1",
        expect=3,
    )

    assert "Konflikt" in refused.output


def test_status_reads_afsluttet_after_the_recorded_end(forum: Forum) -> None:
    forum("import", str(EXAMPLE))
    forum("end", "eksempel-social-vicevaert", "--on", "2018-06-30", "--reason", "Helhedsplanen blev ikke forlænget")

    on_the_day = forum("status", "eksempel-social-vicevaert", "--as-of", "2018-06-30")
    after = forum("status", "eksempel-social-vicevaert", "--as-of", "2018-07-01")

    assert on_the_day.output.splitlines()[0].endswith("pr. 30.06.2018: underskrevet")
    assert after.output.splitlines()[0].endswith("pr. 01.07.2018: afsluttet")


def test_schema_file_is_generated_from_the_models(forum: Forum) -> None:
    forum("schema", "--check")


def test_status_overdue_audit_and_projection_commands(forum: Forum) -> None:
    forum("import", str(CONTRACTS))
    for held in ["2014-03-12", "2014-06-18", "2014-11-05", "2015-03-10", "2015-10-07"]:
        forum("meeting", "held", KEY, "netvaerksmoede", held, "--attendee", "sof", "--as", "karen")
    forum("expense", "book", KEY, "urbanplanen", "--on", "2015-05-01", "--amount", "150000", "--text", "Temadag")

    status = forum("status", KEY, "--as-of", "2015-12-31", "--json")
    overdue = forum("overdue", "--as-of", "2015-12-31", "--json")
    audit = forum("audit", "--contract", KEY, "--actor", "karen", "--type", "Held", "--json")
    rebuilt = forum("projections", "rebuild")
    in_two = forum("projections", "rebuild", "--workers", "2")
    lag = forum("projections", "status", "--json")

    network = [m for m in status["overdue_meetings"] if m["cadence"] == "netvaerksmoede"]
    assert [(m["window_start"], m["due"]) for m in network] == [("2015-05-01", "2015-08-31")]
    assert {b["plan"]: b["spent"] for b in status["budget"]}["urbanplanen"] == 15_000_000
    assert status["obligations"]["by_party"]["sof"]["met"] >= 5
    assert {(r["contract"], r["cadence"], r["due"]) for r in overdue} >= {(KEY, "netvaerksmoede", "2015-08-31")}
    assert [r["summary"] for r in audit][-1] == "karen registrerede møde afholdt 12.03.2014"
    assert len(audit) == 5
    assert "hændelser genafspillet" in rebuilt.output
    assert "hændelser genafspillet" in in_two.output
    assert all(v["behind"] == 0 for v in lag["views"].values())


def test_status_of_an_unknown_contract_is_a_clear_error(forum: Forum) -> None:
    forum("import", str(EXAMPLE))

    assert "findes ikke" in forum("status", "findes-ikke", expect=1).output
    assert "Ukendte visninger" in forum("projections", "rebuild", "nope", expect=1).output
    assert "--workers" in forum("projections", "rebuild", "--workers", "0", expect=2).output


def test_users_are_added_listed_and_revoked_and_tokens_are_never_stored(forum: Forum, store: dict[str, str]) -> None:
    from api.accounts.users import UserDirectory, token_hash
    from projections.database import ViewDatabase

    added = forum("users", "add", "karen", "--role", "party", "--party", "sof", "--json")
    forum("users", "add", "uden-part", "--role", "party", expect=1)
    forum("users", "add", "karen", "--role", "reader", expect=1)
    forum("users", "revoke", "karen")
    listed = forum("users", "list", "--json")

    db = ViewDatabase(store)
    try:
        stored = db.fetchall("SELECT token_hash FROM forum_users")
        known = UserDirectory(db).authenticate(added["token"])
    finally:
        db.close()
    assert added["token"].startswith("ft_") and len(added["token"]) > 40
    assert stored == [(token_hash(added["token"]),)]
    assert [(u["name"], u["role"], u["party"]) for u in listed] == [("karen", "party", "sof")]
    assert listed[0]["revoked_at"] is not None and known is None
