"""Contract tests: schemathesis (pinned in Tests/requirements.txt) generates requests for every
operation of openapi.yaml, the live-counts event stream aside, and sends them to a real
`meeting-eval serve`. Every answer must be no server error, a status code the operation
documents, a documented content type, and a body that matches the documented schema.

The run is bounded (20 cases per operation in the coverage and fuzzing phases, a fixed seed, and a time limit),
so it stays within a few minutes in CI. Rate limits are off (generated sign-ins would
otherwise be refused with 429, which is documented but hides everything else)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from live_server import REPO_ROOT

ADMIN_TOKEN = "contract-tests-admin-token-3b9e51"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# The one operation left out: a server-sent event stream never ends, so no response body can
# be checked against a schema.
EXCLUDED = ["streamLiveCounts"]
EXAMPLES_PER_OPERATION = 20
# About 3 000 cases take 70 s on two cores; the limit leaves room for a busy CI machine.
TIME_LIMIT_SECONDS = 240


def _schemathesis() -> list[str]:
    executable = shutil.which("schemathesis") or shutil.which("st")
    return [executable] if executable else [sys.executable, "-m", "schemathesis.cli"]


def test_every_operation_keeps_its_contract(live_server, tmp_path):
    server = live_server("--no-rate-limits", admin_token=ADMIN_TOKEN)
    # Something to find: an open evaluation, so that the listing operations answer with items.
    server.open_evaluation("契约测试")

    junit = tmp_path / "schemathesis.xml"
    command = [
        *_schemathesis(), "run", str(REPO_ROOT / "openapi.yaml"),
        "--url", server.base_url,
        "--header", f"Authorization: Bearer {ADMIN_TOKEN}",
        "--checks", CHECKS,
        *[argument for operation in EXCLUDED for argument in ("--exclude-operation-id", operation)],
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(EXAMPLES_PER_OPERATION),
        "--seed", "20261205",
        "--request-timeout", "20",
        # One worker: hypothesis describes its strategies with ast.parse, which Python 3.11 can
        # get wrong when two threads parse at once ("AST constructor recursion depth mismatch").
        "--workers", "1",
        "--no-shrink",
        "--report", "junit", "--report-junit-path", str(junit),
    ]
    try:
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=TIME_LIMIT_SECONDS)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"schemathesis took more than {TIME_LIMIT_SECONDS} s:\n{expired.stdout}") from None
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:] + "\n--- server log ---\n" + server.log()[-4000:]
    # It tested what it should: every operation but the excluded ones.
    document = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text())
    operations = sum(1 for item in document["paths"].values() for method in item
                     if method in ("get", "post", "put", "patch", "delete"))
    tested = operations - len(EXCLUDED)
    assert f"Selected: {tested}/{operations}" in output, output[-4000:]
    assert re.search(rf"Tested: {tested}\b", output), output[-4000:]
    assert junit.exists()
