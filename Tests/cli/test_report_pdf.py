"""The assessment report end to end: the demo's findings, the evaluator's opinion through the
API, the printable report and its PDF printed by headless Chromium, read back with poppler's
pdftotext, pdffonts and pdfinfo (docs/scoring.md §11, issue: the report the client receives)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from test_cli import AUTHORIZATION, serve, workdir  # noqa: F401  (fixtures)
from test_scorecard_cli import demo, run

pytestmark = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="needs chromium and poppler-utils (scripts/install-test-deps)",
)


def call(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=AUTHORIZATION)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def assert_fonts_embedded(path: Path) -> None:
    """Every font is embedded and maps to Unicode (so the text, Chinese included, can be read back)."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    fonts = lines[2:]
    assert fonts, "the PDF names no font"
    for line in fonts:
        # … emb sub uni object ID: the last five columns.
        emb, _sub, uni = line.split()[-5:-2]
        assert emb == "yes", f"font not embedded: {line}"
        assert uni == "yes", f"font without a Unicode map: {line}"


def squeeze(text: str) -> str:
    """pdftotext may break lines and put spaces between CJK characters; compare without them."""
    return re.sub(r"\s+", "", text)


def test_demo_report_has_findings_and_prints_to_pdf_in_both_languages(workdir: Path):
    evaluation = demo(workdir, responses=400)
    card = json.loads(run(workdir, "scorecard", evaluation, "--format", "json", "--locale", "en").stdout)
    kinds = [finding["kind"] for finding in card["findings"]]
    assert kinds[0] == "overall"
    assert card["findings"][0]["value"] == card["overall"]["score"]
    # The demo's built-in differences show: a weak dimension, a weak venue, a sceptical group.
    weakest = next(f for f in card["findings"] if f["kind"] == "weakestDimension")
    assert weakest["subject"] == "av-quality" and weakest["attention"]
    assert any(f["kind"] == "venueBelow" and f["subject"] == "huainan" for f in card["findings"]), kinds
    assert any(f["kind"] == "groupBelow" and f["subject"] == "public" for f in card["findings"]), kinds
    huainan = next(v for v in card["venues"] if v["id"] == "huainan")
    assert huainan["response"]["low"] and huainan["response"]["rate"] < 0.5
    assert any(f["kind"] == "venueResponseRate" and f["subject"] == "huainan" for f in card["findings"])
    assert card["evaluation"]["client"] and card["evaluation"]["assessor"] and card["evaluation"]["reportNumber"]
    assert card["opinion"] is None

    score = f"{card['overall']['score']:.2f}"
    for locale, words in (
        ("zh", ["会议质量第三方评估报告", "委托单位", "草稿", "主要发现", "评估机构（盖章）", "附录一", "附录三", "淮南分会场"]),
        ("en", ["Independent meeting quality evaluation report", "Client", "Draft", "Findings", "Assessor (seal)",
                "Appendix A", "Appendix C", "Huainan branch venue"]),
    ):
        pdf = workdir / f"report-{locale}.pdf"
        result = run(workdir, "scorecard", evaluation, "--format", "pdf", "--locale", locale, "--output", str(pdf),
                     "--comments", "5")
        assert result.returncode == 0, result.stderr
        assert pdf.read_bytes().startswith(b"%PDF")
        text = squeeze(pdf_text(pdf))
        assert score in text
        for word in words:
            assert squeeze(word) in text, (locale, word)
        assert squeeze(card["evaluation"]["reportNumber"]) in text
        assert_fonts_embedded(pdf)
        pages = pdf_pages(pdf)
        assert 6 <= pages <= 40, pages


def test_opinion_through_the_api_signs_and_ends_the_draft(workdir: Path, serve):
    evaluation = demo(workdir, responses=120)
    server = serve("--assessor", "默认评估机构", "--time-zone", "Asia/Shanghai")
    status, body, _ = call(server.port, "GET", f"/api/evaluations/{evaluation}")
    assert status == 200 and json.loads(body)["pdfReport"] is True

    # Bad bodies are refused and store nothing.
    for bad in ({}, {"text": ""}, {"text": 5}, {"text": "x" * 20001}):
        status, body, _ = call(server.port, "PUT", f"/api/evaluations/{evaluation}/opinion", bad)
        assert status == 422, (bad, body)
    status, _, _ = call(server.port, "PUT", "/api/evaluations/no-such-one/opinion", {"text": "x"})
    assert status == 404
    status, body, _ = call(server.port, "GET", f"/api/evaluations/{evaluation}")
    assert "opinion" not in json.loads(body)

    text = "会议整体组织有序，淮南分会场音视频保障需改进。\nThe public representatives were sceptical."
    status, body, _ = call(server.port, "PUT", f"/api/evaluations/{evaluation}/opinion", {"text": text})
    assert status == 200, body
    opinion = json.loads(body)["opinion"]
    assert opinion["text"] == text and opinion["author"]

    status, body, _ = call(server.port, "GET", f"/api/evaluations/{evaluation}/scorecard.json")
    card = json.loads(body)
    assert card["opinion"] == opinion
    assert card["signature"]["value"]

    status, body, _ = call(server.port, "GET", f"/api/audit?entity={evaluation}")
    assert status == 200
    events = [e for e in json.loads(body)["events"] if e["action"] == "evaluation.opinion"]
    assert len(events) == 1
    assert json.loads(events[0]["detail"]) == {"before": "", "after": text}

    status, pdf, kind = call(server.port, "GET", f"/api/evaluations/{evaluation}/scorecard.pdf?locale=zh")
    assert status == 200 and kind == "application/pdf" and pdf.startswith(b"%PDF")
    path = workdir / "api.pdf"
    path.write_bytes(pdf)
    printed = squeeze(pdf_text(path))
    assert squeeze("淮南分会场音视频保障需改进") in printed
    assert squeeze("正式报告") in printed or squeeze("阶段性报告") in printed
    assert "草稿（评估意见尚未填写）" not in printed

    status, body, _ = call(server.port, "GET", f"/api/evaluations/{evaluation}/scorecard.html?comments=x")
    assert status == 400


def test_without_chromium_the_pdf_is_unavailable(workdir: Path, serve):
    evaluation = demo(workdir, responses=30)
    server = serve("--chromium", "off")
    status, body, _ = call(server.port, "GET", f"/api/evaluations/{evaluation}/scorecard.pdf")
    assert status == 503
    assert json.loads(body)["error"]["code"] == "pdf_unavailable"
    status, body, _ = call(server.port, "GET", f"/api/evaluations/{evaluation}")
    assert json.loads(body)["pdfReport"] is False
    status, _, _ = call(server.port, "GET", f"/api/evaluations/{evaluation}/scorecard.html")
    assert status == 200


def test_bad_report_settings_on_the_command_line_are_refused(workdir: Path):
    result = run(workdir, "serve", "--time-zone", "Mars/Olympus_Mons")
    assert result.returncode != 0 and "time zone" in result.stderr
    result = run(workdir, "serve", "--chromium", "/nonexistent/chromium")
    assert result.returncode != 0 and "--chromium" in result.stderr
