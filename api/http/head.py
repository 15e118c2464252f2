"""HEAD on every GET route: the request is answered as the GET would be, headers and status alike, without a body.

FastAPI's routes answer only the methods they declare, so HEAD on a GET route would be a 405. This outermost
middleware routes a HEAD as a GET and drops the body it would have sent; the OpenAPI document is unchanged.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def without_body(message: Message) -> None:
            nonlocal ended
            if message["type"] != "http.response.body":
                await send(message)
            elif not ended:  # one empty, final body: the GET's Content-Length stays as it was
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, without_body)
