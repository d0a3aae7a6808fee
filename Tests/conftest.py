"""Fixtures every pytest suite may use; the suites' own conftest files add theirs.

Servers are started only through `LiveServer` (live_server.py), by one of three factories
that differ in how long their servers live: `live_server` (one test), `module_live_server`
(one test module, for suites whose tests share a server) and `session_live_server` (the whole
run). Each is called as `factory(*args, cls=LiveServer, folder=None, **options)`: `cls` may
be a suite's subclass of LiveServer adding its own requests, `folder` defaults to a fresh
temporary folder per server, and the options are LiveServer's. Every server a factory started
is stopped when its scope ends.
"""

from __future__ import annotations

import contextlib

import pytest

from live_server import LiveServer


@contextlib.contextmanager
def _servers(new_folder):
    started: list[LiveServer] = []

    def start(*args: str, cls: type[LiveServer] = LiveServer, folder=None, **options) -> LiveServer:
        server = cls(folder or new_folder(), *args, **options)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def live_server(tmp_path_factory):
    """Servers stopped after the test."""
    with _servers(lambda: tmp_path_factory.mktemp("serve")) as start:
        yield start


@pytest.fixture(scope="module")
def module_live_server(tmp_path_factory):
    """Servers stopped after the test module."""
    with _servers(lambda: tmp_path_factory.mktemp("serve")) as start:
        yield start


@pytest.fixture(scope="session")
def session_live_server(tmp_path_factory):
    """Servers stopped at the end of the run."""
    with _servers(lambda: tmp_path_factory.mktemp("serve")) as start:
        yield start


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Adds the tail of every running server's log to a failing test's report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for server in LiveServer.running:
            report.sections.append((f"meeting-eval serve on port {server.port} (log tail)", server.log()[-8000:]))
