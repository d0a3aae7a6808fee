"""Rate limits against the real `meeting-eval serve`:

- a flood of submissions from one address gets 429 with Retry-After, and while it runs the
  health check and another client (another X-Forwarded-For address behind a trusted proxy)
  are answered at once;
- with the defaults, a whole venue of 300 attendees behind one NAT address submits within
  seconds without a single 429;
- `--no-rate-limits` and `0` turn limits off, the environment variables set them, and a
  negative number is refused at start.
"""

from __future__ import annotations

import http.client
import json
import secrets
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from live_server import LiveServer

# Organizer calls carry the admin token once the server asks for one; ignored before that.
ADMIN_TOKEN = secrets.token_urlsafe(24)
ANSWERS = {"necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4, "audio": 5,
           "video": 4, "signal": "stable", "venue-attendance": "all", "venue-discipline": 4, "speech-brevity": 3,
           "relevance": 4, "task-clarity": 5, "follow-up": "na", "worth": "well-worth"}


def _submission() -> bytes:
    return json.dumps({"id": str(uuid.uuid4()), "venue": "hefei", "raterGroup": "attendees",
                       "answers": ANSWERS}).encode()


class Server(LiveServer):
    """A server with ADMIN_TOKEN and an open evaluation; `path` is its submission route."""

    def __init__(self, folder: Path, *extra: str, **options):
        super().__init__(folder, "--log-level", "warning", *extra, admin_token=ADMIN_TOKEN, **options)
        evaluation = self.open_evaluation("限流测试")
        self.path = f"/api/public/evaluations/{evaluation['slug']}/responses"

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
             connection: http.client.HTTPConnection | None = None):
        """(status, headers, body); on a connection of its own unless one is given."""
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            all_headers = {"Content-Type": "application/json", "Authorization": f"Bearer {ADMIN_TOKEN}",
                           **(headers or {})}
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            if own:
                connection.close()


def test_a_flood_gets_429_with_retry_after_and_others_are_still_served(live_server):
    server = live_server("--submissions-per-minute", "20", "--trust-forwarded-for", cls=Server)
    stop = threading.Event()
    outcomes: list[tuple[int, str | None, bytes]] = []
    lock = threading.Lock()

    def flood():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            while not stop.is_set():
                status, headers, body = server.call("POST", server.path, _submission(), connection=connection)
                with lock:
                    outcomes.append((status, headers.get("Retry-After"), body))
        finally:
            connection.close()

    threads = [threading.Thread(target=flood) for _ in range(8)]
    flood_started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)  # the flood is under way
        health, others = [], []
        for index in range(10):
            started = time.monotonic()
            assert server.call("GET", "/healthz")[0] == 200
            health.append(time.monotonic() - started)
            started = time.monotonic()
            status, _, body = server.call("POST", server.path, _submission(),
                                             headers={"X-Forwarded-For": f"198.51.100.{index + 1}"})
            others.append(time.monotonic() - started)
            assert status == 201, body
            time.sleep(0.1)
        with lock:
            during = len(outcomes)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        flood_seconds = time.monotonic() - flood_started

    assert during > 100, f"only {during} flood requests were answered while the others were measured"
    assert max(health) < 1.0, f"GET /healthz took up to {max(health):.2f} s during the flood"
    assert max(others) < 1.0, f"another client's submission took up to {max(others):.2f} s during the flood"
    statuses = [status for status, _, _ in outcomes]
    assert set(statuses) <= {201, 429}, sorted(set(statuses))
    # A budget of 20 at once, then one every 3 s.
    assert 20 <= statuses.count(201) <= 20 + int(flood_seconds / 3) + 1, (statuses.count(201), flood_seconds)
    refused = [(retry_after, body) for status, retry_after, body in outcomes if status == 429]
    assert len(refused) > 100
    for retry_after, body in refused:
        assert retry_after is not None and 1 <= int(retry_after) <= 3, retry_after
        error = json.loads(body)["error"]
        assert error["code"] == "rate_limited"
        assert "秒后再试" in error["message"] and "seconds" in error["message"]
    status, _, metrics = server.call("GET", "/metrics")
    line = next(line for line in metrics.decode().splitlines()
                if line.startswith('meeting_eval_submission_rejections_total{reason="rate_limited"}'))
    assert float(line.split()[-1]) == len(refused)


def test_with_the_defaults_a_venue_behind_one_address_submits_at_once(live_server):
    """300 attendees behind one NAT address (here 127.0.0.1), all within seconds."""
    server = live_server(cls=Server)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(lambda _: server.call("POST", server.path, _submission()), range(300)))
    elapsed = time.monotonic() - started
    statuses = [status for status, _, _ in results]
    assert statuses.count(201) == 300, sorted(set(statuses))
    assert elapsed < 30, elapsed


@pytest.mark.parametrize("extra, env, limited_after", [
    (["--submissions-per-minute", "3"], {}, 3),
    ([], {"MEETING_EVAL_SUBMISSIONS_PER_MINUTE": "2"}, 2),
    (["--submissions-per-minute", "4"], {"MEETING_EVAL_SUBMISSIONS_PER_MINUTE": "1"}, 4),  # the flag wins
    (["--submissions-per-minute", "0"], {}, None),
    (["--submissions-per-minute", "1", "--no-rate-limits"], {}, None),
    ([], {"MEETING_EVAL_SUBMISSIONS_PER_MINUTE": "1", "MEETING_EVAL_RATE_LIMITS": "0"}, None),
])
def test_limits_come_from_flags_and_environment_and_turn_off(live_server, extra, env, limited_after):
    server = live_server(*extra, cls=Server, env=env)
    statuses = [server.call("POST", server.path, _submission())[0] for _ in range(12)]
    if limited_after is None:
        assert statuses == [201] * 12
    else:
        assert statuses == [201] * limited_after + [429] * (12 - limited_after)


def test_a_negative_limit_is_refused_at_start(live_server):
    server = live_server("--logins-per-minute=-1", wait=False)
    assert server.exit_status() != 0
    assert "logins-per-minute" in server.log()
