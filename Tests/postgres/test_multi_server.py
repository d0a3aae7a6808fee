"""Several servers on one PostgreSQL database, and what happens when one part fails.

A throwaway PostgreSQL cluster is started for this module (scripts/postgres-test-cluster, which
installs Debian's postgresql when missing) and two `meeting-eval serve` processes run on one
database in it, sharing one signing key. They must behave as one system:

- submissions spread over both land in one place, and both report the same live counts;
- one response id raced to both gives one row, one 201 and one 200;
- one invitation code raced to both gives one response;
- a close on A is refused on B in the next request; sessions, tokens and the key work on both;
- SIGKILL of one server under load: the other keeps serving and nothing acknowledged is lost;
- `pg_ctl restart -m immediate` under load: 503 with Retry-After while the database is away
  (never a 500 and never a false 201), recovery without help, every acknowledged response
  stored exactly once.

The servers are LiveServers (Tests/live_server.py): the binary comes from MEETING_EVAL_BIN
(scripts/test sets it), else .build/debug/meeting-eval.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import random
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "Benchmarks" / "submissions"))
from harness import ADMIN_TOKEN, make_response, open_evaluation  # noqa: E402
from live_server import LiveServer  # noqa: E402
from postgres_support import cluster  # noqa: E402,F401


class Server(LiveServer):
    """A server without rate limits and with ADMIN_TOKEN, on the PostgreSQL `database` given."""

    def __init__(self, folder: Path, *extra: str, **options):
        super().__init__(folder, "--log-level", "warning", "--no-rate-limits", *extra, admin_token=ADMIN_TOKEN,
                         **options)

    def call(self, method: str, path: str, body=None, headers: dict | None = None, timeout: float = 30):
        """(status, headers, parsed JSON or text); status 0 when the connection failed."""
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        # A header given as "" is left out (the public routes are called without the token).
        all_headers = {k: v for k, v in {"Authorization": f"Bearer {ADMIN_TOKEN}", **(headers or {})}.items() if v}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        try:
            return self.exchange(method, path, data, all_headers, timeout)
        except (OSError, http.client.HTTPException):
            # No answer, or one cut off (the server was killed while sending it): not acknowledged.
            return 0, {}, None

    def submit(self, slug: str, body: bytes, timeout: float = 30):
        return self.call("POST", f"/api/public/evaluations/{slug}/responses", body, headers={"Authorization": ""},
                         timeout=timeout)



@pytest.fixture()
def pair(cluster, live_server, tmp_path):
    """Two servers (A, B) on one new database, sharing one signing key; and the database URL."""
    database = cluster.database()
    key = str(tmp_path / "signing-key.pem")
    a = live_server("--signing-key", key, cls=Server, database=database)
    b = live_server("--signing-key", key, cls=Server, database=database)
    return a, b, database


def stored_ids(cluster: Cluster, database: str, evaluation_id: str) -> list[str]:
    out = cluster.psql(f"SELECT id FROM response WHERE evaluationId = '{evaluation_id}'", database)
    return [line for line in out.splitlines() if line]


def test_two_servers_are_one_system(pair, cluster):
    a, b, database = pair
    evaluation = open_evaluation(a.port, "两台服务器")
    slug = evaluation["slug"]
    rng = random.Random(7)
    sent = [make_response(rng) for _ in range(120)]
    for index, (_, body) in enumerate(sent):
        status, _, reply = (a if index % 2 else b).submit(slug, body)
        assert status == 201, reply
    for server in (a, b):
        status, _, detail = server.call("GET", f"/api/evaluations/{evaluation['id']}")
        assert status == 200 and detail["counts"]["responses"] == 120, detail
    assert sorted(stored_ids(cluster, database, evaluation["id"])) == sorted(i for i, _ in sent)

    # Sessions and tokens made on one server work on the other.
    name, password = f"ops-{uuid.uuid4().hex[:6]}", f"pw-{uuid.uuid4().hex}"
    assert a.call("POST", "/api/users", {"name": name, "role": "evaluator", "password": password})[0] == 201
    status, headers, _ = a.call("POST", "/api/session", {"name": name, "password": password}, headers={"Authorization": ""})
    assert status == 200
    cookie = headers["Set-Cookie"].split(";")[0]
    status, _, me = b.call("GET", "/api/session", headers={"Authorization": "", "Cookie": cookie})
    assert status == 200 and me["name"] == name and me["credential"] == "session", me
    status, _, made = b.call("POST", "/api/tokens", {"label": "both", "account": name})
    assert status == 201, made
    status, _, listed = a.call("GET", f"/api/evaluations/{evaluation['id']}/scorecard.json",
                               headers={"Authorization": f"Bearer {made['secret']}"})
    assert status == 200 and listed["responses"]["included"] == 120

    # One key signs on both.
    assert a.call("GET", "/api/signing-key")[2] == b.call("GET", "/api/signing-key")[2]

    # A close on A is refused on B in the next request.
    assert a.call("POST", f"/api/evaluations/{evaluation['id']}/close")[0] == 200
    status, _, refused = b.submit(slug, make_response(rng)[1])
    assert status == 409 and refused["error"]["code"] == "closed", refused


def test_one_response_id_raced_to_both_servers_is_stored_once(pair, cluster):
    a, b, database = pair
    evaluation = open_evaluation(a.port, "同一编号")
    rng = random.Random(11)
    for _ in range(20):
        response_id, body = make_response(rng)
        barrier = threading.Barrier(2)

        def send(server):
            barrier.wait()
            return server.submit(evaluation["slug"], body)[0]

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            statuses = sorted(pool.map(send, [a, b]))
        assert statuses == [200, 201], statuses
    assert len(stored_ids(cluster, database, evaluation["id"])) == 20


def test_one_invitation_code_raced_to_both_servers_gives_one_response(pair, cluster):
    a, b, database = pair
    status, _, evaluation = a.call("POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "邀请码两台", "meetingDate": "2026-11-20",
        "venues": [{"id": "hefei", "name": "合肥"}], "raterGroups": [{"id": "attendees", "name": "参会", "weight": 1}],
        "access": "invitation"})
    assert status == 201, evaluation
    assert a.call("POST", f"/api/evaluations/{evaluation['id']}/open")[0] == 200
    status, _, batch = a.call("POST", f"/api/evaluations/{evaluation['id']}/invitations", {"count": 10})
    assert status == 201, batch
    rng = random.Random(5)
    for code in batch["codes"]:
        barrier = threading.Barrier(2)

        def send(server):
            body = json.loads(make_response(rng)[1])
            body.update(token=code, venue="hefei", raterGroup="attendees")
            encoded = json.dumps(body).encode()
            barrier.wait()
            status, _, reply = server.submit(evaluation["slug"], encoded)
            return status, (reply or {}).get("error", {}).get("code") if status != 201 else None

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            outcomes = sorted(pool.map(send, [a, b]), key=lambda o: o[0])
        assert outcomes == [(201, None), (409, "code_used")], outcomes
    assert len(stored_ids(cluster, database, evaluation["id"])) == 10


def load(servers, slug: str, stop: threading.Event, acknowledged: dict, statuses: list, seed: int):
    """Submits until `stop`, to the servers in turn; records every answer's status and the
    ids acknowledged with 201 or 200 (each id is retried until acknowledged)."""
    rng = random.Random(seed)
    pending = None
    turn = seed
    while not stop.is_set():
        if pending is None:
            pending = make_response(rng)
        response_id, body = pending
        server = servers[turn % len(servers)]
        turn += 1
        if server.process.poll() is not None:
            continue
        status, headers, reply = server.submit(slug, body, timeout=30)
        statuses.append((status, headers.get("Retry-After")))
        if status in (200, 201):
            acknowledged[response_id] = status
            pending = None
        elif status not in (0, 503):
            raise AssertionError(f"unexpected {status}: {reply}")
        else:
            time.sleep(0.05)


def run_load(servers, slug, action, workers: int = 4, before: float = 2.0, after: float = 4.0):
    stop = threading.Event()
    acknowledged: dict = {}
    statuses: list = []
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(load, servers, slug, stop, acknowledged, statuses, seed) for seed in range(workers)]
        time.sleep(before)
        action()
        time.sleep(after)
        stop.set()
        for future in futures:
            future.result()
    return acknowledged, statuses


def test_sigkill_of_one_server_under_load_loses_nothing(pair, cluster):
    a, b, database = pair
    evaluation = open_evaluation(a.port, "停机一台")
    acknowledged, statuses = run_load([a, b], evaluation["slug"], a.kill)
    assert len(acknowledged) > 50, f"too little load got through: {len(acknowledged)}"
    late = [s for s, _ in statuses[len(statuses) // 2:] if s in (200, 201)]
    assert late, "B stopped serving after A was killed"
    stored = stored_ids(cluster, database, evaluation["id"])
    assert len(stored) == len(set(stored))
    missing = set(acknowledged) - set(stored)
    assert not missing, f"{len(missing)} acknowledged responses are not stored"
    assert b.call("GET", "/healthz")[0] == 200


def test_database_restart_under_load_answers_503_and_recovers(pair, cluster):
    a, b, database = pair
    evaluation = open_evaluation(a.port, "数据库重启")
    acknowledged, statuses = run_load([a, b], evaluation["slug"], cluster.restart_immediately, after=8.0)
    codes = {s for s, _ in statuses}
    assert codes <= {200, 201, 503, 0}, codes
    assert 500 not in codes
    assert all(retry for status, retry in statuses if status == 503), "a 503 without Retry-After"
    # Recovered by itself: the last answers are successes again.
    assert any(s in (200, 201) for s, _ in statuses[-20:]), statuses[-20:]
    stored = stored_ids(cluster, database, evaluation["id"])
    assert len(stored) == len(set(stored))
    missing = set(acknowledged) - set(stored)
    assert not missing, f"{len(missing)} acknowledged responses are not stored"
    # Every stored response was acknowledged, or was in flight when the database went away.
    assert len(set(stored) - set(acknowledged)) <= 4 * 2
