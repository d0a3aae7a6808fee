"""Durability under crashes and connection bursts, against the real `meeting-eval serve`.

Runs the two scripts of Benchmarks/submissions as subprocesses with CI-sized settings:

- crash.py --rounds 2 (on SQLite, and with --postgres on PostgreSQL): the server is killed with
  SIGKILL under load twice; every acknowledged response must be stored exactly once, the
  file must pass integrity_check, and
  replays and resubmissions of in-flight ids must answer 200/201 with the original receipt;
- burst.py --clients 1000: a thousand clients each open a new connection and submit once
  (with retries); every one must end with 201/200 and the database must hold one row each.

The binary comes from MEETING_EVAL_BIN (scripts/test sets it to the debug build), else
.build/debug/meeting-eval. Run alone with `python3 -m pytest -q Tests/durability`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from live_server import REPO_ROOT, server_binary

SCRIPTS = REPO_ROOT / "Benchmarks" / "submissions"


def run_script(name: str, *args: str, timeout: float = 120) -> None:
    command = [sys.executable, str(SCRIPTS / name), "--binary", str(server_binary()), *args]
    # Its own process group, so that a timeout also ends the server the script started.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"{name} did not finish within {timeout:.0f} s\n--- stdout\n{stdout}\n--- stderr\n{stderr}")
    print(stdout)  # shown with -s or -rA, and in the report of a failure
    assert process.returncode == 0, (
        f"{' '.join(command[1:])} exited with {process.returncode}\n--- stdout\n{stdout}\n--- stderr\n{stderr}")


def test_acknowledged_submissions_survive_sigkill():
    run_script("crash.py", "--rounds", "2")


def test_a_burst_of_new_connections_is_stored_once_each():
    run_script("burst.py", "--clients", "1000")


def test_acknowledged_submissions_survive_sigkill_on_postgres():
    """The same kills with the server on PostgreSQL (a throwaway cluster the script starts)."""
    run_script("crash.py", "--rounds", "2", "--postgres", timeout=300)
