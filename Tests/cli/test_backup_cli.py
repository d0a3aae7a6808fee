"""`meeting-eval backup FILE`: a consistent, complete copy of the live database, taken while
the server keeps accepting responses."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path

from live_server import server_binary
from test_cli import get, post, serve, workdir  # noqa: F401  (fixtures)

ANSWERS = {
    "necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4, "audio": 5, "video": 4,
    "signal": "stable", "venue-attendance": "all", "venue-discipline": 4, "speech-brevity": 3, "relevance": 4,
    "task-clarity": 5, "follow-up": "na", "worth": "well-worth",
}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([server_binary(), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_backup_while_serving_is_consistent_and_complete(workdir: Path, serve):
    server = serve()
    status, evaluation = post(server.port, "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "备份测试", "meetingDate": "2026-11-20",
    })
    assert status == 201, evaluation
    assert post(server.port, f"/api/evaluations/{evaluation['id']}/open")[0] == 200
    path = f"/api/public/evaluations/{evaluation['slug']}/responses"
    acknowledged: list[str] = []
    stop = threading.Event()

    def submit() -> None:
        while not stop.is_set():
            response_id = str(uuid.uuid4())
            if post(server.port, path, {"id": response_id, "answers": ANSWERS})[0] == 201:
                acknowledged.append(response_id)

    for _ in range(20):
        submit_once = str(uuid.uuid4())
        assert post(server.port, path, {"id": submit_once, "answers": ANSWERS})[0] == 201
        acknowledged.append(submit_once)
    before = list(acknowledged)
    writer = threading.Thread(target=submit)
    writer.start()
    try:
        copies = []
        for index in range(3):
            target = workdir / "backups" / f"copy-{index}.sqlite"
            result = run(workdir, "backup", str(target))
            assert result.returncode == 0, result.stderr
            assert "integrity ok" in result.stdout
            copies.append(target)
    finally:
        stop.set()
        writer.join()
    for copy in copies:
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in db.execute("SELECT id FROM response")}
        # Everything acknowledged before the backup started is in the copy, and nothing else
        # than acknowledged (or in-flight) responses.
        assert set(before) <= stored
        assert len(stored) <= len(acknowledged) + 1
    # The server kept serving throughout.
    assert get(server.port, f"/api/evaluations/{evaluation['id']}")[1]["counts"]["responses"] == len(acknowledged)


def test_backup_refuses_to_overwrite_and_reports_a_missing_database(workdir: Path):
    missing = run(workdir, "backup", str(workdir / "copy.sqlite"), "--database", str(workdir / "none.sqlite"))
    assert missing.returncode != 0 and "no database" in missing.stderr
    assert not (workdir / "copy.sqlite").exists()
    made = run(workdir, "demo", "--responses", "5")
    assert made.returncode == 0, made.stderr
    demo_id = next(line.split()[2].rstrip(":") for line in made.stdout.splitlines() if line.startswith("Demo evaluation "))
    first = run(workdir, "backup", str(workdir / "copy.sqlite"))
    assert first.returncode == 0, first.stderr
    again = run(workdir, "backup", str(workdir / "copy.sqlite"))
    assert again.returncode != 0 and "--force" in again.stderr
    forced = run(workdir, "backup", str(workdir / "copy.sqlite"), "--force")
    assert forced.returncode == 0, forced.stderr
    # The copy is a working database: the same scorecard comes out of it.
    original = json.loads(run(workdir, "scorecard", demo_id).stdout)
    copied = json.loads(run(workdir, "scorecard", demo_id, "--database", str(workdir / "copy.sqlite")).stdout)
    assert copied["overall"] == original["overall"]
    assert copied["includedResponsesDigest"] == original["includedResponsesDigest"]


def test_serve_without_group_commit_stores_each_submission_once(workdir: Path, serve):
    server = serve("--no-group-commit")
    assert "groupCommit=false" in server.log()
    status, evaluation = post(server.port, "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "基线", "meetingDate": "2026-11-20",
    })
    assert status == 201
    assert post(server.port, f"/api/evaluations/{evaluation['id']}/open")[0] == 200
    path = f"/api/public/evaluations/{evaluation['slug']}/responses"
    response_id = str(uuid.uuid4())
    assert post(server.port, path, {"id": response_id, "answers": ANSWERS})[0] == 201
    assert post(server.port, path, {"id": response_id, "answers": ANSWERS})[0] == 200
    assert get(server.port, f"/api/evaluations/{evaluation['id']}")[1]["counts"]["responses"] == 1
