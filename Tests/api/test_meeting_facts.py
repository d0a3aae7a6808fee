"""Meeting facts over real HTTP, against a real `meeting-eval serve` (the shared `live_server`
fixture): an evaluation under the shipped Anhui 2019 standard with a combined index, attendees'
responses, then the meeting's facts.

- Facts that break two Anhui rules (a 105-minute video meeting, a 65-minute leader's speech)
  give exactly those two failed checks, the documented deductions (10 and 5 points:
  docs/scoring.md §12) and a facts score of 85;
- the signed scorecard's `combined` is 0.7 × the survey's overall + 0.3 × 85, rounded to two
  decimals, with the grade of that score, and `verify` accepts the signed document;
- a bad body is refused with every problem and changes nothing; the audit log has the facts
  before and after.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import uuid
from decimal import ROUND_HALF_UP, Decimal

from live_server import server_binary

TOKEN = "facts-admin-token-0123456789abcdef"

FACTS = {
    "plannedStart": "2026-11-20T09:00:00+08:00", "plannedEnd": "2026-11-20T10:30:00+08:00",
    "actualStart": "2026-11-20T09:12:00+08:00", "actualEnd": "2026-11-20T10:57:00+08:00",
    "attendance": [{"venue": "hefei", "expected": 40, "present": 37},
                   {"venue": "wuhu", "expected": 30, "present": 30}],
    "speeches": [{"speaker": "常务副省长", "role": "leader", "minutes": 65},
                 {"speaker": "省应急厅", "role": "report", "minutes": 8}],
    "documents": {"count": 2, "pages": 18}, "mergeable": False, "cost": 8400,
}


def answers(level: int) -> dict:
    singles = {
        "necessity": ["unnecessary", "document", "merge", "merge", "necessary"],
        "punctuality": ["major-delay", "major-delay", "minor-delay", "minor-delay", "on-time"],
        "signal": ["lost", "repeated", "brief-glitch", "brief-glitch", "stable"],
        "venue-attendance": ["many-absent", "many-absent", "few-absent", "all", "all"],
        "worth": ["not-worth", "hardly-worth", "neutral", "mostly-worth", "well-worth"],
    }
    result = {name: options[level - 1] for name, options in singles.items()}
    low = level - 1 if level > 1 else 2
    result.update({"notice": level, "time-control": low, "audio": level, "video": low, "venue-discipline": level,
                   "speech-brevity": low, "relevance": level, "task-clarity": level, "follow-up": "na"})
    return result


def call(server, method: str, path: str, body=None):
    status, _, data = server.request(method, path, body)
    return status, (json.loads(data) if data else None)


def rounded(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_facts_breaking_two_anhui_rules_give_two_checks_the_deductions_and_the_combined_score(live_server, tmp_path):
    server = live_server(admin_token=TOKEN)
    status, evaluation = call(server, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "全省安全生产视频会议", "meetingType": "teleconference",
        "meetingDate": "2026-11-20",
        "venues": [{"id": "hefei", "name": "合肥分会场", "expected": 40}, {"id": "wuhu", "name": "芜湖分会场"}],
        "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}],
        "standard": "anhui-2019", "index": {"survey": 0.7, "facts": 0.3},
    })
    assert status == 201, evaluation
    assert evaluation["standard"] == "anhui-2019" and evaluation["factsRecorded"] is False
    eid = evaluation["id"]
    assert call(server, "POST", f"/api/evaluations/{eid}/open")[0] == 200
    started = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=3)).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    for index, level in enumerate([5, 4, 4, 3, 5, 4]):
        status, receipt = call(server, "POST", f"/api/public/evaluations/{evaluation['slug']}/responses", {
            "id": str(uuid.uuid4()), "venue": ["hefei", "wuhu"][index % 2], "raterGroup": "attendees",
            "locale": "zh", "startedAt": started, "answers": answers(level)})
        assert status == 201, receipt

    # A bad body: every problem listed, nothing stored.
    status, refused = call(server, "PUT", f"/api/evaluations/{eid}/facts", {
        **FACTS, "actualEnd": "2026-11-20T09:00:00+08:00",
        "speeches": [{"speaker": "常务副省长", "role": "vip", "minutes": 65}]})
    assert status == 422, refused
    assert [issue["path"] for issue in refused["error"]["issues"]] == ["actualEnd", "speeches[0].role"]
    assert call(server, "GET", f"/api/evaluations/{eid}/facts")[1]["facts"] is None

    status, recorded = call(server, "PUT", f"/api/evaluations/{eid}/facts", FACTS)
    assert status == 200, recorded
    assessment = recorded["assessment"]
    failed = [check for check in assessment["checks"] if check["passed"] is False]
    assert [(c["rule"], c["value"], c["limit"], c["deducted"]) for c in failed] == [
        ("teleconference-duration", 105, {"max": 90}, 10),
        ("leader-speech", 65, {"max": 60}, 5),
    ]
    # The 8-minute report keeps its limit exactly; nothing else is broken.
    assert {c["rule"]: c["passed"] for c in assessment["checks"]}["report-speech"] is True
    assert assessment["deducted"] == 15 and assessment["score"] == 85 and assessment["complete"] is True
    measured = assessment["measured"]
    # (37 + 30) people × 105 minutes = 117.25 person-hours; 8400 yuan ÷ 117.25 = 71.64 yuan each.
    assert measured["personHours"] == 117.25 and measured["costPerPersonHour"] == 71.64
    assert measured["attendanceRate"] == 95.71 and measured["startDelayMinutes"] == 12

    # The signed scorecard: facts, and the combined index by the formula.
    status, document = call(server, "GET", f"/api/evaluations/{eid}/scorecard.json")
    assert status == 200
    overall = document["overall"]["score"]
    assert document["facts"]["score"] == 85
    combined = document["combined"]
    assert combined["index"] == {"survey": 0.7, "facts": 0.3}
    assert combined["survey"] == overall and combined["facts"] == 85
    assert combined["score"] == rounded((0.7 * overall + 0.3 * 85) / (0.7 + 0.3))
    grades = {"优秀": 90, "良好": 80, "合格": 60, "较差": 0}
    assert combined["grade"] == next(name for name, floor in grades.items() if combined["score"] >= floor)
    signed = tmp_path / "scorecard.json"
    signed.write_bytes(server.request("GET", f"/api/evaluations/{eid}/scorecard.json")[2])
    status, _, key = server.request("GET", "/api/signing-key")
    assert status == 200
    (tmp_path / "key.pem").write_bytes(key)
    verified = subprocess.run([str(server_binary()), "verify", str(signed), "--public-key", str(tmp_path / "key.pem")],
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # The audit log has the facts before (none) and after.
    status, audit = call(server, "GET", f"/api/audit?entity={eid}")
    events = [event for event in audit["events"] if event["action"] == "evaluation.facts"]
    assert len(events) == 1
    detail = json.loads(events[0]["detail"])
    assert detail["before"] == "null" and json.loads(detail["after"])["cost"] == 8400
