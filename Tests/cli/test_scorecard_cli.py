"""End-to-end tests of `meeting-eval demo` and `meeting-eval scorecard`: the demo fills a
database, the command line prints the same scorecard as the API, in every format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import urllib.request
from pathlib import Path

from live_server import server_binary
from test_cli import AUTHORIZATION, serve, workdir  # noqa: F401  (fixtures)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([server_binary(), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def demo(cwd: Path, responses: int = 120) -> str:
    result = run(cwd, "demo", "--responses", str(responses))
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("Demo evaluation "))
    return line.split()[2].rstrip(":")


def fetch(port: int, path: str) -> bytes:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=AUTHORIZATION)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def test_demo_then_scorecard_in_every_format_matches_the_api(workdir: Path, serve):
    evaluation = demo(workdir)
    card = json.loads(run(workdir, "scorecard", evaluation, "--format", "json").stdout)
    assert card["evaluation"]["id"] == evaluation
    assert "DEMO" in card["evaluation"]["title"]
    assert card["responses"]["received"] == 120
    assert card["responses"]["excluded"]["manual"] == 1
    assert 0 <= card["overall"]["score"] <= 100
    assert card["overall"]["ci95"] is not None
    assert len(card["venues"]) == 10 and len(card["raterGroups"]) == 3
    assert len(card["comments"]) == card["commentCount"]

    server = serve()
    try:
        from_api = json.loads(fetch(server.port, f"/api/evaluations/{evaluation}/scorecard.json"))
        html = fetch(server.port, f"/api/evaluations/{evaluation}/scorecard.html").decode()
    finally:
        server.stop()
    for key in ("responses", "overall", "dimensions", "questions", "raterGroups", "venues", "comments"):
        assert from_api[key] == card[key], key
    assert from_api["includedResponsesDigest"] == card["includedResponsesDigest"]

    table = run(workdir, "scorecard", evaluation, "--format", "csv").stdout
    assert table.startswith("\ufeffsection,")
    rows = list(csv.reader(io.StringIO(table.lstrip("\ufeff"))))
    overall = next(row for row in rows if row[0] == "overall")
    assert float(overall[rows[0].index("score")]) == card["overall"]["score"]

    out = workdir / "report" / "scorecard.html"
    out.parent.mkdir()
    written = run(workdir, "scorecard", evaluation, "--format", "html", "--output", str(out))
    assert written.returncode == 0, written.stderr
    text = out.read_text()
    assert text.startswith("<!doctype html>") or text.lower().startswith("<!doctype html>")
    assert "<svg" in text and "<script" not in text.lower()
    assert text.count("<svg") == html.count("<svg")


def test_scorecard_by_slug_and_english_locale(workdir: Path, serve):
    evaluation = demo(workdir, responses=30)
    card = json.loads(run(workdir, "scorecard", evaluation).stdout)
    server = serve()
    try:
        slug = json.loads(fetch(server.port, f"/api/evaluations/{evaluation}"))["slug"]
    finally:
        server.stop()
    by_slug = json.loads(run(workdir, "scorecard", slug, "--locale", "en").stdout)
    assert by_slug["evaluation"]["id"] == evaluation
    assert by_slug["locale"] == "en"
    assert by_slug["overall"]["score"] == card["overall"]["score"]
    assert by_slug["overall"]["grade"] != card["overall"]["grade"]  # 良好 vs Good


def test_scorecard_errors_are_clear(workdir: Path):
    missing = run(workdir, "scorecard", "no-such-evaluation", "--database", str(workdir / "none.sqlite"))
    assert missing.returncode != 0
    assert "no database" in missing.stderr
    demo(workdir, responses=5)
    unknown = run(workdir, "scorecard", "00000000-0000-0000-0000-000000000000")
    assert unknown.returncode != 0
    assert "no evaluation" in unknown.stderr
    bad_format = run(workdir, "scorecard", "x", "--format", "pdf")
    assert bad_format.returncode != 0
