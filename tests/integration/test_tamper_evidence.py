"""Each way of rewriting history behind the application's back is caught by `forum verify`, on both stores.

The events are rewritten with raw SQL as the owner (PostgreSQL: triggers off for the session;
SQLite: the triggers dropped) – exactly what the append-only triggers cannot stop and the seals must catch.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.integration import tampering
from tests.integration.tampering import Raw, Victim, forum, raw, verify_json

sealed_store = tampering.sealed_store  # the fixture


def test_an_intact_sealed_log_verifies_and_names_its_signed_head(sealed_store: dict[str, str]) -> None:
    code, output = forum("verify")

    assert code == 0
    assert output.startswith("Loggen er intakt:")
    assert "0 endnu uforseglede" in output


def test_a_changed_amount_is_found_at_its_position(sealed_store: dict[str, str]) -> None:
    with raw(sealed_store) as db:
        expense = db.booked_expense()
        db.rewrite(expense, {"amount_ore": 99_999_999})

    code, report = verify_json()

    print(f"update-state: {report['findings'][0]['text']}")
    assert code == 2 and not report["intact"]
    assert report["findings"][0] == expense.finding("changed") | {"text": report["findings"][0]["text"]}
    assert report["findings"][0]["text"].startswith(
        f"Position {expense.position}: ændret – aggregat {expense.aggregate}"
    )


TAMPERINGS: dict[str, tuple[Callable[[Raw], Victim], Callable[[Raw, Victim], None], str]] = {
    "update-actor": (Raw.booked_expense, lambda db, victim: db.rewrite(victim, {"actor": "en-anden"}), "changed"),
    "delete-middle": (Raw.booked_expense, Raw.delete, "missing"),
    "delete-last": (Raw.last, Raw.delete, "missing"),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_a_changed_actor_or_a_deleted_event_is_named_at_its_position(
    sealed_store: dict[str, str], tampering: str
) -> None:
    pick, tamper, kind = TAMPERINGS[tampering]
    with raw(sealed_store) as db:
        victim = pick(db)
        tamper(db, victim)

    code, report = verify_json()

    print(f"{tampering}: {report['findings'][0]['text']}")  # the line `forum verify` prints (shown with -s)
    assert code == 2
    assert _first(report) == victim.finding(kind)
    assert len(report["findings"]) == 1


def test_a_forged_event_put_into_sealed_history_is_inserted(sealed_store: dict[str, str]) -> None:
    with raw(sealed_store) as db:
        expense = db.booked_expense()
        top = db.rows(
            f"SELECT max(originator_version) FROM {db.table} WHERE originator_id = ?", (_stored_id(db, expense),)
        )
        forged = json.loads(expense.state) | {"amount_ore": 99_999_999, "actor": "en-anden"}
        db.execute(
            f"INSERT INTO {db.table} ({db.position}, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            (0, _stored_id(db, expense), top[0][0] + 1, expense.topic, json.dumps(forged).encode()),
        )

    code, report = verify_json()

    print(f"insert: {report['findings'][0]['text']}")
    assert code == 2
    assert _first(report) == {
        "position": 0,
        "kind": "inserted",
        "aggregate": expense.aggregate,
        "version": top[0][0] + 1,
    }


def test_two_swapped_events_are_reordered(sealed_store: dict[str, str]) -> None:
    with raw(sealed_store) as db:
        first = db.booked_expense()
        second = db.event(f"{db.position} = ?", (first.position + 1,))
        for old, new in ((first.position, -5), (second.position, first.position), (-5, second.position)):
            db.execute(f"UPDATE {db.table} SET {db.position} = ? WHERE {db.position} = ?", (new, old))

    code, report = verify_json()

    print("reorder: " + " | ".join(f["text"] for f in report["findings"]))
    assert code == 2
    kinds = [(f["position"], f["kind"], f["aggregate"], f["version"]) for f in report["findings"]]
    assert kinds == [
        (first.position, "reordered", second.aggregate, second.version),
        (second.position, "reordered", first.aggregate, first.version),
    ]


def test_a_range_is_verified_alone_and_damage_outside_it_is_not_reported(sealed_store: dict[str, str]) -> None:
    with raw(sealed_store) as db:
        expense = db.booked_expense()
        db.rewrite(expense, {"amount_ore": 1})

    assert verify_json("--from", "1", "--to", str(expense.position - 1))[0] == 0
    code, report = verify_json("--from", str(expense.position), "--to", str(expense.position + 3))
    assert code == 2 and _first(report) == expense.finding("changed")


def _first(report: dict[str, object]) -> dict[str, object]:
    findings = report["findings"]
    assert isinstance(findings, list) and findings, report
    return {k: findings[0][k] for k in ("position", "kind", "aggregate", "version")}


def _stored_id(db: Raw, victim: object) -> object:
    """The originator id as the store keeps it (SQLite: hex text; PostgreSQL: a uuid)."""
    rows = db.rows(f"SELECT originator_id FROM {db.table} WHERE {db.position} = ?", (victim.position,))  # type: ignore[attr-defined]
    return rows[0][0]
