"""Shared helpers of the browser tests: paths, sizes and a small JSON API client."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
PHONE = (390, 844)
DESKTOP = (1280, 900)


def set_viewport(driver, size: tuple[int, int], mobile: bool) -> None:
    """Gives the page an exact CSS viewport (headless windows have a minimum width)."""
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def api(base_url: str, method: str, path: str, body: object | None = None) -> tuple[int, object]:
    """One JSON request; returns (status, parsed body or None)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(f"{base_url}{path}", data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


# ---------------------------------------------------------------- evaluator pages (test_evaluate.py)


def teleconference_answers(level: int, suggestion: str | None = None) -> dict:
    """A complete, valid answer set for the shipped `teleconference` questionnaire.

    `level` 1…5 moves every rating and choice together (5 best), so responses of
    different levels give clearly different scores. Ratings are varied a little so that
    no response is straight-lining (every rating the same).
    """
    level = max(1, min(5, level))
    low = level - 1 if level > 1 else 2
    singles = {
        "necessity": ["unnecessary", "document", "merge", "merge", "necessary"],
        "punctuality": ["major-delay", "major-delay", "minor-delay", "minor-delay", "on-time"],
        "signal": ["lost", "repeated", "brief-glitch", "brief-glitch", "stable"],
        "venue-attendance": ["many-absent", "many-absent", "few-absent", "all", "all"],
        "worth": ["not-worth", "hardly-worth", "neutral", "mostly-worth", "well-worth"],
    }
    answers = {name: options[level - 1] for name, options in singles.items()}
    answers.update({
        "notice": level, "time-control": low, "audio": level, "video": low,
        "venue-discipline": level, "speech-brevity": low, "relevance": level,
        "task-clarity": level, "follow-up": "na",
    })
    if suggestion:
        answers["suggestion"] = suggestion
    return answers


def submit_response(base_url: str, slug: str, venue: str, group: str, answers: dict, seconds: float) -> str:
    """Submits one response that took `seconds` from start to submit; returns its id."""
    import datetime
    import uuid

    response_id = str(uuid.uuid4())
    started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)
    body = {
        "id": response_id, "venue": venue, "raterGroup": group, "locale": "zh",
        "startedAt": started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "answers": answers,
    }
    status, receipt = api(base_url, "POST", f"/api/public/evaluations/{slug}/responses", body)
    assert status == 201, (status, receipt)
    return response_id


def fetch_raw(url: str) -> tuple[int, dict, bytes]:
    """GET a URL as it is (no JSON parsing): status, headers (lower-case names), body."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def capture_page(driver, name: str) -> None:
    """A screenshot of the whole page into test-artifacts/ (also beyond the screen)."""
    import base64

    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0);")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True,
         "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
    )
    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


def full_page_screenshot(driver, name: str) -> None:
    """A screenshot of the whole page (not just the screen) into test-artifacts/."""
    import base64

    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0);")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


def api_text(base_url: str, method: str, path: str, text: str, content_type: str) -> tuple[int, object]:
    """One request with a text body (such as YAML); returns (status, parsed JSON or None)."""
    request = urllib.request.Request(f"{base_url}{path}", data=text.encode("utf-8"), method=method)
    request.add_header("Accept", "application/json")
    request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None
