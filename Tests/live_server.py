"""Starting a real `meeting-eval serve` for the pytest suites and the benchmark scripts.

`LiveServer` is the one way the tests start a server. It runs the binary (`MEETING_EVAL_BIN`,
or `.build/debug/meeting-eval`) on a free loopback port with a database of its own (a SQLite
file in its folder, or any `database` given: another file, a PostgreSQL URL), the repository's
`Surveys/` and `Web/`, extra command-line options and environment, and waits until `/healthz`
answers. Its output goes to a log file in its folder (`log()`; the tail of every running
server's log is added to a failing test's report). It stops with SIGTERM, as systemd and
container runtimes do (`stop()`), dies with SIGKILL (`kill()`), and starts again on the same
port, database and folder (`restart()`). `Tests/conftest.py` makes it the `live_server`,
`module_live_server` and `session_live_server` fixtures.
"""

from __future__ import annotations

import http.client
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


class ServerStartError(AssertionError):
    """The server exited, or did not answer /healthz in time, while starting."""


class LiveServer:
    """One `meeting-eval serve` process, run in `folder` (its working directory and the place
    of its log and default database).

    - `args` are added to the command line; `env` replaces or adds environment variables (a
      value of None removes one); `admin_token` becomes `MEETING_EVAL_ADMIN_TOKEN`.
    - `database`: True for a SQLite file of its own in `folder`, a path or PostgreSQL URL for
      that one, False for none on the command line (the environment or serve's default).
    - `serve_defaults`: only `args` on the command line, the port in `MEETING_EVAL_PORT`, so
      that serve's own defaults (data folder, `Surveys/`, `Web/` of the working directory)
      apply.
    - `port`: a fixed port instead of a free one; `log_name`: the log file's name; `web`: another
      web folder than the repository's `Web/` (an earlier version, for a comparison).
    - `wait`: False returns at once (see `wait_ready` and `exit_status`, for a start that is
      meant to fail); `binary`: another binary than `server_binary()`; `preexec_fn` runs in the
      child before the binary (signal dispositions, resource limits).
    """

    running: list[LiveServer] = []

    def __init__(self, folder: Path, *args: str, env: dict[str, str | None] | None = None,
                 admin_token: str | None = None, database: bool | str | Path = True,
                 serve_defaults: bool = False, port: int | None = None, log_name: str | None = None,
                 wait: bool = True, binary: str | Path | None = None, start_timeout: float = START_TIMEOUT,
                 preexec_fn=None, web: str | Path | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.admin_token = admin_token
        self.start_timeout = start_timeout
        self.preexec_fn = preexec_fn
        self.log_path = self.folder / (log_name or f"serve-{self.port}.log")
        self.environment = dict(os.environ)
        if admin_token:
            self.environment["MEETING_EVAL_ADMIN_TOKEN"] = admin_token
        command = [str(Path(binary).resolve() if binary else server_binary()), "serve"]  # it runs in `folder`
        if serve_defaults:
            self.environment["MEETING_EVAL_PORT"] = str(self.port)
            database = False
        else:
            command += ["--host", "127.0.0.1", "--port", str(self.port),
                        "--surveys", str(REPO_ROOT / "Surveys"), "--web", str(web or REPO_ROOT / "Web")]
        for name, value in (env or {}).items():
            if value is None:
                self.environment.pop(name, None)
            else:
                self.environment[name] = value
        if database is True:
            database = self.folder / f"db-{self.port}.sqlite"
        self.database: str | Path | None = database or None
        if self.database is not None:
            command += ["--database", str(self.database)]
        self.command = command + list(args)
        self.process: subprocess.Popen | None = None
        self.start(wait=wait, mode="wb")

    @property
    def origin(self) -> str:
        return self.base_url

    def start(self, wait: bool = True, mode: str = "ab") -> None:
        """Starts the process (again, after a stop or kill: same port, database and folder; the
        log goes on in the same file)."""
        assert self.process is None or self.process.poll() is not None, "the server is running"
        with open(self.log_path, mode) as log:
            if mode == "ab":
                log.write(f"---- started again at {time.strftime('%H:%M:%S')}\n".encode())
                log.flush()
            self.process = subprocess.Popen(self.command, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=self.environment,
                                            preexec_fn=self.preexec_fn)
        LiveServer.running.append(self)
        if wait:
            try:
                self.wait_ready()
            except BaseException:
                self.kill()
                raise

    def wait_ready(self, pause: float = 0.1) -> None:
        """Until `/healthz` answers 200; ServerStartError (with the log) if the process exits first
        or `start_timeout` passes."""
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.process.poll() is not None:
                raise ServerStartError(f"meeting-eval exited with {self.process.returncode} while starting:\n"
                                       f"{self.log()[-8000:]}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                raise ServerStartError(f"no /healthz within {self.start_timeout:.0f} s:\n{self.log()[-8000:]}")
            time.sleep(pause)

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def request(self, method: str, path: str, body: object | None = None,
                headers: dict[str, str] | None = None, token: str | None = None,
                timeout: float = 30) -> tuple[int, dict, bytes]:
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
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def exchange(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                 timeout: float = 30) -> tuple[int, http.client.HTTPMessage, object]:
        """One request with exactly these headers (no token, no Content-Type unless given) on a
        connection of its own: (status, headers, the body as JSON, else as text, None if empty)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return response.status, response.headers, parsed

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

    def exit_status(self, timeout: float = 60) -> int:
        """Waits for the process to end on its own (a start meant to fail); its exit status."""
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._forget()

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then wait; returns the exit status (SIGKILL after `timeout`)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._forget()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash: no shutdown at all."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._forget()

    def restart(self, wait: bool = True) -> None:
        """SIGTERM, then the same command again: same port, database and folder."""
        self.stop()
        self.start(wait=wait)

    def _forget(self) -> None:
        if self in LiveServer.running:
            LiveServer.running.remove(self)
