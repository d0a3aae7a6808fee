"""The Excel workbook and the SPSS/PSPP export, read by the programs that use them: openpyxl
reads `scorecard.xlsx` and every value is checked against the JSON scorecard; GNU PSPP runs
`responses.sps` on `responses-wide.csv` and the mean and count of every rating variable over
the included responses must be the scorecard's. The questionnaire has every question type,
a conditional question, an `other` option, and ids that collide or grow too long once they
are SPSS names; the answers carry text that XML, CSV and SPSS syntax must all survive."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import urllib.error
import urllib.request
import uuid
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from test_distribution_and_live import AUTHORIZATION, Server as _Server

LONG_ID = "very-long-question-id-" + "x" * 42  # 64 characters: q_ + 64 is over SPSS's limit
TEXTS = [
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
    "+1 less <b>bold</b> & 'quoted' \"double\"",
    "会场音响效果差，建议提前调试。",
    "line one\nline two\r\nline three",
    "-5 minutes late; @everyone",
    "emoji 🎤 and a tab\there",
]


def definition() -> dict:
    scale = {"min": 1, "max": 5, "labels": {"1": {"zh": "很差", "en": "Poor"}, "5": {"zh": "很好", "en": "Good"}}}
    return {
        "id": "export-check", "version": 1, "locales": ["zh", "en"],
        "title": {"zh": "导出检查问卷", "en": "Export check"},
        "dimensions": [
            {"id": "organisation", "title": {"zh": "会议组织", "en": "Organisation"}, "weight": 0.6, "questions": [
                {"id": "a-b", "type": "rating", "text": {"zh": "通知是否及时？", "en": "Was the notice 'on time'?"},
                 "scale": scale, "allowNotApplicable": True},
                {"id": LONG_ID, "type": "rating", "text": {"zh": "长编号题目", "en": "A long id"},
                 "scale": {"min": 0, "max": 10}},
                {"id": "necessity", "type": "single", "text": {"zh": "会议是否必要？", "en": "Was it necessary?"},
                 "options": [
                     {"id": "yes", "text": {"zh": "必要", "en": "Necessary"}, "score": 100},
                     {"id": "partly", "text": {"zh": "部分必要", "en": "Partly"}, "score": 50},
                     {"id": "no", "text": {"zh": "不必要", "en": "Not necessary"}, "score": 0},
                     {"id": "unsure", "text": {"zh": "说不清", "en": "Cannot say"}, "notApplicable": True},
                 ]},
            ]},
            {"id": "effect", "title": {"zh": "会议效果", "en": "Effect"}, "weight": 0.4, "questions": [
                {"id": "clarity", "type": "rating", "text": {"zh": "部署是否清楚？", "en": "Were the tasks clear?"},
                 "scale": {"min": 1, "max": 5}},
                {"id": "why-unclear", "type": "rating", "text": {"zh": "不清楚的程度", "en": "How unclear"},
                 "scale": {"min": 1, "max": 5}, "showIf": {"question": "necessity", "in": ["partly", "no"]}},
            ]},
            {"id": "unscored", "title": {"zh": "其他", "en": "Other"}, "questions": [
                {"id": "a", "type": "multiple", "text": {"zh": "问题有哪些？", "en": "Which problems?"}, "options": [
                    {"id": "b", "text": {"zh": "超时", "en": "Overtime"}},
                    {"id": "sound", "text": {"zh": "音响", "en": "Sound"}},
                    {"id": "other", "text": {"zh": "其他", "en": "Other"}, "other": True},
                ]},
                {"id": "suggestion", "type": "text", "text": {"zh": "意见建议", "en": "Suggestions"}, "maxLength": 500},
            ]},
        ],
    }


class Server(_Server):
    """A server without rate limits (a hundred submissions from one address) with a JSON call
    that also returns raw bytes."""

    def __init__(self, folder: Path, **options):
        super().__init__(folder, "--no-rate-limits", **options)

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=AUTHORIZATION)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, method: str, path: str, body=None):
        status, _, data = self.call(method, path, body)
        return status, json.loads(data or b"null")


def answers_for(rng: random.Random, index: int) -> dict:
    answers = {
        "a-b": "na" if rng.random() < 0.15 else rng.randint(1, 5),
        LONG_ID: rng.randint(0, 10),
        "necessity": rng.choice(["yes", "yes", "partly", "no", "unsure"]),
        "clarity": rng.randint(1, 5),
    }
    if answers["necessity"] in ("partly", "no"):
        answers["why-unclear"] = rng.randint(1, 5)
    if rng.random() < 0.7:
        chosen = rng.sample(["b", "sound", "other"], rng.randint(1, 3))
        answers["a"] = chosen
        if "other" in chosen:
            answers["a.other"] = TEXTS[index % len(TEXTS)][:200]
    if rng.random() < 0.6:
        answers["suggestion"] = TEXTS[(index * 7) % len(TEXTS)]
    return answers


@pytest.fixture(scope="module")
def scenario(module_live_server):
    server = module_live_server(cls=Server)
    folder = server.folder
    status, body = server.json("POST", "/api/questionnaires", definition())
    assert status == 201, body
    status, evaluation = server.json("POST", "/api/evaluations", {
        "questionnaire": {"id": "export-check"}, "title": "导出检查 'export' check", "meetingDate": "2026-11-30",
        "venues": [{"id": "hefei", "name": "合肥主会场"}, {"id": "wuhu", "name": "芜湖分会场"},
                   {"id": "anqing", "name": "安庆 'quoted' venue"}],
        "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 2}, {"id": "leaders", "name": "领导", "weight": 1}],
        "expectedRespondents": 120, "screening": {"minSeconds": 20, "excludeFlagged": True},
    })
    assert status == 201, evaluation
    status, draft = server.json("POST", "/api/evaluations", {
        "questionnaire": {"id": "export-check"}, "title": "draft", "meetingDate": "2026-12-01",
        "venues": [{"id": "hefei", "name": "合肥"}],
    })
    assert status == 201, draft
    assert server.json("POST", f"/api/evaluations/{evaluation['id']}/open")[0] == 200
    rng = random.Random(14)
    ids = []
    now = datetime.now(timezone.utc)
    for index in range(90):
        started = now - timedelta(seconds=5 if index % 11 == 0 else rng.randint(40, 300))
        response_id = str(uuid.uuid4())
        status, body = server.json("POST", f"/api/public/evaluations/{evaluation['slug']}/responses", {
            "id": response_id, "venue": rng.choice(["hefei", "wuhu", "anqing"]),
            "raterGroup": rng.choice(["attendees", "attendees", "leaders"]), "locale": "zh",
            "startedAt": started.isoformat().replace("+00:00", "Z"), "answers": answers_for(rng, index),
        })
        assert status == 201, body
        ids.append(response_id)
    base = f"/api/evaluations/{evaluation['id']}/responses"
    assert server.json("POST", f"{base}/{ids[3]}/exclusion", {"reason": "同一人重复提交 <dup>"})[0] == 201
    assert server.json("POST", f"{base}/{ids[4]}/exclusion", {"reason": "test"})[0] == 201
    assert server.json("DELETE", f"{base}/{ids[4]}/exclusion", {"reason": "mistake"})[0] == 200
    yield server, evaluation, draft, folder


def get_json_path(card: dict, path: str):
    value = card
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def workbook(server: Server, evaluation: dict, locale: str | None = None):
    query = f"?locale={locale}" if locale else ""
    status, headers, data = server.call("GET", f"/api/evaluations/{evaluation['id']}/scorecard.xlsx{query}")
    assert status == 200, data[:300]
    assert headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"scorecard-{evaluation['id']}.xlsx" in headers["Content-Disposition"]
    return data, openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def number(cell, expected, fmt: str):
    """A numeric cell with the given format holding the JSON's value (empty for null)."""
    if expected is None:
        assert cell.value is None, cell.coordinate
        return
    assert cell.data_type == "n", (cell.coordinate, cell.value)
    assert cell.value == pytest.approx(expected, abs=1e-9), cell.coordinate
    assert cell.number_format == fmt, (cell.coordinate, cell.number_format)


def test_the_workbook_holds_the_json_scorecard_value_for_value(scenario):
    server, evaluation, _, _ = scenario
    status, card = server.json("GET", f"/api/evaluations/{evaluation['id']}/scorecard.json")
    assert status == 200
    data, book = workbook(server, evaluation)
    assert card["locale"] == "zh"
    assert book.sheetnames == ["概览", "一级指标", "题目", "会场", "会场×一级指标", "评价主体", "评估发现", "意见建议", "数据筛查"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
        assert sheet.column_dimensions["A"].width > 8 and sheet.column_dimensions["B"].width > 8

    overview = book["概览"]
    keys = {}
    for label, value, key in overview.iter_rows(min_row=2):
        keys[key.value] = value
        expected = get_json_path(card, key.value) if not key.value.startswith("overall.ci95") or card["overall"]["ci95"] else None
        if key.value == "generatedAt":  # a second request, a moment later
            assert value.value[:2] == "20" and value.value.endswith("Z")
        elif isinstance(expected, bool):
            assert value.data_type == "b" and value.value is expected
        elif isinstance(expected, (int, float)):
            fmt = {"responses.responseRate": "0.00%", "overall.gradeConfidence": "0.00%"}.get(key.value)
            fmt = fmt or ("0.00" if key.value.startswith("overall.score") or key.value.startswith("overall.ci95") else "General")
            number(value, expected, fmt)
        elif expected is None:
            assert value.value is None, key.value
        else:
            assert value.value == expected, key.value
        assert label.value and label.data_type == "s"
    for path in ("overall.score", "overall.grade", "responses.included", "responses.excluded.manual",
                 "responses.responseRate", "includedResponsesDigest", "screening.excludeFlagged", "commentCount"):
        assert path in keys, path
    assert card["responses"]["excluded"]["manual"] == 1 and card["responses"]["excluded"]["speeder"] > 0

    sheet = book["一级指标"]
    assert len(rows(sheet)) == len(card["dimensions"])
    for row, dimension in zip(sheet.iter_rows(min_row=2), card["dimensions"]):
        assert [row[0].value, row[1].value] == [dimension["id"], dimension["title"]]
        number(row[2], dimension["weight"], "0.00%")
        number(row[3], dimension["score"], "0.00")
        number(row[4], dimension["n"], "General")
        number(row[5], dimension["alpha"], "0.00")
        number(row[6], dimension["alphaN"], "General")
        stable = dimension["gradeStableWeight"]
        number(row[7], stable and stable["low"], "0.00%")
        number(row[8], stable and stable["high"], "0.00%")

    sheet = book["题目"]
    assert len(rows(sheet)) == len(card["questions"])
    for row, question in zip(sheet.iter_rows(min_row=2), card["questions"]):
        assert [c.value for c in row[:4]] == [question["id"], question["dimension"], question["type"], question["text"]]
        number(row[4], question["weight"], "0.00%")
        number(row[5], question["score"], "0.00")
        number(row[6], question["mean"], "0.00")
        number(row[7], question["n"], "General")
        number(row[8], question["sd"], "0.00")
        number(row[9], question["notApplicable"], "General")
        pairs = [(row[i].value, row[i + 1].value) for i in range(10, len(row), 2) if row[i].value is not None]
        expected = [(int(k) if question["type"] == "rating" else k, v) for k, v in question["distribution"].items()]
        assert pairs == expected, question["id"]
    assert any(q["distribution"] for q in card["questions"] if q["type"] == "multiple")

    sheet = book["会场"]
    for row, venue in zip(sheet.iter_rows(min_row=2), card["venues"], strict=True):
        assert [row[0].value, row[1].value, row[4].value] == [venue["id"], venue["name"], venue["grade"]]
        number(row[2], venue["n"], "General")
        number(row[3], venue["score"], "0.00")
        comparison = venue["comparison"]
        number(row[5], comparison["difference"], "0.00")
        number(row[6], comparison["ci95"] and comparison["ci95"][0], "0.00")
        number(row[7], comparison["ci95"] and comparison["ci95"][1], "0.00")
        number(row[8], comparison["p"], "General")
        number(row[9], comparison["pAdjusted"], "General")
        assert row[10].value == comparison["flag"]

    sheet = book["会场×一级指标"]
    assert [c.value for c in sheet[1]] == ["编号", "名称"] + [d["title"] for d in card["dimensions"]]
    for row, venue in zip(sheet.iter_rows(min_row=2), card["venues"], strict=True):
        assert row[0].value == venue["id"]
        for cell, part in zip(row[2:], venue["dimensions"], strict=True):
            number(cell, part["score"], "0.00")

    sheet = book["评价主体"]
    for row, group in zip(sheet.iter_rows(min_row=2), card["raterGroups"], strict=True):
        assert [row[0].value, row[1].value] == [group["id"], group["name"]]
        number(row[2], group["weight"], "0.00%")
        number(row[3], group["appliedWeight"], "0.00%")
        number(row[4], group["n"], "General")
        number(row[5], group["score"], "0.00")
        number(row[6], group["comparison"]["difference"], "0.00")
        for cell, part in zip(row[12:], group["dimensions"], strict=True):
            number(cell, part["score"], "0.00")

    sheet = book["意见建议"]
    listed = rows(sheet)
    assert len(listed) == card["commentCount"] == len(card["comments"])
    for row, comment in zip(listed, card["comments"]):
        assert row[:4] == [comment["question"], comment["venue"], comment["raterGroup"], comment.get("option")]
        assert row[4] == comment["text"]
    texts = {row[4] for row in listed}
    assert TEXTS[0] in texts and TEXTS[1] in texts and TEXTS[3] in texts

    sheet = book["数据筛查"]
    listed = rows(sheet)
    in_force = card["screening"]["exclusions"]
    history = card["screening"]["exclusionHistory"]
    assert len(listed) == len(in_force) + len(history) == 4
    for row, entry in zip(listed, in_force + history):
        assert row[2:] == [entry["response"], entry["reason"], entry["by"], entry["at"]]
    assert [row[1] for row in listed] == ["excluded"] + [entry["action"] for entry in history]

    # One row per finding, with the figures behind it.
    listed = rows(book["评估发现"])
    assert card["findings"] and len(listed) == len(card["findings"])
    for row, finding in zip(listed, card["findings"]):
        assert row[0] == finding["kind"] and row[1] == (1 if finding["attention"] else 0)
        assert row[8] == finding["text"]
        for column, key in [(4, "value"), (5, "reference"), (6, "difference"), (7, "p")]:
            expected = finding.get(key)
            assert (row[column] is None) if expected is None else row[column] == pytest.approx(expected, abs=1e-9), key

    # A text that looks like a formula is an inline string, never a formula.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name).decode() for name in archive.namelist()}
    assert not any("<f>" in text or "<f " in text for text in parts.values())
    comments_xml = parts[f"xl/worksheets/sheet{book.sheetnames.index('意见建议') + 1}.xml"]
    assert 't="inlineStr" s="4"><is><t xml:space="preserve">=HYPERLINK(&quot;http://example.invalid&quot;' in comments_xml
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &apos;quoted&apos;" in comments_xml
    formula = next(c for c in book["意见建议"]["E"] if c.value == TEXTS[0])
    assert formula.data_type == "s"


def test_english_workbook_and_the_same_figures(scenario):
    server, evaluation, _, _ = scenario
    _, book = workbook(server, evaluation, "en")
    assert book.sheetnames == ["Overview", "Dimensions", "Questions", "Venues", "Venues x dimensions", "Rater groups",
                               "Findings", "Comments", "Screening"]
    status, card = server.json("GET", f"/api/evaluations/{evaluation['id']}/scorecard.json?locale=en")
    assert status == 200
    assert [c.value for c in book["Dimensions"][1]][:4] == ["ID", "Title", "Weight", "Score"]
    assert [r[1] for r in rows(book["Questions"])] == [q["dimension"] for q in card["questions"]]
    assert [r[3] for r in rows(book["Questions"])] == [q["text"] for q in card["questions"]]
    grade = next(r for r in book["Overview"].iter_rows(min_row=2, values_only=True) if r[2] == "overall.grade")
    assert grade[1] == card["overall"]["grade"]


def pair(server: Server, evaluation: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    status, headers, data = server.call("GET", f"/api/evaluations/{evaluation['id']}/responses-wide.csv")
    assert status == 200, data[:300]
    assert headers["Content-Type"].startswith("text/csv")
    name = f"responses-wide-{evaluation['id']}.csv"
    assert name in headers["Content-Disposition"]
    (folder / name).write_bytes(data)
    status, headers, syntax = server.call("GET", f"/api/evaluations/{evaluation['id']}/responses.sps")
    assert status == 200, syntax[:300]
    sps = folder / f"responses-{evaluation['id']}.sps"
    assert sps.name in headers["Content-Disposition"]
    sps.write_bytes(syntax)
    return folder / name, sps


def run_pspp(folder: Path, script: str) -> subprocess.CompletedProcess:
    assert shutil.which("pspp"), "pspp is missing: run scripts/install-test-deps"
    (folder / "check.sps").write_text(script, encoding="utf-8")
    result = subprocess.run(["pspp", "-b", "-o", str(folder / "check.txt"), "check.sps"], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    listing = (folder / "check.txt").read_text(encoding="utf-8", errors="replace") if (folder / "check.txt").exists() else ""
    assert result.returncode == 0, result.stdout + result.stderr + listing
    assert "error" not in listing.lower() and "warning" not in listing.lower(), listing
    return result


def test_pspp_reads_the_pair_and_every_rating_mean_is_the_scorecards(scenario):
    server, evaluation, _, folder = scenario
    status, card = server.json("GET", f"/api/evaluations/{evaluation['id']}/scorecard.json")
    data, sps = pair(server, evaluation, folder / "spss")
    header = data.read_text(encoding="utf-8").splitlines()[0].split(",")
    # Sanitized, de-duplicated, at most 64 bytes.
    assert header[:6] == ["response_id", "included", "venue", "rater_group", "received_at", "duration_s"]
    assert "q_a_b" in header and "q_a_b_2" in header  # question a-b, then option b of question a
    assert "q_a_sound" in header and "q_a_other" in header and "q_a_other_text" in header
    long_name = next(name for name in header if name.startswith("q_very_long"))
    assert len(long_name.encode()) <= 64 and long_name.endswith("_2")
    assert len({name.upper() for name in header}) == len(header)
    assert all(name[0].isalpha() and name.replace("_", "a").isalnum() and name.isascii() for name in header)

    ratings = {"q_a_b": ("a-b", 1, 5), long_name: (LONG_ID, 0, 10), "q_clarity": ("clarity", 1, 5),
               "q_why_unclear": ("why-unclear", 1, 5)}
    names = list(ratings)
    script = f"INSERT FILE={sps.name!r}.\n"
    script += "SELECT IF included = 1.\n"
    script += "COMPUTE everyone = 1.\n"
    script += "AGGREGATE /OUTFILE=* /BREAK=everyone\n"
    script += "".join(f"  /m{i}=MEAN({name}) /n{i}=NU({name})\n" for i, name in enumerate(names)) + "  /cases=N.\n"
    script += "FORMATS " + " ".join(f"m{i}" for i in range(len(names))) + " (F24.12).\n"
    script += "SAVE TRANSLATE /OUTFILE='means.csv' /TYPE=CSV /FIELDNAMES /REPLACE.\n"
    run_pspp(data.parent, script)
    with open(data.parent / "means.csv", encoding="utf-8") as handle:
        result = next(csv.DictReader(handle))
    questions = {q["id"]: q for q in card["questions"]}
    assert int(float(result["cases"])) == card["responses"]["included"]
    for i, name in enumerate(names):
        qid, low, high = ratings[name]
        question = questions[qid]
        raw = float(result[f"m{i}"])
        assert abs(100 * (raw - low) / (high - low) - question["mean"]) <= 0.005 + 1e-9, (name, raw, question["mean"])
        assert int(float(result[f"n{i}"])) == question["n"], name
    assert questions["a-b"]["notApplicable"] > 0  # -1 was declared missing, not averaged


def test_pspp_sees_the_labels_codes_and_texts(scenario):
    server, evaluation, _, folder = scenario
    data, sps = pair(server, evaluation, folder / "labels")
    script = f"INSERT FILE={sps.name!r}.\n"
    script += "SAVE TRANSLATE /OUTFILE='labelled.csv' /TYPE=CSV /FIELDNAMES /CELLS=LABELS /REPLACE.\n"
    script += "DISPLAY DICTIONARY.\n"
    script += "SAVE OUTFILE='responses.sav'.\n"  # what R's haven::read_sav reads (README)
    run_pspp(data.parent, script)
    assert (data.parent / "responses.sav").read_bytes()[:4] == b"$FL2"
    with open(data.parent / "labelled.csv", encoding="utf-8") as handle:
        labelled = list(csv.DictReader(handle))
    with open(data, encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    assert len(labelled) == len(raw) == 90
    assert {row["venue"] for row in labelled} == {"合肥主会场", "芜湖分会场", "安庆 'quoted' venue"}
    assert {row["rater_group"] for row in labelled} == {"参会人员", "领导"}
    assert {row["q_necessity"] for row in labelled} <= {"必要", "部分必要", "不必要", "说不清"}
    assert {row["included"] for row in labelled} == {"计入", "剔除"}
    assert sum(row["included"] == "剔除" for row in labelled) == sum(row["included"] == "0" for row in raw)
    assert {row["q_a_b"] for row in labelled} >= {"不适用", "很差", "很好"}
    # Raw codes in the data file: 1-based positions, -1 for not applicable, 0/1 per option.
    assert {row["q_necessity"] for row in raw} == {"1", "2", "3", "4"}
    assert "-1" in {row["q_a_b"] for row in raw}
    assert {row["q_a_sound"] for row in raw} == {"0", "1", ""}
    hidden = [row for row in raw if row["q_necessity"] in ("1", "4")]
    assert hidden and all(row["q_why_unclear"] == "" for row in hidden)
    # Texts survive the round trip on one line; a formula gets the apostrophe every CSV gives it.
    texts = {row["q_suggestion"] for row in labelled}
    assert "'" + TEXTS[0] in texts and TEXTS[2] in texts and "line one line two  line three" in texts
    assert "emoji 🎤 and a tab\there" in texts
    listing = (data.parent / "check.txt").read_text(encoding="utf-8")
    assert "通知是否及时？" in listing and "很好" in listing


def test_bad_requests_get_clear_errors(scenario):
    server, _, draft, _ = scenario
    for suffix in ("scorecard.xlsx", "responses-wide.csv", "responses.sps"):
        status, body = server.json("GET", f"/api/evaluations/{uuid.uuid4()}/{suffix}")
        assert status == 404, suffix
        status, body = server.json("GET", f"/api/evaluations/{draft['id']}/{suffix}")
        assert status == 409 and body["error"]["code"] == "wrong_state", (suffix, body)
        assert "draft" in body["error"]["message"]
