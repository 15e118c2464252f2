"""The API benchmark's baseline: a bare FastAPI endpoint doing one single-row SELECT over psycopg.

Served exactly like the real app (``uvicorn --factory tests.benchmarks.bare_app:create_app``),
configured by BENCH_DATABASE_URL and BENCH_SCHEMA.
"""

from __future__ import annotations

import os
import threading

import psycopg
from fastapi import FastAPI

_local = threading.local()


def _connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = psycopg.connect(os.environ["BENCH_DATABASE_URL"], autocommit=True)
        conn.execute(f"SET search_path TO {os.environ['BENCH_SCHEMA']}")
        _local.conn = conn
    return conn


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/one")
    def one() -> dict[str, str]:  # plain def: the blocking call runs in the thread pool, as in api/
        row = _connection().execute("SELECT body FROM bench_one WHERE id = %s", (1,)).fetchone()
        return {"body": row[0] if row else ""}

    return app
