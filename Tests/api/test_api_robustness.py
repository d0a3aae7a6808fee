"""The API against a running server: openapi.yaml is a valid OpenAPI document, and random
bodies of every shape sent to every POST route get a clear 4xx, never a 500, and change
nothing that is stored."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

REPO_ROOT = Path(__file__).resolve().parents[2]
# The server's admin API token (MEETING_EVAL_ADMIN_TOKEN); _request sends it.
ADMIN_TOKEN = "robustness-admin-token-0123456789"


def test_openapi_document_is_valid():
    validate(yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8")))


def _request(base: str, method: str, path: str, data: bytes | None = None, content_type: str = "application/json"):
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {ADMIN_TOKEN}")
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def server(module_live_server):
    """(base URL, an open evaluation of the teleconference questionnaire)."""
    server = module_live_server(admin_token=ADMIN_TOKEN)
    return server.base_url, server.open_evaluation("稳健性测试")


def _stored(base: str, evaluation: dict) -> tuple:
    _, one = _request(base, "GET", f"/api/evaluations/{evaluation['id']}")
    _, every = _request(base, "GET", "/api/evaluations")
    _, questionnaires = _request(base, "GET", "/api/questionnaires")
    return json.loads(one)["counts"], len(json.loads(every)["evaluations"]), questionnaires


# JSON values of every shape, with hostile strings among them.
hostile_text = st.sampled_from([
    "", "na", "hefei", "attendees", "notice", "\u0000", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
    "' OR 1=1 --", "../../etc/passwd", "\u202e", "💥" * 50, "x" * 5000,
]) | st.text(max_size=40)
scalars = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | hostile_text
json_values = st.recursive(scalars, lambda children: st.lists(children, max_size=6)
                           | st.dictionaries(hostile_text, children, max_size=6), max_leaves=30)
# Submission-shaped bodies, so that validation runs deep instead of stopping at the top.
answer_keys = st.sampled_from(["necessity", "notice", "audio", "signal", "problems", "suggestion", "av-detail", "x"])
submissions = st.fixed_dictionaries(
    {"answers": st.dictionaries(answer_keys, json_values, max_size=8)},
    optional={
        "id": st.uuids().map(str) | hostile_text, "venue": hostile_text | json_values,
        "raterGroup": hostile_text | json_values, "startedAt": hostile_text, "locale": hostile_text,
    },
)

CLEAR_STATUSES = {200, 201, 400, 404, 409, 413, 415, 422}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=json_values | submissions, route=st.sampled_from(["responses", "evaluations", "questionnaires", "validate"]))
def test_random_bodies_get_clear_errors_and_store_nothing(server, body, route):
    base, evaluation = server
    before = _stored(base, evaluation)
    path = {
        "responses": f"/api/public/evaluations/{evaluation['slug']}/responses",
        "evaluations": "/api/evaluations",
        "questionnaires": "/api/questionnaires",
        "validate": "/api/questionnaires/validate",
    }[route]
    status, raw = _request(base, "POST", path, json.dumps(body).encode())
    assert status in CLEAR_STATUSES, (status, raw[:300])
    answer = json.loads(raw)
    if status >= 400:
        assert answer["error"]["message"], answer
    else:
        # Random bodies can be valid; then something is stored, and that is fine.
        return
    assert _stored(base, evaluation) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400), content_type=st.sampled_from(["application/json", "application/yaml", "text/plain"]))
def test_random_bytes_get_clear_errors(server, raw, content_type):
    base, evaluation = server
    before = _stored(base, evaluation)
    for path in ["/api/questionnaires/validate", f"/api/public/evaluations/{evaluation['slug']}/responses"]:
        status, body = _request(base, "POST", path, raw, content_type)
        assert status in CLEAR_STATUSES - {200, 201}, (path, status, body[:300])
        assert json.loads(body)["error"]["message"]
    assert _stored(base, evaluation) == before
    assert _request(base, "GET", "/healthz")[0] == 200


_response_ids: dict[str, str] = {}


def _one_response(base: str, evaluation: dict) -> str:
    """A stored response of the robustness evaluation, made once."""
    if evaluation["id"] not in _response_ids:
        response_id = str(uuid.uuid4())
        status, body = _request(base, "POST", f"/api/public/evaluations/{evaluation['slug']}/responses", json.dumps({
            "id": response_id, "venue": "hefei", "raterGroup": "attendees",
            "answers": {"necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4,
                        "audio": 5, "video": 4, "signal": "stable", "venue-attendance": "all",
                        "venue-discipline": 4, "speech-brevity": 3, "relevance": 4, "task-clarity": 5,
                        "follow-up": "na", "worth": "well-worth"},
        }).encode())
        assert status == 201, body
        _response_ids[evaluation["id"]] = response_id
    return _response_ids[evaluation["id"]]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=json_values | st.fixed_dictionaries({"reason": hostile_text | json_values}))
def test_random_exclusion_bodies_get_clear_errors_and_hostile_reasons_stay_text(server, body):
    base, evaluation = server
    response_id = _one_response(base, evaluation)
    path = f"/api/evaluations/{evaluation['id']}/responses/{response_id}/exclusion"
    status, raw = _request(base, "POST", path, json.dumps(body).encode())
    assert status in CLEAR_STATUSES, (status, raw[:300])
    answer = json.loads(raw)
    card_path = f"/api/evaluations/{evaluation['id']}/scorecard"
    if status >= 400:
        assert answer["error"]["message"], answer
        _, card = _request(base, "GET", card_path + ".json")
        assert json.loads(card)["screening"]["exclusions"] == []
        return
    assert status == 201
    reason = body["reason"].strip()
    assert answer["reason"] == reason
    _, card = _request(base, "GET", card_path + ".json")
    assert [e["reason"] for e in json.loads(card)["screening"]["exclusions"]] == [reason]
    _, page = _request(base, "GET", card_path + ".html")
    assert b"<script>alert(1)" not in page
    assert _request(base, "DELETE", path)[0] == 200
