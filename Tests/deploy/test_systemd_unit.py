"""The systemd unit in deploy/systemd: `systemd-analyze verify` accepts it, it carries the
settings operations rely on, and its environment file starts a real server that stops
cleanly on SIGTERM within the unit's stop timeout."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from live_server import REPO_ROOT, server_binary

UNIT = REPO_ROOT / "deploy" / "systemd" / "meeting-eval.service"
ENV_FILE = REPO_ROOT / "deploy" / "systemd" / "meeting-eval.env"
SYSUSERS = REPO_ROOT / "deploy" / "systemd" / "meeting-eval.sysusers.conf"
MAN_PAGE = REPO_ROOT / "deploy" / "man" / "meeting-eval.1"


def _unit() -> dict[str, dict[str, list[str]]]:
    """Section → key → every value (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


def _verify(unit_text: str, folder: Path) -> subprocess.CompletedProcess:
    """`systemd-analyze verify` of `unit_text` with ExecStart pointed at the built binary and
    the generated man page on MANPATH (the unit's Documentation= names it)."""
    unit = folder / "meeting-eval.service"
    unit.write_text(unit_text.replace("/usr/local/bin/meeting-eval", str(server_binary())))
    man = folder / "man" / "man1"
    man.mkdir(parents=True, exist_ok=True)
    shutil.copy(MAN_PAGE, man / "meeting-eval.1")
    return subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "MANPATH": str(folder / "man")})


@pytest.fixture(scope="module")
def systemd_analyze():
    if shutil.which("systemd-analyze") is None:
        pytest.fail("systemd-analyze is missing: scripts/install-test-deps installs systemd")


def test_systemd_analyze_verify_accepts_the_unit(systemd_analyze, tmp_path):
    result = _verify(UNIT.read_text(), tmp_path)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_systemd_analyze_verify_catches_a_mistake(systemd_analyze, tmp_path):
    """The check above is only worth something if verify reports a misspelt setting."""
    result = _verify(UNIT.read_text().replace("ProtectSystem=strict", "ProtectSystm=strict"), tmp_path)
    assert "Unknown key 'ProtectSystm'" in result.stderr


def test_the_unit_is_hardened_and_keeps_its_state():
    service = _unit()["Service"]
    expected = {
        "StateDirectory": "meeting-eval", "EnvironmentFile": "/etc/meeting-eval/meeting-eval.env",
        "User": "meeting-eval", "ProtectSystem": "strict", "NoNewPrivileges": "yes", "PrivateTmp": "yes",
        "ProtectHome": "yes", "PrivateDevices": "yes", "CapabilityBoundingSet": "", "KillSignal": "SIGTERM",
        "ExecStart": "/usr/local/bin/meeting-eval serve",
    }
    for key, value in expected.items():
        assert service.get(key) == [value], key
    assert int(service["LimitNOFILE"][0]) >= 65536
    assert service["TimeoutStopSec"] == ["30s"]
    # ProtectSystem=strict leaves nothing writable but the state directory, and no other
    # writable path is opened up.
    assert "ReadWritePaths" not in service
    user = SYSUSERS.read_text().split("\n")[-2].split()
    assert user[:2] == ["u", "meeting-eval"]


def _environment_file() -> dict[str, str]:
    values = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_every_variable_of_the_environment_file_is_a_setting_of_the_server():
    sources = "\n".join(path.read_text() for path in (REPO_ROOT / "Sources" / "MeetingEvalCLI").glob("*.swift"))
    settings = set(re.findall(r"MEETING_EVAL_[A-Z_]+", sources))
    names = set(_environment_file())
    assert names, "the environment file sets nothing"
    assert names <= settings, names - settings
    state = _unit()["Service"]["StateDirectory"][0]
    env = _environment_file()
    assert env["MEETING_EVAL_DATABASE"].startswith(f"/var/lib/{state}/")
    assert env["MEETING_EVAL_SIGNING_KEY"].startswith(f"/var/lib/{state}/")


def test_the_environment_file_runs_a_server_that_stops_gracefully(live_server, tmp_path):
    """The environment file as it ships, with its folders moved to the test's own: the server
    starts from it alone, is behind TLS (Secure cookies), and SIGTERM ends it with status 0
    well inside TimeoutStopSec."""
    env = _environment_file()
    env["MEETING_EVAL_DATABASE"] = str(tmp_path / "meeting-eval.sqlite")
    env["MEETING_EVAL_SIGNING_KEY"] = str(tmp_path / "signing-key.pem")
    env["MEETING_EVAL_WEB"] = str(REPO_ROOT / "Web")
    env["MEETING_EVAL_SURVEYS"] = str(REPO_ROOT / "Surveys")
    server = live_server(folder=tmp_path, env=env, admin_token="unit-test-admin-token-0f3a9c", database=False)
    assert (tmp_path / "meeting-eval.sqlite").exists() and (tmp_path / "signing-key.pem").exists()
    status, _, body = server.request("POST", "/api/users", {"name": "ops", "role": "organizer",
                                                            "password": "unit-test-password-1"})
    assert status == 201, body
    status, headers, _ = server.request("POST", "/api/session", {"name": "ops", "password": "unit-test-password-1"},
                                        token="")
    assert status == 200 and "Secure" in headers["Set-Cookie"], headers
    started = time.monotonic()
    assert server.stop(timeout=30) == 0, server.log()
    assert time.monotonic() - started < 10
