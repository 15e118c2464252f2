"""What routes read: contract records and query-ready rows from the views, limited to what the user may see."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import orjson
from fastapi import Query, Request, Response

from api.accounts.users import User
from api.http.auth import actor_of
from api.http.preconditions import wait_for_views
from api.reports.contact_persons import rows_with_persons
from api.reports.contract_views import known_moment, known_record
from domain.bounds import Moment
from domain.errors import ContractNotFoundError, NotPartyError, ResponsibilityNotFoundError, RuleError
from domain.permissions import is_party_to
from domain.tracker import Tracker
from projections import contract_directory, quarantine, question_tables
from projections import known_at as known_lists
from projections.overdue_meetings import Cursor
from projections.record_shape import Record
from projections.shell import load_records

KnownAt = Annotated[
    Moment | None,
    Query(description="Som kendt pr. tidspunkt (ISO 8601; uden tidszone: dansk tid): svaret ud fra det, der var "
          "registreret da. Standard: nu."),
]  # fmt: skip


def tracker(request: Request) -> Tracker:
    """The application of this process (one per app, opened at start-up)."""
    return request.app.state.tracker  # type: ignore[no-any-return]


def require_responsibility(request: Request, key: str, responsibility: str, found: bool) -> None:
    """404 unless the views ``found`` rows of the responsibility or the contract's terms define it (no rows yet)."""
    if found:
        return
    terms = tracker(request).get_contract(key).terms()
    if not any(d.key == responsibility for a in terms.activities for d in a.responsibilities):
        raise ResponsibilityNotFoundError(responsibility, key)


def visible_records(request: Request, user: User, min_position: int | None = None) -> list[Record]:
    """Every contract record the user may read, in key order."""
    wait_for_views(request, min_position)
    with request.app.state.views.connection() as db:
        records = load_records(db)
    return [r for r in records if _readable(user, contract_directory.readers(r))]


def one_record(
    request: Request, user: User, key: str, min_position: int | None = None, known_at: datetime | None = None
) -> Record:
    """One contract's record as known at ``known_at`` (default: now); 404 when unknown (or not yet recorded at
    ``known_at``), 403 when the user is not party to it."""
    wait_for_views(request, min_position)
    with request.app.state.views.connection() as db:
        found = question_tables.find(db, key)
        if found is None:  # recorded, but its rows not derived yet
            records = load_records(db, key)
            found = (records[0], contract_directory.readers(records[0])) if records else None
        held = quarantine.of_contract(db, key)
    if found is None:
        raise ContractNotFoundError(key)
    if not _readable(user, found[1]):
        raise NotPartyError(user.party, key)
    if held:
        raise quarantine.ContractUnavailableError(key, held)
    return known_record(found[0], known_at)


def directory(
    request: Request,
    user: User,
    as_of: date,
    filters: dict[str, str | None],
    after: str | None,
    limit: int | None,
    known: datetime | None = None,
) -> list[bytes]:
    """The directory entries (JSON) the user may read on ``as_of`` as known at ``known`` (default: now), a page in
    key order after ``after``."""
    moment = known_moment(known)
    if moment is not None:
        page = known_lists.directory(visible_records(request, user), as_of, moment, filters, after, limit)
        rows = [orjson.dumps(entry) for entry, _ in page]
    else:
        with request.app.state.views.connection() as db:
            rows = question_tables.directory(db, as_of, filters, _party(user), after, limit)
    rows = rows_with_persons(tracker(request), rows)
    marks = _marks(request)
    request.state.cursor = orjson.loads(rows[-1])["key"] if rows else None
    return _marked(rows, marks, "key")


def directory_page(
    request: Request,
    user: User,
    as_of: date,
    filters: dict[str, str | None],
    after: str | None,
    limit: int,
    known: datetime | None = None,
) -> tuple[list[tuple[dict[str, Any], Record]], dict[str, list[str]]]:
    """A page of directory entries with their records (as known at ``known``), and the filters' choices, for the
    web overview."""
    moment = known_moment(known)
    if moment is not None:  # the filters' choices: those of now and of the page (folding every record is slow)
        page = known_lists.directory(visible_records(request, user), as_of, moment, filters, after, limit)
        with request.app.state.views.connection() as db:
            now = contract_directory.choices(db, as_of, _party(user))
        shown = contract_directory.entry_choices([entry for entry, _ in page])
        return page, {name: sorted({*now[name], *shown[name]}) for name in now}
    with request.app.state.views.connection() as db:
        page = question_tables.with_records(
            db, question_tables.directory(db, as_of, filters, _party(user), after, limit)
        )
        marks = quarantine.by_key(db)
        if marks:
            page = [(e | {"unavailable": marks[e["key"]]} if e["key"] in marks else e, r) for e, r in page]
        return page, contract_directory.choices(db, as_of, _party(user))


def overdue(
    request: Request, user: User, as_of: date, after: str | None, limit: int | None, known: datetime | None = None
) -> list[bytes]:
    """The overdue windows (JSON) on ``as_of`` as known at ``known`` (default: now) in the contracts the user may
    read, a page after ``after``."""
    moment = known_moment(known)
    if moment is not None:
        found = known_lists.overdue(visible_records(request, user), as_of, moment, parse_cursor(after), limit)
        rows = [(cursor, orjson.dumps(row)) for cursor, row in found]
    else:
        with request.app.state.views.connection() as db:
            rows = question_tables.overdue(db, as_of, _party(user), parse_cursor(after), limit)
    marks = _marks(request)
    request.state.cursor = format_cursor(rows[-1][0]) if rows else None
    return _marked([row for _, row in rows], marks, "contract")


def _marks(request: Request) -> dict[str, dict[str, Any]]:
    """What a list marks on quarantined contracts' rows (see projections/quarantine.py)."""
    with request.app.state.views.connection() as db:
        return quarantine.by_key(db)


def _marked(rows: list[bytes], marks: dict[str, dict[str, Any]], key: str) -> list[bytes]:
    """Rows of quarantined contracts with an ``unavailable`` field saying why (rows parsed only when there are)."""
    if not marks:
        return rows
    marked = []
    for row in rows:
        entry = orjson.loads(row)
        if entry.get(key) in marks:
            row = orjson.dumps(entry | {"unavailable": marks[entry[key]]})
        marked.append(row)
    return marked


def parse_cursor(text: str | None) -> Cursor | None:
    """'key,rank,due' as in the Link header of the previous page."""
    if text is None:
        return None
    key, _, rest = text.partition(",")
    rank, _, due = rest.partition(",")
    try:
        return (key, int(rank), date.fromisoformat(due).isoformat())
    except ValueError:
        raise NotACursorError(text) from None


def format_cursor(cursor: Cursor) -> str:
    return ",".join(str(part) for part in cursor)


def json_list(request: Request, rows: list[bytes], limit: int | None) -> Response:
    """A JSON array written as stored; a full page links to the next one (RFC 8288)."""
    response = Response(b"[" + b",".join(rows) + b"]", media_type="application/json")
    if limit is not None and len(rows) == limit:
        url = request.url.include_query_params(after=request.state.cursor, limit=limit)
        response.headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
    return response


def _party(user: User) -> str | None:
    return user.party if user.role == "party" else None


def _readable(user: User, readers: str) -> bool:
    """``domain.permissions``' rule on a record whose readers the views store as ' a b '."""
    return is_party_to(actor_of(user), readers.split())


class NotACursorError(RuleError):
    """A page is continued only from the cursor the previous page's Link header gave."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"'after' skal være værdien fra forrige sides Link-header (ikke '{text}').")
