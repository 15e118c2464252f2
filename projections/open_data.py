"""What the public may know about a signed contract: one release per fact of the log (OCDS in spirit).

A release names no person: actors are left out, a fact done by a party names the party, contact persons are
never part of it. Releases are ordered by the time they were recorded (then id), so a page continues after the
last release id the previous page gave.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from projections.record_shape import Record

OCID_PREFIX = "ocds-forumtracker-"
"""Not a registered OCDS prefix: ``ocds-forumtracker-`` + the contract key is this publisher's contract id."""
TAGS = {
    "terms": "contract",
    "revised": "contractAmendment",
    "signed": "contractUpdate",
    "ended": "contractTermination",
}  # every other fact (a meeting held, a duty met, an expense, a measurement) is "implementation"


def ocid(key: str) -> str:
    return f"{OCID_PREFIX}{key}"


def is_public(record: Record) -> bool:
    """Only a signed contract is published (a draft may still change freely before it is agreed)."""
    return bool(record["key"]) and any(f["kind"] == "signed" for f in record["lifecycle"])


def releases(record: Record) -> list[dict[str, Any]]:
    """Every release of the contract, oldest first."""
    contract = ocid(str(record["key"]))
    found = [{"ocid": contract, "id": f"{contract}-{suffix}", **body} for suffix, body in _facts(record)]
    return sorted(found, key=lambda r: (r["date"], r["id"]))


def page(found: list[dict[str, Any]], after: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """The releases after the one with id ``after`` (None: from the first), at most ``limit``, and the id to
    continue after (None on the last page). A ValueError for an id the feed does not hold."""
    start = 0
    if after is not None:
        ids = [r["id"] for r in found]
        if after not in ids:
            raise ValueError(after)
        start = ids.index(after) + 1
    shown = found[start : start + limit]
    more = start + limit < len(found)
    return shown, (shown[-1]["id"] if more and shown else None)


def _facts(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
    yield from _terms_facts(record)
    for fact in record["lifecycle"]:
        yield fact["kind"], _release(fact["recorded_at"], fact["kind"], fact["day"], {"status": _STATUS[fact["kind"]]})
    for meeting_id, meeting in record["meetings"].items():
        if meeting["state"] == "held":
            held = {"meeting": {"id": meeting_id, "cadence": meeting["cadence"], "activity": meeting["activity"],
                                "heldOn": meeting["on"], "attendees": meeting["attendees"],
                                "decisions": meeting["decisions"]}}  # fmt: skip
            yield f"meeting-{meeting_id}", _release(meeting["recorded_at"], "meetingHeld", meeting["on"], held)
    yield from _duty_facts(record)
    yield from _money_facts(record)
    yield from _measurement_facts(record)


_STATUS = {"signed": "active", "ended": "terminated"}


def _release(recorded_at: str, fact: str, effective: str | None, body: dict[str, Any]) -> dict[str, Any]:
    tag = TAGS.get(fact, "implementation")
    return {"date": recorded_at, "tag": [tag], "fact": fact, "effectiveDate": effective, **body}


def _terms_facts(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
    for version in record["versions"]:
        number = version["number"]
        fact = "terms" if number == 1 else "revised"
        changed = [] if number == 1 else sorted({_field(p) for p in (*version["changes"], *version["removed"])})
        body: dict[str, Any] = {"version": number, "changedFields": changed}
        decision = version["decision"]
        if decision is not None:
            body["decision"] = {"decidedBy": decision["decided_by"], "decidedOn": decision["decided_on"],
                                "reference": decision["reference"]}  # fmt: skip
        effective = None if number == 1 else version["effective_from"]  # the first terms hold from the start
        yield f"terms-{number}", _release(version["recorded_at"], fact, effective, body)


def _field(path: str) -> str:
    """A changed term down to the item it belongs to ('activities.praksisnetvaerk'), not every leaf."""
    return ".".join(path.split(".")[:2])


def _duty_facts(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
    for duty, facts in sorted(record["settlements"].items()):
        for i, done in enumerate(facts["fulfilments"]):
            evidence = {"document": done["evidence"]["document"], "meeting": done["evidence"]["meeting_id"]}
            body = {"responsibility": duty, "party": done["party"], "dueDate": done["named_due"], "evidence": evidence}
            yield f"fulfilment-{duty}-{i + 1}", _release(done["recorded_at"], "dutyFulfilled", done["day"], body)
        for i, waiver in enumerate(facts["waivers"]):
            body = {"responsibility": duty, "dueDate": waiver["due"], "reason": waiver["reason"]}
            yield f"waiver-{duty}-{i + 1}", _release(waiver["recorded_at"], "dutyWaived", None, body)
        for i, back in enumerate(facts["withdrawals"]):
            body = {"responsibility": duty, "dueDate": back["due"], "reason": back["reason"]}
            yield f"waiver-withdrawn-{duty}-{i + 1}", _release(back["recorded_at"], "waiverWithdrawn", None, body)
    for duty, standing in sorted(record["attestations"].items()):
        for period, said in sorted(standing["attested"].items()):
            for i, one in enumerate(said):
                body = {"responsibility": duty, "party": one["party"], "period": period, "status": one["status"]}
                yield f"attestation-{duty}-{period}-{i + 1}", _release(one["recorded_at"], "attested", one["day"], body)


def _money_facts(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
    for plan, entries in sorted(record["ledgers"].items()):
        for number, entry in enumerate(entries, start=1):
            transaction = {"id": f"{plan}-{number}", "plan": plan, "amountOre": entry["amount_ore"],
                           "currency": "DKK", "activity": entry["activity"], "funder": entry["funder"],
                           "corrects": entry.get("corrects") or entry["reverses"]}  # fmt: skip
            fact = "expenseBooked" if transaction["corrects"] is None else "expenseCorrected"
            body = {"transaction": transaction}
            yield f"expense-{plan}-{number}", _release(entry["recorded_at"], fact, entry["booked_on"], body)


def _measurement_facts(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each value a period was given, the replaced ones first (a correction is a release of its own)."""
    given: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for s in record["superseded"]:
        path = s["path"]
        if len(path) == 3 and path[0] == "measurements":
            given.setdefault((path[1], path[2]), []).append(s["entry"])
    for indicator, periods in record["measurements"].items():
        for period, entry in periods.items():
            given.setdefault((indicator, period), []).append(dict(entry))
    for (indicator, period), entries in sorted(given.items()):
        for n, value in enumerate(entries, start=1):
            body = {"measurement": {"indicator": indicator, "period": period, "value": value["value"],
                                    "source": value["source"], "correction": value["corrected"]}}  # fmt: skip
            fact = "measurementCorrected" if value["corrected"] else "measured"
            release = _release(value["recorded_at"], fact, value["measured_on"], body)
            yield f"measurement-{indicator}-{period}-{n}", release
