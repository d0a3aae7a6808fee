"""The whole of what a meeting did, in one evaluation over real HTTP (the shared `live_server`
fixture): a province-wide video meeting under the Anhui 2019 standard with a combined index,
attendees at three branch venues, an observer at each, the meeting's facts, and the follow-up
of its decisions.

- the facts break two Anhui rules: exactly those two checks fail, with the documented
  deductions (10 + 5 points), and the combined index follows the formula (docs/scoring.md §12);
- the observers' checklists rank the venues by observed discipline, apart from what their own
  attendees said (§ observation, Tests/api/test_observers.py has the formula);
- a unit's report in the open follow-up round moves that round's implementation rate and the
  scorecard's (§14);
- the organization's yearly picture holds all of it (§13).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import ROUND_HALF_UP, Decimal

TOKEN = "meeting-flow-admin-token-0123456789"
VENUES = [("hefei", "合肥分会场"), ("wuhu", "芜湖分会场"), ("bengbu", "蚌埠分会场")]
OBSERVED = {
    "hefei": {"seated": "by-start", "sign-in": "minor", "phone-use": "few", "left-early": "excused", "faults": "none"},
    "wuhu": {"seated": "early", "sign-in": "matches", "phone-use": "none", "left-early": "nobody", "faults": "brief"},
    "bengbu": {"seated": "late", "sign-in": "major", "phone-use": "many", "left-early": "unexcused",
               "faults": "lasting"},
}


def attendee_answers(rating: int) -> dict:
    return {
        "necessity": "necessary", "notice": rating, "punctuality": "on-time", "time-control": rating,
        "audio": rating, "video": rating, "signal": "stable", "venue-attendance": "all",
        "venue-discipline": rating, "speech-brevity": rating, "relevance": rating, "task-clarity": rating,
        "follow-up": rating, "worth": "well-worth",
    }


def rounded(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_facts_observers_and_follow_up_of_one_meeting(live_server):
    server = live_server("--no-rate-limits", admin_token=TOKEN)

    def call(method: str, path: str, body=None, **options):
        status, headers, raw = server.request(method, path, body, **options)
        return status, (json.loads(raw) if raw and "json" in headers.get("Content-Type", "") else raw)

    meeting = dt.date.today() - dt.timedelta(days=10)
    status, evaluation = call("POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "全省安全生产电视电话会议", "meetingType": "teleconference",
        "meetingDate": meeting.isoformat(), "access": "invitation",
        "venues": [{"id": venue, "name": name, "expected": 10} for venue, name in VENUES],
        "raterGroups": [{"id": "attendees", "name": "参会人员"},
                        {"id": "observers", "name": "督查员", "observer": True}],
        "standard": "anhui-2019", "index": {"survey": 0.6, "facts": 0.4},
    })
    assert status == 201, evaluation
    eid, slug = evaluation["id"], evaluation["slug"]
    base = f"/api/evaluations/{eid}"
    assert call("POST", f"{base}/open")[0] == 200

    def codes(group: str, count: int, venue: str) -> list[str]:
        status, made = call("POST", f"{base}/invitations", {"count": count, "raterGroup": group, "venue": venue})
        assert status == 201, made
        return made["codes"]

    responses = f"/api/public/evaluations/{slug}/responses"
    for venue, _ in VENUES:
        for rating, code in zip([5, 4, 5, 4, 5], codes("attendees", 5, venue)):
            status, body = call("POST", responses, {"id": str(uuid.uuid4()), "token": code, "locale": "zh",
                                                    "answers": attendee_answers(rating)}, token="")
            assert status == 201, body
        status, body = call("POST", responses, {"id": str(uuid.uuid4()), "token": codes("observers", 1, venue)[0],
                                                "locale": "zh", "answers": OBSERVED[venue]}, token="")
        assert status == 201, body

    # The facts: a 105-minute video meeting (limit 90) with a 65-minute leader's speech (limit 60).
    status, recorded = call("PUT", f"{base}/facts", {
        "plannedStart": f"{meeting}T09:00:00+08:00", "plannedEnd": f"{meeting}T10:30:00+08:00",
        "actualStart": f"{meeting}T09:12:00+08:00", "actualEnd": f"{meeting}T10:57:00+08:00",
        "attendance": [{"venue": venue, "expected": 10, "present": 9} for venue, _ in VENUES],
        "speeches": [{"speaker": "常务副省长", "role": "leader", "minutes": 65},
                     {"speaker": "省应急厅", "role": "report", "minutes": 6}],
        "documents": {"count": 1, "pages": 6}, "mergeable": False})
    assert status == 200, recorded

    # The decisions: two tasks for one unit, a link, and the first (open) round at 0 %.
    deadline = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    status, imported = call("POST", f"{base}/tasks/import",
                            f"事项,责任单位,完成时限\r\n修订安全生产预案,省应急厅,{deadline}\r\n开展隐患排查,省应急厅,{deadline}\r\n".encode(),
                            headers={"Content-Type": "text/csv"})
    assert status == 201, imported
    tasks = imported["tasks"]
    status, overview = call("GET", f"{base}/follow-up")
    open_round = next(r for r in overview["summary"]["rounds"] if r["state"] == "open")
    assert open_round["figures"]["implementationRate"] == 0
    status, link = call("POST", f"{base}/follow-up/links", {"unit": "省应急厅"})
    assert status == 201, link
    status, report = call("POST", f"/api/public/follow-up/{link['token']}/reports",
                          {"task": tasks[0]["id"], "status": "done", "evidence": "预案已印发"}, token="")
    assert status == 201, report
    status, overview = call("GET", f"{base}/follow-up")
    open_round = next(r for r in overview["summary"]["rounds"] if r["state"] == "open")
    assert open_round["figures"]["implementationRate"] == 0.5

    status, scorecard = call("GET", f"{base}/scorecard.json")
    assert status == 200, scorecard
    # Facts: the two broken rules, their deductions, and the combined index by the formula.
    facts = scorecard["facts"]
    assert [(c["rule"], c["deducted"]) for c in facts["checks"] if c["passed"] is False] == [
        ("teleconference-duration", 10), ("leader-speech", 5)]
    assert facts["score"] == 85 and facts["measured"]["personHours"] == 47.25
    overall = scorecard["overall"]["score"]
    assert scorecard["combined"]["score"] == rounded(0.6 * overall + 0.4 * 85)
    # Observers: a ranking of the venues apart from the attendees, who rated every venue alike.
    observation = scorecard["observation"]
    assert [v["id"] for v in observation["venues"]] == ["wuhu", "hefei", "bengbu"]
    assert [v["rank"] for v in observation["venues"]] == [1, 2, 3]
    assert len({v["score"] for v in scorecard["venues"]}) == 1
    assert [g["id"] for g in scorecard["raterGroups"]] == ["attendees"]
    # Follow-up: one of two tasks done.
    assert scorecard["followUp"]["implementationRate"] == 0.5
    kinds = [finding["kind"] for finding in scorecard["findings"]]
    assert "factsScore" in kinds and "combined" in kinds

    status, year = call("GET", f"/api/organizations/default/yearly?year={meeting.year}")
    assert status == 200, year
    assert year["meetings"]["count"] == 1 and year["duration"]["overLimit"] == 1
    assert year["followUp"]["implementationRate"] == 0.5
    # 蚌埠 was observed last.
    assert [(v["id"], v["observedLast"]) for v in year["venuesBelow"]] == [("bengbu", 1)]
    assert year["byType"][0]["facts"] == 85 and year["byType"][0]["combined"] == scorecard["combined"]["score"]
