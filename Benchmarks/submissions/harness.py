"""What the submission scripts (run.py, crash.py, burst.py) share: the release build,
`meeting-eval serve` started with the repository's Surveys and Web and polled on /healthz (by
`LiveServer` of Tests/live_server.py, the one way the tests and these scripts start a server),
an open evaluation of the shipped `teleconference` questionnaire, and complete random responses
to it.

Not a script: the others import it (`from harness import …` finds it because Python puts a
script's own folder first on sys.path).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests"))
from live_server import LiveServer, ServerStartError  # noqa: E402
VENUES = ["hefei", "wuhu", "bengbu", "anqing", "huangshan", "fuyang"]
GROUPS = [("attendees", 5), ("leaders", 3), ("public", 2)]
# The admin API token `serve` is started with (MEETING_EVAL_ADMIN_TOKEN); `call` sends it.
ADMIN_TOKEN = "benchmark-admin-token-0123456789"


# ----------------------------------------------------------------------------- server


def release_binary() -> str:
    print("building the release binary (swift build -c release --scratch-path .build-release)", flush=True)
    build = subprocess.run(
        ["swift", "build", "-c", "release", "--scratch-path", ".build-release", "--product", "meeting-eval"], cwd=ROOT)
    if build.returncode != 0:
        raise SystemExit(f"the release build failed (exit status {build.returncode}); fix it or pass --binary PATH")
    return str(ROOT / ".build-release" / "release" / "meeting-eval")


def serve(binary: str, folder: Path, database: str | Path | None = None, extra: list[str] | None = None,
          rate_limits: list[str] | None = None, log_name: str | None = None) -> LiveServer:
    """`meeting-eval serve` on a free loopback port with the repository's Surveys and Web, its
    output in `folder` (`log_name`), on `database` (a SQLite file in `folder` by default),
    answering /healthz; SystemExit with its log's tail when it does not start. Rate limits are
    off (every load comes from this one address) unless `rate_limits` gives their flags.
    ADMIN_TOKEN is an admin API token."""
    try:
        return LiveServer(folder, "--log-level", "warning",
                          *(rate_limits if rate_limits is not None else ["--no-rate-limits"]), *(extra or []),
                          binary=binary, database=database or True, admin_token=ADMIN_TOKEN, log_name=log_name)
    except ServerStartError as error:
        raise SystemExit(str(error)) from None


def call(port: int, method: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {ADMIN_TOKEN}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def open_evaluation(port: int, title: str) -> dict:
    """Creates and opens an evaluation of `teleconference` with VENUES and GROUPS."""
    evaluation = call(port, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": title, "meetingDate": "2026-11-20",
        "venues": [{"id": v, "name": v} for v in VENUES],
        "raterGroups": [{"id": g, "name": g, "weight": w} for g, w in GROUPS],
    })
    call(port, "POST", f"/api/evaluations/{evaluation['id']}/open")
    return evaluation


def log_tail(path: Path, limit: int = 4000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-limit:]
    except OSError:
        return ""


# ----------------------------------------------------------------------------- submissions


def make_response(rng: random.Random) -> tuple[str, bytes]:
    """A complete, valid response to the teleconference questionnaire with a fresh id."""
    response_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    necessity = rng.choice(["necessary", "necessary", "merge", "document", "unnecessary", "unsure"])
    signal_quality = rng.choice(["stable", "stable", "brief-glitch", "repeated", "lost"])
    answers: dict = {
        "necessity": necessity, "notice": rng.choice([1, 2, 3, 4, 5, "na"]),
        "punctuality": rng.choice(["on-time", "minor-delay", "major-delay", "unsure"]),
        "time-control": rng.randint(1, 5), "audio": rng.randint(1, 5), "video": rng.randint(1, 5),
        "signal": signal_quality,
        "venue-attendance": rng.choice(["all", "few-absent", "many-absent", "unsure"]),
        "venue-discipline": rng.randint(1, 5), "speech-brevity": rng.randint(1, 5),
        "relevance": rng.randint(1, 5), "task-clarity": rng.randint(1, 5),
        "follow-up": rng.choice([1, 2, 3, 4, 5, "na"]),
        "worth": rng.choice(["well-worth", "mostly-worth", "neutral", "hardly-worth", "not-worth"]),
    }
    if rng.random() < 0.3:
        answers["problems"] = rng.sample(
            ["avoidable", "late-notice", "overtime", "av-issues", "long-speeches", "vague-tasks"], rng.randint(1, 3))
    if signal_quality in ("repeated", "lost") and rng.random() < 0.5:
        answers["av-detail"] = "会议开始后约十分钟画面中断。"
    if necessity in ("merge", "document", "unnecessary") and rng.random() < 0.5:
        answers["streamline"] = "可与下周的专题会合并召开。"
    if rng.random() < 0.2:
        answers["suggestion"] = f"建议进一步压缩发言时间。#{rng.randint(1, 10**6)}"
    body = {"id": response_id, "venue": rng.choice(VENUES), "raterGroup": rng.choice([g for g, _ in GROUPS]),
            "locale": rng.choice(["zh", "zh", "en"]), "answers": answers}
    if rng.random() < 0.5:
        body["startedAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - rng.randint(60, 300)))
    return response_id, json.dumps(body, ensure_ascii=False).encode()
