"""What the PostgreSQL tests share: a throwaway PostgreSQL cluster made with
scripts/postgres-test-cluster, which installs Debian's postgresql when missing. Where
MEETING_EVAL_REQUIRE_POSTGRES=1 (scripts/test), a cluster that cannot start fails the tests
instead of skipping them."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CLUSTER = REPO_ROOT / "scripts" / "postgres-test-cluster"


class Cluster:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="meeting-eval-pg-"))
        started = subprocess.run([str(CLUSTER), "start", str(self.folder)], capture_output=True, text=True)
        if started.returncode != 0:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise RuntimeError(f"could not start PostgreSQL:\n{started.stderr}")
        self.url = started.stdout.strip().splitlines()[-1]

    def database(self) -> str:
        """A new empty database; its URL."""
        name = "meeting_eval_" + uuid.uuid4().hex[:12]
        self.psql(f"CREATE DATABASE {name}")
        return self.url.replace("/postgres?", f"/{name}?")

    def psql(self, sql: str, url: str | None = None) -> str:
        target = (url or self.url).replace("postgres://", "postgresql://", 1)
        result = subprocess.run(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", target, "-c", sql],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def restart_immediately(self) -> None:
        subprocess.run([str(CLUSTER), "restart", str(self.folder)], check=True, timeout=120)

    def stop(self) -> None:
        subprocess.run([str(CLUSTER), "stop", str(self.folder)], timeout=120)


# Imported by each test module (a conftest.py here would shadow the browser tests' one).
@pytest.fixture(scope="module")
def cluster():
    try:
        running = Cluster()
    except RuntimeError as error:
        if os.environ.get("MEETING_EVAL_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(str(error))
    yield running
    running.stop()


