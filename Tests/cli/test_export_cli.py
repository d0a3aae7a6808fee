"""`meeting-eval scorecard --format xlsx` and `meeting-eval export --format spss`: the same
files as the API, from the database, and clear errors for what cannot be exported."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl

from test_cli import post, serve, workdir  # noqa: F401  (fixtures)
from test_scorecard_cli import demo, fetch, run


def test_xlsx_and_spss_from_the_command_line_match_the_api(workdir: Path, serve):
    evaluation = demo(workdir, responses=80)
    card = json.loads(run(workdir, "scorecard", evaluation, "--format", "json").stdout)

    book_path = workdir / "out" / "scorecard.xlsx"
    book_path.parent.mkdir()
    written = run(workdir, "scorecard", evaluation, "--format", "xlsx", "--output", str(book_path))
    assert written.returncode == 0, written.stderr
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames[0] == "概览"
    figures = {row[2]: row[1] for row in book["概览"].iter_rows(min_row=2, values_only=True)}
    assert figures["overall.score"] == card["overall"]["score"]
    assert figures["responses.received"] == 80
    assert [row[0] for row in book["会场"].iter_rows(min_row=2, values_only=True)] == [v["id"] for v in card["venues"]]

    folder = workdir / "analysis"
    exported = run(workdir, "export", evaluation, "--format", "spss", "--output", str(folder))
    assert exported.returncode == 0, exported.stderr
    data = folder / f"responses-wide-{evaluation}.csv"
    syntax = folder / f"responses-{evaluation}.sps"
    assert f"wrote {data}" in exported.stderr and f"wrote {syntax}" in exported.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([data.name, syntax.name])  # no partial files left

    server = serve()
    try:
        assert fetch(server.port, f"/api/evaluations/{evaluation}/responses-wide.csv") == data.read_bytes()
        assert fetch(server.port, f"/api/evaluations/{evaluation}/responses.sps") == syntax.read_bytes()
    finally:
        server.stop()
    assert len(data.read_text(encoding="utf-8").splitlines()) == 81

    assert shutil.which("pspp"), "pspp is missing: run scripts/install-test-deps"
    (folder / "count.sps").write_text(
        f"INSERT FILE='{syntax.name}'.\nSELECT IF included = 1.\nCOMPUTE everyone = 1.\nAGGREGATE /OUTFILE=* /BREAK=everyone /cases=N.\n"
        "SAVE TRANSLATE /OUTFILE='count.csv' /TYPE=CSV /FIELDNAMES /REPLACE.\n", encoding="utf-8")
    result = subprocess.run(["pspp", "-b", "count.sps"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    counted = (folder / "count.csv").read_text().splitlines()
    assert counted[0] == "everyone,cases" and int(float(counted[1].split(",")[1])) == card["responses"]["included"]


def test_export_errors_are_clear(workdir: Path, serve):
    evaluation = demo(workdir, responses=5)
    unknown = run(workdir, "export", "00000000-0000-0000-0000-000000000000", "--format", "spss", "--output", "x")
    assert unknown.returncode != 0 and "no evaluation" in unknown.stderr
    bad_format = run(workdir, "export", evaluation, "--format", "sav", "--output", "x")
    assert bad_format.returncode != 0 and "sav" in bad_format.stderr
    missing_output = run(workdir, "export", evaluation, "--format", "spss")
    assert missing_output.returncode != 0 and "--output" in missing_output.stderr
    (workdir / "a-file").write_text("keep me")
    onto_file = run(workdir, "export", evaluation, "--format", "spss", "--output", str(workdir / "a-file"))
    assert onto_file.returncode != 0 and "is a file, not a folder" in onto_file.stderr
    assert (workdir / "a-file").read_text() == "keep me"
    bad_xlsx = run(workdir, "scorecard", evaluation, "--format", "xls")
    assert bad_xlsx.returncode != 0 and "xlsx" in bad_xlsx.stderr

    server = serve()
    try:
        status, draft = post(server.port, "/api/evaluations", {
            "questionnaire": {"id": "teleconference"}, "title": "draft", "meetingDate": "2026-12-01"})
        assert status == 201, draft
    finally:
        server.stop()
    for args in (["export", draft["id"], "--format", "spss", "--output", "y"],
                 ["scorecard", draft["id"], "--format", "xlsx", "--output", "y.xlsx"]):
        refused = run(workdir, *args)
        assert refused.returncode != 0 and "draft" in refused.stderr, refused.stderr
    assert not (workdir / "y").exists() and not (workdir / "y.xlsx").exists()
