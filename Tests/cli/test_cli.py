"""End-to-end tests of the `meeting-eval` command line: validate, and serve's start-up
behaviour (defaults, data folder, surveys loading, restarts on an existing database)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# Every Server below runs with this admin API token (MEETING_EVAL_ADMIN_TOKEN); get and post send it.
ADMIN_TOKEN = "cli-test-admin-token-0123456789"
AUTHORIZATION = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def binary() -> str:
    configured = os.environ.get("MEETING_EVAL_BIN")
    path = Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "meeting-eval"
    if not path.is_absolute():
        path = REPO_ROOT / path
    assert path.exists(), f"{path} is missing: run `swift build` first or set MEETING_EVAL_BIN"
    return str(path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


class Server:
    """`meeting-eval serve` started in `cwd` with extra arguments and environment, with ADMIN_TOKEN
    as its admin API token unless `env` names another."""

    def __init__(self, cwd: Path, args: list[str] | None = None, env: dict | None = None, port: int | None = None):
        self.port = port or free_port()
        self.log = cwd / f"serve-{self.port}-{time.monotonic_ns()}.log"
        environment = {**os.environ, "MEETING_EVAL_PORT": str(self.port), "MEETING_EVAL_ADMIN_TOKEN": ADMIN_TOKEN,
                       **(env or {})}
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [binary(), "serve", *(args or [])], cwd=cwd, env=environment, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server exited early:\n{self.output()}"
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server did not become healthy:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder laid out like the repository root: Surveys/ and Web/, no data/."""
    shutil.copytree(REPO_ROOT / "Surveys", tmp_path / "Surveys")
    shutil.copytree(REPO_ROOT / "Web", tmp_path / "Web")
    return tmp_path


def test_validate_accepts_the_shipped_questionnaires():
    files = sorted(str(p) for p in (REPO_ROOT / "Surveys").glob("*.yaml"))
    result = subprocess.run([binary(), "validate", *files], capture_output=True, text=True)
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
    result = subprocess.run([binary(), "validate", str(broken)], capture_output=True, text=True)
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
    result = subprocess.run([binary(), "validate", str(garbage), str(json_file), str(missing)], capture_output=True, text=True)
    assert result.returncode == 1
    assert str(garbage) in result.stdout and str(json_file) in result.stdout and str(missing) in result.stdout


def test_serve_with_defaults_creates_the_data_folder_and_keeps_data_across_restarts(workdir: Path):
    server = Server(workdir)
    try:
        server.wait_ready()
        assert "point your browser at http://127.0.0.1:" in server.output()
        assert (workdir / "data" / "meeting-eval.sqlite").exists()
        status, created = post(
            server.port,
            "/api/evaluations",
            {"questionnaire": {"id": "plenary-session"}, "title": "省政府第十次全体会议", "meetingDate": "2026-11-20"},
        )
        assert status == 201
    finally:
        server.stop()

    restarted = Server(workdir)
    try:
        restarted.wait_ready()
        status, evaluation = get(restarted.port, f"/api/evaluations/{created['id']}")
        assert status == 200 and evaluation["slug"] == created["slug"]
        status, questionnaires = get(restarted.port, "/api/questionnaires")
        assert {q["id"]: q["versions"] for q in questionnaires["questionnaires"]} == {
            "plenary-session": [1],
            "plenary-session-ahp": [1],
            "teleconference": [1],
            "venue-observation": [1],
        }
    finally:
        restarted.stop()


def test_a_changed_survey_file_becomes_a_new_version(workdir: Path):
    database = workdir / "elsewhere" / "db.sqlite"
    first = Server(workdir, ["--database", str(database)])
    try:
        first.wait_ready()
    finally:
        first.stop()
    survey = workdir / "Surveys" / "teleconference.yaml"
    survey.write_text(survey.read_text(encoding="utf-8").replace("很好", "非常好", 1), encoding="utf-8")
    second = Server(workdir, env={"MEETING_EVAL_DATABASE": str(database)})
    try:
        second.wait_ready()
        assert "stored as version 2" in second.output()
        status, latest = get(second.port, "/api/questionnaires/teleconference")
        assert status == 200 and latest["version"] == 2
        status, old = get(second.port, "/api/questionnaires/teleconference/versions/1")
        assert status == 200 and old["digest"] != latest["digest"]
    finally:
        second.stop()


def test_serve_refuses_to_start_with_an_invalid_survey_file(workdir: Path):
    (workdir / "Surveys" / "zz-broken.yaml").write_text("id: x\nversion: 0\n", encoding="utf-8")
    server = Server(workdir)
    try:
        code = server.process.wait(timeout=60)
    finally:
        server.stop()
    assert code == 1
    output = server.output()
    assert "zz-broken.yaml:2: version: must be a positive whole number" in output
    assert "zz-broken.yaml" in output and "locales" in output
