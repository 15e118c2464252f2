"""API processes started together on an empty PostgreSQL schema (uvicorn --workers N) all start."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import in_threads

PROCESSES = 6


def test_api_workers_started_together_on_an_empty_schema_all_start(postgres_url: str, postgres_schema: str) -> None:
    settings = Settings(database_url=postgres_url, postgres_schema=postgres_schema, pool_size=2)
    together = threading.Barrier(PROCESSES)
    answers: list[int] = []
    failures: list[BaseException] = []

    def start() -> None:
        app = create_app(settings)
        together.wait()
        try:
            with TestClient(app) as client:  # runs the start-up: the store's, the views' and the users' tables
                answers.append(client.get("/health").status_code)
        except BaseException as e:  # the assertion below names it
            failures.append(e)

    in_threads(lambda _: start(), PROCESSES)

    assert failures == []
    assert answers == [200] * PROCESSES
