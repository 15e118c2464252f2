"""The FastAPI application: the HTTP API (commands and queries with roles) over one store."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api import web
from api.accounts.users import UserDirectory
from api.http import docs_page, problems
from api.http.body_limit import BodyLimit
from api.http.head import HeadAsGet
from api.http.idempotency import IdempotencyMiddleware
from api.http.routes import (
    attestations,
    budget,
    contracts,
    documents,
    feeds,
    fora,
    meetings,
    obligations,
    open_data,
    persons,
    proposals,
    queries,
)
from api.http.routes import plans as plan_routes
from api.http.security_headers import SecurityHeaders
from api.http.view_pool import ViewPool
from api.settings import Settings, get_settings, open_tracker
from api.start_up import freeze_start_up
from domain.tracker import Tracker
from persistence.idempotency import IdempotencyKeys
from projections.database import ViewDatabase
from projections.follower import Follower, FollowerGaveUpError
from projections.health import Beat, assess
from projections.runner import Projector

log = logging.getLogger(__name__)

TAGS = [
    {
        "name": "kontrakter",
        "description": "Kontrakter: oprette, revidere, underskrive, afslutte; tidsrejse, historik.",
    },
    {"name": "møder", "description": "Møder i kontraktens mødekadencer: planlægge, afholde, flytte, aflyse."},
    {"name": "forpligtelser", "description": "Ansvarsfordelingen: opfyldte, forfaldne og frafaldne forpligtelser."},
    {"name": "økonomi", "description": "Budgetrammer, fordelinger, bogførte udgifter og tilbageførsler."},
    {"name": "helhedsplaner", "description": "Helhedsplaner, deres kontrakter og budget, status og medfinansiering."},
    {"name": "mål", "description": "Mål og indikatorer med målinger."},
    {"name": "overblik", "description": "Svar fra læsemodellerne pr. dato: status, forfaldne møder, revisionsspor."},
    {"name": "kontaktpersoner", "description": "Hvem der har kontaktperson-rollerne; sletning og udlevering."},
    {"name": "kalender og eksport", "description": "iCalendar-feeds og CSV/XLSX-udtræk."},
    {"name": "fora", "description": "Boligsociale fora: medlemmer, møder og beslutningsregistret."},
    {"name": "forslag", "description": "Forslag (idékort) til forummet: behandling, vedtagelse og afvisning."},
    {"name": "drift", "description": "Sundhed og efterslæb."},
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.session_limits = settings.session_limits()
        app.state.throttle = settings.login_throttle()
        app.state.mailer = settings.mailer()
        setup = ViewDatabase(settings.store_env())
        try:
            with setup.setup_lock():  # workers started together make the tables one at a time
                app.state.tracker = open_tracker(settings)
                UserDirectory(setup)  # makes the users table
                IdempotencyKeys(setup)  # and the writes' idempotency keys
                projector = Projector(app.state.tracker, settings.store_env(), settings.projection_page_size)
                if settings.follow_projections:  # it made the view tables; the follower goes on with it
                    follower: _ViewFollower | None = _ViewFollower(app.state.tracker, settings, projector)
                else:
                    follower = None
                    projector.close()
        finally:
            setup.close()
        app.state.views = ViewPool(settings.store_env(), settings.pool_size)
        app.state.follower = follower
        if settings.freeze_start_up:  # the collector's full passes no longer walk what starting made (the p99 tail)
            freeze_start_up()
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
        docs_url=None,  # docs_page serves /docs and /redoc without a CDN, under the CSP
        redoc_url=None,
    )
    app.state.clock = time.time  # what web sessions and reset links expire by (tests move it)
    problems.install(app)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(BodyLimit, uploads=settings.document_max_bytes)  # a body too large is refused before it is read
    app.add_middleware(SecurityHeaders)  # every answer, even a refusal, carries the headers
    app.add_middleware(HeadAsGet)  # outermost: HEAD is routed as GET, answered without its body
    _health(app)
    docs_page.install(app)
    for module in (
        contracts,
        meetings,
        obligations,
        attestations,
        budget,
        queries,
        feeds,
        persons,
        open_data,
        documents,
        fora,
        proposals,
        plan_routes,
    ):
        app.include_router(module.router)
    app.include_router(web.router)
    app.mount(web.STATIC_PATH, web.static_files(), name="static")
    return app


class _ViewFollower:
    """Keeps the views up to date in a background thread of this process (for `make run`).

    It reconnects after any connection loss; after ``follower_max_outage`` seconds without the
    database it gives up: `/health` then answers 503, and under `forum serve` the server stops
    with a non-zero exit so that a supervisor restarts it.
    """

    gave_up = False  # any follower of this process (read by `forum serve` for its exit code)

    def __init__(self, tracker: Tracker, settings: Settings, projector: Projector):
        self.follower = Follower(
            tracker,
            settings.store_env(),
            max_outage=settings.follower_max_outage,
            page_size=settings.projection_page_size,
            projector=projector,
            sealer=settings.sealer(tracker),
        )
        self.exit_process = settings.follower_exit_process
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="view-follower")
        self.thread.start()

    def _run(self) -> None:
        try:
            self.follower.run(self.stopping)
        except FollowerGaveUpError:
            log.critical("Følgeren gav op", exc_info=True)
            _ViewFollower.gave_up = True
            if self.exit_process:
                os.kill(os.getpid(), signal.SIGTERM)  # uvicorn stops gracefully; `forum serve` exits 3

    def here(self) -> list[Beat]:
        """The follower's heartbeat while its thread runs (none once it gave up)."""
        return [self.follower.beat()] if self.thread.is_alive() else []

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)


def _health(app: FastAPI) -> None:
    @app.get(
        "/health",
        tags=["drift"],
        summary="Sundhedstjek: lageret svarer, en følger kører, visningerne er ajour; karantæne",
        responses={503: {"description": "Visningerne er forældede, eller ingen følger kører"}},
    )
    def health(request: Request) -> JSONResponse:
        """Svarer uden token. 200 når visningerne er ajour (status "ok", eller "degraded" når kontrakter er i
        karantæne); 503 når ingen følger kører eller visningerne er bagud ud over grænsen. Viser efterslæb,
        sidste fejl og kontrakter i karantæne."""
        state = request.app.state
        head = state.tracker.recorder.max_notification_id() or 0
        follower: _ViewFollower | None = state.follower
        with state.views.connection() as db:
            answer = assess(db, head, state.settings.health_limits(), follower.here() if follower else [])
        return JSONResponse(answer, status_code=503 if answer["status"] == "stale" else 200)
