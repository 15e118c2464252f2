"""Every route × every kind of user, generated from the app's route table.

A route the table below does not list fails the suite, so a new route cannot ship without
saying who may use it. Each request is built fresh by its case's setup (as the coordinator),
so every allowed user meets a valid request and the status shows authorisation alone.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from ruamel.yaml import YAML

from api.app import create_app
from tests.conftest import AMAGER, EXAMPLE
from tests.e2e.conftest import KEY, USERS, Api

Request = tuple[str, Any, dict[str, str]]  # url, json body, headers
Setup = Callable[[httpx.Client], Request]
READERS = {"coordinator", "party", "other-party", "auditor", "reader"}
_counter = itertools.count(1)


@dataclass
class Case:
    setup: Setup
    allowed: set[str] = field(default_factory=lambda: set(READERS))
    success: int = 200
    public: bool = False


def _etag(http: httpx.Client, url: str) -> dict[str, str]:
    response = http.get(url)
    assert response.status_code == 200, response.text
    return {"If-Match": response.headers["ETag"]}


def _document(path: Any, **changes: Any) -> dict[str, Any]:
    """A contract file as the JSON body the API takes (dates as ISO strings)."""
    data = json.loads(json.dumps(YAML(typ="safe").load(path.read_text(encoding="utf-8")), default=str))
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _new_contract(http: httpx.Client, **changes: Any) -> str:
    key = f"ny-kontrakt-{next(_counter)}"
    created = http.post("/contracts", json=_document(EXAMPLE, key=key, **changes))
    assert created.status_code == 201, created.text
    return key


def _next_day() -> str:
    """A different day for each meeting recorded as held (one per cadence and day)."""
    return (date(2015, 1, 1) + timedelta(days=next(_counter))).isoformat()


def _meeting(http: httpx.Client) -> str:
    made = http.post(f"/contracts/{KEY}/meetings", json={"cadence": "netvaerksmoede", "on": "2016-03-10"})
    assert made.status_code == 201, made.text
    return f"/meetings/{made.json()['meeting_id']}"


DECISION = {"decided_by": "Boligsocialt Forum Amager", "decided_on": "2016-11-24", "reference": "Referat, punkt 3"}


def _fresh_decision(n: int) -> dict[str, Any]:
    """A file's revision block not recorded before: a changed file of a signed contract needs one."""
    return DECISION | {"reference": f"Referat, punkt {n}", "effective_from": "2017-01-01"}


def _revision(value: Any) -> dict[str, Any]:
    return {
        "effective_from": "2017-01-01",
        "decision": DECISION,
        "set": {"activities.praksisnetvaerk.cadences.netvaerksmoede.frequency.times": value},
    }


def _held_setup(http: httpx.Client) -> Request:
    meeting = _meeting(http)
    return f"{meeting}/held", {"held_on": "2016-03-10", "attendees": ["sof"]}, _etag(http, meeting)


def _move_setup(http: httpx.Client) -> Request:
    meeting = _meeting(http)
    return f"{meeting}/move", {"to": "2016-03-17", "reason": "Sygdom"}, _etag(http, meeting)


def _cancel_setup(http: httpx.Client) -> Request:
    meeting = _meeting(http)
    return f"{meeting}/cancel", {"reason": "Ingen dagsorden"}, _etag(http, meeting)


def _booked(http: httpx.Client) -> str:
    """A new expense on the Urbanplanen ledger: its address."""
    ledger = f"/contracts/{KEY}/plans/urbanplanen/ledger"
    booked = http.post(
        f"/contracts/{KEY}/plans/urbanplanen/expenses",
        json={"booked_on": "2016-02-01", "amount": 10000, "text": "Kaffe"},
        headers=_etag(http, ledger),
    )
    assert booked.status_code == 201, booked.text
    return f"/contracts/{KEY}/plans/urbanplanen/expenses/{booked.json()['entry']}"


def _reversal_setup(http: httpx.Client) -> Request:
    url = f"{_booked(http)}/reversal"
    return url, {"booked_on": "2016-02-02", "reason": "Fejlbogført"}, _etag(http, LEDGER)


def _correction_setup(http: httpx.Client) -> Request:
    url = f"{_booked(http)}/corrections"
    return url, {"booked_on": "2016-02-02", "amount": 2500, "reason": "For meget"}, _etag(http, LEDGER)


OBLIGATION = f"/contracts/{KEY}/obligations/sof-indkalde-netvaerksmoede"
LEDGER = f"/contracts/{KEY}/plans/urbanplanen/ledger"


def _named_fulfilment() -> dict[str, Any]:
    """A fulfilment naming its window (an unnamed one with several open windows before it is refused)."""
    year = 2013 + next(_counter) % 4 + 1
    return {"fulfilled_on": f"{year}-03-01", "due": f"{year}-04-30", "document": "Referat"}


def _withdrawal_setup(http: httpx.Client) -> Request:
    """A waiver in force to withdraw (one left by a refused withdrawal is already in force)."""
    waived = http.post(
        f"{OBLIGATION}/waivers", json={"due": "2016-08-31", "reason": "Aflyst"}, headers=_etag(http, OBLIGATION)
    )
    assert waived.status_code in (200, 422), waived.text
    return f"{OBLIGATION}/waivers/2016-08-31/withdrawal", {"reason": "Fejl"}, _etag(http, OBLIGATION)


SOF_CONTACT = f"/contracts/{KEY}/contacts/sof-omraadechef-voksenenheden"


def _new_person(http: httpx.Client) -> str:
    """A new person in SOF's contact role (each call another name, so another person)."""
    recorded = http.put(f"{SOF_CONTACT}/person", json={"name": f"Afløser {next(_counter)}"})
    assert recorded.status_code == 200, recorded.text
    return str(recorded.json()["person"])


DOCUMENTS = f"/contracts/{KEY}/documents"


@dataclass(frozen=True)
class Upload:
    """A multipart body (a document upload) instead of JSON."""

    data: dict[str, str]
    files: dict[str, tuple[str, bytes]]


def _upload_setup(http: httpx.Client) -> Request:
    """New bytes each time, as evidence of SOF's duty (a coordinator's or SOF's to attach)."""
    upload = Upload({"fact": "duty", "subject": "sof-kontaktliste-og-dagsorden"},
                    {"file": ("liste.txt", f"Kontaktliste {next(_counter)}".encode())})  # fmt: skip
    return DOCUMENTS, upload, _etag(http, DOCUMENTS)


def _attached(http: httpx.Client) -> Request:
    url, upload, headers = _upload_setup(http)
    made = http.post(url, data=upload.data, files=upload.files, headers=headers)
    assert made.status_code == 201, made.text
    return made.headers["Location"], None, {}


INDICATOR = f"/contracts/{KEY}/indicators/udsaettelser"
STANDING = f"/contracts/{KEY}/obligations/sof-myndighedsopgaven"  # ongoing, SOF's
AS_NEEDED = f"/contracts/{KEY}/obligations/sof-voksen-oplaeg-temadag"  # as needed, SOF's

EXAMPLE_FORUM = "/forums/boligsocialt-forum-eksempelby"
FORUM_DECISION = "2019-03-14-referat-14-03-2019-punkt-2"


def _forum(http: httpx.Client) -> str:
    """The example forum, registered from its shipped file (again: nothing new)."""
    document = YAML(typ="safe").load((EXAMPLE.parent / "fora" / "eksempel-forum.yaml").read_text(encoding="utf-8"))
    registered = http.put(EXAMPLE_FORUM, json=json.loads(json.dumps(document, default=str)))
    assert registered.status_code == 200, registered.text
    return EXAMPLE_FORUM


def _proposal(http: httpx.Client, *steps: tuple[str, dict[str, Any]]) -> str:
    """A new proposal by SOF to the example forum, taken through ``steps`` (path, body) by the coordinator."""
    _forum(http)
    url = f"/proposals/forslag-{next(_counter)}"
    card = {"goal": "Mål", "idea": "Idé"}
    document = {
        "title": "Forslag",
        "forum": "Boligsocialt Forum Eksempelby",
        "proposed_by": "sof",
        "drafted_on": "2019-01-10",
        "card": card,
    }
    assert http.put(url, json=document).status_code == 200
    for step, body in steps:
        done = http.post(f"{url}/{step}", json=body, headers=_etag(http, url))
        assert done.status_code == 200, done.text
    return url


SUBMITTED = ("submission", {"on": "2019-02-01"})
DISCUSSED = ("discussion", {"held_on": "2019-03-14"})


def _step_setup(step: str, body: Callable[[], dict[str, Any]], *before: tuple[str, dict[str, Any]]) -> Setup:
    def setup(http: httpx.Client) -> Request:
        url = _proposal(http, *before)
        return f"{url}/{step}", body(), _etag(http, url)

    return setup


PLAN = "/plans/urbanplanen"
COFINANCING = f"{PLAN}/cofinancing"
APPROVAL = {
    "approved_by": "Godkender",
    "approved_on": "2018-03-01",
    "reference": "J.nr. 1",
    "decision": {"decided_by": "Boligsocialt Forum Amager", "decided_on": "2018-02-20", "reference": "pkt. 5"},
}


def _next_status(http: httpx.Client) -> Request:
    reached = len(http.get(PLAN).json()["statuses"])
    wanted = ["prequalified", "approved", "active", "closed"][reached]
    return f"{PLAN}/status", {"status": wanted, "on": f"{2013 + reached}-01-01"}, _etag(http, PLAN)


def _payment() -> dict[str, Any]:
    return {"funder": "lbf", "payer": "Landsbyggefonden", "received_on": "2014-02-01", "amount": 100_000,
            "reference": f"LBF-{next(_counter)}"}  # fmt: skip


def _funded(http: httpx.Client) -> None:
    """Urbanplanen's unspent funds moved to its regulation account (once)."""
    if http.get(COFINANCING).json()["regulation_account"]["transferred"]:
        return
    paid = http.post(f"{PLAN}/payments", json=_payment(), headers=_etag(http, COFINANCING))
    assert paid.status_code == 201, paid.text
    moved = http.post(f"{PLAN}/regulation/transfer", json={"on": "2018-01-31"}, headers=_etag(http, COFINANCING))
    assert moved.status_code == 200, moved.text


def _use(http: httpx.Client, *approvers: str) -> str:
    """A new use of the regulation account (1 øre), approved by ``approvers``: its address."""
    _funded(http)
    body = {"amount": 1, "purpose": "Lektiecafé", "requested_on": "2018-02-15"}
    asked = http.post(f"{PLAN}/regulation/uses", json=body, headers=_etag(http, COFINANCING))
    assert asked.status_code == 201, asked.text
    use = f"{PLAN}/regulation/uses/{asked.json()['number']}"
    for approver in approvers:
        approved = http.post(
            f"{use}/approvals", json=APPROVAL | {"approver": approver}, headers=_etag(http, COFINANCING)
        )
        assert approved.status_code == 200, approved.text
    return use


def _transfer_setup(http: httpx.Client) -> Request:
    if not http.get(COFINANCING).json()["total"]["paid"]:
        http.post(f"{PLAN}/payments", json=_payment(), headers=_etag(http, COFINANCING))
    return f"{PLAN}/regulation/transfer", {"on": "2018-01-31"}, _etag(http, COFINANCING)


MATRIX: dict[tuple[str, str], Case] = {
    ("GET", "/health"): Case(lambda h: ("/health", None, {}), public=True),
    ("GET", "/me"): Case(lambda h: ("/me", None, {})),
    ("GET", "/contracts"): Case(lambda h: ("/contracts", None, {})),
    ("POST", "/contracts"): Case(
        lambda h: ("/contracts", _document(EXAMPLE, key=f"ny-{next(_counter)}"), {}), {"coordinator"}, 201
    ),
    ("GET", "/contracts/{key}"): Case(lambda h: (f"/contracts/{KEY}", None, {})),
    ("PUT", "/contracts/{key}"): Case(
        lambda h: (
            f"/contracts/{KEY}",
            _document(AMAGER, title=f"Ny titel {(n := next(_counter))}", revision=_fresh_decision(n)),
            _etag(h, f"/contracts/{KEY}"),
        ),
        {"coordinator"},
    ),
    ("PATCH", "/contracts/{key}"): Case(
        lambda h: (f"/contracts/{KEY}", _revision(3 + next(_counter)), _etag(h, f"/contracts/{KEY}")), {"coordinator"}
    ),
    ("GET", "/contracts/{key}/history"): Case(lambda h: (f"/contracts/{KEY}/history", None, {})),
    ("GET", "/contracts/{key}/diff"): Case(lambda h: (f"/contracts/{KEY}/diff?from=v1&to=v1", None, {})),
    ("PUT", "/contracts/{key}/plans/{plan}/frame"): Case(
        lambda h: (
            f"/contracts/{KEY}/plans/urbanplanen/frame",
            {
                "total": 303_844_700 + next(_counter),
                "effective_from": "2016-01-01",
                "decision": DECISION,
            },
            _etag(h, f"/contracts/{KEY}"),
        ),
        {"coordinator"},
    ),
    ("POST", "/contracts/{key}/signature"): Case(
        lambda h: (
            f"/contracts/{(k := _new_contract(h, signed_on=None))}/signature",
            {"signed_on": "2017-12-15"},
            _etag(h, f"/contracts/{k}"),
        ),
        {"coordinator"},
    ),
    ("POST", "/contracts/{key}/ending"): Case(
        lambda h: (
            f"/contracts/{(k := _new_contract(h))}/ending",
            {"ended_on": "2021-12-31", "reason": "Udløbet"},
            _etag(h, f"/contracts/{k}"),
        ),
        {"coordinator"},
    ),
    ("POST", "/contracts/{key}/meetings"): Case(
        lambda h: (f"/contracts/{KEY}/meetings", {"cadence": "netvaerksmoede", "on": "2016-03-10"}, {}),
        {"coordinator", "party"},
        201,
    ),
    ("POST", "/contracts/{key}/meetings/held"): Case(
        lambda h: (
            f"/contracts/{KEY}/meetings/held",
            {"cadence": "netvaerksmoede", "held_on": _next_day(), "attendees": ["sof"]},
            {},
        ),
        {"coordinator", "party"},
        201,
    ),
    ("GET", "/contracts/{key}/meetings"): Case(lambda h: (f"/contracts/{KEY}/meetings", None, {})),
    ("GET", "/meetings/{meeting_id}"): Case(lambda h: (_meeting(h), None, {})),
    ("POST", "/meetings/{meeting_id}/held"): Case(_held_setup, {"coordinator", "party"}),
    ("POST", "/meetings/{meeting_id}/move"): Case(_move_setup, {"coordinator", "party"}),
    ("POST", "/meetings/{meeting_id}/cancel"): Case(_cancel_setup, {"coordinator", "party"}),
    ("GET", "/contracts/{key}/obligations"): Case(lambda h: (f"/contracts/{KEY}/obligations", None, {})),
    ("GET", "/contracts/{key}/obligations/{responsibility}"): Case(lambda h: (OBLIGATION, None, {})),
    ("POST", "/contracts/{key}/obligations/{responsibility}/fulfilments"): Case(
        lambda h: (
            f"{OBLIGATION}/fulfilments",
            _named_fulfilment(),
            _etag(h, OBLIGATION),
        ),
        {"coordinator", "party"},
    ),
    ("POST", "/contracts/{key}/obligations/{responsibility}/waivers"): Case(
        lambda h: (f"{OBLIGATION}/waivers", {"due": "2017-12-31", "reason": "Aflyst"}, _etag(h, OBLIGATION)),
        {"coordinator"},
    ),
    ("POST", "/contracts/{key}/obligations/{responsibility}/waivers/{due}/withdrawal"): Case(
        _withdrawal_setup, {"coordinator"}
    ),
    ("GET", "/contracts/{key}/obligations/{responsibility}/attestations"): Case(
        lambda h: (f"{STANDING}/attestations", None, {})
    ),
    ("POST", "/contracts/{key}/obligations/{responsibility}/attestations"): Case(
        lambda h: (
            f"{STANDING}/attestations",
            {"period": "2015", "status": "met", "evidence": "Referat", "attested_on": "2016-01-10"},
            _etag(h, f"{STANDING}/attestations"),
        ),
        {"coordinator", "party"},
    ),
    ("POST", "/contracts/{key}/obligations/{responsibility}/evidence"): Case(
        lambda h: (
            f"{AS_NEEDED}/evidence",
            {"evidenced_on": "2015-03-01", "document": "Oplæg på temadag"},
            _etag(h, f"{AS_NEEDED}/attestations"),
        ),
        {"coordinator", "party"},
    ),
    ("GET", "/contracts/{key}/budget"): Case(lambda h: (f"/contracts/{KEY}/budget", None, {})),
    ("GET", "/contracts/{key}/plans/{plan}/ledger"): Case(
        lambda h: (f"/contracts/{KEY}/plans/urbanplanen/ledger", None, {})
    ),
    ("POST", "/contracts/{key}/plans/{plan}/expenses"): Case(
        lambda h: (
            f"/contracts/{KEY}/plans/urbanplanen/expenses",
            {"booked_on": "2016-02-01", "amount": 10000, "text": "Kaffe"},
            _etag(h, f"/contracts/{KEY}/plans/urbanplanen/ledger"),
        ),
        {"coordinator", "other-party"},
        201,
    ),
    ("POST", "/contracts/{key}/plans/{plan}/expenses/{entry}/reversal"): Case(
        _reversal_setup, {"coordinator", "other-party"}, 201
    ),
    ("POST", "/contracts/{key}/plans/{plan}/expenses/{entry}/corrections"): Case(
        _correction_setup, {"coordinator", "other-party"}, 201
    ),
    ("GET", "/contracts/{key}/goals"): Case(lambda h: (f"/contracts/{KEY}/goals", None, {})),
    ("GET", "/contracts/{key}/indicators/{indicator}"): Case(lambda h: (INDICATOR, None, {})),
    ("POST", "/contracts/{key}/indicators/{indicator}/measurements"): Case(
        lambda h: (
            f"{INDICATOR}/measurements",
            {"period": str(2000 + next(_counter)), "value": "12", "measured_on": "2016-01-10", "source": "KAB"},
            _etag(h, INDICATOR),
        ),
        {"coordinator"},
        201,
    ),
    ("GET", "/contracts/{key}/status"): Case(lambda h: (f"/contracts/{KEY}/status", None, {})),
    ("GET", "/overdue-meetings"): Case(lambda h: ("/overdue-meetings", None, {})),
    ("GET", "/audit"): Case(lambda h: ("/audit", None, {}), {"coordinator", "auditor"}),
    ("GET", "/calendar-link"): Case(lambda h: ("/calendar-link?target=sof", None, {})),
    ("GET", "/calendar/{target}.ics"): Case(lambda h: (f"/calendar/{KEY}.ics", None, {})),
    ("GET", "/exports/audit.{fmt}"): Case(lambda h: ("/exports/audit.xlsx", None, {}), {"coordinator", "auditor"}),
    ("GET", "/exports/{what}.{fmt}"): Case(lambda h: ("/exports/budget.csv", None, {})),
    ("GET", "/contracts/{key}/persons"): Case(lambda h: (f"/contracts/{KEY}/persons", None, {})),
    ("PUT", "/contracts/{key}/contacts/{contact}/person"): Case(
        lambda h: (f"{SOF_CONTACT}/person", {"phone": f"+45 {next(_counter)}"}, {}), {"coordinator", "party"}
    ),
    ("POST", "/persons/{person}/erasure"): Case(
        lambda h: (f"/persons/{_new_person(h)}/erasure", {"reason": "Anmodning"}, {}), {"coordinator"}, 201
    ),
    ("GET", "/persons/{person}"): Case(lambda h: (f"/persons/{_new_person(h)}", None, {}), {"coordinator"}),
    ("GET", "/plans"): Case(lambda h: ("/plans", None, {})),
    ("GET", "/plans/{key}"): Case(lambda h: (PLAN, None, {})),
    ("POST", "/plans/{key}/status"): Case(_next_status, {"coordinator"}),
    ("GET", "/plans/{key}/cofinancing"): Case(lambda h: (COFINANCING, None, {})),
    ("POST", "/plans/{key}/payments"): Case(
        lambda h: (f"{PLAN}/payments", _payment(), _etag(h, COFINANCING)), {"coordinator"}, 201
    ),
    ("POST", "/plans/{key}/regulation/transfer"): Case(_transfer_setup, {"coordinator"}),
    ("POST", "/plans/{key}/regulation/uses"): Case(
        lambda h: (
            f"{PLAN}/regulation/uses",
            (_funded(h), {"amount": 1, "purpose": "Lektiecafé", "requested_on": "2018-02-15"})[1],
            _etag(h, COFINANCING),
        ),
        {"coordinator"},
        201,
    ),
    ("POST", "/plans/{key}/regulation/uses/{use}/approvals"): Case(
        lambda h: (f"{_use(h)}/approvals", APPROVAL | {"approver": "lbf"}, _etag(h, COFINANCING)), {"coordinator"}
    ),
    ("POST", "/plans/{key}/regulation/uses/{use}/spending"): Case(
        lambda h: (f"{_use(h, 'municipality', 'lbf')}/spending", {"used_on": "2018-03-15"}, _etag(h, COFINANCING)),
        {"coordinator"},
    ),
    ("GET", "/open-data/contracts"): Case(lambda h: ("/open-data/contracts", None, {}), public=True),
    ("GET", "/open-data/contracts/{key}/releases"): Case(
        lambda h: (f"/open-data/contracts/{KEY}/releases", None, {}), public=True
    ),
    ("GET", "/open-data/contracts/{key}/record"): Case(
        lambda h: (f"/open-data/contracts/{KEY}/record", None, {}), public=True
    ),
    ("GET", "/open-data/schema"): Case(lambda h: ("/open-data/schema", None, {}), public=True),
    ("GET", "/open-data/plans"): Case(lambda h: ("/open-data/plans", None, {}), public=True),
    ("GET", "/open-data/plans/{key}/releases"): Case(
        lambda h: ("/open-data/plans/urbanplanen/releases", None, {}), public=True
    ),
    ("GET", "/open-data/plans/{key}/record"): Case(
        lambda h: ("/open-data/plans/urbanplanen/record", None, {}), public=True
    ),
    ("GET", "/contracts/{key}/documents"): Case(lambda h: (DOCUMENTS, None, {})),
    ("POST", "/contracts/{key}/documents"): Case(_upload_setup, {"coordinator", "party"}, 201),
    ("GET", "/contracts/{key}/documents/{sha256}"): Case(_attached),
    ("GET", "/forums"): Case(lambda h: ("/forums", None, {})),
    ("PUT", "/forums/{key}"): Case(
        lambda h: (
            _forum(h),
            {"name": "Boligsocialt Forum Eksempelby", "urban_area": "Eksempelby", "register_from": "2018-01-01"},
            {},
        ),
        {"coordinator"},
    ),
    ("GET", "/forums/{key}"): Case(lambda h: (_forum(h), None, {})),
    ("POST", "/forums/{key}/meetings"): Case(
        lambda h: (f"{_forum(h)}/meetings", {"held_on": _next_day(), "agenda": ["Forslag"]}, _etag(h, EXAMPLE_FORUM)),
        {"coordinator"},
        201,
    ),
    ("POST", "/forums/{key}/decisions"): Case(
        lambda h: (
            f"{_forum(h)}/decisions",
            {"decided_on": "2019-03-14", "reference": f"Punkt {next(_counter)}", "text": "Vedtaget"},
            _etag(h, EXAMPLE_FORUM),
        ),
        {"coordinator"},
        201,
    ),
    ("GET", "/forums/{key}/decisions/{number}"): Case(lambda h: (f"{_forum(h)}/decisions/{FORUM_DECISION}", None, {})),
    ("GET", "/proposals"): Case(lambda h: ("/proposals?state=drafted", None, {})),
    ("PUT", "/proposals/{key}"): Case(
        lambda h: (
            f"/proposals/nyt-{next(_counter)}",
            {
                "title": "Nyt",
                "forum": _forum(h).rsplit("/", 1)[1],
                "proposed_by": "sof",
                "drafted_on": "2019-01-10",
                "card": {"goal": "Mål", "idea": "Idé"},
            },
            {},
        ),
        {"coordinator", "party"},
    ),
    ("GET", "/proposals/{key}"): Case(lambda h: (_proposal(h), None, {})),
    ("POST", "/proposals/{key}/submission"): Case(
        _step_setup("submission", lambda: {"on": "2019-02-01"}), {"coordinator", "party"}
    ),
    ("POST", "/proposals/{key}/withdrawal"): Case(
        _step_setup("withdrawal", lambda: {"on": "2019-02-01", "reason": "Fortrudt"}), {"coordinator", "party"}
    ),
    ("POST", "/proposals/{key}/discussion"): Case(
        _step_setup("discussion", lambda: {"held_on": "2019-03-14"}, SUBMITTED), {"coordinator"}
    ),
    ("POST", "/proposals/{key}/adoption"): Case(
        _step_setup(
            "adoption",
            lambda: {
                "decision": FORUM_DECISION,
                "contract": "eksempel-social-vicevaert",
                "activity": f"vedtaget-{next(_counter)}",
                "effective_from": "2019-04-01",
            },
            SUBMITTED,
            DISCUSSED,
        ),
        {"coordinator"},
    ),
    ("POST", "/proposals/{key}/rejection"): Case(
        _step_setup("rejection", lambda: {"decision": FORUM_DECISION, "reason": "Ikke midler"}, SUBMITTED, DISCUSSED),
        {"coordinator"},
    ),
}


def _routes() -> list[tuple[str, str]]:
    """Every (method, path) of the API, from the route table as the app publishes it."""
    paths = create_app().openapi()["paths"]
    return sorted((method.upper(), path) for path, operations in paths.items() for method in operations)


def test_every_route_has_a_row_in_the_role_matrix() -> None:
    routes = _routes()
    missing = [r for r in routes if r not in MATRIX]
    stale = [r for r in MATRIX if r not in routes]
    assert len(routes) >= 30
    assert not missing, f"routes without a role-matrix entry: {missing}"
    assert not stale, f"role-matrix entries without a route: {stale}"


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # who may do what does not depend on the store
def test_role_matrix(api: Api, route: tuple[str, str]) -> None:
    method, _ = route
    case = MATRIX[route]
    with api.client("coordinator") as admin:
        for who in [None, "revoked", *sorted(USERS)]:
            url, body, headers = case.setup(admin)
            sent = {"data": body.data, "files": body.files} if isinstance(body, Upload) else {"json": body}
            with api.client(who) as http:
                response = http.request(method, url, headers=headers, **sent)
            if case.public:
                expected = case.success
            elif who in (None, "revoked"):
                expected = 401
            else:
                expected = case.success if who in case.allowed else 403
            assert response.status_code == expected, f"{method} {url} as {who}: {response.text}"


def test_every_operation_is_tagged_summarised_and_described() -> None:
    paths = create_app().openapi()["paths"]
    bare = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, op in operations.items()
        if not (op.get("tags") and op.get("summary") and op.get("description"))
    ]
    assert not bare, f"operations without tags, summary or description: {bare}"
