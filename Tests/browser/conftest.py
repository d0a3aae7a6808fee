"""Fixtures for the browser tests.

The tests run the real `meeting-eval serve` binary (a `LiveServer`, started by the
`session_live_server` factory of Tests/conftest.py) on a free local port with a fresh
database, and drive headless Chromium through Selenium at a phone's screen size. The server
gets an admin API token (`support.ADMIN_TOKEN`, which `api()` sends) and no rate limits, so
that tests signing in many times never lock each other out; a test that needs other flags (the
sign-in rate limit test) starts a server of its own with the `live_server` factory.
"""

from __future__ import annotations

import shutil

import pytest

from support import ADMIN_TOKEN, ARTIFACTS, PHONE, TEST_PASSWORD, api, create_user, start_chromium


@pytest.fixture(scope="session")
def server(session_live_server) -> str:
    """`meeting-eval serve` (admin token, no rate limits) for the whole run; its base URL. Its log
    is kept among the artifacts."""
    started = session_live_server("--no-rate-limits", admin_token=ADMIN_TOKEN)
    yield started.base_url
    started.stop()
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(started.log_path, ARTIFACTS / "browser-tests-server.log")


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
