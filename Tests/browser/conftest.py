"""Fixtures for the browser tests.

The tests run the real `meeting-eval serve` binary on a free local port with a fresh
database, and drive headless Chromium through Selenium at a phone's screen size. The server
gets an admin API token (`support.ADMIN_TOKEN`, which `api()` sends) and no rate limits, so
that tests signing in many times never lock each other out; `start_server` starts another one
with other flags (the sign-in rate limit test).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import contextlib
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import ADMIN_TOKEN, ARTIFACTS, PHONE, REPO_ROOT, TEST_PASSWORD, api, create_user, start_chromium

SERVER_START_TIMEOUT = 60.0

_server_log: Path | None = None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_binary() -> Path:
    configured = os.environ.get("MEETING_EVAL_BIN")
    path = Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "meeting-eval"
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def _log_tail(limit: int = 8000) -> str:
    if _server_log is None or not _server_log.exists():
        return ""
    text = _server_log.read_text(encoding="utf-8", errors="replace")
    return text[-limit:]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attaches the server's log to every failing test report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and _server_log is not None:
        report.sections.append(("meeting-eval server log (tail)", _log_tail()))


@contextlib.contextmanager
def start_server(workdir: Path, extra: list[str] = (), log_name: str = "server.log", keep_log: str | None = None):
    """Runs `meeting-eval serve` in `workdir` on a free port with the admin token; yields its base URL."""
    global _server_log
    binary = _server_binary()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(
            f"server binary not found at {binary}; build it first (`swift build`) "
            "or point MEETING_EVAL_BIN at it",
            pytrace=False,
        )
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = workdir / log_name
    previous_log = _server_log
    _server_log = log_path
    command = [
        str(binary), "serve",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--database", str(workdir / "db.sqlite"),
        "--surveys", str(REPO_ROOT / "Surveys"),
        "--web", str(REPO_ROOT / "Web"),
        *extra,
    ]
    environment = {**os.environ, "MEETING_EVAL_ADMIN_TOKEN": ADMIN_TOKEN}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"meeting-eval exited with {process.returncode} before it was ready:\n{_log_tail()}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"meeting-eval did not answer /healthz within {SERVER_START_TIMEOUT:.0f} s:\n{_log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if keep_log and log_path.exists():
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copyfile(log_path, ARTIFACTS / keep_log)
        if previous_log is not None:
            _server_log = previous_log


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    """Starts `meeting-eval serve` (admin token, no rate limits) on a free port and yields its base URL."""
    workdir = tmp_path_factory.mktemp("meeting-eval")
    with start_server(workdir, ["--no-rate-limits"], keep_log="browser-tests-server.log") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def accounts(server) -> dict:
    """One account per role, made once: {role: {"name", "password"}}."""
    made = {}
    for role in ("organizer", "evaluator", "admin"):
        name = f"test-{role}"
        made[role] = {"name": name, "password": create_user(server, name, role, TEST_PASSWORD), "role": role}
    return made


@pytest.fixture
def browser():
    """A headless Chromium at the size of a phone, new profile (empty storage) per test."""
    driver = start_chromium(PHONE, mobile=True)
    try:
        yield driver
    finally:
        driver.quit()


EVALUATION_BODY = {
    "questionnaire": {"id": "teleconference"},
    "title": "全省安全生产工作电视电话会议",
    "meetingType": "teleconference",
    "meetingDate": "2026-11-20",
    "venues": [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": "芜湖分会场"}],
    "raterGroups": [
        {"id": "leaders", "name": "领导", "weight": 1},
        {"id": "attendees", "name": "参会人员", "weight": 2},
    ],
    "expectedRespondents": 50,
}


@pytest.fixture
def make_evaluation(server):
    """Creates an evaluation through the API, opened unless asked otherwise."""

    def make(open_it: bool = True, **overrides) -> dict:
        status, created = api(server, "POST", "/api/evaluations", {**EVALUATION_BODY, **overrides})
        assert status == 201, (status, created)
        assert created["status"] == "draft"
        assert created["slug"]
        if open_it:
            status, opened = api(server, "POST", f"/api/evaluations/{created['id']}/open")
            assert status == 200, (status, opened)
        return created

    return make
