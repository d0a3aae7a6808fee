"""`meeting-eval migrate` carries the follow-up of decisions: the tasks, the units' reports, the
units' links and the rounds of a SQLite database arrive whole in PostgreSQL, the command's own
scorecard check (which includes the `followUp` section) passes, and the copied link still
opens the unit's tasks on a server over the copy."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from live_server import server_binary
from postgres_support import cluster  # noqa: F401

TABLES = ["followUpTask", "followUpReport", "followUpLink", "followUpPlan"]
ADMIN = "follow-up-migrate-admin-token-0123"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(server_binary()), *args], capture_output=True, text=True, timeout=300)


def call(server, method, path, body=None, **options):
    status, _, raw = server.request(method, path, body, **options)
    return status, json.loads(raw) if raw else None


def test_migrate_copies_the_follow_up(cluster, live_server, tmp_path: Path):
    source = tmp_path / "meeting-eval.sqlite"
    assert run("demo", "--database", str(source), "--responses", "20").returncode == 0
    server = live_server("--database", str(source), admin_token=ADMIN, database=False)
    status, listed = call(server, "GET", "/api/evaluations")
    evaluation = listed["evaluations"][0]["id"]
    base = f"/api/evaluations/{evaluation}"
    status, added = call(server, "POST", f"{base}/tasks", {"tasks": [
        {"task": "修订应急预案", "unit": "省应急厅", "deadline": "2099-01-31"},
        {"task": "开展专项检查", "unit": "省住建厅", "deadline": "2020-01-31"},
    ]})
    assert status == 201, added
    assert call(server, "PUT", f"{base}/follow-up", {"offsets": [15, 45]})[0] == 200
    status, link = call(server, "POST", f"{base}/follow-up/links", {"unit": "省应急厅"})
    assert status == 201, link
    first = added["tasks"][0]["id"]
    status, report = call(server, "POST", f"/api/public/follow-up/{link['token']}/reports",
                          {"task": first, "status": "done", "evidence": "已印发"}, token="")
    assert status == 201, report
    status, before = call(server, "GET", f"{base}/follow-up")
    assert server.stop() == 0

    with closing(sqlite3.connect(source)) as db:
        counts = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}
    assert counts == {"followUpTask": 2, "followUpReport": 1, "followUpLink": 1, "followUpPlan": 1}

    target = cluster.database()
    moved = run("migrate", "--from", str(source), "--to", target)
    assert moved.returncode == 0, moved.stderr
    assert "every scorecard and included-responses digest is identical" in moved.stdout, moved.stdout
    for table in TABLES:
        assert int(cluster.psql(f"SELECT COUNT(*) FROM {table}", target)) == counts[table], table

    copy = live_server("--database", target, "--signing-key", str(tmp_path / "signing.key"), admin_token=ADMIN,
                       database=False)
    status, after = call(copy, "GET", f"{base}/follow-up")
    assert status == 200
    assert after["tasks"] == before["tasks"]
    assert after["summary"]["implementationRate"] == 0.5 and after["summary"]["offsets"] == [15, 45]
    # The unit's link works against the copy (only its digest was stored and copied), and a
    # new report continues the copied history.
    status, view = call(copy, "GET", f"/api/public/follow-up/{link['token']}", token="")
    assert status == 200 and [task["id"] for task in view["tasks"]] == [first]
    status, again = call(copy, "POST", f"/api/public/follow-up/{link['token']}/reports",
                         {"task": first, "status": "in_progress"}, token="")
    assert status == 201, again
    ids = [item["id"] for item in call(copy, "GET", f"{base}/follow-up")[1]["history"]]
    assert len(ids) == 2 and ids[1] > ids[0]
