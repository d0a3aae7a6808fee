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
from sample_answers import teleconference_answers as answers

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


def create_open(server, title: str, date: str, organization: str, meeting_type: str = "teleconference") -> dict:
    status, evaluation = call(server, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": title, "meetingType": meeting_type, "meetingDate": date,
        "venues": [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": "芜湖分会场"}],
        "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}],
        "standard": "anhui-2019", "index": {"survey": 0.7, "facts": 0.3}, "organization": organization,
    })
    assert status == 201, evaluation
    assert call(server, "POST", f"/api/evaluations/{evaluation['id']}/open")[0] == 200
    return evaluation


def test_the_yearly_picture_counts_meetings_against_the_target_and_names_the_venues_below(live_server):
    server = live_server(admin_token=TOKEN)
    for organization in ("province", "city"):
        assert call(server, "POST", "/api/organizations", {"id": organization, "name": organization})[0] == 201
    # Three meetings in 2025, two in 2026 (and a draft, which does not count): 2 ≤ ⌊3 × 0.9⌋ = 2.
    for month in ("03", "06", "09"):
        create_open(server, f"2025年{month}月调度会", f"2025-{month}-10", "province")
    call(server, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "未开的草稿", "meetingDate": "2026-05-01",
        "organization": "province"})
    video = create_open(server, "全省视频调度会", "2026-04-10", "province")
    plenary = create_open(server, "全体会议", "2026-08-10", "province", meeting_type="plenary")
    create_open(server, "另一单位的会", "2026-04-11", "city")
    started = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=3)).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    # Hefei answers far below Wuhu at the video meeting: significantly below the rest.
    for index in range(16):
        venue, level = ("hefei", 1 + index % 2) if index < 8 else ("wuhu", 5 - index % 2)
        status, _ = call(server, "POST", f"/api/public/evaluations/{video['slug']}/responses", {
            "id": str(uuid.uuid4()), "venue": venue, "raterGroup": "attendees", "locale": "zh",
            "startedAt": started, "answers": answers(level)})
        assert status == 201
    assert call(server, "PUT", f"/api/evaluations/{video['id']}/facts", FACTS)[0] == 200
    assert call(server, "PUT", f"/api/evaluations/{plenary['id']}/facts", {
        "actualStart": "2026-08-10T09:00:00+08:00", "actualEnd": "2026-08-10T10:00:00+08:00",
        "mergeable": True})[0] == 200

    # Two decisions of the video meeting; the responsible unit reports one done through its link.
    base = f"/api/evaluations/{video['id']}"
    status, created = server.request("POST", f"{base}/tasks/import",
                                     "事项,责任单位,完成时限\r\n修订防汛预案,省水利厅,2099-12-31\r\n排查病险水库,省水利厅,2099-12-31\r\n".encode(),
                                     headers={"Content-Type": "text/csv"})[0:3:2]
    assert status == 201, created
    tasks = json.loads(created)["tasks"]
    status, link = call(server, "POST", f"{base}/follow-up/links", {"unit": "省水利厅"})
    assert status == 201, link
    status, _, _ = server.request("POST", f"/api/public/follow-up/{link['token']}/reports",
                                  {"task": tasks[0]["id"], "status": "done", "evidence": "预案已印发"}, token="")
    assert status == 201

    status, report = call(server, "GET", "/api/organizations/province/yearly?year=2026")
    assert status == 200, report
    assert report["followUp"] == {"tasks": 2, "done": 1, "doneOnTime": 1, "overdue": 0,
                                  "implementationRate": 0.5, "onTimeShare": 1}
    assert [e["implementationRate"] for e in report["evaluations"]] == [0.5, None]
    meetings = report["meetings"]
    assert (meetings["count"], meetings["previousYear"], meetings["change"]) == (2, 3, -0.3333)
    assert (meetings["targetReduction"], meetings["targetMeetings"], meetings["targetMet"]) == (10, 2, True)
    assert meetings["withFacts"] == 2
    # 105 and 60 minutes; the video meeting broke its 90-minute limit, the plenary has none.
    assert report["duration"] == {"mean": 82.5, "limited": 1, "overLimit": 1}
    assert report["mergeable"] == {"judged": 2, "mergeableOrReplaceable": 1, "share": 0.5}
    by_type = {row["meetingType"]: row for row in report["byType"]}
    assert set(by_type) == {"teleconference", "plenary"}
    assert by_type["teleconference"]["facts"] == 85 and by_type["plenary"]["facts"] == 90
    status, document = call(server, "GET", f"/api/evaluations/{video['id']}/scorecard.json")
    assert by_type["teleconference"]["survey"] == document["overall"]["score"]
    assert by_type["teleconference"]["combined"] == document["combined"]["score"]
    assert [(v["id"], v["below"], v["compared"], v["observedLast"]) for v in report["venuesBelow"]] == [
        ("hefei", 1, 1, 0)]
    assert [e["title"] for e in report["evaluations"]] == ["全省视频调度会", "全体会议"]

    status, headers, page = server.request("GET", "/api/organizations/province/yearly.html?year=2026")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src" not in headers["Content-Security-Policy"] and "default-src 'none'" in headers["Content-Security-Policy"]
    text = page.decode()
    assert "province 2026年度会议评估情况" in text and "合肥分会场" in text and "≤ 2 · 已达到" in text
    assert "1 / 2 (50%)" in text

    # Bad years, another organization's organizer, a missing organization.
    assert call(server, "GET", "/api/organizations/province/yearly?year=twenty")[0] == 422
    assert call(server, "GET", "/api/organizations/province/yearly?year=1999")[0] == 422
    assert call(server, "GET", "/api/organizations/nowhere/yearly?year=2026")[0] == 404
    status, _, _ = server.request("POST", "/api/users", {
        "name": "city-organizer", "role": "organizer", "password": "city-organizer-pass-1", "organizations": ["city"]})
    assert status == 201
    status, _, body = server.request("POST", "/api/tokens", {"label": "yearly", "account": "city-organizer"})
    city = json.loads(body)["secret"]
    own, _, _ = server.request("GET", "/api/organizations/city/yearly?year=2026", token=city)
    foreign, _, foreign_body = server.request("GET", "/api/organizations/province/yearly?year=2026", token=city)
    missing, _, missing_body = server.request("GET", "/api/organizations/nowhere/yearly?year=2026", token=city)
    assert own == 200 and foreign == 404 and foreign_body == missing_body
