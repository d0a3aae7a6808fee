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
