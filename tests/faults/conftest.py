"""A throw-away PostgreSQL cluster on its own port (never the machine's main one), and the suite's size switch."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
FULL = os.environ.get("FORUM_FAULTS") == "full"  # `make faults`: more outages, longer loops


@dataclass
class Cluster:
    """A PostgreSQL server in a temp dir, run as the postgres user; stopped and started at will."""

    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        """Stop immediately, as a crash would: no checkpoint, connections cut."""
        _pg_ctl(self, "stop", "-m", "immediate")

    def start(self) -> None:
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data}"
        _pg_ctl(self, "start", "-w", "-t", "120", "-o", opts, "-l", str(self.data / "server.log"))


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def _pg_ctl(cluster: Cluster, *args: str) -> None:
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), *args), check=True,
                   capture_output=True, timeout=180)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A fresh cluster for the module; removed afterwards."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15's initdb is not installed")
    root = Path(tempfile.mkdtemp(prefix="forum-faults-"))
    os.chmod(root, 0o755)
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(_as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"),
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    found = Cluster(data, _free_port())
    found.start()
    try:
        yield found
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            found.stop()
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)
