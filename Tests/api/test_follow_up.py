"""The follow-up of decisions over real HTTP against `meeting-eval serve`.

An organizer imports the tasks of a meeting held 40 days ago from a CSV file, issues a link to
each responsible unit, and a unit reports over its link. The first round (30 days after the
meeting) is over, so its implementation rate stays what it was at its due date; the open
second round, the scorecard and the comparison show the rate the report changed.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from zoneinfo import ZoneInfo

ADMIN = "follow-up-admin-token-0123456789"


def call(server, method, path, body=None, **options):
    status, headers, raw = server.request(method, path, body, **options)
    return status, (json.loads(raw) if raw and headers.get("Content-Type", "").startswith("application/json") else raw)


def test_a_round_changes_the_implementation_rate(live_server):
    server = live_server(admin_token=ADMIN)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    meeting = today - dt.timedelta(days=40)
    status, evaluation = call(server, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "全省防汛工作电视电话会议",
        "meetingDate": meeting.isoformat(), "venues": [{"id": "hefei", "name": "合肥分会场"}],
        "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}]})
    assert status == 201, evaluation
    base = f"/api/evaluations/{evaluation['id']}"
    assert call(server, "POST", f"{base}/open")[0] == 200

    # A bad file is refused line by line and stores nothing.
    bad = "事项,责任单位,完成时限\n修订防汛预案,省水利厅,明年\n,省应急厅,2099-01-01\n".encode()
    status, refused = call(server, "POST", f"{base}/tasks/import", bad, headers={"Content-Type": "text/csv"})
    assert status == 422, refused
    assert [issue["line"] for issue in refused["error"]["issues"]] == [2, 3]
    assert call(server, "GET", f"{base}/tasks")[1]["tasks"] == []

    deadline = (today + dt.timedelta(days=20)).isoformat()
    csv = f"\ufeff事项,责任单位,完成时限\r\n修订防汛应急预案,省水利厅,{deadline}\r\n\"排查病险水库，建立台账\",省应急厅,{deadline}\r\n"
    status, imported = call(server, "POST", f"{base}/tasks/import", csv.encode(), headers={"Content-Type": "text/csv"})
    assert status == 201, imported
    tasks = {task["unit"]: task for task in imported["tasks"]}
    assert tasks["省应急厅"]["task"] == "排查病险水库，建立台账"

    status, overview = call(server, "GET", f"{base}/follow-up")
    assert status == 200, overview
    rounds = overview["summary"]["rounds"]
    assert [r["dueDate"] for r in rounds] == [(meeting + dt.timedelta(days=30)).isoformat(), (meeting + dt.timedelta(days=90)).isoformat()]
    assert [r["state"] for r in rounds] == ["closed", "open"]
    assert [r["figures"]["implementationRate"] for r in rounds] == [0, 0]
    assert sorted(rounds[1]["missingUnits"]) == sorted(["省应急厅", "省水利厅"])

    status, link = call(server, "POST", f"{base}/follow-up/links", {"unit": "省应急厅"})
    assert status == 201, link
    token = link["token"]
    assert link["path"] == f"/f/{token}"
    public = f"/api/public/follow-up/{urllib.parse.quote(token)}"
    # The unit needs no account: no credentials at all.
    status, view = call(server, "GET", public, token="")
    assert status == 200, view
    assert [task["id"] for task in view["tasks"]] == [tasks["省应急厅"]["id"]]
    status, report = call(server, "POST", f"{public}/reports",
                          {"task": tasks["省应急厅"]["id"], "status": "done", "evidence": "已建立台账 37 座"}, token="")
    assert status == 201, report
    assert report["status"] == "done" and report["onTime"] is True

    status, overview = call(server, "GET", f"{base}/follow-up")
    summary = overview["summary"]
    assert summary["implementationRate"] == 0.5 and summary["onTimeShare"] == 1
    # The closed round keeps the status at its due date; the open one has the report.
    assert [r["figures"]["implementationRate"] for r in summary["rounds"]] == [0, 0.5]
    assert summary["rounds"][1]["reportedUnits"] == ["省应急厅"]
    assert summary["rounds"][1]["missingUnits"] == ["省水利厅"]

    # A round whose due date is today: it holds the report too; the first is still 0.
    status, changed = call(server, "PUT", f"{base}/follow-up", {"offsets": [30, 40, 90]})
    assert status == 200, changed
    assert [r["state"] for r in changed["summary"]["rounds"]] == ["closed", "open", "upcoming"]
    assert [r["figures"] and r["figures"]["implementationRate"] for r in changed["summary"]["rounds"]] == [0, 0.5, None]

    status, scorecard = call(server, "GET", f"{base}/scorecard.json")
    assert status == 200
    assert scorecard["followUp"]["implementationRate"] == 0.5
    assert scorecard["followUp"]["tasks"] == 2 and scorecard["followUp"]["done"] == 1
    assert "signature" in scorecard
    status, comparison = call(server, "GET", "/api/questionnaires/teleconference/comparison")
    row = next(item for item in comparison["evaluations"] if item["id"] == evaluation["id"])
    assert row["followUp"]["implementationRate"] == 0.5

    # The reported task can no longer be corrected; the other one can.
    status, refused = call(server, "PATCH", f"{base}/tasks/{tasks['省应急厅']['id']}", {"deadline": "2099-01-01"})
    assert status == 409 and refused["error"]["code"] == "task_reported"
    status, corrected = call(server, "PATCH", f"{base}/tasks/{tasks['省水利厅']['id']}", {"deadline": "2099-01-01"})
    assert status == 200 and corrected["deadline"] == "2099-01-01"

    # Reissuing the link stops the old one.
    status, again = call(server, "POST", f"{base}/follow-up/links", {"unit": "省应急厅"})
    assert status == 201
    assert call(server, "GET", public, token="")[0] == 404
    assert call(server, "GET", f"/api/public/follow-up/{urllib.parse.quote(again['token'])}", token="")[0] == 200
    # The unit's page is served for the link.
    status, page = call(server, "GET", again["path"], token="")
    assert status == 200 and b"follow-up" in page
