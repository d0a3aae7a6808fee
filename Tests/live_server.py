"""Starting a real `meeting-eval serve` for the pytest suites.

`LiveServer` runs the binary (`MEETING_EVAL_BIN`, or `.build/debug/meeting-eval`) on a free
loopback port with a database of its own, waits until `/healthz` answers, and stops it with
SIGTERM, as systemd and container runtimes do. `Tests/conftest.py` makes it the
`live_server` fixture.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60.0


def server_binary() -> Path:
    """The `meeting-eval` binary the tests run; fails clearly when it has not been built."""
    configured = os.environ.get("MEETING_EVAL_BIN")
    path = Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "meeting-eval"
    if not path.is_absolute():
        path = REPO_ROOT / path
    assert path.is_file() and os.access(path, os.X_OK), (
        f"{path} is missing: run `swift build` first or set MEETING_EVAL_BIN")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """One `meeting-eval serve` process. `args` are added to the command line; `env` replaces
    or adds environment variables (a value of None removes one)."""

    def __init__(self, folder: Path, *args: str, env: dict[str, str | None] | None = None,
                 admin_token: str | None = None, database: bool = True):
        self.folder = folder
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.admin_token = admin_token
        self.log_path = folder / f"serve-{self.port}.log"
        environment = dict(os.environ)
        if admin_token:
            environment["MEETING_EVAL_ADMIN_TOKEN"] = admin_token
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        command = [str(server_binary()), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--surveys", str(REPO_ROOT / "Surveys"), "--web", str(REPO_ROOT / "Web")]
        if database:
            command += ["--database", str(folder / f"db-{self.port}.sqlite")]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command + list(args), cwd=folder, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self.process.poll() is None, f"meeting-eval exited early:\n{self.log()}"
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"no /healthz within {START_TIMEOUT:.0f} s:\n{self.log()}"
            time.sleep(0.2)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def request(self, method: str, path: str, body: object | None = None,
                headers: dict[str, str] | None = None, token: str | None = None) -> tuple[int, dict, bytes]:
        """One request (with the admin token, or `token`; "" sends none); `body` is sent as JSON
        unless it is bytes. Returns (status, headers, body)."""
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        bearer = self.admin_token if token is None else token
        if bearer:
            request.add_header("Authorization", f"Bearer {bearer}")
        if data is not None and not (headers and "Content-Type" in headers):
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def open_evaluation(self, title: str = "运维测试") -> dict:
        """Creates an evaluation of the shipped teleconference questionnaire with one venue
        (`hefei`) and one rater group (`attendees`), opens it, and returns it (id, slug, ...)."""
        status, _, body = self.request("POST", "/api/evaluations", {
            "questionnaire": {"id": "teleconference"}, "title": title, "meetingDate": "2026-11-20",
            "venues": [{"id": "hefei", "name": "合肥分会场"}],
            "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}]})
        assert status == 201, body
        evaluation = json.loads(body)
        status, _, body = self.request("POST", f"/api/evaluations/{evaluation['id']}/open")
        assert status == 200, body
        return evaluation

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then wait; returns the exit status (SIGKILL after `timeout`)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode
