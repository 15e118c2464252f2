"""The FastAPI application: health and contract read endpoints (the full API is its own issue)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request

from api import problems
from api.settings import Settings, get_settings, open_tracker
from api.views import contract_view, diff_view, history_view, summary_view
from domain.tracker import Tracker
from projections.runner import Projector


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.tracker = open_tracker(settings)
        follower = _ViewFollower(app.state.tracker, settings) if settings.follow_projections else None
        app.state.follower = follower
        try:
            yield
        finally:
            if follower is not None:
                follower.stop()
            app.state.tracker.close()

    app = FastAPI(
        title="forum-tracker",
        description="Kontrakter om boligsocialt samarbejde som levende register.",
        version="0.1.0",
        lifespan=lifespan,
    )
    problems.install(app)
    _routes(app)
    return app


class _ViewFollower:
    """Keeps the views up to date in a background thread of this process (for `make run`)."""

    def __init__(self, tracker: Tracker, settings: Settings):
        self.projector = Projector(tracker, settings.store_env())
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.projector.follow, args=(self.stopping,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)
        self.projector.close()


def tracker(request: Request) -> Tracker:
    return request.app.state.tracker  # type: ignore[no-any-return]


TrackerDep = Annotated[Tracker, Depends(tracker)]


def _routes(app: FastAPI) -> None:
    @app.get("/health", tags=["drift"], summary="Sundhedstjek: lageret svarer; læsemodellernes efterslæb")
    def health(request: Request, t: TrackerDep) -> dict[str, Any]:
        head = t.recorder.max_notification_id() or 0
        follower = request.app.state.follower
        views = follower.projector.positions() if follower is not None else {}
        return {
            "status": "ok",
            "position": head,
            "views": {n: {"position": p, "behind": head - p} for n, p in views.items()},
        }

    @app.get("/contracts", tags=["kontrakter"], summary="Alle kontrakter")
    def contracts(t: TrackerDep) -> list[dict[str, Any]]:
        return [summary_view(t.get_contract(key)) for key in t.contract_keys()]

    @app.get("/contracts/{key}", tags=["kontrakter"], summary="Én kontrakt, som gældende pr. og som kendt pr.")
    def contract(
        t: TrackerDep,
        key: str,
        effective: Annotated[date | None, Query(description="Som gældende pr. dato")] = None,
        known_at: Annotated[datetime | None, Query(description="Som kendt pr. tidspunkt")] = None,
    ) -> dict[str, Any]:
        return contract_view(t.get_contract(key), effective, known_at)

    @app.get("/contracts/{key}/history", tags=["kontrakter"], summary="Kontraktens ændringer")
    def contract_history(t: TrackerDep, key: str) -> list[dict[str, Any]]:
        return history_view(t.get_contract(key))

    @app.get("/contracts/{key}/diff", tags=["kontrakter"], summary="Forskelle mellem to datoer eller versioner")
    def contract_diff(
        t: TrackerDep,
        key: str,
        start: Annotated[str, Query(alias="from", description="Dato (ÅÅÅÅ-MM-DD) eller version (v1)")],
        end: Annotated[str, Query(alias="to", description="Dato (ÅÅÅÅ-MM-DD) eller version (v2)")],
    ) -> dict[str, Any]:
        return diff_view(t.get_contract(key), start, end)
