"""Operations against a real `meeting-eval serve`: `--log-format json` writes one JSON object
per line with the request's id, `X-Request-Id` comes back on every answer, `/metrics`
counts HTTP requests by route and status, and every metric the sample Prometheus alerts in
deploy/prometheus use is one the server publishes."""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid

import yaml

from live_server import REPO_ROOT, server_binary

ADMIN_TOKEN = "ops-tests-admin-token-91d0c2"
ALERTS = REPO_ROOT / "deploy" / "prometheus" / "meeting-eval-alerts.yml"


def _samples(text: str) -> dict[str, float]:
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def test_json_logs_carry_the_request_id_in_every_line(live_server):
    server = live_server("--log-format", "json", "--log-level", "debug", admin_token=ADMIN_TOKEN)
    given = f"client-{uuid.uuid4()}"
    status, headers, _ = server.request("GET", "/api/evaluations", headers={"X-Request-Id": given})
    assert status == 200 and headers["X-Request-Id"] == given
    # A refused request names its id too, and one without an id gets the server's own.
    status, headers, _ = server.request("GET", "/api/evaluations", token="", headers={"X-Request-Id": "refused-1"})
    assert status == 401 and headers["X-Request-Id"] == "refused-1"
    status, headers, _ = server.request("GET", "/healthz")
    made = headers["X-Request-Id"]
    assert status == 200 and made and made != given
    server.stop()

    lines = server.log().splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all(isinstance(record, dict) and {"time", "level", "message", "logger"} <= record.keys()
               for record in records)
    assert any(record["message"].startswith("MeetingEval is ready") for record in records)
    for request_id in (given, "refused-1"):
        lines_of_request = [record for record in records if record.get("request_id") == request_id]
        assert lines_of_request, request_id
    # Each request's lines (the debug request log) name its id: no request line lacks one.
    request_lines = [record for record in records if "hb.request.path" in record]
    assert request_lines and all(record.get("request_id") for record in request_lines), request_lines


def test_an_unknown_log_format_is_refused(tmp_path):
    result = subprocess.run([str(server_binary()), "serve", "--log-format", "xml", "--database",
                             str(tmp_path / "db.sqlite")], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "unknown log format 'xml'" in result.stderr, result.stderr


def test_http_requests_are_counted_by_route_and_status(live_server):
    server = live_server(admin_token=ADMIN_TOKEN)
    slug = server.open_evaluation()["slug"]
    for _ in range(3):
        assert server.request("GET", "/api/evaluations")[0] == 200
    assert server.request("GET", "/api/evaluations/no-such-evaluation")[0] == 404
    assert server.request("GET", "/no/such/page")[0] == 404
    submission = {"id": str(uuid.uuid4()), "venue": "hefei", "raterGroup": "attendees", "answers": {}}
    assert server.request("POST", f"/api/public/evaluations/{slug}/responses", submission)[0] == 422
    # The middleware counts a request once its answer is written, so the count of the last one
    # may trail its answer by a moment.
    last = 'meeting_eval_http_requests_total{route="/api/public/evaluations/{slug}/responses",method="POST",status="422"}'
    deadline = time.monotonic() + 5
    while True:
        status, headers, body = server.request("GET", "/metrics")
        assert status == 200, body
        values = _samples(body.decode())
        if last in values or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert values['meeting_eval_http_requests_total{route="/api/evaluations",method="GET",status="200"}'] == 3
    assert values['meeting_eval_http_requests_total{route="/api/evaluations/{id}",method="GET",status="404"}'] == 1
    assert values['meeting_eval_http_requests_total{route="NotFound",method="GET",status="404"}'] == 1
    assert values['meeting_eval_http_requests_total{route="/api/public/evaluations/{slug}/responses",'
                  'method="POST",status="422"}'] == 1
    count = values['meeting_eval_http_request_duration_seconds_count{route="/api/evaluations",method="GET",status="200"}']
    assert count == 3
    assert values['meeting_eval_http_request_duration_seconds_sum{route="/api/evaluations",method="GET",status="200"}'] > 0


def test_the_sample_alerts_use_metrics_the_server_publishes(live_server):
    server = live_server(admin_token=ADMIN_TOKEN)
    slug = server.open_evaluation()["slug"]
    answers = {"necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4, "audio": 5,
               "video": 4, "signal": "stable", "venue-attendance": "all", "venue-discipline": 4,
               "speech-brevity": 3, "relevance": 4, "task-clarity": 5, "follow-up": "na", "worth": "well-worth"}
    submission = {"id": str(uuid.uuid4()), "venue": "hefei", "raterGroup": "attendees", "answers": answers}
    assert server.request("POST", f"/api/public/evaluations/{slug}/responses", submission)[0] == 201
    refused = {**submission, "id": str(uuid.uuid4()), "answers": {}}
    assert server.request("POST", f"/api/public/evaluations/{slug}/responses", refused)[0] == 422
    assert server.request("GET", "/healthz")[0] == 200
    published = {line.split(" ")[2] for line in server.request("GET", "/metrics")[2].decode().splitlines()
                 if line.startswith("# TYPE ")}
    rules = yaml.safe_load(ALERTS.read_text())["groups"][0]["rules"]
    assert {rule["alert"] for rule in rules} >= {"MeetingEvalSubmissionErrors", "MeetingEvalCommitLatencyHigh",
                                                 "MeetingEvalDatabaseUnreachable"}
    for rule in rules:
        assert rule["labels"]["severity"] in ("critical", "warning") and rule["annotations"]["summary"]
        for name in re.findall(r"\b(meeting_eval_[a-z_]+)", rule["expr"]):
            base = re.sub(r"_(bucket|count|sum)$", "", name)
            assert base in published, (rule["alert"], name, sorted(published))
