"""HEAD is answered on every GET route, API and pages alike, as the GET is but without a body."""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts

from api.app import create_app
from api.settings import Settings
from tests.e2e.conftest import KEY, Api

# Path parameters worth a real value; any other gets one that is not there (a 404 or 422 is fine: HEAD == GET).
SAMPLES = {"key": KEY, "fmt": "csv", "what": "overdue-meetings"}


def get_paths() -> list[str]:
    """Every GET route of the app (included routers walked through), its path parameters filled in."""
    app = create_app(Settings())
    routes = [r for r in iter_route_contexts(app.routes) if "GET" in (r.methods or set())]
    assert len(routes) > 20, "the walk found too few GET routes to mean anything"
    return [re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLES.get(m.group(1), "ukendt"), r.path) for r in routes]


def test_every_get_route_answers_head_like_get_without_a_body(api: Api) -> None:
    paths = get_paths()
    with api.client("coordinator") as http:
        for path in paths:
            got = http.get(path)
            head = http.head(path)
            assert head.status_code != 405, f"HEAD {path} -> 405"
            assert head.status_code == got.status_code, f"HEAD {path} -> {head.status_code}, GET {got.status_code}"
            assert head.content == b"", f"HEAD {path} sent a body"
            assert head.headers.get("content-type") == got.headers.get("content-type"), path


def test_head_on_a_post_only_route_is_refused_as_its_get_is(api: Api) -> None:
    with api.client("coordinator") as http:
        head = http.head(f"/contracts/{KEY}/signature")
        get = http.get(f"/contracts/{KEY}/signature")
    assert head.status_code == get.status_code == 405
    assert head.content == b""
