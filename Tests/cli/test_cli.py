"""End-to-end tests of the `meeting-eval` command line: validate, and serve's start-up
behaviour (defaults, data folder, surveys loading, restarts on an existing database)."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from live_server import REPO_ROOT, server_binary

# Every server below runs with this admin API token (MEETING_EVAL_ADMIN_TOKEN); get and post send it.
ADMIN_TOKEN = "cli-test-admin-token-0123456789"
AUTHORIZATION = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def get(port: int, path: str) -> tuple[int, dict]:
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=AUTHORIZATION)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def post(port: int, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else b""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method="POST", headers=AUTHORIZATION)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder laid out like the repository root: Surveys/ and Web/, no data/."""
    shutil.copytree(REPO_ROOT / "Surveys", tmp_path / "Surveys")
    shutil.copytree(REPO_ROOT / "Web", tmp_path / "Web")
    return tmp_path


@pytest.fixture
def serve(live_server, workdir: Path):
    """Starts `meeting-eval serve` in `workdir` with serve's own defaults (data folder, Surveys/,
    Web/ there; the port in MEETING_EVAL_PORT) and ADMIN_TOKEN: `serve(*args, env=..., wait=...)`
    gives the LiveServer, stopped after the test."""
    return functools.partial(live_server, folder=workdir, serve_defaults=True, admin_token=ADMIN_TOKEN)


def test_validate_accepts_the_shipped_questionnaires():
    files = sorted(str(p) for p in (REPO_ROOT / "Surveys").glob("*.yaml"))
    result = subprocess.run([server_binary(), "validate", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok (") == len(files)


def test_validate_reports_file_line_path_and_exits_1(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "id: Broken_Id\n"  # line 1: bad id
        "version: 1\n"
        "locales: [zh, en]\n"
        "title: {zh: 测试, en: Test}\n"
        "dimensions:\n"
        "  - id: d\n"
        "    title: {en: only English}\n"  # line 7: no default-locale text
        "    weight: 100\n"
        "    questions:\n"
        "      - id: q\n"
        "        type: rating\n"
        "        text: {zh: 问题, en: Question}\n"
        "        scale: {min: 5, max: 1}\n"  # line 13: min >= max
        "        colour: blue\n",  # line 14: unknown key, a warning
        encoding="utf-8",
    )
    result = subprocess.run([server_binary(), "validate", str(broken)], capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{broken}:1: id: 'Broken_Id' is not a valid id: use lowercase letters, digits and '-'" in lines
    assert any(line.startswith(f"{broken}:7: dimensions[0].title:") for line in lines), lines
    assert any(line.startswith(f"{broken}:13: dimensions[0].questions[0].scale:") for line in lines), lines
    assert any(line.startswith(f"{broken}:14: dimensions[0].questions[0].colour:") and "(warning)" in line for line in lines), lines


def test_validate_survives_garbage(tmp_path: Path):
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(b"\xff\xfe\x00 not yaml: [")
    json_file = tmp_path / "broken.json"
    json_file.write_text('{"id": ', encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    result = subprocess.run([server_binary(), "validate", str(garbage), str(json_file), str(missing)], capture_output=True, text=True)
    assert result.returncode == 1
    assert str(garbage) in result.stdout and str(json_file) in result.stdout and str(missing) in result.stdout


def test_serve_with_defaults_creates_the_data_folder_and_keeps_data_across_restarts(workdir: Path, serve):
    server = serve()
    assert "point your browser at http://127.0.0.1:" in server.log()
    assert (workdir / "data" / "meeting-eval.sqlite").exists()
    status, created = post(
        server.port,
        "/api/evaluations",
        {"questionnaire": {"id": "plenary-session"}, "title": "省政府第十次全体会议", "meetingDate": "2026-11-20"},
    )
    assert status == 201

    server.restart()
    status, evaluation = get(server.port, f"/api/evaluations/{created['id']}")
    assert status == 200 and evaluation["slug"] == created["slug"]
    status, questionnaires = get(server.port, "/api/questionnaires")
    assert {q["id"]: q["versions"] for q in questionnaires["questionnaires"]} == {
        "plenary-session": [1],
        "plenary-session-ahp": [1],
        "teleconference": [1],
        "venue-observation": [1],
    }


def test_a_changed_survey_file_becomes_a_new_version(workdir: Path, serve):
    database = workdir / "elsewhere" / "db.sqlite"
    assert serve("--database", str(database)).stop() == 0
    survey = workdir / "Surveys" / "teleconference.yaml"
    survey.write_text(survey.read_text(encoding="utf-8").replace("很好", "非常好", 1), encoding="utf-8")
    second = serve(env={"MEETING_EVAL_DATABASE": str(database)})
    assert "stored as version 2" in second.log()
    status, latest = get(second.port, "/api/questionnaires/teleconference")
    assert status == 200 and latest["version"] == 2
    status, old = get(second.port, "/api/questionnaires/teleconference/versions/1")
    assert status == 200 and old["digest"] != latest["digest"]


def test_serve_refuses_to_start_with_an_invalid_survey_file(workdir: Path, serve):
    (workdir / "Surveys" / "zz-broken.yaml").write_text("id: x\nversion: 0\n", encoding="utf-8")
    server = serve(wait=False)
    assert server.exit_status() == 1
    output = server.log()
    assert "zz-broken.yaml:2: version: must be a positive whole number" in output
    assert "zz-broken.yaml" in output and "locales" in output
