"""Request bodies are bounded: a body larger than MAX_BODY_BYTES is answered 413 (problem+json) before it is read.

A document upload (POST to a contract's documents, in the API or the web) may be as large as a document may be,
plus room for the multipart framing and the form's other fields.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.terms.yaml_reader import MAX_FILE_BYTES

MAX_BODY_BYTES = MAX_FILE_BYTES
"""As large as a contract file may be (2 MB): every body the API takes is smaller."""


UPLOAD_PATH = re.compile(r"^/(contracts|kontrakter)/[^/]+/(documents|dokumenter)$")
UPLOAD_FRAMING = 64 * 1024


def too_large_detail(limit: int = MAX_BODY_BYTES) -> str:
    return f"Forespørgslens indhold er for stort; højst {limit:,} bytes er tilladt.".replace(",", ".")


class BodyTooLargeError(HTTPException):
    """A body that grew past the limit while it was read (no Content-Length, or a false one)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_detail(limit))


class BodyLimit:
    """ASGI middleware: refuse by Content-Length at once, and stop reading a body once it passes the limit."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, uploads: int | None = None) -> None:
        self.app, self.default = app, limit
        self.uploads = limit if uploads is None else max(limit, uploads + UPLOAD_FRAMING)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and UPLOAD_PATH.match(scope["path"]) is not None
        limit = self.uploads if upload else self.default
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, 413, too_large_detail(limit))
            return
        if declared == -1:
            await _refuse(send, 400, "Content-Length skal være et helt tal.")
            return
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded, watched)
        except BodyTooLargeError:  # read by a middleware, outside the app's error mapper
            if started:
                raise
            await _refuse(send, 413, too_large_detail(limit))


def _content_length(scope: Scope) -> int | None:
    """The declared length; -1 when it is not a number (or absurdly long)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else -1
    return None


async def _refuse(send: Send, status: int, detail: str) -> None:
    title = "For stor forespørgsel" if status == 413 else "Ugyldig forespørgsel"
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
