"""The web dashboards: Danish, server-rendered pages over the same views and use cases as the JSON API."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from api.web import (
    attesting,
    contract_indicators,
    contract_lifecycle,
    documents,
    fora,
    history,
    login,
    meetings,
    money,
    oidc,
    pages,
    password_reset,
    proposing,
    recording,
    revising,
)
from api.web import plans as plan_pages
from api.web import reminder_choice as _reminder_choice
from api.web import unsubscribe as _unsubscribe
from api.web.calendar_key import router as calendar_key_router
from api.web.deadlines import router as deadlines_router
from api.web.my_tasks import router as my_tasks_router
from api.web.rendering import STATIC_DIR

router = APIRouter(include_in_schema=False)
for _module in (
    login,
    oidc,
    password_reset,
    pages,
    recording,
    attesting,
    money,
    revising,
    history,
    documents,
    fora,
    proposing,
):
    router.include_router(_module.router)
for _module in (meetings, contract_lifecycle, contract_indicators, plan_pages):
    router.include_router(_module.router)
for _reminders in (_unsubscribe, _reminder_choice):  # reminders: the signed unsubscribe link, a user's choice
    router.include_router(_reminders.router)
router.include_router(my_tasks_router)
router.include_router(deadlines_router)
router.include_router(calendar_key_router)

STATIC_PATH = "/static"


def static_files() -> StaticFiles:
    """The stylesheet (no scripts, fonts or anything from elsewhere)."""
    return StaticFiles(directory=STATIC_DIR)
