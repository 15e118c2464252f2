"""Every write accepts an Idempotency-Key (header, or a web form's hidden field): a retry gets the first outcome."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.accounts.users import User
from api.http.auth import AUTHENTICATED, SESSION_COOKIE, user_for
from api.http.problems import outage, problem
from api.web.errors import error_page
from persistence import idempotency
from persistence.idempotency import Attempt, Claim, IdempotencyKeys, KeyReusedError, KeyTakenError, Stored
from persistence.outages import RETRY_AFTER_SECONDS, is_outage, outage_message
from projections.database import ViewDatabase

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
FORM_FIELD = "idempotency_key"
KEPT_HEADERS = {"content-type", "etag", "location", "link", "retry-after"}


class IdempotencyMiddleware:
    """Claims the key before the write runs and stores what it answered; answers a retry from the claim."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        body = await _body(receive)
        replay = _replaying(body)
        key = headers.get("idempotency-key") or _form_key(headers, body)
        if key is None:
            await self.app(scope, replay, send)
            return
        if not 0 < len(key) <= idempotency.MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
            await _problem(422, "Idempotency-Key skal være 1–255 synlige ASCII-tegn, fx et UUID.")(scope, replay, send)
            return
        await self._keyed(scope, replay, send, headers, key, _fingerprint(scope, headers, body))

    async def _keyed(
        self, scope: Scope, receive: Receive, send: Send, headers: Headers, key: str, fingerprint: str
    ) -> None:
        app = scope["app"]
        try:
            claim = await run_in_threadpool(_claim, app, headers, key, fingerprint, scope)
        except KeyReusedError as e:
            await _problem(422, str(e), rule="idempotency-key-reused")(scope, receive, send)
            return
        except Exception as e:
            if not is_outage(e):
                raise
            await _unavailable(e)(scope, receive, send)
            return
        if claim is None:  # not signed in: the route answers 401, nothing to keep
            await self.app(scope, receive, send)
            return
        if claim.kind == "decide":
            decided = await run_in_threadpool(_decide, app, claim, headers)
            if isinstance(decided, Response):
                await decided(scope, receive, send)
                return
            claim = decided
        if claim.kind == "run":
            assert claim.attempt is not None
            await self._run(scope, receive, send, claim.attempt)
            return
        await _answer(claim)(scope, receive, send)

    async def _run(self, scope: Scope, receive: Receive, send: Send, attempt: Attempt) -> None:
        answered: list[Message] = []

        async def keep(message: Message) -> None:
            answered.append(message)

        token = idempotency.CURRENT.set(attempt)
        try:
            await self.app(scope, receive, keep)
        except BaseException:
            await run_in_threadpool(_settle, scope["app"], attempt, None)
            raise
        finally:
            idempotency.CURRENT.reset(token)
        start = next(m for m in answered if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in answered if m["type"] == "http.response.body")
        kept = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", [])]
        await run_in_threadpool(_settle, scope["app"], attempt, Stored(start["status"], kept, body))
        for message in answered:
            await send(message)


def _claim(app: Any, headers: Headers, key: str, fingerprint: str, scope: Scope) -> Claim | None:
    with app.state.views.connection() as db:
        user = _user(app.state, db, headers)
        if user is None:
            return None
        scope.setdefault("state", {})[AUTHENTICATED] = user  # the route need not look the user up again
        return IdempotencyKeys(db).claim(user.name, key, fingerprint, app.state.views.connection)


def _user(state: Any, db: ViewDatabase, headers: Headers) -> User | None:
    authorization = headers.get("authorization", "")
    token = authorization[7:].strip() if authorization.lower().startswith("bearer ") else None
    return user_for(state, db, token, _cookie(headers, SESSION_COOKIE))


def _settle(app: Any, attempt: Attempt, answered: Stored | None) -> None:
    """A 5xx answer is not an outcome (see ``idempotency.settle``)."""
    kept = None
    if answered is not None and answered.status < 500:
        kept = Stored(answered.status, _kept(answered.headers), answered.body)
    idempotency.settle(app.state.views.connection, attempt, kept, is_outage)


def _decide(app: Any, claim: Claim, headers: Headers) -> Claim | Response:
    """A claim whose write ended without an outcome: recorded (answer it, from the event store), not
    recorded (run it again), or the store cannot say (503, unknown outcome)."""
    tracker = app.state.tracker
    try:
        with app.state.views.connection() as db:
            return IdempotencyKeys(db).decide(
                claim,
                tracker.recorder,
                lambda intent, positions: _recovered(intent, positions, headers, tracker),
            )
    except Exception as e:  # UnknownOutcomeError, or the store went away while it was asked
        if not is_outage(e):
            raise
        return _unavailable(e)


def _answer(claim: Claim) -> Response:
    """A retry of a write that has an outcome, or is still running."""
    if claim.kind == "replay":
        assert claim.stored is not None
        replayed = Response(claim.stored.body, claim.stored.status)
        replayed.raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in claim.stored.headers]
        replayed.headers["Idempotent-Replayed"] = "true"
        return replayed
    return _problem(503, str(KeyTakenError()), {"Retry-After": str(RETRY_AFTER_SECONDS)}, rule="key-in-use")


def _recovered(intent: dict[str, Any], positions: list[int], headers: Headers, tracker: Any) -> Stored:
    """The outcome of a write recorded before its answer was lost, told from the event store."""
    if _is_form(headers):
        return Stored(303, [("location", headers.get("referer") or "/")], b"")
    body = idempotency.recovered_answer(intent, positions, tracker.recorder, tracker.mapper)
    return Stored(200, [("content-type", "application/json"), ("etag", f'"{intent["version"]}"')],
                  json.dumps(body, ensure_ascii=False).encode())  # fmt: skip


def _problem(status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    """A refusal: problem+json (a web form's post gets it as a page, from the same words)."""
    return _Refusal(problem(status, detail, headers, **extra), status, detail)


def _unavailable(exc: BaseException) -> Response:
    return _Refusal(outage(exc), 503, outage_message(exc))


class _Refusal(Response):
    """Problem+json for the API, the error page for a posted web form."""

    def __init__(self, json_answer: JSONResponse, status: int, detail: str) -> None:
        super().__init__(json_answer.body, status, media_type=json_answer.media_type)
        self.raw_headers = json_answer.raw_headers
        self.detail = detail

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_form(Headers(scope=scope)):
            await super().__call__(scope, receive, send)
            return
        page = error_page(Request(scope), self.status_code, self.detail)
        for k, v in self.headers.items():
            if k.lower() == "retry-after":
                page.headers[k] = v
        await page(scope, receive, send)


def _kept(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers if k.lower() in KEPT_HEADERS]


def _fingerprint(scope: Scope, headers: Headers, body: bytes) -> str:
    content_type, body = _without_boundary(headers.get("content-type", ""), body)
    parts = [scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"),
             headers.get("if-match", ""), content_type]  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode() + b"\n" + body).hexdigest()


def _without_boundary(content_type: str, body: bytes) -> tuple[str, bytes]:
    """A multipart body as the same request whatever boundary the client drew for it (a retry draws another)."""
    kind, _, boundary = content_type.partition("boundary=")
    if not kind.startswith("multipart/") or not boundary:
        return content_type, body
    return kind, body.replace(boundary.strip('"').encode("latin-1"), b"")


def _is_form(headers: Headers) -> bool:
    return headers.get("content-type", "").startswith("application/x-www-form-urlencoded")


def _form_key(headers: Headers, body: bytes) -> str | None:
    if not _is_form(headers):
        return None
    values = parse_qs(body.decode("latin-1")).get(FORM_FIELD)
    return values[0] if values else None


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return v
    return None


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
