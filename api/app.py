"""The FastAPI application: the HTTP API (commands and queries with roles) over one store."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request

from api import web
from api.accounts.users import UserDirectory
from api.http import problems
from api.http.body_limit import BodyLimit
from api.http.idempotency import IdempotencyMiddleware
from api.http.routes import attestations, budget, contracts, feeds, meetings, obligations, queries
from api.http.view_pool import ViewPool
from api.settings import Settings, get_settings, open_tracker
from domain.tracker import Tracker
from persistence.idempotency import IdempotencyKeys
from projections.database import ViewDatabase
from projections.runner import Projector

TAGS = [
    {
        "name": "kontrakter",
        "description": "Kontrakter: oprette, revidere, underskrive, afslutte; tidsrejse, historik.",
    },
    {"name": "møder", "description": "Møder i kontraktens mødekadencer: planlægge, afholde, flytte, aflyse."},
    {"name": "forpligtelser", "description": "Ansvarsfordelingen: opfyldte, forfaldne og frafaldne forpligtelser."},
    {"name": "økonomi", "description": "Budgetrammer, bevillinger, bogførte udgifter og tilbageførsler."},
    {"name": "mål", "description": "Mål og indikatorer med målinger."},
    {"name": "overblik", "description": "Svar fra læsemodellerne pr. dato: status, forsinkede møder, revisionsspor."},
    {"name": "kalender og eksport", "description": "iCalendar-feeds og CSV/XLSX-udtræk."},
    {"name": "drift", "description": "Sundhed og efterslæb."},
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        setup = ViewDatabase(settings.store_env())
        try:
            with setup.setup_lock():  # workers started together make the tables one at a time
                app.state.tracker = open_tracker(settings)
                UserDirectory(setup)  # makes the users table
                IdempotencyKeys(setup)  # and the writes' idempotency keys
                if settings.follow_projections:
                    follower: _ViewFollower | None = _ViewFollower(app.state.tracker, settings)
                else:
                    follower = None
                    Projector(app.state.tracker, settings.store_env()).close()  # create the view tables if missing
        finally:
            setup.close()
        app.state.views = ViewPool(settings.store_env(), settings.pool_size)
        app.state.follower = follower
        try:
            yield
        finally:
            if follower is not None:
                follower.stop()
            app.state.views.close()
            app.state.tracker.close()

    app = FastAPI(
        title="forum-tracker",
        description=(
            "Kontrakter om boligsocialt samarbejde som levende register. Alle kald kræver et token "
            "(`Authorization: Bearer …`, oprettet med `forum users add`). Skrivninger kræver `If-Match` "
            "med den version (ETag) du har set, og kan sendes med `Idempotency-Key`: en gentagelse med samme nøgle får "
            "det første svar. Svar på skrivninger giver ny version og hændelsesposition, "
            "som forespørgsler kan vente på med `min_position`. Beløb er i øre, datoer ISO 8601."
        ),
        version="0.2.0",
        lifespan=lifespan,
        openapi_tags=TAGS,
    )
    problems.install(app)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(BodyLimit)  # outermost: a body too large is refused before anything reads it
    _health(app)
    for module in (contracts, meetings, obligations, attestations, budget, queries, feeds):
        app.include_router(module.router)
    app.include_router(web.router)
    app.mount(web.STATIC_PATH, web.static_files(), name="static")
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


def _health(app: FastAPI) -> None:
    @app.get("/health", tags=["drift"], summary="Sundhedstjek: lageret svarer; visningernes efterslæb")
    def health(request: Request) -> dict[str, Any]:
        """Svarer uden token: lagerets seneste position og hver visnings position og efterslæb."""
        head = request.app.state.tracker.recorder.max_notification_id() or 0
        with request.app.state.views.connection() as db:
            views = dict(db.fetchall("SELECT view, position FROM projection_tracking"))
        return {
            "status": "ok",
            "position": head,
            "views": {n: {"position": p, "behind": head - p} for n, p in sorted(views.items())},
        }
