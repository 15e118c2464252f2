"""The web dashboards: Danish, server-rendered pages over the same views and use cases as the JSON API."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from api.web import attesting, deadlines, history, login, money, my_tasks, oidc, pages, password_reset, recording, revising
from api.web.rendering import STATIC_DIR

router = APIRouter(include_in_schema=False)
for _module in (login, oidc, password_reset, pages, recording, attesting, money, revising, history, my_tasks, deadlines):
    router.include_router(_module.router)

STATIC_PATH = "/static"


def static_files() -> StaticFiles:
    """The stylesheet (no scripts, fonts or anything from elsewhere)."""
    return StaticFiles(directory=STATIC_DIR)
