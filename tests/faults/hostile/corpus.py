"""The hostile corpus: contract files kept in files/, large ones made when the test runs, and HTTP requests."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
SOUND = HERE / "sound-base.yaml"
FULL = os.environ.get("FORUM_FAULTS") == "full"  # `make faults`: the sizes of the issue (a 13 MB file, 50 MB body)
KEY = "amager-udsatte-grupper-2013"
PLAN = "urbanplanen"
DUTY = "sof-kontaktliste-og-dagsorden"


def kept_files() -> list[Path]:
    """The hostile files kept in the repository, one hostile thing each (see the comment on their first line)."""
    return sorted(FILES.glob("*.yaml"))


def made_files(folder: Path) -> list[Path]:
    """Files too large to keep: written into ``folder`` from the sound base."""
    sound = SOUND.read_text(encoding="utf-8")
    made = {
        "anchor-100kb-referenced-1000-times": sound
        + 'big: &big "'
        + "x" * 100_000
        + '"\nrefs: ['
        + ", ".join(["*big"] * 1000)
        + "]\n",
        "nesting-100k-deep-flow": sound + "deep: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "nesting-300-deep-block": sound + "".join("  " * i + f"n{i}:\n" for i in range(300)) + "  " * 300 + "end\n",
        "parties-1001": sound.replace(
            "parties:\n",
            "parties:\n" + "".join(f"  - {{key: p{i}, name: Part {i}, kind: other}}\n" for i in range(1001)),
            1,
        ),
        "parties-200000": sound.replace(
            "parties:\n",
            "parties:\n" + "".join(f"  - {{key: p{i}, name: Part {i}, kind: other}}\n" for i in range(200_000)),
            1,
        ),
        "file-too-large": sound + "# " + "x" * ((13 if FULL else 3) * 1024 * 1024) + "\n",
    }
    paths = []
    for name, text in made.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@dataclass
class HostileRequest:
    """One request a careless or malicious client could send; ``version_of`` fetches an ETag for If-Match first."""

    name: str
    method: str
    path: str
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    version_of: str | None = None


def sound_contract(key: str = "fjendtlig-via-api") -> dict[str, Any]:
    """The sound base as the JSON POST /contracts takes (amounts in kroner, as in files)."""
    from ruamel.yaml import YAML

    document = YAML(typ="safe").load(SOUND.read_text(encoding="utf-8"))
    document["key"] = key
    return json.loads(json.dumps(document, default=str))


def _parties(count: int) -> list[dict[str, str]]:
    """``count`` made-up parties of kind other."""
    return [{"key": f"p{i}", "name": f"P {i}", "kind": "other"} for i in range(count)]


def _with(path: list[str | int], value: Any, key: str) -> dict[str, Any]:
    document = sound_contract(key)
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return document


def hostile_requests() -> list[HostileRequest]:
    """Every kind of hostile request the issue lists, and their neighbours."""
    total = ["plans", 0, "budget_frame", "total"]
    parties: list[str | int] = ["parties"]
    big = (50 if FULL else 3) * 1024 * 1024
    ledger = f"/contracts/{KEY}/plans/{PLAN}/ledger"
    expenses = f"/contracts/{KEY}/plans/{PLAN}/expenses"
    expense = {"booked_on": "2015-06-01", "amount": 100, "text": "Forplejning"}
    nan = b'{"booked_on": "2015-06-01", "amount": NaN, "text": "Forplejning"}'
    requests = [
        HostileRequest("contract-frame-1e308", "POST", "/contracts", json=_with(total, 1e308, "h-1e308")),
        HostileRequest("contract-frame-1e20", "POST", "/contracts", json=_with(total, 10**20, "h-1e20")),
        HostileRequest("contract-frame-text-nan", "POST", "/contracts", json=_with(total, "NaN", "h-nan")),
        HostileRequest(
            "contract-frame-infinity",
            "POST",
            "/contracts",
            content=json.dumps(_with(total, 1e999, "h-inf")).encode(),
            headers={"Content-Type": "application/json"},
        ),
        HostileRequest(
            "contract-signed-february-30", "POST", "/contracts", json=_with(["signed_on"], "2017-02-30", "h-d")
        ),
        HostileRequest(
            "contract-period-year-9999", "POST", "/contracts", json=_with(["period", "end"], "9999-12-31", "h-y")
        ),
        HostileRequest("contract-title-nul", "POST", "/contracts", json=_with(["title"], "a\x00b", "h-nul")),
        HostileRequest("contract-title-esc", "POST", "/contracts", json=_with(["title"], "a\x1b[2Jb", "h-esc")),
        HostileRequest("contract-title-30000", "POST", "/contracts", json=_with(["title"], "x" * 30_000, "h-long")),
        HostileRequest("contract-1001-parties", "POST", "/contracts", json=_with(parties, _parties(1001), "h-1001")),
        HostileRequest(
            "contract-200000-parties", "POST", "/contracts", json=_with(parties, _parties(200_000), "h-200k")
        ),
        HostileRequest(
            "contract-100k-deep",
            "POST",
            "/contracts",
            content=b"[" * 100_000 + b"]" * 100_000,
            headers={"Content-Type": "application/json"},
        ),
        HostileRequest(
            "body-too-large", "POST", "/contracts", content=b" " * big, headers={"Content-Type": "application/json"}
        ),
        HostileRequest(
            "body-too-large-chunked",
            "POST",
            "/contracts",
            content=b"",
            headers={"Content-Type": "application/json", "X-Hostile-Chunked": str(big)},
        ),
        HostileRequest(
            "content-length-not-a-number",
            "POST",
            "/contracts",
            content=b"{}",
            headers={"Content-Type": "application/json", "Content-Length": "abc"},
        ),
        HostileRequest(
            "expense-amount-nan",
            "POST",
            expenses,
            content=nan,
            headers={"Content-Type": "application/json"},
            version_of=ledger,
        ),
        HostileRequest(
            "expense-amount-infinity",
            "POST",
            expenses,
            content=nan.replace(b"NaN", b"Infinity"),
            headers={"Content-Type": "application/json"},
            version_of=ledger,
        ),
        HostileRequest(
            "expense-amount-5000-digits",
            "POST",
            expenses,
            content=nan.replace(b"NaN", b"9" * 5000),
            headers={"Content-Type": "application/json"},
            version_of=ledger,
        ),
        HostileRequest("expense-amount-1e20", "POST", expenses, json={**expense, "amount": 10**20}, version_of=ledger),
        HostileRequest(
            "expense-year-9999", "POST", expenses, json={**expense, "booked_on": "9999-12-31"}, version_of=ledger
        ),
        HostileRequest("expense-text-nul", "POST", expenses, json={**expense, "text": "a\x00b"}, version_of=ledger),
        HostileRequest(
            "expense-text-esc", "POST", expenses, json={**expense, "text": "\x1b]0;x\x07"}, version_of=ledger
        ),
        HostileRequest(
            "expense-text-30000", "POST", expenses, json={**expense, "text": "x" * 30_000}, version_of=ledger
        ),
        HostileRequest(
            "if-match-5000-digits", "POST", expenses, json=expense, headers={"If-Match": '"' + "9" * 5000 + '"'}
        ),
        HostileRequest("if-match-unicode-digits", "POST", expenses, json=expense, headers={"If-Match": '"²"'}),
        HostileRequest(
            "measurement-value-nan",
            "POST",
            f"/contracts/{KEY}/indicators/udsaettelser/measurements",
            content=b'{"period": "2015", "value": NaN, "measured_on": "2016-01-31", "source": "x"}',
            headers={"Content-Type": "application/json"},
        ),
        HostileRequest(
            "measurement-value-5000-digits",
            "POST",
            f"/contracts/{KEY}/indicators/udsaettelser/measurements",
            json={"period": "2015", "value": "9" * 5000, "measured_on": "2016-01-31", "source": "x"},
        ),
        HostileRequest(
            "fulfilment-year-1",
            "POST",
            f"/contracts/{KEY}/obligations/{DUTY}/fulfilments",
            json={"fulfilled_on": "0001-01-01", "document": "x"},
        ),
        HostileRequest(
            "meeting-1001-attendees",
            "POST",
            f"/contracts/{KEY}/meetings/held",
            json={"cadence": "netvaerksmoede", "held_on": "2015-10-01", "attendees": ["sof"] * 1001},
        ),
    ]
    for path in (
        f"/contracts/{KEY}/status",
        f"/contracts/{KEY}/obligations",
        f"/contracts/{KEY}/meetings",
        f"/contracts/{KEY}/budget",
        f"/contracts/{KEY}/goals",
        "/overdue-meetings",
        "/contracts",
        "/exports/overdue-meetings.csv",
        "/exports/obligations.xlsx",
        "/exports/budget.csv",
        "/",
    ):
        for day in ("9999-12-31", "0001-01-01"):
            requests.append(HostileRequest(f"as_of-{day}-{path}", "GET", f"{path}?as_of={day}"))
    requests += [
        HostileRequest("audit-from-year-1", "GET", "/audit?from=0001-01-01T00:00"),
        HostileRequest("audit-to-year-9999", "GET", "/audit?to=9999-12-31T23:59:59"),
        HostileRequest("audit-before-5000-digits", "GET", "/audit?before=" + "9" * 5000),
        HostileRequest("contract-known-at-year-1", "GET", f"/contracts/{KEY}?known_at=0001-01-01T00:00"),
        HostileRequest("contract-effective-year-9999", "GET", f"/contracts/{KEY}?effective=9999-12-31"),
        HostileRequest("contract-version-5000-digits", "GET", f"/contracts/{KEY}?version=" + "9" * 5000),
        HostileRequest("diff-version-5000-digits", "GET", f"/contracts/{KEY}/diff?from=v1&to=v" + "9" * 5000),
        HostileRequest("diff-date-year-9999", "GET", f"/contracts/{KEY}/diff?from=2015-01-01&to=9999-12-31"),
        HostileRequest("min-position-5000-digits", "GET", f"/contracts/{KEY}/status?min_position=" + "9" * 5000),
        HostileRequest("page-history-year-9999", "GET", f"/kontrakter/{KEY}/tidsrejse?as_of=9999-12-31"),
        HostileRequest("page-contract-year-1", "GET", f"/kontrakter/{KEY}?as_of=0001-01-01"),
        HostileRequest("page-historik-fra-year-1", "GET", f"/kontrakter/{KEY}/historik?fra=0001-01-01"),
        HostileRequest("page-historik-til-year-9999", "GET", f"/kontrakter/{KEY}/historik?til=9999-12-31"),
        HostileRequest("page-historik-foer-5000-digits", "GET", f"/kontrakter/{KEY}/historik?foer=" + "9" * 5000),
    ]
    return requests
