"""Fixtures every pytest suite may use; the suites' own conftest files add theirs."""

from __future__ import annotations

import pytest

from live_server import LiveServer


@pytest.fixture
def live_server(tmp_path):
    """A factory of `meeting-eval serve` processes (`LiveServer`), each stopped after the test.
    `live_server(*args, env=..., admin_token=...)`."""
    started: list[LiveServer] = []

    def start(*args: str, **options) -> LiveServer:
        server = LiveServer(tmp_path, *args, **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
